"""`/who-leads` through the command line: now, on a date, with honest precision."""

import json

import pytest

from store import PartialDate
from store.audit import Actor
from store.writer import SourceInfo


def test_who_leads_nato_names_rutte_since_october_2024_and_cites_the_seed_article(ask):
    answer = ask("/who-leads nato")
    assert "Mark Rutte — Secretary General of NATO since 1 October 2024" in answer
    assert "took over from Jens Stoltenberg" in answer
    assert "previously Prime Minister of the Netherlands" in answer
    assert "Mark Rutte Assumes Leadership of NATO: A New Era Begins" in answer
    assert "seed/rutte-nato-2024.txt" in answer


@pytest.mark.parametrize("day", ["2024-09-30", "2015-06-01"])
def test_before_the_handover_jens_stoltenberg_led(ask, day):
    answer = ask(f"/who-leads nato on:{day}")
    assert "Jens Stoltenberg — Secretary General of NATO" in answer
    assert "Mark Rutte —" not in answer


def test_on_the_day_of_a_handover_the_holder_who_started_later_leads(ask):
    assert "Mark Rutte — Secretary General" in ask("/who-leads nato on:2024-10-01")


def test_before_the_post_existed_nobody_is_known_said_plainly(ask):
    answer = ask("/who-leads nato on:1950-01-01")
    assert "No Secretary General of NATO is known on 1 January 1950" in answer
    assert "Lord Ismay, took office on 4 April 1952" in answer


def test_a_gap_between_holders_has_no_holder(ask):
    answer = ask("/who-leads un on:1961-10-01")
    assert "Nobody held the office of Secretary-General of the UN on 1 October 1961" in answer
    assert "Dag Hammarskjöld" in answer and "U Thant" in answer


def test_before_partial_coverage_says_records_start_later(ask):
    answer = ask("/who-leads ec on:1980")
    assert "No President of the European Commission is known in 1980" in answer
    assert "earlier presidents not included" in answer


def test_a_start_known_only_to_the_month_makes_the_answer_uncertain(ask):
    answer = ask("/who-leads ec on:1985-01-15")
    assert "Jacques Delors" in answer
    assert "Uncertain: Jacques Delors's start is known only as January 1985" in answer
    assert "since 1 January 1985" not in answer


def test_a_start_known_only_to_the_year_is_shown_as_a_year(ask):
    answer = ask("/who-leads microsoft on:1975-06-01")
    assert "Bill Gates — CEO of Microsoft from 1975 to 13 January 2000" in answer
    assert "known only as 1975" in answer


def test_the_later_day_precise_holder_wins_over_an_imprecise_end(ask):
    answer = ask("/who-leads ec on:1995-01-25")
    assert "Jacques Santer — President of the European Commission" in answer
    assert "Uncertain" not in answer


def test_an_acting_holder_overlapping_a_formal_one_leads_and_is_marked_acting(ask):
    answer = ask("/who-leads imf on:2019-08-01")
    assert "David Lipton — acting Managing Director of the IMF" in answer


def test_a_year_lists_everyone_who_held_the_office_that_year(ask):
    answer = ask("/who-leads nato on:2024")
    assert "During 2024" in answer
    assert answer.index("Jens Stoltenberg") < answer.index("Mark Rutte")


def test_after_a_scheduled_end_with_no_successor_nobody_is_known(ask):
    answer = ask("/who-leads un on:2027-02-01")
    assert "no successor is known" in answer
    assert "António Guterres" in answer


def test_json_answer_is_structured(handover):
    result = handover("ask", "/who-leads nato on:2015-06-01", "--json")
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["status"] == "ok"
    (office,) = answer["answer"]["offices"]
    assert office["holders"][0]["name"] == "Jens Stoltenberg"
    assert office["holders"][0]["start"] == "2014-10-01"
    assert office["took_over_from"] == "Anders Fogh Rasmussen"
    assert any(source["kind"] == "pack" and source["url"] for source in answer["sources"])


def test_the_latest_transition_cites_both_the_article_and_the_reference_pack(handover):
    answer = json.loads(handover("ask", "/recent nato", "--json").out)
    latest = answer["answer"]["transitions"][0]
    assert (latest["incoming"], latest["outgoing"]) == ("Mark Rutte", "Jens Stoltenberg")
    kinds = {source["kind"] for source in answer["sources"]}
    assert {"article", "pack"} <= kinds


def test_what_sources_doubt_today_is_a_note_with_its_sources(ask):
    answer = ask("/who-leads uk")
    assert "Keir Starmer — Prime Minister of the United Kingdom" in answer
    assert ("\nNote: Keir Starmer's resignation and succession — announced, handover not "
            "confirmed.\n") in answer
    assert "kolekrinsights.com" in answer  # the note's own sources are cited
    assert "Note:" not in ask("/who-leads uk on:2020")


def test_a_date_past_a_known_end_notes_the_undecided_succession(ask):
    answer = ask("/who-leads un on:2027-02-01")
    assert "no successor is known" in answer
    assert "Note: Successor to António Guterres (term from 2027-01-01) — not determined" in answer


def test_a_point_in_time_answer_notes_what_the_source_says_of_that_tenure(ask):
    answer = ask("/who-leads nato on:1955")
    assert "Note: Appointed 13 March 1952; took office 4 April 1952." in answer


def test_history_shows_the_organizations_notes_and_each_tenures(ask):
    answer = ask("/history un")
    assert "Note: Successor to António Guterres (term from 2027-01-01)" in answer
    assert "Dag Hammarskjöld — Secretary-General of the UN from 10 April 1953 to 18 September " \
           "1961 — Note: Killed in a plane crash on 18 September 1961" in answer


def test_notes_are_in_the_json_answer(handover):
    answer = json.loads(handover("ask", "/who-leads ecb", "--json").out)["answer"]
    assert answer["notes"] == [{
        "topic": "Possible early departure of Christine Lagarde",
        "status": "reported, not confirmed", "detail": answer["notes"][0]["detail"]}]
    assert answer["notes"][0]["detail"].startswith("Financial Times (18 Feb 2026) reported")


def _reads_made(store, monkeypatch) -> list[str]:
    made: list[str] = []
    read = store.database.read

    def recorded(sql, parameters=(), **options):
        made.append(sql)
        return read(sql, parameters, **options)

    monkeypatch.setattr(store.database, "read", recorded)
    return made


@pytest.mark.parametrize("org, day", [
    ("nato", None), ("nato", "2015-06-01"), ("un", "1961-10-01"), ("ec", "1995"),
    ("ec", "1985-01-15"), ("microsoft", "1975-06-01"), ("nato", "1950-01-01")])
async def test_an_answer_takes_two_reads_of_the_store_whatever_the_offices(
        store, monkeypatch, org, day):
    found = store.resolve(org).entity
    on = PartialDate.parse(day) if day else None
    made = _reads_made(store, monkeypatch)
    answers = store.who_leads(found, on)
    assert answers and len(made) <= 2
    assert all(lead.holders or lead.previous or lead.following for lead in answers)


CAREER = {
    "format": "handover-facts/1",
    "source": {"kind": "article", "title": "A career in four posts", "published": "2020-01-10"},
    "organizations": [{"name": name, "org_type": "company"}
                      for name in ("Arden Mills", "Brook Foods", "Cask Ales", "Dune Bank")],
    "people": [{"name": "Ines Varga"}],
    "tenures": [
        {"person": "Ines Varga", "org": "Arden Mills", "role": "Chief Financial Officer",
         "start": "2001-03", "end": "2008"},
        {"person": "Ines Varga", "org": "Brook Foods", "role": "Chief Executive",
         "start": "2009-05-01", "end": "2015-12-31"},
        {"person": "Ines Varga", "org": "Cask Ales", "role": "Chair", "start": "2016-01-04"},
        {"person": "Ines Varga", "org": "Dune Bank", "role": "Director",
         "start": "2018-02-01"},
        {"person": "Ines Varga", "org": "Cask Ales", "role": "Treasurer", "start": "1999"},
    ],
}


@pytest.fixture
async def career(store, tmp_path):
    pack = tmp_path / "career.json"
    pack.write_text(json.dumps({**CAREER, "tenures": [
        {**tenure, "evidence": f"Ines Varga was {tenure['role']} of {tenure['org']}."}
        for tenure in CAREER["tenures"]]}))
    await store.import_pack(pack)
    return store


def _earlier(store, org: str, role: str, day: str | None) -> tuple[str, str] | None:
    [lead] = [lead for lead in store.who_leads(store.resolve(org).entity,
                                              PartialDate.parse(day) if day else None)
              if lead.office.role == role]
    earlier = lead.earlier_role
    return (earlier.office.org.name, earlier.office.role) if earlier else None


async def test_the_earlier_role_is_the_latest_post_begun_before_this_one(career):
    assert _earlier(career, "cask ales", "Chair", "2017-01-01") == (
        "Brook Foods", "Chief Executive")
    assert _earlier(career, "dune bank", "Director", None) == ("Cask Ales", "Chair")
    assert _earlier(career, "arden mills", "Chief Financial Officer", "2005") == (
        "Cask Ales", "Treasurer")
    assert _earlier(career, "cask ales", "Treasurer", "2017-01-01") is None


async def test_a_post_another_server_brought_in_is_no_earlier_role_here(career):
    await career.ingest(
        {"transitions": [{"incoming": "Ines Varga", "org": "Elm Trust", "role": "Trustee",
                          "kind": "appointed", "effective": "2017-06-01", "evidence": "…"}]},
        SourceInfo(kind="article", title="Elm Trust names a trustee", text="elm"),
        Actor(role="moderator", user_id=7, guild_id=42))
    assert _earlier(career.seen_from(42), "dune bank", "Director", None) == (
        "Elm Trust", "Trustee")
    assert _earlier(career, "dune bank", "Director", None) == ("Cask Ales", "Chair")
    assert _earlier(career.seen_from(43), "dune bank", "Director", None) == (
        "Cask Ales", "Chair")
