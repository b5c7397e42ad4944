"""The real-news set's labels are whole and consistent (the texts are not in the repo, so
what can be checked without them is checked here; `make eval-news` scores the extractor)."""

from __future__ import annotations

import json
import re

from tests.extraction.news import REALNEWS, SPLITS, load, save

KINDS = {"took_office", "sworn_in", "appointed", "elected", "announced", "stepped_down"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_the_set_is_as_large_and_as_varied_as_promised():
    excerpts = load()
    assert len(excerpts) >= 233
    assert sum(1 for e in excerpts if not e.label["transitions"]) >= 70
    organizations = {t["org"] for e in excerpts for t in e.label["transitions"]}
    assert len(organizations) >= 150
    kinds = {kind for e in excerpts for kind in e.label["org_kinds"]}
    assert {"government", "head of state", "central bank", "international organization",
            "company", "university", "sports body", "ngo", "court", "party"} <= kinds
    assert len({e.label["country"] for e in excerpts}) >= 40


def test_the_split_was_made_once_and_covers_every_excerpt_once():
    split = json.loads((REALNEWS / "split.json").read_text())
    development, test = set(split["development"]), set(split["test"])
    assert not development & test
    assert development | test == {e.name for e in load()}
    assert len(development) == round(len(load()) * 2 / 3)
    assert [len(load(name)) for name in SPLITS] == [len(development), len(test)]


def test_every_label_follows_the_contract():
    for excerpt in load():
        label = excerpt.label
        assert label["file"] == f"{excerpt.name}.txt"
        assert re.fullmatch(r"[0-9a-f]{64}", label["sha256"])
        assert label["url"].startswith(("http://", "https://"))
        assert label["published_arg"] is None or DATE.match(label["published_arg"])
        for transition in label["transitions"]:
            assert transition["kind"] in KINDS, excerpt.name
            assert transition["org"] and transition["role"], excerpt.name
            assert transition["incoming"] or (transition["kind"] == "stepped_down"
                                              and transition["outgoing"]), excerpt.name
            assert transition["effective"] is None or DATE.match(transition["effective"])
            assert transition["evidence"]
        for quote in label["quotes"]:
            assert quote["kind"] in {"direct", "partial"} and quote["text"]


def test_rebuilding_one_split_saves_nothing_of_the_other():
    held_out = load("test")[0]
    pasted = {"results": [{"url": held_out.label["url"], "excerpt": "any text at all"}]}
    assert save(pasted, "development") == ([], [])
