"""The confidence above which a feed stores facts without review keeps its promise on the
real-news development split: precision >= 0.98. The page texts are not in the repository
(see realnews/README.md); without them this is skipped."""

from __future__ import annotations

import pytest

from bot.articles import AUTO_ACCEPT_CONFIDENCE, split_by_confidence
from tests.extraction.news import extract, load, missing
from tests.extraction.scoring import score

DEVELOPMENT = load("development")


def stored_unreviewed(excerpts, threshold: float = AUTO_ACCEPT_CONFIDENCE):
    pairs = []
    for excerpt in excerpts:
        sure, _ = split_by_confidence(extract(excerpt, excerpt.text()), threshold)
        pairs.append((excerpt.label, sure or {"transitions": []}))
    return score(pairs)


@pytest.mark.skipif(bool(missing(DEVELOPMENT)), reason="real-news page texts not cached")
def test_what_a_feed_stores_unreviewed_is_right_98_times_in_100():
    scores = stored_unreviewed(DEVELOPMENT)  # all 195 excerpts
    assert scores.transition_precision >= 0.98
    assert scores.transition_recall >= 0.33  # and it still stores a third of what is there
    assert scores.invented_transitions == 0


@pytest.mark.skipif(bool(missing(DEVELOPMENT)), reason="real-news page texts not cached")
def test_below_the_threshold_the_promise_no_longer_holds():
    # the threshold is where it is for a reason: everything found is right less often
    # (0.894 on 5 December 2026, 0.912 after branch news-7: no longer under 0.9, still far
    # under what the threshold keeps)
    everything = stored_unreviewed(DEVELOPMENT, 0.0).transition_precision
    assert everything < 0.95
    assert everything < stored_unreviewed(DEVELOPMENT).transition_precision - 0.05


def test_the_threshold_splits_an_article():
    facts = {"transitions": [{"incoming": "A", "confidence": AUTO_ACCEPT_CONFIDENCE},
                             {"incoming": "B", "confidence": AUTO_ACCEPT_CONFIDENCE - 0.05}],
             "quotes": [{"speaker": "A", "text": "Hello there."}], "prior_roles": [],
             "statements": []}
    sure, held = split_by_confidence(facts)
    assert [t["incoming"] for t in sure["transitions"]] == ["A"]
    assert sure["quotes"] == facts["quotes"]
    assert [t["incoming"] for t in held["transitions"]] == ["B"]
    assert held["held_back"] and held["quotes"] == []
    assert split_by_confidence({**facts, "transitions": facts["transitions"][1:]}) == \
        (None, {**facts, "transitions": facts["transitions"][1:]})
