"""Turning rows into facts: shared by every query module."""

from __future__ import annotations

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


def entity(row: sqlite3.Row, prefix: str = "") -> Entity | None:
    if row[f"{prefix}id"] is None:
        return None
    return Entity(row[f"{prefix}id"], row[f"{prefix}kind"], row[f"{prefix}name"],
                  row[f"{prefix}org_type"])


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
    found: dict[int, list[Source]] = defaultdict(list)
    marks = ",".join("?" * len(ids))
    for row in db.read(
        "SELECT fact_sources.fact_id, min(fact_sources.scope) AS scope, sources.*"
        " FROM fact_sources JOIN sources ON sources.id = fact_sources.source_id"
        f" WHERE fact_sources.fact = ? AND fact_sources.fact_id IN ({marks})"
        " AND fact_sources.scope IN (0, viewer_scope()) AND fact_sources.retracted = 0"
        " GROUP BY fact_sources.fact_id, sources.id ORDER BY sources.id",
        (fact, *ids),
    ):
        found[row["fact_id"]].append(Source(
            row["id"], row["kind"], row["title"], row["publisher"], row["url"], row["file"],
            parse_optional(row["published"]), here=row["scope"] != 0,
        ))
    return {fact_id: tuple(sources) for fact_id, sources in found.items()}


OFFICE_SELECT = (
    "SELECT offices.id AS office_id, offices.role, offices.principal, offices.coverage, "
    + entity_columns("orgs", "org_")
    + " FROM offices JOIN entities AS orgs ON orgs.id = offices.org_id"
)


def office(row: sqlite3.Row) -> Office:
    return Office(row["office_id"], entity(row, "org_"), row["role"], bool(row["principal"]),
                  row["coverage"])


def offices_of(db: Database, org_id: int) -> list[Office]:
    """An organization's offices that the reader sees someone hold or take, the principal
    one first."""
    rows = db.read(f"{OFFICE_SELECT} WHERE offices.org_id = ?"
                   " AND (EXISTS (SELECT 1 FROM tenures WHERE tenures.office_id = offices.id"
                   f" AND {seen('tenure', 'tenures.id')})"
                   " OR EXISTS (SELECT 1 FROM transitions"
                   " WHERE transitions.office_id = offices.id"
                   f" AND {seen('transition', 'transitions.id')}))"
                   " ORDER BY offices.principal DESC, offices.id", (org_id,))
    return [office(row) for row in rows]


TENURE_SELECT = (
    "SELECT tenures.*, " + entity_columns("people", "person_") + ", "
    + OFFICE_SELECT.removeprefix("SELECT ")
    + " JOIN tenures ON tenures.office_id = offices.id"
    " JOIN entities AS people ON people.id = tenures.person_id"
)


def tenures(db: Database, where: str, parameters: tuple, order: str = "tenures.start_first",
            *, cited: bool = True, limit: int = -1) -> list[Tenure]:
    """Tenures with their office and person; with their sources unless `cited` is False."""
    rows = db.read(f"{TENURE_SELECT} WHERE ({where}) AND {seen('tenure', 'tenures.id')}"
                   f" ORDER BY {order} LIMIT {int(limit)}", parameters)
    cited = sources_for(db, "tenure", [row["id"] for row in rows]) if cited else {}
    return [
        Tenure(
            row["id"], office(row), entity(row, "person_"), parse_optional(row["start"]),
            parse_optional(row["end"]), bool(row["acting"]), bool(row["end_scheduled"]),
            bool(row["unverified"]), row["span"], row["note"], cited.get(row["id"], ()),
        )
        for row in rows
    ]


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
    rows = db.read(f"{TRANSITION_SELECT} WHERE ({where})"
                   f" AND {seen('transition', 'transitions.id')}"
                   f" ORDER BY {order} LIMIT {int(limit)}", parameters)
    cited = sources_for(db, "transition", [row["id"] for row in rows])
    return [
        Transition(
            row["id"], office(row), entity(row, "out_"), entity(row, "in_"),
            parse_optional(row["effective"]), row["kind"], row["place"], row["occasion"],
            cited.get(row["id"], ()),
        )
        for row in rows
    ]


def day(date: PartialDate | None) -> str | None:
    return date.first.isoformat() if date else None
