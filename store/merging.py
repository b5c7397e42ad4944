"""Merging two entities that are one person or organization, and undoing it.

The second entity's names and facts move to the first; where the first already has the
same fact (the same tenure, transition, quote or statement), the second's copy hands its
citations to the twin and is retracted. The second entity stays in the store, without
names, so that `undo` can move everything back: the audit row lists each move.
"""

from __future__ import annotations

from typing import Any

import aiosqlite

from store import audit
from store.audit import Actor
from store.corrections import CorrectionError, FactRef, columns, may_change, visible
from store.db import Database, IntegrityError

# (table, fact kind or None, column pointing at an entity)
REFERENCES = (
    ("tenures", "tenure", "person_id"),
    ("transitions", "transition", "incoming_id"),
    ("transitions", "transition", "outgoing_id"),
    ("quotes", "quote", "speaker_id"),
    ("statements", "statement", "person_id"),
    ("statements", "statement", "target_id"),
    ("offices", None, "org_id"),
    ("notes", None, "org_id"),
    ("subscriptions", None, "org_id"),
)
# what makes two rows the same fact, beside the entity column
IDENTITY = {
    "tenures": "office_id IS ? AND coalesce(start, '') = coalesce(?, '')",
    "transitions": "office_id IS ? AND coalesce(effective, '') = coalesce(?, '')",
    "quotes": "text IS ? AND 1 = ?",
    "statements": "kind IS ? AND text = ?",
    "offices": "lower(role) = lower(?) AND 1 = ?",
}
IDENTITY_COLUMNS = {"tenures": ("office_id", "start"), "transitions": ("office_id", "effective"),
                    "quotes": ("text", None), "statements": ("kind", "text"),
                    "offices": ("role", None)}


async def _all(db: aiosqlite.Connection, sql: str, parameters: tuple = ()) -> list:
    async with db.execute(sql, parameters) as cursor:
        return list(await cursor.fetchall())


async def _twin(db: aiosqlite.Connection, table: str, column: str, row: dict,
                into: int) -> int | None:
    """The row of `table` that is the same fact as `row`, but for entity `into`."""
    if table not in IDENTITY or column in ("outgoing_id", "target_id"):
        return None
    first, second = IDENTITY_COLUMNS[table]
    found = await _all(db, f"SELECT id FROM {table} WHERE {column} = ? AND {IDENTITY[table]}",
                       (into, row[first], row[second] if second else 1))
    return found[0]["id"] if found else None


async def merge(database: Database, keep: FactRef, gone: FactRef, actor: Actor,
                reason: str | None = None) -> dict[str, Any]:
    """Merge entity `gone` into entity `keep`; returns what moved (as the audit keeps it)."""
    if keep.kind != "entity" or gone.kind != "entity" or keep.id == gone.id:
        raise CorrectionError("Merge two different entities, like entity:7 entity:9.")
    first, second = columns(database, keep), columns(database, gone)
    if first["kind"] != second["kind"]:
        raise CorrectionError(f"{keep} is a {first['kind']} and {gone} a {second['kind']}: "
                              "only two people or two organizations can be one.")
    for ref in (keep, gone):
        if not visible(database, ref, actor):
            raise CorrectionError(f"There is no {ref}.")
        if not may_change(database, ref, actor):
            raise CorrectionError(f"{ref} is seen by every server: only an editor can merge it.")
    moved: dict[str, Any] = {"rows": [], "twins": [], "aliases": [], "citations": []}
    async with database.transaction() as db:
        for alias in await _all(db, "SELECT alias, norm, scope FROM aliases WHERE entity_id = ?",
                                (gone.id,)):
            async with db.execute("INSERT OR IGNORE INTO aliases (entity_id, alias, norm, scope)"
                                  " VALUES (?, ?, ?, ?)", (keep.id, *alias)) as cursor:
                moved["aliases"].append([*alias, bool(cursor.rowcount)])
        await db.execute("DELETE FROM aliases WHERE entity_id = ?", (gone.id,))
        for table, fact, column in REFERENCES:
            for row in await _all(db, f"SELECT * FROM {table} WHERE {column} = ?", (gone.id,)):
                twin = await _twin(db, table, column, dict(row), keep.id)
                if twin is not None and fact is not None:
                    moved["twins"].append([fact, row["id"], twin,
                                           await _hand_over(db, fact, row["id"], twin)])
                elif twin is not None:  # an office of the same role: its facts move over
                    await _merge_offices(db, row["id"], twin, moved)
                else:
                    moved["rows"].append([table, row["id"], column, gone.id])
                    await _move(db, table, row["id"], column, keep.id)
        cited = await _all(db, "SELECT source_id, scope FROM fact_sources WHERE fact = 'entity'"
                               " AND fact_id = ?", (gone.id,))
        for source_id, scope in cited:
            async with db.execute("INSERT OR IGNORE INTO fact_sources (fact, fact_id, source_id,"
                                  " scope) VALUES ('entity', ?, ?, ?)",
                                  (keep.id, source_id, scope)) as cursor:
                if cursor.rowcount:
                    moved["citations"].append([source_id, scope])
        await audit.record(db, actor, "merge", str(keep), before={"merged": str(gone)},
                           after=moved, reason=reason)
    return moved


OFFICE_FACTS = {"tenures": ("tenure", "person_id = ? AND coalesce(start, '') ="
                                      " coalesce(?, '')", ("person_id", "start")),
                "transitions": ("transition", "incoming_id = ? AND coalesce(effective, '') ="
                                              " coalesce(?, '')", ("incoming_id", "effective"))}


async def _merge_offices(db: aiosqlite.Connection, office: int, twin: int,
                         moved: dict[str, Any]) -> None:
    """Two offices of one role: the first's tenures and transitions join the second, as
    twins where the second already has them."""
    for table, (fact, same, keys) in OFFICE_FACTS.items():
        for row in await _all(db, f"SELECT * FROM {table} WHERE office_id = ?", (office,)):
            found = await _all(db, f"SELECT id FROM {table} WHERE office_id = ? AND {same}",
                               (twin, *(row[key] for key in keys)))
            if found:
                moved["twins"].append([fact, row["id"], found[0]["id"],
                                       await _hand_over(db, fact, row["id"], found[0]["id"])])
            else:
                moved["rows"].append([table, row["id"], "office_id", office])
                await _move(db, table, row["id"], "office_id", twin)


async def _hand_over(db: aiosqlite.Connection, fact: str, duplicate: int, twin: int
                     ) -> dict[str, list[list[int]]]:
    """The duplicate's citations, given to its twin and retracted on the duplicate: which
    the twin did not have already and which were retracted, for undo."""
    given, retracted = [], []
    for source_id, scope, evidence in await _all(
            db, "SELECT source_id, scope, evidence FROM fact_sources WHERE fact = ?"
                " AND fact_id = ? AND retracted = 0", (fact, duplicate)):
        async with db.execute("INSERT OR IGNORE INTO fact_sources (fact, fact_id, source_id,"
                              " evidence, scope) VALUES (?, ?, ?, ?, ?)",
                              (fact, twin, source_id, evidence, scope)) as cursor:
            if cursor.rowcount:
                given.append([source_id, scope])
        await db.execute("UPDATE fact_sources SET retracted = 1 WHERE fact = ? AND fact_id = ?"
                         " AND source_id = ? AND scope = ?", (fact, duplicate, source_id, scope))
        retracted.append([source_id, scope])
    return {"given": given, "retracted": retracted}


async def _move(db: aiosqlite.Connection, table: str, row_id: int, column: str,
                to: int) -> None:
    try:
        await db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (to, row_id))
    except IntegrityError:
        raise CorrectionError("Those two cannot be merged automatically: they hold facts "
                              "that clash. Retract the duplicate first.") from None


async def unmerge(db: aiosqlite.Connection, keep: FactRef, entry: audit.Entry) -> None:
    """Undo a merge inside the caller's transaction, from what its audit row recorded."""
    gone = FactRef.parse(entry.before["merged"])
    moved = entry.after
    for table, row_id, column, value in reversed(moved["rows"]):
        await db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id))
    for fact, row_id, twin, handed in moved["twins"]:
        for source_id, scope in handed["given"]:
            await db.execute("DELETE FROM fact_sources WHERE fact = ? AND fact_id = ?"
                             " AND source_id = ? AND scope = ?", (fact, twin, source_id, scope))
        for source_id, scope in handed["retracted"]:
            await db.execute("UPDATE fact_sources SET retracted = 0 WHERE fact = ? AND fact_id = ?"
                             " AND source_id = ? AND scope = ?", (fact, row_id, source_id, scope))
    for alias, norm, scope, added in moved["aliases"]:
        await db.execute("INSERT OR IGNORE INTO aliases (entity_id, alias, norm, scope)"
                         " VALUES (?, ?, ?, ?)", (gone.id, alias, norm, scope))
        if added:
            await db.execute("DELETE FROM aliases WHERE entity_id = ? AND norm = ?",
                             (keep.id, norm))
    for source_id, scope in moved["citations"]:
        await db.execute("DELETE FROM fact_sources WHERE fact = 'entity' AND fact_id = ?"
                         " AND source_id = ? AND scope = ?", (keep.id, source_id, scope))
