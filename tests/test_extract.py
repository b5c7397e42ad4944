"""`handover extract`: the contract's JSON, from plain text and HTML, writing nothing."""

import json

from store.packs import bundled_path
from tests.conftest import PROJECT

ARTICLES = PROJECT / "tests" / "articles"
SEED = bundled_path("rutte-nato-2024.txt")
SEED_PACK = json.loads(bundled_path("seed-rutte-nato-2024.json").read_text())


def extract(handover, *paths, published=None) -> list[dict]:
    arguments = ["extract", *map(str, paths), "--json"]
    if published:
        arguments += ["--published", published]
    result = handover(*arguments)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def test_each_file_gives_one_object_with_exactly_the_contract_keys(handover):
    found = extract(handover, SEED, ARTICLES / "wto-handover.txt", published="2024-10-01")
    assert [item["file"] for item in found] == ["rutte-nato-2024.txt", "wto-handover.txt"]
    for item in found:
        assert {"file", "published", "transitions", "prior_roles", "quotes",
                "statements"} <= set(item)
        for transition in item["transitions"]:
            # `confidence` (0..1) is the documented extension of the contract
            assert set(transition) == {"org", "role", "incoming", "outgoing", "effective",
                                       "kind", "evidence", "confidence"}
            assert 0 <= transition["confidence"] <= 1
            assert transition["kind"] in {"took_office", "sworn_in", "appointed", "elected",
                                          "announced", "stepped_down"}
        for quote in item["quotes"]:
            assert set(quote) == {"speaker", "text", "kind", "evidence"}
            assert quote["kind"] in {"direct", "partial"}


def test_the_seed_article_round_trips_to_the_bundled_seed_pack_field_by_field(handover):
    (found,) = extract(handover, SEED, published="2024-10-01")
    (transition,) = found["transitions"]
    (expected,) = SEED_PACK["transitions"]
    for field in ("org", "role", "incoming", "outgoing", "effective", "kind"):
        assert transition[field] == expected[field], field
    (prior,) = found["prior_roles"]
    dutch = next(t for t in SEED_PACK["tenures"] if t["org"] == "Netherlands")
    assert (prior["person"], prior["role"], prior["org"], prior["span"]) == (
        dutch["person"], dutch["role"], dutch["org"], dutch["span"])
    assert sorted((q["speaker"], q["text"], q["kind"]) for q in found["quotes"]) == sorted(
        (q["speaker"], q["text"], q["kind"]) for q in SEED_PACK["quotes"])
    assert sorted((s["person"], s["kind"], s["text"]) for s in found["statements"]) == sorted(
        (s["person"], s["kind"], s["text"]) for s in SEED_PACK["statements"])


def test_extract_writes_nothing(handover, tmp_path):
    store = tmp_path / "untouched.db"
    result = handover("extract", str(SEED), "--json", db=store)
    assert result.code == 0
    assert not store.exists()


def test_html_main_text_and_published_date_come_from_the_page(handover):
    (found,) = extract(handover, ARTICLES / "rail-ceo.html", published="2000-01-01")
    assert found["published"] == "2025-11-18"
    (transition,) = found["transitions"]
    assert (transition["incoming"], transition["org"]) == ("Petra Lind", "Nordrail Group")
    assert transition["effective"] == "2026-01-01"
    assert all("Cookie" not in q["text"] and "Most read" not in q["evidence"]
               for q in found["quotes"])


def test_relative_dates_resolve_against_the_publication_date(handover):
    (found,) = extract(handover, ARTICLES / "wto-handover.txt")
    assert found["published"] == "2026-03-03"
    (transition,) = found["transitions"]
    assert transition["effective"] == "2026-03-02"  # "on Monday", the day before
    assert transition["outgoing"] == "Ngozi Okonjo-Iweala"
    assert found["aliases"] == {"World Trade Organization": ["WTO"]}


def test_quotes_attributed_after_and_by_pronoun_with_apostrophes_left_alone(handover):
    (found,) = extract(handover, ARTICLES / "wto-handover.txt")
    speakers = {q["text"]: q["speaker"] for q in found["quotes"]}
    assert speakers["The rules-based system is not broken, but it is bruised."] == \
        "Amina Wanjiru"
    assert speakers["We have a lot of work to do."] == "Ngozi Okonjo-Iweala"
    (budget,) = extract(handover, ARTICLES / "budget-speech.txt")
    (quote,) = budget["quotes"]
    assert quote["text"] == "We don't build bridges by counting the stones we haven't laid."
    assert quote["speaker"] == "Rui Costa Almeida"


def test_an_article_without_a_transition_reports_none(handover):
    (found,) = extract(handover, ARTICLES / "budget-speech.txt")
    assert found["transitions"] == []
    assert found["published"] == "2026-02-04"
    (accusation,) = [s for s in found["statements"] if s["kind"] == "accusation"]
    assert accusation["person"] == "Marta Sousa"


def test_a_missing_file_is_one_clear_line(handover, tmp_path):
    result = handover("extract", str(tmp_path / "nope.txt"), "--json")
    assert result.code == 1
    assert result.err.strip() == f"handover: cannot read {tmp_path / 'nope.txt'}: " \
                                 "No such file or directory"


def test_a_bad_published_date_is_a_usage_error(handover):
    assert handover("extract", str(SEED), "--published", "yesterday").code == 2
