"""Reading Wikidata: entity dumps, streamed line by line, and SPARQL JSON results.

This module turns what Wikidata says into plain records — who held which position,
from when to when, whom they replaced, whether they were acting — and knows nothing
of the store. `wikidata/resolve.py` resolves the records into a plan the store writes.

Three inputs are read, plain, gzip or bzip2 (told apart by their first bytes):

- the JSON entity dump (`latest-all.json`): a JSON array with one entity per line,
  each line ending with a comma;
- newline-delimited entities, one per line without the array (what
  `wikibase-dump-filter` writes);
- SPARQL JSON results of the query in docs/wikidata.md.

A dump is never loaded whole. Each raw line is first searched, as bytes, for the
property ids that matter; only the few lines that mention one are parsed as JSON.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from store.packs import PackError

# Statements that say who held an office, by where they are made.
POSITION_HELD = "P39"  # on a person: the position
OFFICEHOLDER = "P1308"  # on a position: the person
HOLDER_PROPERTIES = {  # on an organization: the person, and which of its offices
    "P6": "government",  # head of government
    "P35": "state",  # head of state
    "P169": "ceo",  # chief executive officer
    "P488": "chair",  # chairperson
    "P1037": "director",  # director / manager
}
OFFICE_PROPERTIES = {  # on an organization: the position item of its head's office
    "P2388": "head",  # office held by head of the organization
    "P1313": "government",  # office held by head of government
    "P1906": "state",  # office held by head of state
}
# Where a position item says which organization it belongs to, most specific first.
POSITION_ORG_PROPERTIES = ("P2389", "P1001", "P642")  # organization directed, jurisdiction, of
# Where a position-held statement names the organization of a generic position (CEO of …).
STATEMENT_ORG_PROPERTIES = ("P642", "P2389", "P1001", "P108")
START, END = "P580", "P582"
REPLACES, REPLACED_BY = ("P1365", "P155"), ("P1366", "P156")  # replaces, or else follows …
ACTING_PROPERTIES = ("P5102", "P2868")  # nature of statement, subject has role
ACTING = "Q4676846"  # acting
CLASS_PROPERTIES = ("P31", "P279")  # instance of, subclass of

RELEVANT = (POSITION_HELD, OFFICEHOLDER, *HOLDER_PROPERTIES, *OFFICE_PROPERTIES)
_RELEVANT_BYTES = re.compile(
    rb'"(?:' + b"|".join(p.encode() for p in RELEVANT) + rb')"'
)
_LINE_ID = re.compile(rb'\[?\s*\{"type":"[a-z]+","id":"([A-Z]\d+)"')
_TIME = re.compile(r"^([+-]?)(\d{1,16})-(\d\d)-(\d\d)")
_ENTITY_URI = re.compile(r"/entity/([QP]\d+)$")
_DUMP_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_READ_SIZE = 1 << 20


class WikidataError(PackError):
    """A file that cannot be imported from Wikidata; the message is fit to show an operator."""


@dataclass(slots=True)
class Item:
    """What is kept of one Wikidata item: its names, classes and revision."""

    qid: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    classes: frozenset[str] = frozenset()
    orgs: tuple[str, ...] = ()  # as a position: the organizations it belongs to
    revision: int | None = None
    modified: str | None = None  # the day of that revision, YYYY-MM-DD
    origin: str = ""  # the file it was read from, as a source title says it
    dumped: str | None = None  # the dump's date, YYYY-MM-DD, when its file name gives it


@dataclass(slots=True)
class Holding:
    """One statement that a person held (or holds) an office."""

    statement: str  # the statement's id, as Wikidata gives it
    item: str  # the item the statement is made on, cited as the source
    prop: str  # the property that made it: P39, P1308, P6, …
    person: str
    kind: str  # 'position', or the office of an organization: government, state, ceo, …
    position: str | None = None
    org: str | None = None  # the organization named by the statement itself
    start: str | None = None
    end: str | None = None
    end_unknown: bool = False  # the end is Wikidata's "unknown value": ended, date unknown
    acting: bool = False
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class Collection:
    """Everything read from the files of one import, before it is resolved."""

    languages: tuple[str, ...] = ("en",)
    items: dict[str, Item] = field(default_factory=dict)
    holdings: list[Holding] = field(default_factory=list)
    offices: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, kind) → position
    owners: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # position → orgs
    entities_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    statements: dict[str, str] = field(default_factory=dict)  # SPARQL: every id → its item

    def referenced(self) -> set[str]:
        """Every item the holdings need a name or an organization from."""
        found: set[str] = set()
        for holding in self.holdings:
            found.add(holding.person)
            found.update(holding.replaces)
            found.update(holding.replaced_by)
            for qid in (holding.position, holding.org):
                if qid:
                    found.add(qid)
        for (org, _), position in self.offices.items():
            found.update((org, position))
        for qid in list(found):
            item = self.items.get(qid)
            if item:
                found.update(item.orgs)
        return found

    def missing(self) -> set[str]:
        """Referenced items not read yet."""
        return {qid for qid in self.referenced() if qid not in self.items}


# Reading files ---------------------------------------------------------------------------


def open_binary(path: Path) -> BinaryIO:
    """Open a plain, gzip or bzip2 file for reading bytes, told apart by its first bytes."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise WikidataError(f"no file at {path}") from None
    except OSError as error:
        raise WikidataError(f"cannot read {path}: {error}") from None
    magic = raw.read(3)
    raw.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if magic == b"BZh":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    return io.BufferedReader(raw, _READ_SIZE)  # type: ignore[arg-type]


def detect_format(path: Path) -> str:
    """'dump' (array, one entity a line), 'lines' (one entity a line) or 'sparql'."""
    try:
        with open_binary(path) as stream:
            head = stream.read(1 << 16)
    except (OSError, EOFError, ValueError) as error:
        raise WikidataError(f"cannot read {path.name}: {error}") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return "dump"
    if text.startswith(b"{"):
        if re.match(rb'\{\s*"head"\s*:', text) or (
            b'"results"' in text and b'"bindings"' in text and b'"claims"' not in text
        ):
            return "sparql"
        if re.match(rb'\{\s*"(type|id)"\s*:', text) or b'"claims"' in text:
            return "lines"
    raise WikidataError(
        f"{path.name} is neither a Wikidata JSON dump nor SPARQL JSON results"
    )


def dump_date(path: Path) -> str | None:
    """The date in a dump's file name (`wikidata-20240304-all.json.gz`), if it has one."""
    match = _DUMP_DATE.search(path.name)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _origin(path: Path, kind: str) -> str:
    day = dump_date(path)
    if kind == "sparql":
        return f"query results {path.name}"
    return f"dump of {day}" if day else f"dump {path.name}"


def _entity_json(line: bytes) -> dict | None:
    """The entity on one dump line, or None for the array's brackets and blank lines.

    An entity is an object, so the array's `[`, `]` and the separating comma can be
    trimmed from either end of the line without touching it.
    """
    line = line.lstrip(b"[ \t").rstrip(b",] \t\r\n")
    if not line:
        return None
    entity = json.loads(line)
    return entity if isinstance(entity, dict) else None


def read_dump(path: Path, collection: Collection, *, wanted: set[str] | None = None) -> None:
    """Stream one dump file into the collection.

    With `wanted`, only those items are read (the second pass, for names of positions
    and organizations that the first pass found referenced); otherwise every line is
    counted and those mentioning a relevant property are read.
    """
    origin, dumped = _origin(path, "dump"), dump_date(path)
    relevant = _RELEVANT_BYTES.search
    line_id = _LINE_ID.match
    wanted_ids = {qid.encode() for qid in wanted} if wanted is not None else None
    read = 0
    try:
        with open_binary(path) as stream:
            for line in stream:
                if len(line) < 3:
                    continue  # the array's brackets
                if wanted_ids is None:
                    read += 1
                    if relevant(line) is None:
                        continue
                else:
                    match = line_id(line)
                    if match is not None and match.group(1) not in wanted_ids:
                        continue
                try:
                    entity = _entity_json(line)
                except (ValueError, UnicodeDecodeError):
                    collection.skipped["unreadable lines"] += wanted_ids is None
                    continue
                if entity is None:
                    read -= wanted_ids is None
                    continue
                if wanted_ids is not None:
                    qid = entity.get("id")
                    if qid not in wanted:
                        continue
                    wanted_ids.discard(qid.encode())
                read_entity(entity, collection, origin=origin, dumped=dumped,
                            statements=wanted is None)
                if wanted_ids is not None and not wanted_ids:
                    break  # every item wanted is found: the rest need not be read
    except (OSError, EOFError, ValueError) as error:
        raise WikidataError(f"cannot read {path.name}: {error}") from None
    collection.entities_read += read


# Entities ------------------------------------------------------------------------------


def _names(entity: dict, languages: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """The name in the first language that has one, and every other name as an alias."""
    labels = entity.get("labels") or {}
    aliases = entity.get("aliases") or {}
    langs = [*languages, "mul"]
    name = next((labels[lang]["value"] for lang in langs if lang in labels), None)
    others: list[str] = []
    for lang in langs:
        if lang in labels:
            others.append(labels[lang]["value"])
        others.extend(alias["value"] for alias in aliases.get(lang, ()))
    unique = tuple(dict.fromkeys(other for other in others if other and other != name))
    return name, unique


def _value_id(snak: dict) -> str | None:
    """The item an item-valued snak points to, or None for no value or an unknown one."""
    if snak.get("snaktype") != "value":
        return None
    value = (snak.get("datavalue") or {}).get("value")
    if not isinstance(value, dict):
        return None
    if value.get("id"):
        return value["id"]
    number = value.get("numeric-id")
    return f"Q{number}" if number is not None else None


def _item_values(claims: dict, prop: str, *, skip_deprecated: bool = True) -> list[str]:
    found = []
    for statement in claims.get(prop, ()):
        if skip_deprecated and statement.get("rank") == "deprecated":
            continue
        qid = _value_id(statement.get("mainsnak") or {})
        if qid:
            found.append(qid)
    return found


def wikidata_date(time: str, precision: int) -> tuple[str | None, str | None]:
    """A Wikidata time as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, kept to its precision.

    Precision 9 is a year, 10 a month, 11 (or finer) a day; `+2014-00-00T00:00:00Z`
    at precision 9 is `2014`. Coarser dates (decades, centuries) and dates before the
    common era are not kept: the second value says why, for the tenure's note.
    """
    match = _TIME.match(time.strip())
    if not match:
        return None, f"a date Wikidata gives as {time!r} was not read"
    sign, year_text, month_text, day_text = match.groups()
    year, month, day = int(year_text), int(month_text), int(day_text)
    if sign == "-" or year == 0 or year > 9999:
        return None, f"a date outside the common era ({time}) was not kept"
    if precision < 9:
        span = {8: "decade", 7: "century", 6: "millennium"}.get(precision, "era")
        return None, f"a date known only to the {span} of {year} was not kept"
    month = month if precision >= 10 and 1 <= month <= 12 else 0
    day = day if precision >= 11 and month else 0
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            day = 0  # an impossible day: keep the month
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return iso, None


def _time(snaks: list[dict]) -> tuple[str | None, bool, str | None]:
    """(date, unknown value?, note) from a start or end qualifier."""
    for snak in snaks:
        kind = snak.get("snaktype")
        if kind == "somevalue":
            return None, True, None
        if kind == "value":
            value = (snak.get("datavalue") or {}).get("value") or {}
            if isinstance(value, dict) and "time" in value:
                iso, note = wikidata_date(value["time"], int(value.get("precision", 11)))
                return iso, False, note
    return None, False, None  # absent, or "no value": no end


def _qualifier_ids(qualifiers: dict, props: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for prop in props:
        found.extend(qid for snak in qualifiers.get(prop, ()) if (qid := _value_id(snak)))
    return tuple(dict.fromkeys(found))


def _holding(statement: dict, item: str, prop: str, kind: str, collection: Collection, *,
             person: str | None = None, position: str | None = None,
             org: str | None = None) -> Holding | None:
    """One statement read as a holding, or None (counted) when it says nothing usable."""
    if statement.get("rank") == "deprecated":
        collection.skipped["deprecated statements"] += 1
        return None
    value = _value_id(statement.get("mainsnak") or {})
    if value is None:
        collection.skipped["statements without a known value"] += 1
        return None
    qualifiers = statement.get("qualifiers") or {}
    start, _, start_note = _time(qualifiers.get(START, ()))
    end, end_unknown, end_note = _time(qualifiers.get(END, ()))
    if end_note:
        end_unknown = True  # an end was given, if not one we can place: the tenure ended
    acting = ACTING in _qualifier_ids(qualifiers, ACTING_PROPERTIES)
    return Holding(
        statement=str(statement.get("id") or f"{item}${prop}${value}"),
        item=item, prop=prop, kind=kind,
        person=person or value, position=position if position else (
            value if prop == POSITION_HELD else None),
        org=org if org else (
            _first(_qualifier_ids(qualifiers, STATEMENT_ORG_PROPERTIES))
            if prop == POSITION_HELD else None),
        start=start, end=end, end_unknown=end_unknown, acting=acting,
        replaces=_qualifier_ids(qualifiers, REPLACES),
        replaced_by=_qualifier_ids(qualifiers, REPLACED_BY),
        notes=tuple(note for note in (start_note, end_note) if note),
    )


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


def _day(timestamp: object) -> str | None:
    if isinstance(timestamp, str) and re.match(r"^\d{4}-\d\d-\d\d", timestamp):
        return timestamp[:10]
    return None


def read_entity(entity: dict, collection: Collection, *, origin: str = "",
                dumped: str | None = None, statements: bool = True) -> None:
    """Keep an entity's names and classes, and the holdings its statements make."""
    qid = entity.get("id")
    if not isinstance(qid, str) or entity.get("type", "item") != "item":
        return
    claims = entity.get("claims") or {}
    name, aliases = _names(entity, collection.languages)
    descriptions = entity.get("descriptions") or {}
    description = next((descriptions[lang]["value"] for lang in (*collection.languages, "mul")
                        if lang in descriptions), None)
    classes = frozenset(qid for prop in CLASS_PROPERTIES for qid in _item_values(claims, prop))
    orgs = tuple(dict.fromkeys(
        qid for prop in POSITION_ORG_PROPERTIES for qid in _item_values(claims, prop)))
    revision = entity.get("lastrevid")
    collection.items[qid] = Item(
        qid, name, aliases, description, classes, orgs,
        revision if isinstance(revision, int) else None, _day(entity.get("modified")), origin,
        dumped,
    )
    if not statements:
        return
    holdings = collection.holdings
    for statement in claims.get(POSITION_HELD, ()):
        if found := _holding(statement, qid, POSITION_HELD, "position", collection, person=qid):
            holdings.append(found)
    for statement in claims.get(OFFICEHOLDER, ()):
        if found := _holding(statement, qid, OFFICEHOLDER, "position", collection,
                             position=qid):
            holdings.append(found)
    for prop, kind in HOLDER_PROPERTIES.items():
        for statement in claims.get(prop, ()):
            if found := _holding(statement, qid, prop, kind, collection, org=qid):
                holdings.append(found)
    for prop, kind in OFFICE_PROPERTIES.items():
        statements_of = claims.get(prop, ())
        ranked = sorted(statements_of, key=lambda s: s.get("rank") != "preferred")
        for position in _item_values({prop: ranked}, prop):
            collection.offices.setdefault((qid, kind), position)
            owners = collection.owners.setdefault(position, [])
            if (qid, kind) not in owners:
                owners.append((qid, kind))
