"""Reading SPARQL JSON results of the query in docs/wikidata.md (a file, or a query
service's answer) into the same records as a dump: items and holdings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from wikidata.reading import (
    _ENTITY_URI,
    ACTING,
    POSITION_HELD,
    Collection,
    Holding,
    Item,
    WikidataError,
    _day,
    _origin,
    detect_format,
    open_binary,
    read_dump,
    wikidata_date,
)


def _uri_id(binding: dict | None) -> str | None:
    if not binding or binding.get("type") != "uri":
        return None
    match = _ENTITY_URI.search(binding.get("value", ""))
    return match[1] if match else None


def _literal(binding: dict | None) -> str | None:
    if not binding or binding.get("type") not in ("literal", "typed-literal"):
        return None
    return binding.get("value")


def _unknown(binding: dict | None) -> bool:
    """Wikidata's "unknown value" as the query service gives it: a blank node or genid."""
    if not binding:
        return False
    return binding.get("type") == "bnode" or "/.well-known/genid/" in binding.get("value", "")


def _sparql_time(rows: list[dict], name: str) -> tuple[str | None, bool, str | None]:
    for row in rows:
        value = row.get(name)
        if _unknown(value):
            return None, True, None
        text = _literal(value)
        if text:
            precision = _literal(row.get(f"{name}Precision"))
            time = text if text[:1] in "+-" else f"+{text}"
            iso, note = wikidata_date(time, int(precision) if precision else 11)
            return iso, False, note
    return None, False, None


def read_sparql(path: Path, collection: Collection) -> None:
    """Read SPARQL JSON results of the query in docs/wikidata.md into the collection.

    The file is one JSON document (the query service's answers are bounded in size)
    and is read whole. Rows are grouped by `?statement`: the query returns one row per
    combination of optional values, and one statement is one holding.
    """
    try:
        with open_binary(path) as stream:
            data = json.load(stream)
        variables = set(data["head"]["vars"])
        if not isinstance(data["results"]["bindings"], list):
            raise TypeError("bindings are not a list")
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise WikidataError(f"{path.name} is not readable SPARQL JSON results: {error}") from None
    if not {"person", "position"} <= variables:
        raise WikidataError(
            f"{path.name} does not answer the query in docs/wikidata.md: "
            "it needs the variables ?person and ?position"
        )
    read_sparql_results(data, collection, _origin(path, "sparql"))


def read_sparql_results(data: dict, collection: Collection, origin: str) -> None:
    """Read SPARQL JSON results (already parsed) into the collection, grouped by
    `?statement`. Every statement's id is kept with its item, deprecated ones too."""
    groups: dict[str, list[dict]] = {}
    for number, row in enumerate(data["results"]["bindings"]):
        key = (row.get("statement") or {}).get("value") or f"row {number}"
        groups.setdefault(key, []).append(row)
    seen: set[str] = set()
    for key, rows in groups.items():
        _read_sparql_statement(key, rows, collection, origin, seen)
    collection.entities_read += len(seen)


def _sparql_item(collection: Collection, rows: list[dict], name: str, origin: str,
                 seen: set[str], orgs: tuple[str, ...] = ()) -> str | None:
    qid = next((found for row in rows if (found := _uri_id(row.get(name)))), None)
    if qid is None:
        return None
    seen.add(qid)
    label = next((text for row in rows if (text := _literal(row.get(f"{name}Label")))), None)
    if label == qid:
        label = None  # the label service's stand-in when there is no label
    known = collection.items.get(qid) or Item(qid, origin=origin)
    revision = _literal(rows[0].get("revision")) if name == "person" else None
    modified = _day(_literal(rows[0].get("modified"))) if name == "person" else None
    known.name = known.name or label
    known.orgs = known.orgs or orgs
    if known.revision is None and revision and revision.isdigit():
        known.revision = int(revision)
    known.modified = known.modified or modified
    collection.items[qid] = known
    return qid


def _read_sparql_statement(key: str, rows: list[dict], collection: Collection, origin: str,
                           seen: set[str]) -> None:
    ranks = {(_uri_or_literal(row.get("rank")) or "") for row in rows}
    person_id = next((found for row in rows if (found := _uri_id(row.get("person")))), None)
    if person_id and rows[0].get("statement"):
        collection.statements[key.rsplit("/", 1)[-1]] = person_id
    if any(rank.endswith("DeprecatedRank") for rank in ranks):
        collection.skipped["deprecated statements"] += 1
        return
    org = _sparql_item(collection, rows, "org", origin, seen)
    person = _sparql_item(collection, rows, "person", origin, seen)
    position = _sparql_item(collection, rows, "position", origin, seen,
                            orgs=(org,) if org else ())
    if person is None or position is None:
        collection.skipped["statements without a known value"] += 1
        return
    replaces = tuple(dict.fromkeys(
        qid for row in rows if (qid := _sparql_item(collection, [row], "replaces", origin, seen))))
    replaced_by = tuple(dict.fromkeys(
        qid for row in rows
        if (qid := _sparql_item(collection, [row], "replacedBy", origin, seen))))
    start, _, start_note = _sparql_time(rows, "start")
    end, end_unknown, end_note = _sparql_time(rows, "end")
    acting = any(_uri_id(row.get("nature")) == ACTING for row in rows)
    statement = key.rsplit("/", 1)[-1]
    collection.holdings.append(Holding(
        statement=statement, item=person, prop=POSITION_HELD, person=person, kind="position",
        position=position, start=start, end=end, end_unknown=end_unknown or bool(end_note),
        acting=acting, replaces=replaces, replaced_by=replaced_by,
        notes=tuple(note for note in (start_note, end_note) if note),
    ))


def _uri_or_literal(binding: dict | None) -> str | None:
    return binding.get("value") if binding else None



def read_files(paths: list[Path], collection: Collection, *, passes: int = 3) -> Iterator[str]:
    """Read every file into the collection; yield each file's format as it is read.

    Dumps are read once for the holdings, then again (at most `passes - 1` times) for
    only the items that holdings refer to but whose lines mention no relevant property:
    positions and organizations named nowhere else.
    """
    dumps = []
    for path in paths:
        kind = detect_format(path)
        if kind == "sparql":
            read_sparql(path, collection)
        else:
            read_dump(path, collection)
            dumps.append(path)
        yield kind
    for _ in range(passes - 1):
        for path in dumps:
            missing = collection.missing()
            if not missing:
                return
            read_dump(path, collection, wanted=missing)
