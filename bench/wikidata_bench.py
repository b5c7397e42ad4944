"""Benchmark: import a synthetic 1-million-entity Wikidata dump slice into a fresh store.

    .venv/bin/python -m bench.wikidata_bench [--entities N] [--keep DIR]

Writes a deterministic dump slice (`.json.gz`, the real `latest-all.json` line format)
into a temporary directory, in a child process, so that its memory is not counted;
about 2% of the entities carry leadership claims (organizations with heads, positions,
people with positions held), the rest are small unrelated items. Then it opens a fresh
store (with the bundled packs), imports the slice, and prints one JSON object: entities
per second, seconds, peak resident memory of this process (`resource.getrusage`), and
the import's report.

The builders below (`item`, `statement`, `item_snak`, …) write entities in Wikidata's
real JSON; the test fixtures in tests/fixtures/wikidata/ are made with them too.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

GREGORIAN = "http://www.wikidata.org/entity/Q1985727"
RELEVANT_EVERY = 50  # one entity in fifty carries leadership claims: 2%


# Wikidata's JSON, built ----------------------------------------------------------------


def _hash(*parts: object) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def item_snak(prop: str, qid: str) -> dict:
    """A snak whose value is an item."""
    return {"snaktype": "value", "property": prop, "hash": _hash(prop, qid),
            "datavalue": {"value": {"entity-type": "item", "numeric-id": int(qid[1:]),
                                    "id": qid}, "type": "wikibase-entityid"},
            "datatype": "wikibase-item"}


def time_snak(prop: str, time: str, precision: int) -> dict:
    """A snak whose value is a time such as `+2014-00-00T00:00:00Z` at precision 9."""
    return {"snaktype": "value", "property": prop, "hash": _hash(prop, time, precision),
            "datavalue": {"value": {"time": time, "timezone": 0, "before": 0, "after": 0,
                                    "precision": precision, "calendarmodel": GREGORIAN},
                          "type": "time"},
            "datatype": "time"}


def day(iso: str) -> dict[str, object]:
    """Keyword arguments for `time_snak` from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    parts = iso.split("-")
    year, month, date = [*parts, "00", "00"][:3]
    return {"time": f"+{year}-{month}-{date}T00:00:00Z", "precision": 8 + len(parts)}


def special_snak(prop: str, snaktype: str, datatype: str = "time") -> dict:
    """A snak with "unknown value" (`somevalue`) or "no value" (`novalue`)."""
    return {"snaktype": snaktype, "property": prop, "hash": _hash(prop, snaktype),
            "datatype": datatype}


def statement(subject: str, mainsnak: dict, *, rank: str = "normal",
              qualifiers: Iterable[dict] = (), references: bool = True) -> dict:
    """A full statement: main snak, qualifiers in order, rank, id and a reference."""
    grouped: dict[str, list[dict]] = {}
    for snak in qualifiers:
        grouped.setdefault(snak["property"], []).append(snak)
    found = {"mainsnak": mainsnak, "type": "statement"}
    if grouped:
        found["qualifiers"] = grouped
        found["qualifiers-order"] = list(grouped)
    key = _hash(subject, mainsnak, grouped, rank)
    found["id"] = f"{subject}${str(uuid.UUID(key[:32])).upper()}"
    found["rank"] = rank
    if references:
        found["references"] = [{
            "hash": _hash("ref", key),
            "snaks": {"P143": [item_snak("P143", "Q328")]},  # imported from English Wikipedia
            "snaks-order": ["P143"],
        }]
    return found


def claims(statements: Iterable[dict]) -> dict[str, list[dict]]:
    """Statements grouped by property, as an item's `claims` are."""
    grouped: dict[str, list[dict]] = {}
    for found in statements:
        grouped.setdefault(found["mainsnak"]["property"], []).append(found)
    return grouped


def item(qid: str, labels: dict[str, str], *, descriptions: dict[str, str] | None = None,
         aliases: dict[str, list[str]] | None = None, statements: Iterable[dict] = (),
         sitelinks: dict[str, str] | None = None, lastrevid: int | None = None,
         modified: str | None = None) -> dict:
    """An item as the JSON dump has it."""
    found: dict = {
        "type": "item", "id": qid,
        "labels": {lang: {"language": lang, "value": v} for lang, v in labels.items()},
        "descriptions": {lang: {"language": lang, "value": v}
                         for lang, v in (descriptions or {}).items()},
        "aliases": {lang: [{"language": lang, "value": v} for v in values]
                    for lang, values in (aliases or {}).items()},
        "claims": claims(statements),
        "sitelinks": {site: {"site": site, "title": title, "badges": []}
                      for site, title in (sitelinks or {}).items()},
    }
    if lastrevid is not None:
        found["lastrevid"] = lastrevid
    if modified is not None:
        found["modified"] = modified
    return found


def dump_lines(entities: Iterable[dict]) -> Iterator[str]:
    """The lines of a `latest-all.json` dump: `[`, one entity a line ending with a comma
    (all but the last), `]`."""
    yield "[\n"
    previous = None
    for entity in entities:
        if previous is not None:
            yield previous + ",\n"
        previous = json.dumps(entity, ensure_ascii=False, separators=(",", ":"))
    if previous is not None:
        yield previous + "\n"
    yield "]\n"


# The synthetic slice ------------------------------------------------------------------


_FILLER = (
    '{{"type":"item","id":"Q{n}","labels":{{"en":{{"language":"en","value":"Thing {n}"}},'
    '"de":{{"language":"de","value":"Ding {n}"}}}},"descriptions":{{"en":{{"language":"en",'
    '"value":"synthetic item"}}}},"aliases":{{}},"claims":{{"P31":[{{"mainsnak":{{'
    '"snaktype":"value","property":"P31","hash":"{h1}","datavalue":{{"value":{{'
    '"entity-type":"item","numeric-id":{c},"id":"Q{c}"}},"type":"wikibase-entityid"}},'
    '"datatype":"wikibase-item"}},"type":"statement","id":"Q{n}${u1}","rank":"normal"}}],'
    '"P17":[{{"mainsnak":{{"snaktype":"value","property":"P17","hash":"{h2}","datavalue":{{'
    '"value":{{"entity-type":"item","numeric-id":{k},"id":"Q{k}"}},'
    '"type":"wikibase-entityid"}},"datatype":"wikibase-item"}},"type":"statement",'
    '"id":"Q{n}${u2}","rank":"normal"}}]}},"sitelinks":{{}},"lastrevid":{rev},'
    '"modified":"2025-01-01T00:00:00Z"}}'
)
_FILLER_CLASSES = (16521, 79007, 13442814, 486972, 5)  # taxon, street, paper, city, human


def _filler(n: int, rng: random.Random) -> str:
    """A small unrelated item (a taxon, a street, a paper…), as one dump line."""
    bits = f"{rng.getrandbits(128):032x}"
    return _FILLER.format(n=n, c=rng.choice(_FILLER_CLASSES), k=rng.randint(1, 300),
                          h1=bits + "0" * 8, h2="0" * 8 + bits, u1=bits.upper(),
                          u2=bits[::-1].upper(), rev=1_000_000 + n)


class _Slice:
    """Who is who among the relevant entities: organizations, positions and people."""

    def __init__(self, ids: list[str]):
        self.orgs = ids[0::20]
        self.positions = ids[1::20]
        self.people = [qid for j, qid in enumerate(ids) if j % 20 >= 2]

    def org(self, index: int) -> str:
        """An organization, chosen by number."""
        return self.orgs[index % len(self.orgs)]

    def position(self, index: int) -> str:
        """A position, chosen by number."""
        return self.positions[index % len(self.positions)]

    def person(self, index: int) -> str:
        """A person, chosen by number."""
        return self.people[index % len(self.people)]


def _relevant(qid: str, k: int, who: _Slice) -> dict:
    """The k-th relevant entity: an organization, a position, or a person holding one."""
    revision = {"lastrevid": 2_000_000 + k, "modified": "2025-01-01T00:00:00Z"}
    n = k // 20
    if k % 20 == 0:  # an organization: a country or a company, with heads
        country = n % 2 == 0
        name = f"{'Republic' if country else 'Company'} {n}"
        heads = [statement(qid, item_snak("P6" if country else "P169", who.person(n * 7 + i)),
                           rank="preferred" if i == 2 else "normal",
                           qualifiers=[time_snak("P580", **day(f"{1990 + 10 * i}-01-0{1 + i}")),
                                       *([time_snak("P582", **day(f"{2000 + 10 * i}-01-01"))]
                                         if i < 2 else [])])
                 for i in range(3)]
        return item(qid, {"en": name}, aliases={"en": [f"R{n}" if country else f"C{n} Inc."]},
                    statements=[statement(qid, item_snak("P31", "Q6256" if country
                                                         else "Q4830453")),
                                statement(qid, item_snak("P1313" if country else "P2388",
                                                         who.position(n))), *heads],
                    **revision)
    if k % 20 == 1:  # a position of an organization; a third of them name a holder
        holders = [statement(qid, item_snak("P1308", who.person(n * 5)),
                             qualifiers=[time_snak("P580", **day("2001-05"))])
                   ] if n % 3 == 0 else []
        name = f"Prime Minister of {'Republic' if n % 2 == 0 else 'Company'} {n}"
        return item(qid, {"en": name},
                    statements=[statement(qid, item_snak("P31", "Q4164871")),
                                statement(qid, item_snak("P1001", who.org(n))), *holders],
                    **revision)
    held = []
    for term in range(1 + k % 2):
        start = 1950 + (k * 7 + term * 13) % 70
        qualifiers = [time_snak("P580", **day(f"{start}-0{1 + k % 9}-1{k % 10}" if k % 3
                                               else str(start)))]
        if k % 5 == 0:
            qualifiers.append(special_snak("P582", "somevalue"))
        elif k % 5 != 1:
            qualifiers.append(time_snak("P582", **day(f"{start + 4}")))
        if k % 4 == 0:
            qualifiers.append(item_snak("P1365", who.person(k + 1)))
        if k % 17 == 0:
            qualifiers.append(item_snak("P5102", "Q4676846"))
        held.append(statement(qid, item_snak("P39", who.position(k + term)),
                              rank="deprecated" if k % 29 == 0 else "normal",
                              qualifiers=qualifiers))
    return item(qid, {"en": f"Person {k}", "de": f"Person {k}"},
                aliases={"en": [f"P. {k}"]},
                statements=[statement(qid, item_snak("P31", "Q5")), *held], **revision)


def generate(path: Path, entities: int, seed: int = 6) -> dict:
    """Write the synthetic slice; return how many entities and relevant ones it holds."""
    rng = random.Random(seed)
    relevant_ids = [f"Q{i}" for i in range(1, entities + 1) if i % RELEVANT_EVERY == 0]
    relevant_ids = relevant_ids[: len(relevant_ids) // 20 * 20]
    relevant = {qid: k for k, qid in enumerate(relevant_ids)}
    who = _Slice(relevant_ids)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write("[\n")
        for i in range(1, entities + 1):
            k = relevant.get(f"Q{i}")
            line = (json.dumps(_relevant(f"Q{i}", k, who), separators=(",", ":"))
                    if k is not None else _filler(i, rng))
            out.write(line + (",\n" if i < entities else "\n"))
        out.write("]\n")
    return {"entities": entities, "relevant": len(relevant_ids)}


# The run ------------------------------------------------------------------------------


async def _import(slice_path: Path, db_path: Path) -> dict:
    from store import Store
    from wikidata import import_wikidata

    store = await Store.open(db_path)
    try:
        began = time.perf_counter()
        report = await import_wikidata(store, [slice_path])
        seconds = time.perf_counter() - began
        return {"seconds": round(seconds, 2), "report": report.as_dict(),
                "counts": store.counts()}
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    """Generate the slice (in a child process), import it, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the slice and store here, and keep them")
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_only:
        print(json.dumps(generate(args.generate_only, args.entities)))
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        slice_path = folder / "wikidata-20250101-slice.json.gz"
        began = time.perf_counter()
        made = json.loads(subprocess.run(
            [sys.executable, "-m", "bench.wikidata_bench", "--entities", str(args.entities),
             "--generate-only", str(slice_path)], check=True, capture_output=True, text=True,
        ).stdout)
        generated = time.perf_counter() - began
        db_path = folder / "handover.db"
        db_path.unlink(missing_ok=True)
        result = asyncio.run(_import(slice_path, db_path))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(json.dumps({
            "entities": made["entities"], "relevant_entities": made["relevant"],
            "slice_mb": round(slice_path.stat().st_size / 1e6, 1),
            "generate_seconds": round(generated, 1),
            "import_seconds": result["seconds"],
            "entities_per_second": round(made["entities"] / result["seconds"]),
            "peak_rss_mb": round(peak, 1),
            "report": result["report"], "store_counts": result["counts"],
        }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
