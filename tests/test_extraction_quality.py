"""Extraction quality on the development set, through `handover extract`: the figures
docs/extraction.md reports may not fall below these floors."""

import contextlib
import io
import json
from collections import defaultdict

import pytest

from bot.cli import main
from tests.extraction.scoring import load_devset, score

FLOORS = {
    "transition_f1": 0.88,
    "transition_precision": 0.92,
    "effective_accuracy": 0.86,
    "quote_speaker_precision": 0.97,
    "quote_speaker_recall": 0.93,
    "prior_role_recall": 0.45,
    "statement_recall": 0.45,
    "published_accuracy": 0.98,
}


@pytest.fixture(scope="module")
def scores():
    """Every article of the set through `handover extract --json`, one run per date."""
    articles = load_devset()
    by_date = defaultdict(list)
    for article in articles:
        by_date[article.published_arg].append(article)
    found = {}
    for published, group in by_date.items():
        arguments = ["extract", *(str(a.path) for a in group), "--json"]
        if published:
            arguments += ["--published", published]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(arguments) == 0
        for line in out.getvalue().splitlines():
            extraction = json.loads(line)
            found[extraction["file"]] = extraction
    return score([(article.expected, found[article.path.name]) for article in articles])


def test_the_development_set_is_large_and_varied():
    articles = load_devset()
    assert len(articles) >= 40
    assert sum(1 for a in articles if not a.expected["transitions"]) >= 8
    assert any(a.path.suffix == ".html" for a in articles)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_quality_stays_above_its_floor(scores, measure):
    assert getattr(scores, measure) >= FLOORS[measure], scores.summary(details=False)


def test_no_transition_is_invented_from_an_article_that_reports_none(scores):
    assert scores.invented_transitions == 0
    assert scores.counts["predicted transitions"] > 0
