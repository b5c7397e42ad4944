"""After a post: publishing it to an announcement channel's followers within Discord's
limit, threads opened on posts, and the messages that stand for several deliveries —
digests, and the summaries that publish what the limit held back.

Discord publishes at most `PUBLISH_LIMIT` messages per channel per hour. A delivery
posted in an announcement channel is `wanted` for publication; when the channel has no
free publication left (or older posts already wait) it is `held`, and once a publication
frees, every held post of the channel is `folded` into one summary batch, posted and
published in its stead. Every step is recorded in the store before the next one, so a
restart repeats at most the last step, and Discord refuses a second publication or
thread of one message (which the bot takes as done).

A digest subscription's deliveries stay pending until its slot — `digest_hour` in its
time zone, daily or on Mondays — when they become one digest batch, posted once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from store.announcements import DELIVERIES, Delivery, Options, loaded
from store.db import Database

PUBLISH_LIMIT = 10  # publications per announcement channel …
PUBLISH_WINDOW_S = 3600.0  # … per hour


@dataclass(frozen=True)
class Batch:
    """One message for several deliveries: a `digest` or a publication `summary`."""

    id: int
    kind: str
    guild_id: int
    channel_id: int
    slot: float | None
    deliveries: list[Delivery]
    options: Options

    @property
    def nonce(self) -> str:
        """The same for every attempt, so Discord posts a retried batch once."""
        return f"hob{self.id}"


@dataclass(frozen=True)
class FollowUp:
    """What is still to be done to a posted message: publish it, open a thread on it."""

    table: str  # 'deliveries' or 'batches'
    key: tuple[int, ...]  # (announcement_id, channel_id) or (batch_id,)
    guild_id: int
    channel_id: int
    message_id: int
    publish: bool
    thread_name: str | None

    @property
    def where(self) -> str:
        return ("announcement_id = ? AND channel_id = ?" if self.table == "deliveries"
                else "id = ?")


def last_slot(now: float, digest: str, hour: int, timezone: str) -> float:
    """The latest digest time at or before `now`: `hour` o'clock in `timezone`, every day
    or on Mondays."""
    local = dt.datetime.fromtimestamp(now, ZoneInfo(timezone))
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= dt.timedelta(days=1)
    if digest == "weekly":
        slot -= dt.timedelta(days=slot.weekday())
    return slot.timestamp()


async def schedule_digests(database: Database, now: float) -> int:
    """Each digest subscription whose slot has come gathers its pending deliveries into
    one digest batch (none when nothing waits); how many batches were made. A slot is
    handled once: its time is recorded with the batch, in one transaction."""
    made = 0
    for row in database.read("SELECT id, guild_id, channel_id, digest, digest_hour, timezone,"
                             " digest_done FROM subscriptions WHERE digest IS NOT NULL"
                             " AND paused_reason IS NULL"):
        slot = last_slot(now, row["digest"], row["digest_hour"], row["timezone"])
        if row["digest_done"] is not None and slot <= row["digest_done"]:
            continue
        async with database.transaction(changes_answers=False) as db:
            await db.execute("UPDATE subscriptions SET digest_done = ? WHERE id = ?",
                             (slot, row["id"]))
            if row["digest_done"] is None:  # a digest older than this column: start now
                continue
            async with db.execute(
                    "SELECT 1 FROM deliveries WHERE subscription_id = ? AND status = 'pending'"
                    " AND batch_id IS NULL LIMIT 1", (row["id"],)) as cursor:
                if not await cursor.fetchone():
                    continue
            async with db.execute(
                    "INSERT INTO batches (kind, guild_id, channel_id, subscription_id, slot,"
                    " created_at) VALUES ('digest', ?, ?, ?, ?, ?)",
                    (row["guild_id"], row["channel_id"], row["id"], slot, now)) as cursor:
                batch_id = cursor.lastrowid
            await db.execute("UPDATE deliveries SET batch_id = ? WHERE subscription_id = ?"
                             " AND status = 'pending' AND batch_id IS NULL",
                             (batch_id, row["id"]))
            made += 1
    return made


async def arrange(database: Database, now: float) -> int:
    """Decide, per announcement channel, which posts are published now (they stay
    `wanted`) and which wait (`held`); when a publication is free and posts are held,
    fold them into one summary batch. Returns how many summaries were made."""
    if not database.read("SELECT 1 FROM deliveries WHERE publish IN ('wanted', 'held')"
                         " LIMIT 1"):
        return 0
    summaries = 0
    async with database.transaction(changes_answers=False) as db:
        async with db.execute("SELECT DISTINCT deliveries.channel_id, subscriptions.guild_id"
                              " FROM deliveries JOIN subscriptions"
                              "   ON subscriptions.id = deliveries.subscription_id"
                              " WHERE deliveries.publish IN ('wanted', 'held')") as cursor:
            channels = await cursor.fetchall()
        for channel in channels:
            free = PUBLISH_LIMIT - await _used(db, channel["channel_id"], now)
            async with db.execute(
                    "SELECT announcement_id, publish FROM deliveries WHERE channel_id = ?"
                    " AND publish IN ('wanted', 'held') ORDER BY announcement_id",
                    (channel["channel_id"],)) as cursor:
                waiting = await cursor.fetchall()
            held = [r["announcement_id"] for r in waiting if r["publish"] == "held"]
            wanted = [r["announcement_id"] for r in waiting if r["publish"] == "wanted"]
            now_ones = [] if held else wanted[:max(free, 0)]
            later = [a for a in wanted if a not in now_ones]
            for announcement_id in later:
                await db.execute("UPDATE deliveries SET publish = 'held' WHERE channel_id = ?"
                                 " AND announcement_id = ?",
                                 (channel["channel_id"], announcement_id))
            if (held or later) and free - len(now_ones) > 0:
                async with db.execute(
                        "INSERT INTO batches (kind, guild_id, channel_id, created_at, publish)"
                        " VALUES ('summary', ?, ?, ?, 'wanted')",
                        (channel["guild_id"], channel["channel_id"], now)) as cursor:
                    batch_id = cursor.lastrowid
                await db.execute("UPDATE deliveries SET publish = 'folded', batch_id = ?"
                                 " WHERE channel_id = ? AND publish = 'held'",
                                 (batch_id, channel["channel_id"]))
                summaries += 1
    return summaries


async def _used(db, channel_id: int, now: float) -> int:
    """Publications made in the channel within the hour, and summaries promised one."""
    async with db.execute(
            "SELECT (SELECT count(*) FROM deliveries WHERE channel_id = ?1"
            "        AND published_at > ?2)"
            "     + (SELECT count(*) FROM batches WHERE channel_id = ?1"
            "        AND (published_at > ?2 OR publish = 'wanted'))",
            (channel_id, now - PUBLISH_WINDOW_S)) as cursor:
        return (await cursor.fetchone())[0]


def unposted(database: Database) -> list[Batch]:
    """Batches made but not yet posted, oldest first, with their deliveries."""
    found = []
    for row in database.read(
            "SELECT batches.*, subscriptions.ping_role, subscriptions.thread,"
            " subscriptions.kinds, subscriptions.digest, subscriptions.digest_hour,"
            " subscriptions.timezone FROM batches"
            " LEFT JOIN subscriptions ON subscriptions.id = batches.subscription_id"
            " WHERE batches.message_id IS NULL ORDER BY batches.id"):
        deliveries = loaded(database, database.read(
            DELIVERIES + " WHERE deliveries.batch_id = ? ORDER BY deliveries.announcement_id",
            (row["id"],)))
        options = Options.of_row(row) if row["kind"] == "digest" else Options()
        found.append(Batch(row["id"], row["kind"], row["guild_id"], row["channel_id"],
                           row["slot"], deliveries, options))
    return found


async def batch_posted(database: Database, batch: Batch, message_id: int, *, publish: bool,
                       thread_name: str | None) -> None:
    """Record a batch's message; a digest's deliveries are sent with it."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute("UPDATE batches SET message_id = ?, thread_name = ?,"
                         " publish = CASE WHEN ? THEN 'wanted' ELSE publish END WHERE id = ?",
                         (message_id, thread_name, publish, batch.id))
        if batch.kind == "digest":
            await db.execute("UPDATE deliveries SET status = 'sent', message_id = ?,"
                             " attempts = attempts + 1 WHERE batch_id = ? AND status = 'pending'",
                             (message_id, batch.id))


def follow_ups(database: Database) -> list[FollowUp]:
    """Posted messages still to publish (as `arrange` decided) or to open a thread on."""
    found = [FollowUp("deliveries", (row["announcement_id"], row["channel_id"]),
                      row["guild_id"], row["channel_id"], row["message_id"],
                      row["publish"] == "wanted", row["thread_name"])
             for row in database.read(
                 "SELECT deliveries.*, subscriptions.guild_id FROM deliveries"
                 " JOIN subscriptions ON subscriptions.id = deliveries.subscription_id"
                 " WHERE deliveries.rowid IN ("  # both are set only once sent
                 "   SELECT rowid FROM deliveries WHERE publish IN ('wanted', 'held')"
                 "     AND publish = 'wanted'"
                 "   UNION SELECT rowid FROM deliveries WHERE thread_name IS NOT NULL)"
                 " ORDER BY deliveries.announcement_id")]
    found += [FollowUp("batches", (row["id"],), row["guild_id"], row["channel_id"],
                       row["message_id"], row["publish"] == "wanted", row["thread_name"])
              for row in database.read(
                  "SELECT * FROM batches WHERE message_id IS NOT NULL"
                  " AND (publish = 'wanted' OR thread_name IS NOT NULL) ORDER BY id")]
    return found


async def published(database: Database, follow_up: FollowUp, now: float) -> None:
    """The message is published (or Discord says it already was)."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute(f"UPDATE {follow_up.table} SET publish = 'published',"
                         f" published_at = ? WHERE {follow_up.where}", (now, *follow_up.key))


async def not_published(database: Database, follow_up: FollowUp) -> None:
    """Discord refuses to publish the message (not an announcement channel any more, no
    permission): it stays posted, unpublished."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute(f"UPDATE {follow_up.table} SET publish = NULL WHERE {follow_up.where}",
                         follow_up.key)


async def thread_opened(database: Database, follow_up: FollowUp) -> None:
    """The thread is open (or Discord says the message already has one, or refuses one:
    the post stands without it)."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute(f"UPDATE {follow_up.table} SET thread_name = NULL"
                         f" WHERE {follow_up.where}", follow_up.key)
