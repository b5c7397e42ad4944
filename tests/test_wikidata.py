"""Importing Wikidata: dumps and SPARQL results, the rules naive importers get wrong,
and merging with what the store already knows."""

from __future__ import annotations

import asyncio
import bz2
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from bench.wikidata_bench import dump_lines
from store import PackError, PartialDate
from tests import engines
from tests.fixtures.wikidata.make_fixtures import held, human, item, position
from wikidata import WikidataReport, import_wikidata, reading
from wikidata.reading import WikidataError, detect_format, wikidata_date
from wikidata.resolve import role_from_label

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
NATO = FIXTURES / "nato-slice.json.bz2"
FINLAND = FIXTURES / "finland-slice.json.gz"
COMPANIES = FIXTURES / "companies.json"
GERMANY = FIXTURES / "germany-sparql.json"
TODAY = dt.date(2026, 11, 26)


async def load(store, *paths: Path, **options) -> WikidataReport:
    return await import_wikidata(store, list(paths), today=TODAY, **options)


def org(store, name: str):
    found = store.resolve(name, "organization").entity
    assert found is not None, f"{name} does not resolve to one organization"
    return found


def holders(store, org_name: str, role: str) -> list:
    """The tenures of one office of an organization, in order of taking office."""
    for office, tenures in store.history(org(store, org_name)):
        if office.role == role:
            return tenures
    raise AssertionError(f"{org_name} has no office {role!r}")


def tenure_of(store, org_name: str, role: str, person: str):
    (found,) = [t for t in holders(store, org_name, role) if t.person.name == person]
    return found


def leader(store, org_name: str, on: str | None = None) -> list[str]:
    """Who leads the principal office, by name."""
    answer = store.who_leads(org(store, org_name), PartialDate.parse(on) if on else None, TODAY)
    return [tenure.person.name for tenure in answer[0].holders]


async def asking(ask, line: str) -> str:
    """`handover ask` runs its own event loop: run it beside this test's."""
    return await asyncio.to_thread(ask, line)


def write_dump(path: Path, entities: list[dict], *, compress=None) -> Path:
    text = "".join(dump_lines(entities)).encode()
    path.write_bytes(compress(text) if compress else text)
    return path


# Reading the formats ---------------------------------------------------------------------


def test_each_format_is_detected_from_the_content(tmp_path):
    assert detect_format(NATO) == "dump"
    assert detect_format(FINLAND) == "dump"
    assert detect_format(COMPANIES) == "dump"
    assert detect_format(GERMANY) == "sparql"
    lines = tmp_path / "filtered.ndjson"
    lines.write_text("".join(line.rstrip().rstrip(",") + "\n"
                             for line in COMPANIES.read_text().splitlines()[1:-1]))
    assert detect_format(lines) == "lines"
    renamed = tmp_path / "slice.json"  # a gzip file without the .gz suffix
    renamed.write_bytes(FINLAND.read_bytes())
    assert detect_format(renamed) == "dump"


async def test_plain_gzip_and_bzip2_dumps_are_read_line_by_line(store):
    report = await load(store, COMPANIES, FINLAND, NATO)
    assert report.formats == ("dump", "dump", "dump")
    assert report.entities_read == 9 + 13 + 15  # every entity line, relevant or not
    assert {"Intel", "Finland", "NATO"} <= {e.name for e in store.complete("", limit=500)}


async def test_newline_delimited_entities_as_wikibase_dump_filter_writes_them(store, tmp_path):
    lines = tmp_path / "companies.ndjson.gz"
    lines.write_bytes(gzip.compress("".join(
        line.rstrip().rstrip(",") + "\n"
        for line in COMPANIES.read_text().splitlines()[1:-1]).encode()))
    report = await load(store, lines)
    assert report.formats == ("lines",)
    assert report.entities_read == 9
    assert leader(store, "intel", "2023-01-01") == ["Pat Gelsinger"]


async def test_a_slice_made_with_grep_keeps_its_commas_and_still_reads(store, tmp_path):
    grepped = tmp_path / "leaders.json.gz"
    lines = [line for line in COMPANIES.read_text().splitlines() if '"P169"' in line]
    grepped.write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
    assert detect_format(grepped) == "lines"
    report = await load(store, grepped)
    assert report.entities_read == 2
    # the people were not kept by the filter: counted, not invented
    assert report.skipped == {"holders without a name": 8}
    assert store.resolve("netflix").entity is None


async def test_only_lines_naming_a_relevant_property_are_parsed(store, tmp_path, monkeypatch):
    filler = [item(f"Q{n}", {"en": f"Thing {n}"}) for n in range(100, 150)]
    office = position("Q9", "Mayor of Ghent", of="Q8")
    mayor = human("Q7", "Ada Mayor", held("Q7", "P39", "Q9", "2019-01-01"))
    path = write_dump(tmp_path / "slice.json", [*filler, mayor, office,
                                                item("Q8", {"en": "Ghent"})])
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(reading.json, "loads", lambda text: parsed.append(1) or real_loads(text))
    report = await load(store, path)
    assert report.entities_read == 53
    # the person in the first pass; the position, then its city, in the passes for names
    assert len(parsed) == 3
    assert tenure_of(store, "ghent", "Mayor", "Ada Mayor").start == PartialDate(2019, 1, 1)


async def test_positions_named_nowhere_else_are_found_in_a_second_pass(store):
    await load(store, NATO)
    norway = holders(store, "norway", "Prime Minister")
    assert [(t.person.name, str(t.start)) for t in norway] == [
        ("Jens Stoltenberg", "2000-03-17"), ("Jens Stoltenberg", "2005-10-17")]


async def test_files_that_are_not_wikidata_are_refused_with_a_plain_message(store, tmp_path):
    other = tmp_path / "notes.json"
    other.write_text('{"title": "not Wikidata"}')
    with pytest.raises(WikidataError, match="neither a Wikidata JSON dump nor SPARQL"):
        await load(store, other)
    with pytest.raises(PackError, match="no file at"):
        await load(store, tmp_path / "missing.json.gz")
    wrong_query = tmp_path / "query.json"
    wrong_query.write_text('{"head": {"vars": ["x"]}, "results": {"bindings": []}}')
    with pytest.raises(WikidataError, match=r"\?person and \?position"):
        await load(store, wrong_query)


async def test_a_truncated_last_line_is_counted_not_fatal(store, tmp_path):
    text = "".join(dump_lines([human("Q7", "Ada Mayor", held("Q7", "P39", "Q9", "2019"))]))
    cut = tmp_path / "cut.json.bz2"
    cut.write_bytes(bz2.compress(text.encode()[:-40]))
    report = await load(store, cut)
    assert report.skipped["unreadable lines"] == 1


# The rules naive importers get wrong -----------------------------------------------------


async def test_every_statement_counts_not_only_the_best_ranked(store):
    await load(store, FINLAND)
    # Wikidata's "truthy" values would give only Orpo, the preferred-rank statement
    assert [t.person.name for t in holders(store, "finland", "Prime Minister")] == [
        "Antti Rinne", "Sanna Marin", "Petteri Orpo"]
    assert leader(store, "finland", "2020-06-01") == ["Sanna Marin"]


async def test_deprecated_statements_are_skipped(store):
    report = await load(store, FINLAND, GERMANY)
    assert report.skipped["deprecated statements"] == 2
    assert store.resolve("juha sipila").entity is None
    assert "Helmut Kohl" not in [t.person.name for t in holders(store, "germany", "Chancellor")]


async def test_an_unknown_end_means_the_tenure_ended(store):
    await load(store, FINLAND, GERMANY)
    stahlberg = tenure_of(store, "finland", "President", "Kaarlo Juho Ståhlberg")
    assert stahlberg.end == PartialDate(1925)  # by when his successor took over
    assert "unknown value" in stahlberg.note and "Relander" in stahlberg.note
    heuss = tenure_of(store, "germany", "President", "Theodor Heuss")
    assert heuss.end == PartialDate(1959)  # the next holder's start bounds it
    president = store.who_leads(org(store, "germany"), None, TODAY)[1]
    assert president.office.role == "President"
    assert [t.person.name for t in president.holders] == []


async def test_an_unknown_end_is_noted_in_the_answers(store, ask):
    await load(store, FINLAND)
    answer = await asking(ask, "/who-leads finland on:1923")
    assert "Kaarlo Juho Ståhlberg" in answer
    assert "Note: Wikidata gives the end as an unknown value: the tenure ended by 1925" in answer
    assert "Ståhlberg — President of Finland from 1919 to 1925 — Note: Wikidata gives " \
        "the end as an unknown value" in await asking(ask, "/history finland")


async def test_an_unknown_end_with_no_successor_ends_by_the_revision(store, tmp_path):
    office = position("Q9", "Mayor of Ghent", of="Q8")
    mayor = item("Q7", {"en": "Ada Mayor"}, statements=[held("Q7", "P39", "Q9", "1990-05-01",
                                                             "unknown")],
                 lastrevid=77, modified="2021-03-04T00:00:00Z")
    await load(store, write_dump(tmp_path / "s.json", [mayor, office, item("Q8", {"en": "Ghent"})]))
    tenure = tenure_of(store, "ghent", "Mayor", "Ada Mayor")
    assert tenure.end == PartialDate(2021)
    assert leader(store, "ghent") == []


async def test_date_precision_is_kept(store):
    await load(store, FINLAND, GERMANY)
    assert str(tenure_of(store, "finland", "President", "Kaarlo Juho Ståhlberg").start) == "1919"
    assert str(tenure_of(store, "finland", "President", "Lauri Kristian Relander").start) == \
        "1925-03"
    assert str(tenure_of(store, "germany", "Chancellor", "Konrad Adenauer").start) == "1949"
    answer = store.who_leads(org(store, "finland"), PartialDate.parse("1925-03-10"), TODAY)[1]
    assert answer.uncertain  # Relander's start is known only as March 1925


@pytest.mark.parametrize(("time", "precision", "expected"), [
    ("+2014-00-00T00:00:00Z", 9, "2014"),
    ("+2014-05-00T00:00:00Z", 10, "2014-05"),
    ("+2014-05-17T00:00:00Z", 11, "2014-05-17"),
    ("+2014-05-17T10:30:00Z", 13, "2014-05-17"),
    ("+2014-01-01T00:00:00Z", 9, "2014"),  # the query service's form of a year
    ("+2014-00-00T00:00:00Z", 11, "2014"),  # a day precision with no month: a year
    ("+2014-02-30T00:00:00Z", 11, "2014-02"),  # no such day: the month
    ("+1950-00-00T00:00:00Z", 8, None),  # a decade is not a year
    ("-0044-03-15T00:00:00Z", 11, None),  # before the common era
])
def test_wikidata_times_are_read_to_their_precision(time, precision, expected):
    assert wikidata_date(time, precision)[0] == expected


async def test_several_concurrent_holders_are_all_kept(store):
    await load(store, COMPANIES)
    ceos = holders(store, "netflix", "CEO")
    assert [(t.person.name, t.end) for t in ceos] == [
        ("Reed Hastings", PartialDate(2023, 1, 19)), ("Ted Sarandos", None),
        ("Greg Peters", None)]
    answer = store.who_leads(org(store, "netflix"), PartialDate.parse("2024"), TODAY)[0]
    assert [t.person.name for t in answer.holders] == ["Ted Sarandos", "Greg Peters"]


async def test_acting_holders_are_marked(store, ask):
    await load(store, COMPANIES, GERMANY)
    interim = [t for t in holders(store, "intel", "CEO") if t.acting]
    assert [t.person.name for t in interim] == ["David Zinsner", "Michelle Johnston Holthaus"]
    assert tenure_of(store, "germany", "Chancellor", "Walter Scheel").acting
    assert not tenure_of(store, "germany", "Chancellor", "Helmut Schmidt").acting
    answer = await asking(ask, "/who-leads germany on:1974-05-10")
    assert "Walter Scheel — acting Chancellor of Germany" in answer
    assert "took over from Willy Brandt" in answer


async def test_replaces_and_replaced_by_become_transitions(store):
    await load(store, FINLAND)
    marin = tenure_of(store, "finland", "Prime Minister", "Sanna Marin")
    orpo = tenure_of(store, "finland", "Prime Minister", "Petteri Orpo")
    ins = {t.incoming.name: (t.outgoing.name, str(t.effective))
           for t in store.recent(org(store, "finland"), limit=20)}
    assert ins["Sanna Marin"] == ("Antti Rinne", "2019-12-10")
    assert ins["Petteri Orpo"] == ("Sanna Marin", "2023-06-20")
    assert ins["Lauri Kristian Relander"] == ("Kaarlo Juho Ståhlberg", "1925-03")
    assert marin.end == orpo.start


async def test_rows_of_one_sparql_statement_make_one_tenure(store):
    report = await load(store, GERMANY)
    assert report.formats == ("sparql",)
    schmidt = [t for t in holders(store, "germany", "Chancellor")
               if t.person.name == "Helmut Schmidt"]
    assert len(schmidt) == 1
    into = [t for t in store.recent(org(store, "germany"), limit=20)
            if t.incoming.name == "Helmut Schmidt"]
    assert [(t.outgoing.name, str(t.effective)) for t in into] == [("Walter Scheel",
                                                                     "1974-05-16")]


async def test_memberships_are_seats_not_offices(store):
    report = await load(store, NATO)
    assert report.skipped["memberships (seats, not offices)"] == 1
    offices = [office.role for office, _ in store.history(org(store, "netherlands"))]
    assert offices == ["Prime Minister", "King"]


# Merging with what the store knows ------------------------------------------------------


async def test_mark_rutte_from_wikidata_is_the_mark_rutte_already_known(store, store_path):
    before = store.resolve("mark rutte", "person").entity
    report = await load(store, NATO)
    assert report.matched_by_name >= 4  # Rutte, Stoltenberg, NATO, the Netherlands, …
    rutte = store.resolve("mark rutte", "person").entity
    assert rutte == before
    assert store.resolve("rutte").entity == rutte
    assert "Mark Rutte (politician)" in store.profile(rutte).aliases
    assert engines.query(store_path, "SELECT qid FROM entities WHERE id = ?", (rutte.id,)
                         ) == [("Q57792",)]
    assert engines.query(store_path, "SELECT count(*) FROM entities WHERE name = 'Mark Rutte'"
                         ) == [(1,)]
    assert engines.query(store_path, "SELECT qid FROM entities WHERE name = 'NATO'"
                         ) == [("Q7184",)]
    # his NATO tenure is the one already known, now citing Wikidata too
    (tenure,) = [t for t in holders(store, "nato", "Secretary General")
                 if t.person == rutte]
    assert str(tenure.start) == "2024-10-01"
    assert "Wikidata: Q57792 (revision 2262140933)" in [s.title for s in tenure.sources]


async def test_a_long_wikidata_label_merges_with_a_short_name_known_by_that_alias(
        store, tmp_path):
    imf = item("Q7804", {"en": "International Monetary Fund"}, aliases={"en": ["IMF"]},
               statements=[held("Q7804", "P488", "Q9", "2019-10-01")])
    georgieva = human("Q9", "Kristalina Georgieva")
    await load(store, write_dump(tmp_path / "imf.json", [imf, georgieva]))
    assert store.resolve("imf").entity.name == "IMF"
    assert store.resolve("international monetary fund").entity.name == "IMF"
    assert len(store.resolve("kristalina georgieva").matches) == 1


async def test_facts_cite_the_wikidata_item_and_its_revision(store):
    await load(store, NATO, GERMANY)
    rutte = tenure_of(store, "netherlands", "Prime Minister", "Mark Rutte")
    (cited,) = [s for s in rutte.sources if s.title == "Wikidata: Q57792 (revision 2262140933)"]
    assert cited.kind == "pack" and cited.publisher == "Wikidata"
    assert cited.url == "https://www.wikidata.org/wiki/Q57792?oldid=2262140933"
    assert cited.published == PartialDate(2024, 11, 2)
    undated = tenure_of(store, "nato", "Secretary General", "Jens Stoltenberg")
    assert "Wikidata: Q9000101 (dump nato-slice.json.bz2)" in [s.title for s in undated.sources]
    merkel = tenure_of(store, "germany", "Chancellor", "Angela Merkel")
    assert [s.url for s in merkel.sources] == ["https://www.wikidata.org/wiki/Q567?oldid=2240000567"]
    ((evidence,),) = engines.query(
        store.location, "SELECT evidence FROM fact_sources JOIN sources ON sources.id ="
        " source_id WHERE fact = 'tenure' AND fact_id = ? AND sources.url LIKE '%Q567?%'",
        (merkel.id,))
    assert evidence.startswith("Wikidata statement Q567-")
    assert "start 2005-11-22; end 2021-12-08" in evidence


async def test_a_different_start_from_wikidata_stays_beside_the_article_fact(store, tmp_path):
    nato_sg = position("Q9000101", "Secretary General of NATO", of="Q7184", prop="P2389")
    rutte = human("Q57792", "Mark Rutte",
                  held("Q57792", "P39", "Q9000101", "2024-09-30"), revision=5)
    await load(store, write_dump(tmp_path / "conflict.json",
                                 [rutte, nato_sg, item("Q7184", {"en": "NATO"})]))
    tenures = [t for t in holders(store, "nato", "Secretary General")
               if t.person.name == "Mark Rutte"]
    assert [str(t.start) for t in tenures] == ["2024-09-30", "2024-10-01"]
    wikidata, article = tenures
    assert [s.publisher for s in wikidata.sources] == ["Wikidata"]
    assert "Wikidata" not in [s.publisher for s in article.sources]
    assert "Mark Rutte Assumes Leadership of NATO: A New Era Begins" in [
        s.title for s in article.sources]
    assert leader(store, "nato") == ["Mark Rutte"]


async def test_the_existing_who_leads_answers_still_hold_after_an_import(store, ask):
    await load(store, NATO, FINLAND, COMPANIES, GERMANY)
    answer = await asking(ask, "/who-leads nato")
    assert "Mark Rutte — Secretary General of NATO since 1 October 2024" in answer
    assert "took over from Jens Stoltenberg" in answer
    assert "previously Prime Minister of the Netherlands" in answer
    answer = await asking(ask, "/who-leads nato on:2015-06-01")
    assert "Jens Stoltenberg — Secretary General of NATO" in answer
    answer = await asking(ask, "/who-leads imf on:2019-08-01")
    assert "David Lipton — acting Managing Director of the IMF" in answer


async def test_who_leads_an_imported_country(store, ask):
    await load(store, FINLAND, GERMANY)
    answer = await asking(ask, "/who-leads finland")
    assert "Petteri Orpo — Prime Minister of Finland since 20 June 2023" in answer
    assert "took over from Sanna Marin" in answer
    assert "Alexander Stubb — President of Finland since 1 March 2024" in answer
    assert "Wikidata: Q33 (revision 2251000033)" in answer
    answer = await asking(ask, "/who-leads finland on:2020-06-01")
    assert "Sanna Marin — Prime Minister of Finland" in answer
    answer = await asking(ask, "/who-leads germany on:2015-06-01")
    assert "Angela Merkel — Chancellor of Germany" in answer
    answer = await asking(ask, "/who-leads germany")
    assert "Friedrich Merz — Chancellor of Germany since 6 May 2025" in answer


async def test_importing_twice_changes_nothing(store):
    await load(store, NATO, FINLAND, COMPANIES, GERMANY)
    first = store.counts()
    again = await load(store, NATO, FINLAND, COMPANIES, GERMANY)
    assert store.counts() == first
    assert again.matched_by_name == 0


async def test_names_come_from_the_configured_languages(store):
    await load(store, FINLAND)
    assert store.resolve("suomi").entity is None
    await load(store, FINLAND, languages=("fi", "en"))
    assert store.resolve("suomi").entity.name == "Finland"  # the store keeps its first name


async def test_a_new_entity_is_named_in_the_first_configured_language(store):
    await load(store, FINLAND, languages=("fi", "en"))
    assert store.resolve("finland").entity.name == "Suomi"


def test_roles_are_named_without_their_organization():
    assert role_from_label("Prime Minister of the Netherlands", ["Netherlands"]) == \
        "Prime Minister"
    assert role_from_label("Secretary General of NATO", ["NATO", "OTAN"]) == "Secretary General"
    assert role_from_label("President of the United States", ["United States", "USA"]) == \
        "President"
    assert role_from_label("mayor", ["Ghent"]) == "Mayor"
    assert role_from_label("Federal Chancellor", ["Germany"]) == "Federal Chancellor"


async def test_the_report_says_what_was_read_written_and_skipped(store):
    report = await load(store, NATO, GERMANY)
    assert report.people >= 10 and report.organizations == 4
    assert report.tenures > 0 and report.transitions > 0
    summary = report.summary()
    assert summary.startswith("Read ")
    assert "Skipped: 1 deprecated statements, 1 memberships (seats, not offices)." in summary
    data = report.as_dict()
    assert data["entities_read"] == report.entities_read
    assert data["skipped"] == {"deprecated statements": 1,
                               "memberships (seats, not offices)": 1}


def test_import_wikidata_through_the_command_line(handover, ask):
    fixture = Path(__file__).parent / "fixtures" / "wikidata" / "finland-slice.json.gz"
    result = handover("import-wikidata", str(fixture))
    assert result.code == 0, result.err
    assert "7 tenures" in result.out
    answer = ask("/who-leads finland on:2020-01-01")
    assert "Sanna Marin — Prime Minister of Finland from 10 December 2019" in answer
    assert "Sauli Niinistö — President of Finland" in answer
    missing = handover("import-wikidata", "/no/such/dump.json")
    assert missing.code == 1 and missing.err.startswith("handover: cannot read")
