"""Keeping the store current from a Wikidata query service.

`await sync(store, service)` asks for the leadership statements of every person whose
item changed since the last sync — the query of docs/wikidata.md, narrowed by
`schema:dateModified` and paged by (dateModified, person) — and writes each page in one
transaction (`Store.apply_plan`): its facts, the withdrawal of what its statements said
before (changed or deprecated since), its announcements and the cursor. A sync stopped
half-way resumes from the last page written. The first sync on a store takes everything
and announces nothing: it is history.

What is followed: the heads of state and government of every sovereign state, every
organization the store knows by QID, and every organization a channel is subscribed to,
by label or alias (names not known yet included).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from dataclasses import asdict, dataclass, field

from store.store import Store
from wikidata.reading import Collection
from wikidata.resolve import build_plan
from wikidata.service import QueryService, ServiceError
from wikidata.sparql import read_sparql_results

CURSOR_KEY = "wikidata_sync_cursor"  # [dateModified, person URI] of the last page written
LAST_SYNC_KEY = "wikidata_sync_completed"  # when the last complete sync ended (UTC)
PAGE_SIZE = 200  # people per page: a page's query stays far below the 60-second limit
ENTITY = "http://www.wikidata.org/entity/"
SOVEREIGN_STATE = "Q3624078"

__all__ = ["ServiceError", "SyncReport", "build_query", "sync"]


@dataclass
class SyncReport:
    """What one sync asked and wrote."""

    first: bool  # the first sync of this store: nothing announced
    pages: int = 0
    queries: int = 0  # requests sent, retries included
    rows: int = 0  # result rows read
    people: int = 0
    tenures: int = 0
    transitions: int = 0
    withdrawn: int = 0  # citations of changed or deprecated statements retracted
    announcements: int = 0
    new_transitions: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """The report as JSON-ready data."""
        found = asdict(self)
        found["new_transitions"] = len(self.new_transitions)
        return found

    def summary(self) -> str:
        """One line for an operator."""
        return (f"Wikidata sync{' (first: nothing announced)' if self.first else ''}: "
                f"{self.pages} page(s), {self.queries} quer{'y' if self.queries == 1 else 'ies'},"
                f" {self.rows:,} rows in {self.seconds:.1f} s; {self.people:,} people,"
                f" {self.tenures:,} tenures, {self.transitions:,} transitions written;"
                f" {self.withdrawn:,} citations withdrawn; {self.announcements:,}"
                " announcements queued.")


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a SPARQL string: quotes and escapes


def build_query(qids: list[str], names: list[str], cursor: tuple[str, str] | None,
                page_size: int = PAGE_SIZE, *, sovereign_states: bool = True,
                language: str = "en") -> str:
    """The query of docs/wikidata.md for one page: people whose item changed after
    `cursor` (dateModified, person URI), `page_size` of them, every rank kept."""
    orgs = []
    if sovereign_states:
        orgs.append(f"{{ ?org wdt:P31 wd:{SOVEREIGN_STATE} . }}")
    if qids:
        orgs.append("{ VALUES ?org { " + " ".join(f"wd:{qid}" for qid in qids) + " } }")
    if names:
        values = " ".join(f"{_literal(name)}@{language}" for name in names)
        orgs.append(f"{{ VALUES ?name {{ {values} }} ?org rdfs:label|skos:altLabel ?name . }}")
    followed = "\n      UNION ".join(orgs) or "{ }"
    after = ""
    if cursor:
        modified, person = cursor
        stamp = f'"{modified}"^^xsd:dateTime'
        after = (f"\n      FILTER(?modified > {stamp} || (?modified = {stamp} && "
                 f"STR(?person) > {_literal(person)}))")
    return f"""# Handover wikidata-sync: one page of leadership statements changed since the cursor.
SELECT ?statement ?rank ?person ?personLabel ?position ?positionLabel ?org ?orgLabel
       ?start ?startPrecision ?end ?endPrecision ?replaces ?replacesLabel
       ?replacedBy ?replacedByLabel ?nature ?revision ?modified
WHERE {{
  {{ SELECT DISTINCT ?person ?modified WHERE {{
      {followed}
      ?org wdt:P2388|wdt:P1313|wdt:P1906 ?position .
      ?person p:P39/ps:P39 ?position ;
              schema:dateModified ?modified .{after}
    }} ORDER BY ?modified ?person LIMIT {int(page_size)} }}
  {followed}
  ?org wdt:P2388|wdt:P1313|wdt:P1906 ?position .
  ?person p:P39 ?statement .                        # every statement, deprecated ones too
  ?statement ps:P39 ?position ;
             wikibase:rank ?rank .
  OPTIONAL {{ ?statement pqv:P580 ?startNode .
             ?startNode wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision . }}
  OPTIONAL {{ ?statement pq:P582 ?end .
             OPTIONAL {{ ?statement pqv:P582 ?endNode .
                        ?endNode wikibase:timePrecision ?endPrecision . }} }}
  OPTIONAL {{ ?statement pq:P1365 ?replaces . }}
  OPTIONAL {{ ?statement pq:P1366 ?replacedBy . }}
  OPTIONAL {{ ?statement pq:P5102 ?nature . }}
  OPTIONAL {{ ?person schema:version ?revision . }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "{language}". }}
}}"""


def _last(rows: list[dict]) -> tuple[str, str] | None:
    keys = [(row["modified"]["value"], row["person"]["value"]) for row in rows
            if "modified" in row and "person" in row]
    return max(keys, default=None)


def _read_page(data: dict, today: dt.date):
    """Parse one page's results into a plan (in a worker thread: never on the loop)."""
    try:
        rows = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise ServiceError("the query service answered something other than SPARQL JSON "
                           "results") from None
    collection = Collection()
    read_sparql_results(data, collection, "query service")
    people = {row["person"]["value"] for row in rows if "person" in row}
    return rows, people, collection, build_plan(collection, today)


async def sync(store: Store, service: QueryService, *, page_size: int = PAGE_SIZE,
               max_pages: int | None = None, sovereign_states: bool = True) -> SyncReport:
    """Apply what changed in Wikidata since the last sync, a page at a time.

    Raises `ServiceError` when the service cannot answer; the pages written before stay,
    and the next sync resumes after them. `max_pages` stops early (tests, a slow start).
    """
    began = time.perf_counter()
    queries_before = service.queries
    report = SyncReport(first=store.get_meta(LAST_SYNC_KEY) is None)
    saved = store.get_meta(CURSOR_KEY)
    cursor = tuple(json.loads(saved)) if saved else None
    qids, names = store.wikidata_follows()
    try:
        while max_pages is None or report.pages < max_pages:
            query = build_query(qids, names, cursor, page_size,
                                sovereign_states=sovereign_states)
            data = await service.query(query)
            rows, people, collection, plan = await asyncio.to_thread(
                _read_page, data, store.clock())
            if not rows:
                break
            last = _last(rows)
            if last is None or (cursor is not None and last <= cursor):
                raise ServiceError("the query service ignored the page's cursor")
            cursor = last
            report.pages += 1
            applied = await store.apply_plan(
                plan, action="wikidata-sync", target=f"wikidata:page ending {cursor[0]}",
                withdraw=collection.statements, announce=not report.first,
                meta={CURSOR_KEY: json.dumps(list(cursor))})
            report.rows += len(rows)
            report.people += applied.counts.people
            report.tenures += applied.counts.tenures
            report.transitions += applied.counts.transitions
            report.withdrawn += applied.withdrawn
            report.announcements += applied.queued
            report.new_transitions += applied.new_transitions if not report.first else []
            if len(people) < page_size:
                break
        else:
            return report
        await store.set_meta(LAST_SYNC_KEY, dt.datetime.now(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"))
    finally:
        report.queries = service.queries - queries_before
        report.seconds = time.perf_counter() - began
    return report
