"""Undoing a logged change: what `correct`, `retract`, `publish`, `alias` and `merge`
changed is put back from the audit row, and the undo is logged in turn (once only)."""

from __future__ import annotations

from store import audit
from store.audit import Actor
from store.corrections import (
    CorrectionError,
    FactRef,
    mark,
    may_change,
    set_columns,
    trusted,
)
from store.db import Database
from store.merging import unmerge

UNDOABLE = ("correct", "retract", "publish", "alias-add", "alias-remove", "merge")


async def undo(database: Database, entry_id: int, actor: Actor) -> audit.Entry:
    """Put back what one logged change changed; returns that change."""
    (entry,) = audit.entries(database, entry_id=entry_id) or [None]
    if entry is None or entry.action not in UNDOABLE:
        raise CorrectionError(f"Change #{entry_id} is not one that can be undone "
                              f"({', '.join(UNDOABLE)}).")
    if audit.entries(database, target=f"audit:{entry_id}"):
        raise CorrectionError(f"Change #{entry_id} was already undone.")
    ref = FactRef.parse(entry.target)
    if not trusted(actor) and (entry.guild_id != actor.guild_id
                                or not may_change(database, ref, actor)):
        raise CorrectionError("Only an editor can undo that change.")
    async with database.transaction() as db:
        match entry.action:
            case "correct":
                await set_columns(db, ref, entry.before)
                await db.execute("DELETE FROM fact_sources WHERE fact = ? AND fact_id = ?"
                                 " AND source_id = ?", (ref.kind, ref.id, entry.after["cited"]))
            case "retract":
                await mark(db, ref, entry.before["citations"], retracted=False)
            case "publish":
                for fact, fact_id, source_id in entry.after["citations"]:
                    await db.execute("DELETE FROM fact_sources WHERE fact = ? AND fact_id = ?"
                                     " AND source_id = ? AND scope = 0",
                                     (fact, fact_id, source_id))
                for entity_id, norm, scope in entry.after["aliases"]:
                    await db.execute("UPDATE aliases SET scope = ? WHERE entity_id = ?"
                                     " AND norm = ?", (scope, entity_id, norm))
                for office_id, scope in entry.after["offices"]:
                    await db.execute("UPDATE offices SET scope = ? WHERE id = ?",
                                     (scope, office_id))
            case "alias-add":
                if entry.before:
                    await db.execute("UPDATE aliases SET scope = ? WHERE entity_id = ?"
                                     " AND norm = ?", (entry.before["scope"], ref.id,
                                                       entry.before["norm"]))
                else:
                    await db.execute("DELETE FROM aliases WHERE entity_id = ? AND norm = ?",
                                     (ref.id, entry.after["norm"]))
            case "merge":
                await unmerge(db, ref, entry)
            case "alias-remove":
                await db.execute("INSERT OR IGNORE INTO aliases (entity_id, alias, norm, scope)"
                                 " VALUES (?, ?, ?, ?)", (ref.id, entry.before["alias"],
                                                          entry.before["norm"],
                                                          entry.before["scope"]))
        await audit.record(db, actor, "undo", f"audit:{entry_id}",
                           before={"action": entry.action, "target": entry.target,
                                   "after": entry.after},
                           after={"action": entry.action, "target": entry.target,
                                  "restored": entry.before})
    return entry
