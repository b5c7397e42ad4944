"""Unit tests of the extraction scorer, and checks that the development set is well formed."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.extraction.scoring import (
    DEVSET,
    SCORED_STATEMENT_KINDS,
    DevArticle,
    extract_command,
    load_devset,
    normalize_name,
    normalize_quote,
    org_matches,
    parse_extraction,
    person_matches,
    quote_text_matches,
    score,
)

RUTTE: dict[str, Any] = {
    "file": "rutte.txt",
    "published": "2024-10-01",
    "transitions": [
        {
            "org": "NATO",
            "role": "Secretary General",
            "incoming": "Mark Rutte",
            "outgoing": "Jens Stoltenberg",
            "effective": "2024-10-01",
            "kind": "took_office",
            "evidence": "On October 1, 2024, Mark Rutte officially took over ...",
        },
    ],
    "prior_roles": [
        {
            "person": "Mark Rutte",
            "role": "Prime Minister",
            "org": "Netherlands",
            "start": None,
            "end": None,
        },
    ],
    "quotes": [
        {
            "speaker": "Mark Rutte",
            "text": "We must achieve victory for Ukraine",
            "kind": "direct",
            "evidence": "He stated, 'We must achieve victory for Ukraine,' ...",
        },
        {
            "speaker": "Jens Stoltenberg",
            "text": "safe hands",
            "kind": "partial",
            "evidence": "... NATO is in 'safe hands' under his leadership.",
        },
    ],
    "statements": [
        {"person": "Mark Rutte", "kind": "priority", "text": "support Ukraine"},
        {"person": "Mark Rutte", "kind": "accusation", "text": "China a decisive facilitator"},
    ],
}

NOTHING: dict[str, Any] = {
    "file": "policy.txt",
    "published": "2025-01-02",
    "transitions": [],
    "prior_roles": [],
    "quotes": [],
    "statements": [],
}


def _copy(extraction: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(extraction)


# --------------------------------------------------------------------------- the scorer


def test_a_perfect_match_scores_one() -> None:
    scores = score([(RUTTE, _copy(RUTTE)), (NOTHING, _copy(NOTHING))])
    for name in (
        "transition_precision",
        "transition_recall",
        "transition_f1",
        "effective_accuracy",
        "kind_accuracy",
        "quote_speaker_precision",
        "quote_speaker_recall",
        "quote_text_recall",
        "prior_role_precision",
        "prior_role_recall",
        "statement_precision",
        "statement_recall",
        "published_accuracy",
    ):
        assert getattr(scores, name) == 1.0, name
    assert scores.invented_transitions == 0
    assert all(report.clean for report in scores.reports)


def test_shorter_names_and_other_punctuation_still_match() -> None:
    actual = _copy(RUTTE)
    actual["transitions"][0] |= {
        "incoming": "Rutte",
        "org": "North Atlantic Treaty Organization",
        "outgoing": "Stoltenberg",
    }
    actual["quotes"][0] |= {"text": "“We must achieve victory for Ukraine,”", "speaker": "Rutte"}
    actual["quotes"][1]["text"] = "'safe hands'."
    scores = score([(RUTTE, actual)])
    assert scores.transition_f1 == 1.0
    assert scores.quote_speaker_precision == scores.quote_speaker_recall == 1.0


def test_a_missing_transition_lowers_recall_not_precision() -> None:
    expected = _copy(RUTTE)
    expected["transitions"].append(
        {
            "org": "Netherlands",
            "role": "Prime Minister",
            "incoming": "Dick Schoof",
            "outgoing": "Mark Rutte",
            "effective": "2024-07-02",
            "kind": "sworn_in",
            "evidence": "…",
        }
    )
    scores = score([(expected, _copy(RUTTE))])
    assert scores.transition_recall == 0.5
    assert scores.transition_precision == 1.0
    assert scores.transition_f1 == pytest.approx(2 / 3)
    assert any("Dick Schoof" in line for line in scores.reports[0].misses)


def test_a_wrong_speaker_lowers_speaker_precision_and_recall() -> None:
    actual = _copy(RUTTE)
    actual["quotes"][1]["speaker"] = "Mark Rutte"
    scores = score([(RUTTE, actual)])
    assert scores.quote_speaker_precision == 0.5
    assert scores.quote_speaker_recall == 0.5
    assert scores.quote_text_recall == 1.0
    assert any("Jens Stoltenberg" in line for line in scores.reports[0].errors)


def test_an_extra_quote_lowers_precision_only() -> None:
    actual = _copy(RUTTE)
    actual["quotes"].append(
        {
            "speaker": "Mark Rutte",
            "text": "decisive facilitator",
            "kind": "partial",
            "evidence": "…",
        }
    )
    scores = score([(RUTTE, actual)])
    assert scores.quote_speaker_precision == pytest.approx(2 / 3)
    assert scores.quote_speaker_recall == 1.0
    assert scores.reports[0].false_positives == ["quote Mark Rutte: 'decisive facilitator'"]


def test_an_invented_transition_in_a_no_transition_article_is_counted() -> None:
    actual = _copy(NOTHING)
    actual["transitions"].append(
        {
            "org": "Vantora",
            "role": "Chief Executive",
            "incoming": None,
            "outgoing": "Oskar Lind",
            "effective": None,
            "kind": "stepped_down",
            "evidence": "…",
        }
    )
    scores = score([(RUTTE, _copy(RUTTE)), (NOTHING, actual)])
    assert scores.invented_transitions == 1
    assert scores.transition_precision == 0.5
    assert scores.transition_recall == 1.0
    assert scores.reports[1].false_positives[0].startswith("transition None <- Oskar Lind")


def test_a_transition_to_another_person_or_org_does_not_match() -> None:
    for change in ({"incoming": "Mark Carney"}, {"org": "European Union"}):
        actual = _copy(RUTTE)
        actual["transitions"][0] |= change
        scores = score([(RUTTE, actual)])
        assert scores.transition_precision == scores.transition_recall == 0.0


def test_effective_dates_must_be_exactly_equal() -> None:
    actual = _copy(RUTTE)
    actual["transitions"][0]["effective"] = "2024-10"
    scores = score([(RUTTE, actual)])
    assert scores.transition_f1 == 1.0
    assert scores.effective_accuracy == 0.0
    assert "expected 2024-10-01, got 2024-10" in scores.reports[0].errors[0]


def test_a_departure_without_successor_matches_on_the_outgoing_person() -> None:
    leaving = {
        "org": "Cobalt Ridge Mining",
        "role": "Chief Executive",
        "incoming": None,
        "outgoing": "Graham Whitlock",
        "effective": "2026",
        "kind": "stepped_down",
        "evidence": "…",
    }
    expected = _copy(NOTHING) | {"transitions": [leaving]}
    right = _copy(NOTHING) | {"transitions": [leaving | {"outgoing": "Whitlock"}]}
    wrong = _copy(NOTHING) | {
        "transitions": [leaving | {"incoming": "Graham Whitlock", "outgoing": None}]
    }
    assert score([(expected, right)]).transition_f1 == 1.0
    assert score([(expected, wrong)]).transition_f1 == 0.0


def test_prior_roles_match_on_person_and_org() -> None:
    actual = _copy(RUTTE)
    actual["prior_roles"][0] |= {"person": "Rutte", "role": "premier", "start": "2010"}
    assert score([(RUTTE, actual)]).prior_role_recall == 1.0
    actual["prior_roles"][0]["org"] = "NATO"
    scores = score([(RUTTE, actual)])
    assert scores.prior_role_precision == scores.prior_role_recall == 0.0


def test_statements_match_on_person_and_kind_and_other_kinds_are_not_scored() -> None:
    actual = _copy(RUTTE)
    actual["statements"][1]["kind"] = "priority"
    actual["statements"].append({"person": "Mark Rutte", "kind": "stance", "text": "urged"})
    scores = score([(RUTTE, actual)])
    assert scores.statement_precision == 0.5
    assert scores.statement_recall == 0.5
    assert "stance" not in SCORED_STATEMENT_KINDS


def test_a_wrong_published_date_is_reported() -> None:
    scores = score([(RUTTE, _copy(RUTTE) | {"published": None})])
    assert scores.published_accuracy == 0.0
    assert scores.reports[0].errors == ["published: expected 2024-10-01, got None"]


def test_an_empty_or_partial_extraction_is_tolerated() -> None:
    scores = score([(RUTTE, {}), (NOTHING, {"transitions": None, "quotes": ["junk"]})])
    assert scores.transition_recall == 0.0
    assert scores.transition_precision == 1.0
    assert scores.invented_transitions == 0
    assert len(scores.reports[0].misses) == 6
    assert "missed" in scores.summary()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mark Rutte", "Rutte"),
        ("António Guterres", "Antonio Guterres"),
        ("Samuel Okafor-Lindqvist", "Dr. Samuel Okafor-Lindqvist"),
        ("Ngozi Okonjo-Iweala", "Okonjo-Iweala"),
        ("Richard Penhaligon", "Sir Richard Penhaligon"),
        (None, None),
    ],
)
def test_person_names_that_match(a: str | None, b: str | None) -> None:
    assert person_matches(a, b)
    assert person_matches(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mark Rutte", "Mark Carney"),
        ("Mark Rutte", "Mark"),
        ("Mark Rutte", None),
        ("Lucía Ferrer Anglada", "Ferrer"),
    ],
)
def test_person_names_that_do_not_match(a: str | None, b: str | None) -> None:
    assert not person_matches(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("NATO", "N.A.T.O."),
        ("NATO", "North Atlantic Treaty Organization"),
        ("World Trade Organization", "WTO"),
        ("The World Bank", "World Bank Group"),
        ("Organisation for Economic Co-operation and Development", "OECD"),
        ("International Committee of the Red Cross", "ICRC"),
        ("Union of European Football Associations", "UEFA"),
        ("UN", "United Nations"),
        ("U.S.", "United States"),
    ],
)
def test_org_names_that_match(a: str, b: str) -> None:
    assert org_matches(a, b)
    assert org_matches(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UN", "International Monetary Fund"),
        ("Scotland", "Scottish National Party"),
        ("World Bank", "World Trade Organization"),
        ("NATO", None),
        ("FIFA", "UEFA"),
    ],
)
def test_org_names_that_do_not_match(a: str, b: str | None) -> None:
    assert not org_matches(a, b)


def test_name_and_quote_normalization() -> None:
    assert normalize_name("The  Alliance") == "alliance"
    assert normalize_name("Bodø/Glimt") == "bodo glimt"
    assert normalize_quote(" “It’s time,”  he") == "it's time,\" he"
    assert normalize_quote("'We must achieve victory for Ukraine,'") == (
        "we must achieve victory for ukraine"
    )


def test_quote_texts_match_when_one_contains_most_of_the_other() -> None:
    full = "We will earn it back, one flight at a time."
    assert quote_text_matches(full, "We will earn it back, one flight at a time")
    assert quote_text_matches(full, "will earn it back, one flight at a time")
    assert not quote_text_matches(full, "We will earn it back")
    assert not quote_text_matches(full, "")


def test_extractor_output_is_parsed_as_object_list_or_lines() -> None:
    obj = {"file": "a.txt", "transitions": []}
    assert parse_extraction(json.dumps(obj)) == obj
    assert parse_extraction(json.dumps([obj])) == obj
    assert parse_extraction(json.dumps(obj) + "\n" + json.dumps({"file": "b"})) == obj


def test_the_extract_command_passes_published_only_when_needed() -> None:
    dated = DevArticle(Path("a.txt"), {"file": "a.txt"})
    undated = DevArticle(Path("b.txt"), {"file": "b.txt", "published_arg": "2024-07-05"})
    assert extract_command(dated)[-3:] == ["extract", "a.txt", "--json"]
    assert extract_command(undated)[-2:] == ["--published", "2024-07-05"]


# --------------------------------------------------------------------------- the devset

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = {"took_office", "sworn_in", "appointed", "elected", "announced", "stepped_down"}
FIELDS = {
    "transitions": {"org", "role", "incoming", "outgoing", "effective", "kind", "evidence"},
    "prior_roles": {"person", "role", "org", "start", "end"},
    "quotes": {"speaker", "text", "kind", "evidence"},
    "statements": {"person", "kind", "text"},
}
ARTICLES = load_devset()


class _Text(HTMLParser):
    """The visible text of an HTML page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def article_text(path: Path) -> str:
    """The article's text with runs of whitespace made single spaces."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(raw)
        raw = "".join(parser.parts)
    return re.sub(r"\s+", " ", raw)


def test_the_devset_has_the_articles_the_brief_asks_for() -> None:
    names = {p.name for p in DEVSET.iterdir() if not p.name.endswith(".expected.json")}
    assert names == {article.path.name for article in ARTICLES}
    assert len(ARTICLES) >= 44
    assert sum(not a.expected["transitions"] for a in ARTICLES) >= 10
    assert sum(a.path.suffix == ".html" for a in ARTICLES) >= 4
    assert all(a.path.suffix in (".txt", ".html") for a in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.path.name)
def test_each_expected_file_has_the_contract_shape(article: DevArticle) -> None:
    expected = article.expected
    assert set(expected) - {"published_arg"} == {"file", "published", *FIELDS}
    assert expected["file"] == article.path.name
    assert expected["published"] is None or DAY.match(expected["published"])
    for key, fields in FIELDS.items():
        for fact in expected[key]:
            assert set(fact) == fields, (key, fact)
    for t in expected["transitions"]:
        assert t["kind"] in KINDS
        assert t["effective"] is None or DATE.match(t["effective"])
        assert t["incoming"] or t["kind"] == "stepped_down"
    for p in expected["prior_roles"]:
        assert all(d is None or DATE.match(d) for d in (p["start"], p["end"]))
    for q in expected["quotes"]:
        assert q["kind"] in ("direct", "partial")
        assert not q["text"].endswith(",")
    assert all(s["kind"] in SCORED_STATEMENT_KINDS for s in expected["statements"])


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.path.name)
def test_each_annotation_is_supported_by_the_article_text(article: DevArticle) -> None:
    text = article_text(article.path)
    expected = article.expected
    assert 120 <= len(text.split()) <= 600
    for t in expected["transitions"]:
        assert t["evidence"] in text
        assert t["org"] in text
        for name in (t["incoming"], t["outgoing"]):
            assert name is None or name in text
    for q in expected["quotes"]:
        assert q["evidence"] in text
        assert q["text"] in q["evidence"]
        assert q["speaker"] is None or q["speaker"] in text
    for p in expected["prior_roles"]:
        assert p["person"] in text
        assert p["org"] in text
    for s in expected["statements"]:
        assert s["person"] in text


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.path.name)
def test_the_publication_date_comes_from_the_page_the_text_or_the_argument(
    article: DevArticle,
) -> None:
    expected = article.expected
    raw = article.path.read_text(encoding="utf-8")
    published_arg = expected.get("published_arg")
    if article.path.suffix == ".html":
        meta = re.search(r'property="article:published_time" content="([^"]+)"', raw)
        assert meta and meta.group(1)[:10] == expected["published"]
        assert published_arg is None
    elif published_arg:
        assert expected["published"] == published_arg
    else:
        head = "\n".join(raw.splitlines()[:4])
        assert expected["published"][:4] in head


def test_the_devset_scored_against_itself_is_perfect() -> None:
    scores = score([(a.expected, _copy(a.expected)) for a in ARTICLES])
    assert scores.transition_f1 == scores.quote_speaker_precision == 1.0
    assert scores.prior_role_recall == scores.statement_recall == 1.0
    assert all(report.clean for report in scores.reports)
