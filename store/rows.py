"""Turning rows into facts: shared by every query module."""

from __future__ import annotations

import functools
import sqlite3
from collections import defaultdict

from store.dates import PartialDate, parse_optional
from store.db import Database
from store.models import Entity, Office, Source, Tenure, Transition

ENTITY_COLUMNS = "id, kind, name, org_type"


def seen(fact: str, column: str) -> str:
    """SQL that is true when the fact in `column` is cited in the reader's view: by a
    source everyone sees, or one the reading server brought in."""
    return (f"EXISTS (SELECT 1 FROM fact_sources AS cited WHERE cited.fact = '{fact}'"
            f" AND cited.fact_id = {column} AND cited.scope IN (0, viewer_scope())"
            " AND cited.retracted = 0)")


@functools.cache
def _entity_keys(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{column}" for column in ENTITY_COLUMNS.split(", "))


def entity(row: sqlite3.Row, prefix: str = "") -> Entity | None:
    id_key, kind_key, name_key, org_type_key = _entity_keys(prefix)
    if (entity_id := row[id_key]) is None:
        return None
    return Entity(entity_id, row[kind_key], row[name_key], row[org_type_key])


def entity_columns(table: str, prefix: str) -> str:
    return ", ".join(f"{table}.{column} AS {prefix}{column}"
                     for column in ENTITY_COLUMNS.split(", "))


def get_entity(db: Database, entity_id: int) -> Entity | None:
    row = db.read_one(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,))
    return entity(row) if row else None


def sources_for(db: Database, fact: str, ids: list[int]) -> dict[int, tuple[Source, ...]]:
    """The sources of many facts of one kind, in one query."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return grouped_sources(db.read(
        f"SELECT cites.fact_id AS id, {CITED_COLUMNS} FROM fact_sources AS cites"
        " JOIN sources AS cited ON cited.id = cites.source_id"
        f" WHERE cites.fact = ? AND cites.fact_id IN ({marks})"
        " AND cites.scope IN (0, viewer_scope()) AND cites.retracted = 0",
        (fact, *ids),
    ))[1]


SOURCE_COLUMNS = ("id", "kind", "title", "publisher", "url", "file", "published")
CITED_COLUMNS = "cites.scope AS cited_scope, " + ", ".join(
    f"cited.{column} AS cited_{column}" for column in SOURCE_COLUMNS)
UNCITED_COLUMNS = "NULL AS cited_scope, " + ", ".join(
    f"NULL AS cited_{column}" for column in SOURCE_COLUMNS)  # CITED_COLUMNS' shape, empty


def cited_join(fact: str, column: str) -> str:
    """Left joins that bring along each source citing the fact in `column` in the reader's
    view (as `CITED_COLUMNS`), one row per source; NULLs when none cites it there."""
    return (f" LEFT JOIN fact_sources AS cites ON {_citing(fact, column)}"
            " LEFT JOIN sources AS cited ON cited.id = cites.source_id")


def cited_by(fact: str, column: str) -> tuple[str, str]:
    """The joins and the condition that bring along each source citing the fact in
    `column` in the reader's view (as `CITED_COLUMNS`), one row per source; a fact none
    cites there is left out, as `seen` leaves it out. The joins are CROSS JOINs, which
    SQLite reads as "after the tables before": asked for a few facts, it looks up their
    sources instead of starting from every citation of their kind."""
    return (" CROSS JOIN fact_sources AS cites CROSS JOIN sources AS cited",
            f"{_citing(fact, column)} AND cited.id = cites.source_id")


def _citing(fact: str, column: str) -> str:
    return (f"cites.fact = '{fact}' AND cites.fact_id = {column}"
            " AND cites.scope IN (0, viewer_scope()) AND cites.retracted = 0")


def grouped_sources(found: list[sqlite3.Row], key: str = "id"
                    ) -> tuple[list[sqlite3.Row], dict[int, tuple[Source, ...]]]:
    """Rows joined with `cited_join` or `cited_by`: each fact's first row, in order, and each fact's
    sources by the fact's id (in the order of the rows). A source is `here` when only the
    reader's own server cites it."""
    firsts: dict[int, sqlite3.Row] = {}
    sources: dict[int, dict[int, Source]] = defaultdict(dict)
    for row in found:
        fact_id = row[key]
        firsts.setdefault(fact_id, row)
        if row["cited_id"] is None:
            continue
        known = sources[fact_id].get(row["cited_id"])
        here = row["cited_scope"] != 0 and (known is None or known.here)
        sources[fact_id][row["cited_id"]] = Source(
            row["cited_id"], row["cited_kind"], row["cited_title"], row["cited_publisher"],
            row["cited_url"], row["cited_file"], parse_optional(row["cited_published"]),
            here=here)
    return list(firsts.values()), {fact_id: tuple(by_id[key] for key in sorted(by_id))
                                   for fact_id, by_id in sources.items()}


OFFICE_COLUMNS = ("offices.id AS office_id, offices.role, offices.principal, offices.coverage, "
                  + entity_columns("orgs", "org_"))
OFFICE_SELECT = (f"SELECT {OFFICE_COLUMNS}"
                 " FROM offices JOIN entities AS orgs ON orgs.id = offices.org_id")


def office(row: sqlite3.Row) -> Office:
    return Office(row["office_id"], entity(row, "org_"), row["role"], bool(row["principal"]),
                  row["coverage"])


def visible_office(column: str) -> str:
    """SQL that is true when the reader sees someone hold or take the office in `column`."""
    return (f"(EXISTS (SELECT 1 FROM tenures AS held WHERE held.office_id = {column}"
            f" AND {seen('tenure', 'held.id')})"
            f" OR EXISTS (SELECT 1 FROM transitions AS taken WHERE taken.office_id = {column}"
            f" AND {seen('transition', 'taken.id')}))")


def offices_of(db: Database, org_id: int) -> list[Office]:
    """An organization's offices that the reader sees someone hold or take, the principal
    one first."""
    rows = db.read(f"{OFFICE_SELECT} WHERE offices.org_id = ? AND {visible_office('offices.id')}"
                   " ORDER BY offices.principal DESC, offices.id", (org_id,))
    return [office(row) for row in rows]


TENURE_COLUMNS = ("tenures.id, tenures.start, tenures.end, tenures.acting, tenures.end_scheduled,"
                  " tenures.unverified, tenures.span, tenures.note")
TENURE_SELECT = (
    f"SELECT {TENURE_COLUMNS}, " + entity_columns("people", "person_") + ", "
    + OFFICE_SELECT.removeprefix("SELECT ")
    + " JOIN tenures ON tenures.office_id = offices.id"
    " JOIN entities AS people ON people.id = tenures.person_id"
)


def tenures(db: Database, where: str, parameters: tuple, order: str = "tenures.start_first",
            *, cited: bool = True, limit: int = -1) -> list[Tenure]:
    """Tenures with their office and person; with their sources unless `cited` is False."""
    found, sources = _with_sources(db, "tenure", TENURE_SELECT, where, parameters, order,
                                   limit, cited=cited)
    return [tenure(row, sources.get(row["id"], ())) for row in found]


def _with_sources(db: Database, fact: str, select: str, where: str, parameters: tuple,
                  order: str, limit: int, *, cited: bool = True
                  ) -> tuple[list[sqlite3.Row], dict[int, tuple[Source, ...]]]:
    """The facts `select` finds (in the table named for the fact) that the reader sees,
    and their sources (none unless `cited`): in one query, unless there is a limit."""
    column = f"{fact}s.id"
    if cited and limit < 0:
        joins, citing = cited_by(fact, column)
        return grouped_sources(db.read(
            f"SELECT {CITED_COLUMNS}, {select.removeprefix('SELECT ')}{joins}"
            f" WHERE ({where}) AND {citing} ORDER BY {order}, {column}", parameters))
    found = db.read(f"{select} WHERE ({where}) AND {seen(fact, column)}"
                    f" ORDER BY {order}, {column} LIMIT {int(limit)}", parameters)
    return found, sources_for(db, fact, [row["id"] for row in found]) if cited else {}


def tenure(row: sqlite3.Row, sources: tuple[Source, ...] = (), office_held: Office | None = None
           ) -> Tenure:
    return Tenure(
        row["id"], office_held or office(row), entity(row, "person_"), parse_optional(row["start"]),
        parse_optional(row["end"]), bool(row["acting"]), bool(row["end_scheduled"]),
        bool(row["unverified"]), row["span"], row["note"], sources,
    )


TRANSITION_SELECT = (
    "SELECT transitions.id, transitions.effective, transitions.kind, transitions.place,"
    " transitions.occasion, " + entity_columns("incoming", "in_") + ", "
    + entity_columns("outgoing", "out_") + ", " + OFFICE_SELECT.removeprefix("SELECT ")
    + " JOIN transitions ON transitions.office_id = offices.id"
    " JOIN entities AS incoming ON incoming.id = transitions.incoming_id"
    " LEFT JOIN entities AS outgoing ON outgoing.id = transitions.outgoing_id"
)


def transitions(db: Database, where: str, parameters: tuple,
                order: str = "transitions.effective_first", limit: int = -1) -> list[Transition]:
    """Transitions with their office, the people and their sources."""
    found, sources = _with_sources(db, "transition", TRANSITION_SELECT, where, parameters,
                                   order, limit)
    return [transition(row, sources.get(row["id"], ())) for row in found]


def transition(row: sqlite3.Row, sources: tuple[Source, ...] = ()) -> Transition:
    return Transition(
        row["id"], office(row), entity(row, "out_"), entity(row, "in_"),
        parse_optional(row["effective"]), row["kind"], row["place"], row["occasion"], sources,
    )


def day(date: PartialDate | None) -> str | None:
    return date.first.isoformat() if date else None
