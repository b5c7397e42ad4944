"""Importing leadership histories from Wikidata: dumps and SPARQL results, streamed.

`await import_wikidata(store, [path, …])` reads Wikidata JSON entity dumps (plain,
gzip or bzip2; the `latest-all.json` line format or one entity a line) and SPARQL
JSON results of the query in docs/wikidata.md, and merges who held which office into
the store:

- positions held (P39) and office holders (P1308) with their qualifiers: start (P580),
  end (P582), replaces (P1365), replaced by (P1366), and acting (nature of statement
  P5102 = acting Q4676846);
- the heads an organization names on its own item: head of state (P35), head of
  government (P6), chief executive officer (P169), chairperson (P488) and director /
  manager (P1037), each in the office the organization says its head holds (P1906,
  P1313, P2388) when it says so.

The rules, each tested: every statement counts, not only the best-ranked ones; deprecated
ones are skipped; an end given as "unknown value" means the tenure ended (the end stored
is the year by which it must have ended, and the tenure's note says so); dates keep their
precision; concurrent holders are all kept; acting holders are marked.

Merging: one entity per QID; an entity without a QID of the same normalized name and kind
is taken to be that item and given its QID; names and aliases are added, never replaced.
Every fact cites the Wikidata item (and revision) it came from. A tenure already known
from another source with the same start is the same tenure and gains the Wikidata
citation; one with a different start stays a row of its own, side by side.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from store.bulk import Plan, WriteCounts
from store.store import Store
from wikidata.reading import Collection, WikidataError
from wikidata.resolve import build_plan
from wikidata.sparql import read_files

__all__ = ["WikidataError", "WikidataReport", "import_wikidata"]


@dataclass(frozen=True)
class WikidataReport:
    """What one import read, wrote and skipped, and how long it took."""

    files: tuple[str, ...]
    formats: tuple[str, ...]
    entities_read: int
    people: int
    organizations: int
    offices: int
    tenures: int
    transitions: int
    sources: int
    matched_by_name: int  # entities already in the store without a QID, now given one
    skipped: dict[str, int]
    seconds: float

    @property
    def entities_per_second(self) -> float:
        """Entities read per second of the whole import."""
        return self.entities_read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict:
        """The report as JSON-ready data."""
        return {**asdict(self), "entities_per_second": round(self.entities_per_second)}

    def summary(self) -> str:
        """One paragraph for an operator."""
        skipped = ", ".join(f"{count:,} {reason}" for reason, count in sorted(self.skipped.items()))
        return (
            f"Read {self.entities_read:,} entities from {len(self.files)} file(s) in "
            f"{self.seconds:.1f} s; wrote {self.people:,} people, {self.organizations:,} "
            f"organizations, {self.offices:,} offices, {self.tenures:,} tenures and "
            f"{self.transitions:,} transitions, citing {self.sources:,} Wikidata items"
            + (f"; {self.matched_by_name:,} already known by name" if self.matched_by_name
               else "")
            + (f". Skipped: {skipped}." if skipped else ".")
        )



async def import_wikidata(store: Store, paths: list[Path], *,
                          languages: tuple[str, ...] = ("en",),
                          today: dt.date | None = None) -> WikidataReport:
    """Import Wikidata dumps and SPARQL JSON results into the store, in one transaction.

    `languages` orders the languages names and aliases are taken from (Wikidata's
    language-neutral `mul` labels come last). `today` decides which ends are still
    scheduled. Raises `WikidataError` for a file that cannot be read.
    """
    began = time.perf_counter()
    paths = [Path(path) for path in paths]
    collection = Collection(languages=tuple(languages) or ("en",))
    formats = await asyncio.to_thread(lambda: list(read_files(paths, collection)))
    plan = build_plan(collection, today or store.clock())
    applied = await store.apply_plan(plan, action="import",
                                     target="wikidata:" + ",".join(p.name for p in paths))
    counts = applied.counts
    return _report(paths, formats, collection, plan, counts, time.perf_counter() - began)


def _report(paths: list[Path], formats: list[str], collection: Collection, plan: Plan,
            counts: WriteCounts, seconds: float) -> WikidataReport:
    skipped = Counter(collection.skipped)
    skipped.update(plan.skipped)
    return WikidataReport(
        files=tuple(str(path) for path in paths), formats=tuple(formats),
        entities_read=collection.entities_read, people=counts.people,
        organizations=counts.organizations, offices=counts.offices, tenures=counts.tenures,
        transitions=counts.transitions, sources=counts.sources,
        matched_by_name=counts.matched_by_name,
        skipped={reason: count for reason, count in sorted(skipped.items()) if count},
        seconds=seconds,
    )


