"""Feeds a server follows, and the items each has already shown."""

from __future__ import annotations

import time
from dataclasses import dataclass

from store import audit
from store.audit import Actor
from store.db import Database

PAUSE_AFTER_FAILURES = 5
FORGET_AFTER_S = 60 * 60 * 24 * 90  # a key is forgotten this long after leaving its feed


@dataclass(frozen=True)
class Feed:
    id: int
    guild_id: int
    channel_id: int
    url: str
    review: bool
    etag: str | None
    last_modified: str | None
    first_poll_done: bool
    failures: int
    last_error: str | None
    paused_reason: str | None
    everywhere: bool = False  # added by an editor: what it brings in every server sees


def _feed(row) -> Feed:
    return Feed(row["id"], row["guild_id"], row["channel_id"], row["url"], bool(row["review"]),
                row["etag"], row["last_modified"], bool(row["first_poll_done"]),
                row["failures"], row["last_error"], row["paused_reason"], bool(row["everywhere"]))


async def add(database: Database, guild_id: int, channel_id: int, url: str, review: bool,
              actor: Actor) -> bool:
    """True when the feed is new; an existing one gets the new channel and review setting
    and is resumed."""
    async with database.transaction() as db:
        async with db.execute("SELECT id FROM feeds WHERE guild_id = ? AND url = ?",
                              (guild_id, url)) as cursor:
            existing = await cursor.fetchone()
        what = {"url": url, "channel": channel_id, "review": review}
        if existing:
            await db.execute("UPDATE feeds SET channel_id = ?, review = ?, paused_reason = NULL,"
                             " failures = 0, next_poll_at = 0, everywhere = ? WHERE id = ?",
                             (channel_id, int(review), int(actor.scope == 0), existing["id"]))
            await audit.record(db, actor, "feed-add", f"feed:{existing['id']}",
                               after={**what, "resumed": True})
            return False
        async with db.execute(
                "INSERT INTO feeds (guild_id, channel_id, url, review, created_by, everywhere)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (guild_id, channel_id, url, int(review), actor.user_id,
                 int(actor.scope == 0))) as cursor:
            feed_id = cursor.lastrowid
        await audit.record(db, actor, "feed-add", f"feed:{feed_id}", after=what)
        return True


async def remove(database: Database, guild_id: int, url: str, actor: Actor) -> bool:
    async with database.transaction() as db:
        async with db.execute("SELECT id, channel_id, review FROM feeds"
                              " WHERE guild_id = ? AND url = ?", (guild_id, url)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return False
        await db.execute("DELETE FROM feeds WHERE id = ?", (row["id"],))
        await audit.record(db, actor, "feed-remove", f"feed:{row['id']}", before={
            "url": url, "channel": row["channel_id"], "review": bool(row["review"])})
        return True


def listed(database: Database, guild_id: int | None = None) -> list[Feed]:
    return [_feed(row) for row in database.read(
        "SELECT * FROM feeds WHERE ? IS NULL OR guild_id = ? ORDER BY url",
        (guild_id, guild_id))]


def due(database: Database, now: float | None = None) -> list[Feed]:
    return [_feed(row) for row in database.read(
        "SELECT * FROM feeds WHERE paused_reason IS NULL AND next_poll_at <= ? ORDER BY id",
        (now if now is not None else time.time(),))]


def seen(database: Database, feed_id: int, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {row["key"] for row in database.read(
        f"SELECT key FROM feed_items WHERE feed_id = ? AND key IN ({marks})",
        (feed_id, *keys))}


async def polled(database: Database, feed: Feed, *, keys: list[str], etag: str | None,
                 last_modified: str | None, next_poll_at: float) -> None:
    """Record a successful poll: every key the feed lists is seen (and still listed)."""
    now = time.time()
    async with database.transaction(changes_answers=False) as db:
        await db.executemany(
            "INSERT INTO feed_items (feed_id, key, first_seen, last_in_feed) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (feed_id, key) DO UPDATE SET last_in_feed = excluded.last_in_feed",
            [(feed.id, key, now, now) for key in keys])
        await db.execute("DELETE FROM feed_items WHERE feed_id = ? AND last_in_feed < ?",
                         (feed.id, now - FORGET_AFTER_S))
        await db.execute(
            "UPDATE feeds SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
            " first_poll_done = 1, failures = 0, last_error = NULL, next_poll_at = ?"
            " WHERE id = ?", (etag, last_modified, next_poll_at, feed.id))


async def unchanged(database: Database, feed: Feed, next_poll_at: float) -> None:
    async with database.transaction(changes_answers=False) as db:
        await db.execute("UPDATE feeds SET failures = 0, last_error = NULL, next_poll_at = ?"
                         " WHERE id = ?", (next_poll_at, feed.id))


async def failed(database: Database, feed: Feed, reason: str, next_poll_at: float) -> bool:
    """Record a failed poll; a feed that keeps failing is paused. True when paused."""
    async with database.transaction(changes_answers=False) as db:
        failures = feed.failures + 1
        paused = f"{reason} ({failures} failures in a row)" \
            if failures >= PAUSE_AFTER_FAILURES else None
        await db.execute("UPDATE feeds SET failures = ?, last_error = ?, paused_reason = ?,"
                         " next_poll_at = ? WHERE id = ?",
                         (failures, reason, paused, next_poll_at, feed.id))
        return paused is not None
