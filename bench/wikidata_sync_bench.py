"""What a day of Wikidata changes costs `wikidata-sync`: queries, seconds, rows.

    .venv/bin/python -m bench.wikidata_sync_bench            # measure on the fixture
    .venv/bin/python -m bench.wikidata_sync_bench --record   # rewrite the fixture

The fixture (tests/fixtures/wikidata/sync-before.json.gz and sync-day.json.gz) is SPARQL
JSON results as the sync's query returns them: every head of state and government of 195
stand-in sovereign states, four holders of each office (one statement per person), and
then one day of changes — eight changes of government (the holder's end and *replaced
by*, a new holder who *replaces* them), four corrected start dates and three deprecated
statements. The names and QIDs (Q95xxxxx) are stand-ins written by us. The measurement
runs the first sync and then the day's sync against the local SPARQL double of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import tempfile
import time
from pathlib import Path

from store import Store
from tests.sparql_double import Person, SparqlDouble, statement_rows
from wikidata.service import QueryService
from wikidata.sync import PAGE_SIZE, sync

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "wikidata"
BEFORE, DAY = FIXTURES / "sync-before.json.gz", FIXTURES / "sync-day.json.gz"
TODAY = dt.date(2026, 11, 26)
STATES, HOLDERS = 195, 4
OFFICES = (("government", "Prime Minister"), ("state", "President"))


def _person(state: int, office: int, holder: int) -> str:
    return f"Q95{state:03d}{office}{holder}"


def _names(state: int, office: int, *holders: int) -> dict[str, str]:
    return {_person(state, office, holder): f"Holder {state}-{office}-{holder}"
            for holder in holders}


def world() -> dict[str, Person]:
    """The day before: four successive holders of each office, the last still in it."""
    people = {}
    for state in range(STATES):
        org, org_name = f"Q94{state:03d}0", f"State {state}"
        for office, (_, role) in enumerate(OFFICES):
            position = f"Q94{state:03d}{office + 1}"
            for holder in range(HOLDERS):
                qid = _person(state, office, holder)
                start = f"{2000 + 6 * holder}-{1 + state % 12:02d}-{1 + holder * 3:02d}"
                end = (f"{2006 + 6 * holder}-{1 + state % 12:02d}-{1 + (holder + 1) * 3:02d}"
                       if holder < HOLDERS - 1 else None)
                people[qid] = Person(
                    f"2025-{1 + (state + holder) % 12:02d}-{1 + office + holder:02d}T"
                    f"{holder:02d}:00:00Z", 1_000_000 + len(people),
                    statement_rows(qid, f"Holder {state}-{office}-{holder}", position,
                                   f"{role} of {org_name}", org, org_name, f"{qid}-s",
                                   start=start, end=end,
                                   replaces=_person(state, office, holder - 1) if holder else None,
                                   replaced_by=(_person(state, office, holder + 1)
                                                if holder < HOLDERS - 1 else None),
                                   names=_names(state, office, holder - 1, holder + 1)))
    return people


def a_day(people: dict[str, Person]) -> dict[str, Person]:
    """The people whose items changed on 2026-11-25, as they are after the day."""
    changed: dict[str, Person] = {}
    stamp = iter(f"2026-11-25T{hour:02d}:{minute:02d}:00Z" for hour in range(24)
                 for minute in (0, 30))
    for state in range(8):  # changes of government
        row = people[_person(state, 0, HOLDERS - 1)].rows[0]
        outgoing, incoming = _person(state, 0, HOLDERS - 1), _person(state, 0, HOLDERS)
        org, position = (row[key]["value"].rsplit("/", 1)[-1] for key in ("org", "position"))
        common = (position, row["positionLabel"]["value"], org, row["orgLabel"]["value"])
        changed[outgoing] = Person(next(stamp), 2_000_000 + state, statement_rows(
            outgoing, row["personLabel"]["value"], *common, f"{outgoing}-s",
            start=row["start"]["value"][:10], end="2026-11-25",
            replaces=_person(state, 0, HOLDERS - 2), replaced_by=incoming,
            names=_names(state, 0, HOLDERS - 2, HOLDERS)))
        changed[incoming] = Person(next(stamp), 2_100_000 + state, statement_rows(
            incoming, f"Holder {state}-0-{HOLDERS}", *common, f"{incoming}-s",
            start="2026-11-25", replaces=outgoing, names=_names(state, 0, HOLDERS - 1)))
    for state in range(20, 24):  # a corrected start date
        qid = _person(state, 1, 1)
        rows = json.loads(json.dumps(people[qid].rows))
        start = rows[0]["start"]["value"]
        rows[0]["start"]["value"] = start[:8] + "15" + start[10:]
        changed[qid] = Person(next(stamp), 2_200_000 + state, rows)
    for state in range(30, 33):  # deprecated
        qid = _person(state, 1, 0)
        rows = json.loads(json.dumps(people[qid].rows))
        rows[0]["rank"]["value"] = rows[0]["rank"]["value"].replace("Normal", "Deprecated")
        changed[qid] = Person(next(stamp), 2_300_000 + state, rows)
    return changed


def record() -> None:
    """Write the fixture: what the sync's query answers before and on the day."""
    people = world()
    for path, found in ((BEFORE, people), (DAY, a_day(people))):
        data = SparqlDouble(found).results("LIMIT 1000000 }")
        path.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(),
                                       mtime=0))


def load(path: Path) -> dict[str, Person]:
    """A recorded answer back into the double's people, grouped by person."""
    people: dict[str, Person] = {}
    for row in json.loads(gzip.decompress(path.read_bytes()))["results"]["bindings"]:
        qid = row["person"]["value"].rsplit("/", 1)[-1]
        found = people.setdefault(qid, Person(row["modified"]["value"],
                                              int(row["revision"]["value"])))
        found.rows.append({k: v for k, v in row.items() if k not in ("modified", "revision")})
    return people


async def measure(store_path: Path, page_size: int = PAGE_SIZE) -> dict:
    """The first sync of the fixture, then its day of changes: queries, seconds, rows."""
    people = load(BEFORE)
    figures = {}
    async with SparqlDouble(people) as double, \
            await Store.open(store_path, clock=lambda: TODAY) as store:
        for name in ("first", "day"):
            if name == "day":
                people.update(load(DAY))
            before = store.counts()
            began = time.perf_counter()
            report = await sync(store, QueryService(double.url, "bench@example.org"),
                                page_size=page_size)
            after = store.counts()
            figures[name] = {
                "queries": report.queries, "pages": report.pages,
                "seconds": round(time.perf_counter() - began, 3), "result_rows": report.rows,
                "rows_added": {table: after[table] - before[table] for table in after
                               if after[table] != before[table]},
                "withdrawn": report.withdrawn, "announcements": report.announcements,
            }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="rewrite the fixture")
    arguments = parser.parse_args()
    if arguments.record:
        record()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "handover.db"

        async def fresh() -> None:
            await (await Store.open(path, clock=lambda: TODAY)).close()

        asyncio.run(fresh())
        print(json.dumps(asyncio.run(measure(path)), indent=2))


if __name__ == "__main__":
    main()
