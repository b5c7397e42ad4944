"""The review queue: extractions waiting for a moderator's Accept or Reject."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from store import articles, audit
from store.articles import IngestReport
from store.audit import OPERATOR, Actor
from store.db import Database
from store.writer import FactWriter, SourceInfo


@dataclass(frozen=True)
class Review:
    id: int
    origin: str
    guild_id: int | None
    channel_id: int | None
    message_id: int | None
    requested_by: int | None
    source: SourceInfo
    extraction: dict[str, Any]
    status: str
    decided_by: int | None


def _review(row) -> Review:
    return Review(row["id"], row["origin"], row["guild_id"], row["channel_id"],
                  row["message_id"], row["requested_by"],
                  SourceInfo(**json.loads(row["source"])), json.loads(row["extraction"]),
                  row["status"], row["decided_by"])


async def queue(database: Database, origin: str, extraction: dict, source: SourceInfo, *,
                guild_id: int | None = None, channel_id: int | None = None,
                actor: Actor = OPERATOR) -> int:
    async with database.transaction() as db:
        async with db.execute(
                "INSERT INTO reviews (origin, guild_id, channel_id, requested_by, source,"
                " extraction) VALUES (?, ?, ?, ?, ?, ?)",
                (origin, guild_id, channel_id, actor.user_id,
                 json.dumps(dataclasses.asdict(source)), json.dumps(extraction))) as cursor:
            review_id = cursor.lastrowid
        await audit.record(db, actor, "ingest", f"review:{review_id}", after={
            "origin": origin, "source": source.title or source.url or source.file
            or "pasted text", "status": "pending"})
        return review_id


async def set_message(database: Database, review_id: int, message_id: int) -> None:
    async with database.transaction() as db:
        await db.execute("UPDATE reviews SET message_id = ? WHERE id = ?",
                         (message_id, review_id))


def get(database: Database, review_id: int) -> Review | None:
    row = database.read_one("SELECT * FROM reviews WHERE id = ?", (review_id,))
    return _review(row) if row else None


def pending(database: Database, guild_id: int | None, limit: int = 25) -> list[Review]:
    rows = database.read("SELECT * FROM reviews WHERE status = 'pending' AND guild_id IS ?"
                         " ORDER BY id LIMIT ?", (guild_id, limit))
    return [_review(row) for row in rows]


async def decide(database: Database, review_id: int, accept: bool, actor: Actor,
                 today: dt.date) -> IngestReport | None:
    """Accept (store the facts) or reject a pending review, atomically and only once.

    Returns the ingest report on acceptance, None on rejection; raises `LookupError`
    when the review is unknown, already decided, or another server's (for a moderator).
    What a moderator accepts is their server's; what an editor accepts, everyone's.
    """
    async with database.transaction() as db:
        async with db.execute(
                "UPDATE reviews SET status = ?, decided_by = ?,"
                " decided_at = ? WHERE id = ? AND status = 'pending' AND (? OR guild_id IS ?)",
                ("accepted" if accept else "rejected", actor.user_id, audit.now(), review_id,
                 actor.role != "moderator", actor.guild_id)) as cursor:
            if cursor.rowcount != 1:
                raise LookupError(review_id)
        target = f"review:{review_id}"
        if not accept:
            await audit.record(db, actor, "reject", target, before={"status": "pending"},
                               after={"status": "rejected"})
            return None
        async with db.execute("SELECT source, extraction FROM reviews WHERE id = ?",
                              (review_id,)) as cursor:
            row = await cursor.fetchone()
        source = SourceInfo(**json.loads(row["source"]))
        report = await articles.store_in(FactWriter(db, actor.scope),
                                         json.loads(row["extraction"]), source, today)
        await audit.record(db, actor, "accept", target, before={"status": "pending"},
                           after={"status": "accepted", "source_id": report.source_id,
                                  **report.summary(source)})
        return report
