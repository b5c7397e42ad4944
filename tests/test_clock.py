"""Every command takes "today" from HANDOVER_TODAY when it is set, never from the machine's
clock: the answers it gives and the dates it writes are the pretended day's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.wikidata_bench import dump_lines
from tests import engines
from tests.conftest import PROJECT
from tests.fixtures.wikidata.make_fixtures import held, item, position

BEFORE_RUTTE = "2019-06-01"  # Stoltenberg leads NATO; years before any real date of a run
JUST_AFTER_RUTTE = "2024-10-05"  # Rutte took over four days ago: still news
SEED_PACK = PROJECT / "store" / "bundled" / "seed-rutte-nato-2024.json"


def reported_on(store_path: Path) -> set[str]:
    """The days the store says it learned of the transitions it will announce."""
    return {day for (day,) in engines.query(store_path, "SELECT reported_on FROM announcements")}


@pytest.fixture
def pretend(handover, monkeypatch):
    """`handover …` run on a pretended day."""
    def run(day: str, *args: str, **options):
        monkeypatch.setenv("HANDOVER_TODAY", day)
        return handover(*args, **options)
    return run


@pytest.mark.parametrize("command", [
    ("ask", "/who-leads nato"),
    ("console",),
    ("start",),  # without a token, the console
])
def test_answers_are_as_of_the_pretended_day(pretend, command):
    result = pretend(BEFORE_RUTTE, *command, stdin="/who-leads nato\n")
    assert result.code == 0
    assert "Jens Stoltenberg — Secretary General" in result.out
    assert "Mark Rutte" not in result.out.split("\n\n")[0].splitlines()[0]


def test_recent_marks_what_is_still_to_come_on_the_pretended_day(pretend):
    assert "1 October 2024 (scheduled) — Mark Rutte took over" in pretend(
        "2024-09-01", "ask", "/recent nato").out
    assert "(scheduled)" not in pretend(JUST_AFTER_RUTTE, "ask", "/recent nato").out


def test_a_new_store_learns_its_bundled_facts_on_the_pretended_day(pretend, tmp_path):
    fresh = tmp_path / "fresh.db"
    assert pretend(JUST_AFTER_RUTTE, "ask", "/who-leads nato", db=fresh).code == 0
    assert reported_on(fresh) == {JUST_AFTER_RUTTE}


def test_ingest_dates_its_announcements_with_the_pretended_day(pretend, store_path, tmp_path):
    article = tmp_path / "tidal.txt"
    article.write_text("Tidal Air names Ana Costa chief executive\n"
                       "LISBON, May 27, 2019 — Tidal Air named Ana Costa chief executive on "
                       "Monday, succeeding Rui Lopes, who retired after nine years.\n")
    assert pretend(BEFORE_RUTTE, "ingest", str(article)).code == 0
    assert reported_on(store_path) == {BEFORE_RUTTE}


def test_import_dates_its_announcements_with_the_pretended_day(pretend, store_path, tmp_path):
    pack = json.loads(SEED_PACK.read_text())
    pack["source"] = {"kind": "article", "title": "Tidal Air's new chief", "file": "tidal.txt",
                      "published": "2024-10-01"}
    renamed = (json.dumps(pack).replace("Mark Rutte", "Ana Costa").replace("Rutte", "Costa")
               .replace("Jens Stoltenberg", "Rui Lopes").replace("Stoltenberg", "Lopes")
               .replace("NATO", "Tidal Air"))
    (tmp_path / "tidal.json").write_text(renamed)
    assert pretend(JUST_AFTER_RUTTE, "import", str(tmp_path / "tidal.json")).code == 0
    assert reported_on(store_path) == {JUST_AFTER_RUTTE}


def test_import_wikidata_judges_scheduled_ends_by_the_pretended_day(pretend, tmp_path):
    office = position("Q9", "Mayor of Ghent", of="Q8")
    mayor = item("Q7", {"en": "Ada Mayor"},
                 statements=[held("Q7", "P39", "Q9", "2013-01-01", "2020-06-30")],
                 lastrevid=77, modified="2019-03-04T00:00:00Z")
    dump = tmp_path / "ghent.json"
    dump.write_text("".join(dump_lines([mayor, office, item("Q8", {"en": "Ghent"})])))
    assert pretend(BEFORE_RUTTE, "import-wikidata", str(dump)).code == 0
    answer = pretend(BEFORE_RUTTE, "ask", "/who-leads ghent").out
    assert "Ada Mayor" in answer
    assert "scheduled to end on 30 June 2020" in answer


def test_a_pretended_day_that_is_not_a_date_is_refused_in_one_line(pretend):
    result = pretend("next tuesday", "ask", "/who-leads nato")
    assert result.code == 2
    assert result.err.strip() == ("handover: HANDOVER_TODAY must be a date, YYYY-MM-DD "
                                  "(got 'next tuesday')")
