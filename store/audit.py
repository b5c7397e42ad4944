"""The audit log: one append-only row per change, written in the change's own transaction.

Who made a change is an `Actor`: a Discord user acting as an editor (trusted with what
every server sees) or as a moderator (of one server), or the operator at the command
line. The SQL triggers refuse to update or delete a row of the log.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from store.db import Database


@dataclass(frozen=True)
class Actor:
    """Who changes the store, and in which server."""

    role: str = "operator"  # operator, editor or moderator
    user_id: int | None = None
    guild_id: int | None = None

    @property
    def scope(self) -> int:
        """Where what they bring in is seen: 0 everywhere, else their server only."""
        return (self.guild_id or 0) if self.role == "moderator" else 0


OPERATOR = Actor()


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    actor_id: int | None
    actor_role: str
    guild_id: int | None
    action: str
    target: str | None
    before: Any
    after: Any
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "actor": self.actor_id, "role": self.actor_role,
                "guild": self.guild_id, "action": self.action, "target": self.target,
                "before": self.before, "after": self.after, "reason": self.reason}


def now() -> str:
    """The present moment as the store writes it: UTC, YYYY-MM-DDTHH:MM:SSZ."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def record(db: aiosqlite.Connection, actor: Actor, action: str, target: str | None = None,
                 *, before: Any = None, after: Any = None, reason: str | None = None) -> None:
    """Log one change inside the caller's open transaction."""
    await db.execute(
        "INSERT INTO audit (at, actor_id, actor_role, guild_id, action, target, before, after,"
        " reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (now(), actor.user_id, actor.role, actor.guild_id, action, target,
         None if before is None else json.dumps(before, ensure_ascii=False),
         None if after is None else json.dumps(after, ensure_ascii=False), reason))


def entries(database: Database, *, since: str | None = None, guild_id: int | None = None,
            target: str | None = None, entry_id: int | None = None, limit: int = 1000
            ) -> list[Entry]:
    """The log, oldest first: from the day `since`, in one server, about one target."""
    found = database.read(
        "SELECT * FROM audit WHERE (? IS NULL OR at >= ?) AND (? IS NULL OR guild_id = ?)"
        " AND (? IS NULL OR target = ?) AND (? IS NULL OR id = ?) ORDER BY id LIMIT ?",
        (since, since, guild_id, guild_id, target, target, entry_id, entry_id, limit))
    return [Entry(row["id"], row["at"], row["actor_id"], row["actor_role"], row["guild_id"],
                  row["action"], row["target"],
                  json.loads(row["before"]) if row["before"] else None,
                  json.loads(row["after"]) if row["after"] else None, row["reason"])
            for row in found]
