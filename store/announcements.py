"""Announcements: subscriptions, the outbox, and deliveries that happen exactly once.

A new transition gets an announcement when it is reported and, when it takes effect on a
later day, a second one due that day. Planning turns due announcements into one pending
delivery per subscribed channel — a delivery is unique per (announcement, channel) — and
the bot posts them, recording each as sent. History does not flood channels: only
transitions at most `RECENT_DAYS` old when the store learns of them are announced, and a
subscription hears only of those reported (or taking effect) after it was made.

A subscription may name an organization the store does not know yet: it waits with the
name's lookup form and is matched, before each planning, to the organization that name
becomes an alias of. Each subscription has `Options`: a role to ping, a thread per post,
the kinds of transition it wants, and a daily or weekly digest instead of one post each
(digests, and what happens to a post after it is made, are in `store/publishing.py`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass

import aiosqlite

from store import audit, rows
from store.audit import Actor
from store.db import Database
from store.models import Transition
from store.normalize import normalize

PAUSE_AFTER_FAILURES = 3
RECENT_DAYS = 30  # transitions older than this when learned of are history, never announced
KINDS = ("took_office", "announced", "stepped_down")  # what a subscription may filter on
DIGESTS = ("daily", "weekly")
# A transition's kind → the filter it falls under; an `effective` announcement (the day a
# pre-announced transition takes effect) counts as took_office.
_KIND_OF = ("CASE WHEN announcements.occasion = 'effective' THEN 'took_office'"
            " WHEN transitions.kind IN ('announced', 'stepped_down') THEN transitions.kind"
            " ELSE 'took_office' END")


@dataclass(frozen=True)
class Options:
    """How a subscription posts. The defaults are a plain post per announcement."""

    ping_role: int | None = None  # a role mentioned in each post (and nothing else pinged)
    thread: bool = False  # open a thread on each post
    kinds: tuple[str, ...] | None = None  # some of KINDS; None: every kind
    digest: str | None = None  # 'daily' or 'weekly': one post at `digest_hour` instead
    digest_hour: int = 9  # 0-23, in `timezone`
    timezone: str = "UTC"  # an IANA name

    def as_columns(self) -> dict[str, object]:
        """The subscriptions columns these options are stored in."""
        return {"ping_role": self.ping_role, "thread": int(self.thread),
                "kinds": ",".join(self.kinds) if self.kinds else None, "digest": self.digest,
                "digest_hour": self.digest_hour, "timezone": self.timezone}

    @classmethod
    def of_row(cls, row) -> Options:
        return cls(row["ping_role"], bool(row["thread"]),
                   tuple(row["kinds"].split(",")) if row["kinds"] else None, row["digest"],
                   row["digest_hour"], row["timezone"])

    def described(self) -> dict[str, object]:
        """What the audit log and `/announce list` say of them (defaults left out)."""
        out: dict[str, object] = {}
        if self.ping_role:
            out["ping"] = self.ping_role
        if self.thread:
            out["thread"] = True
        if self.kinds:
            out["kinds"] = list(self.kinds)
        if self.digest:
            out |= {"digest": self.digest, "hour": self.digest_hour, "timezone": self.timezone}
        return out


@dataclass(frozen=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    org_id: int | None
    org_name: str | None  # the organization's name, or the name given while not known
    created_on: str
    failures: int
    paused_reason: str | None
    waiting: bool = False  # for an organization the store does not know yet
    options: Options = Options()


@dataclass(frozen=True)
class Delivery:
    announcement_id: int
    channel_id: int
    subscription_id: int
    occasion: str
    due_on: dt.date
    attempts: int
    transition: Transition
    guild_id: int = 0
    options: Options = Options()
    message_id: int | None = None  # once posted

    @property
    def nonce(self) -> str:
        """The same for every attempt, so Discord posts a retried message once."""
        return f"ho{self.announcement_id}c{self.channel_id}"[:25]


async def queue_for(db: aiosqlite.Connection, transition_ids: list[int], today: dt.date) -> int:
    """Announcements for newly stored transitions, inside the caller's transaction."""
    queued = 0
    for transition_id in transition_ids:
        async with db.execute("SELECT effective, effective_first FROM transitions WHERE id = ?",
                              (transition_id,)) as cursor:
            row = await cursor.fetchone()
        first = dt.date.fromisoformat(row["effective_first"]) if row["effective_first"] else None
        if first and first < today - dt.timedelta(days=RECENT_DAYS):
            continue
        plans = [("reported", today)]
        if first and first > today and len(row["effective"]) == 10:
            plans.append(("effective", first))
        for occasion, due in plans:
            await db.execute(
                "INSERT OR IGNORE INTO announcements (transition_id, occasion, due_on,"
                " reported_on) VALUES (?, ?, ?, ?)",
                (transition_id, occasion, due.isoformat(), today.isoformat()))
            queued += 1
    return queued


async def subscribe(database: Database, guild_id: int, channel_id: int, org_id: int | None,
                    today: dt.date, actor: Actor, *, wanted: str | None = None,
                    options: Options | None = None, now: float | None = None) -> bool:
    """True when the subscription is new; an existing one is resumed if it was paused
    (and takes `options` when given). `wanted` names an organization not known yet
    (org_id None): the subscription waits for it."""
    norm = normalize(wanted) if wanted and org_id is None else None
    async with database.transaction() as db:
        async with db.execute(
                "SELECT id FROM subscriptions WHERE channel_id = ? AND coalesce(org_id, 0) = ?"
                " AND coalesce(org_norm, '') = ?", (channel_id, org_id or 0, norm or "")
        ) as cursor:
            existing = await cursor.fetchone()
        what = {"channel": channel_id, "org": org_id, "wanted": wanted if norm else None,
                **(options.described() if options else {})}
        if existing:
            await db.execute("UPDATE subscriptions SET paused_reason = NULL, failures = 0"
                             " WHERE id = ?", (existing["id"],))
            if options:
                await _set_options(db, existing["id"], options, now)
            await audit.record(db, actor, "subscribe", f"subscription:{existing['id']}",
                               after={**what, "resumed": True})
            return False
        async with db.execute(
                "INSERT INTO subscriptions (guild_id, channel_id, org_id, org_wanted, org_norm,"
                " created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (guild_id, channel_id, org_id, wanted if norm else None, norm,
                 today.isoformat(), actor.user_id)) as cursor:
            subscription_id = cursor.lastrowid
        await _set_options(db, subscription_id, options or Options(), now)
        await audit.record(db, actor, "subscribe", f"subscription:{subscription_id}",
                           after=what)
        return True


async def _set_options(db: aiosqlite.Connection, subscription_id: int, options: Options,
                       now: float | None) -> None:
    """Store a subscription's options. A digest starts counting from now: its first post
    comes at the next slot, with what arrived since."""
    columns = options.as_columns()
    await db.execute(f"UPDATE subscriptions SET {', '.join(f'{c} = ?' for c in columns)},"
                     " digest_done = CASE WHEN ? IS NULL THEN NULL"
                     "   ELSE coalesce(digest_done, ?) END WHERE id = ?",
                     (*columns.values(), options.digest,
                      now if now is not None else time.time(), subscription_id))


def _which(guild_id: int, channel_id: int, org_id: int | None, wanted: str | None
           ) -> tuple[str, tuple]:
    """SQL for a channel's subscriptions: to one organization, to a name still wanted, or
    all of them (both None)."""
    where, parameters = "guild_id = ? AND channel_id = ?", (guild_id, channel_id)
    if org_id is not None:
        return where + " AND org_id = ?", (*parameters, org_id)
    if wanted:
        return where + " AND org_norm = ?", (*parameters, normalize(wanted))
    return where, parameters


async def edit(database: Database, guild_id: int, channel_id: int, org_id: int | None,
               changes: dict[str, object], actor: Actor, *, wanted: str | None = None,
               now: float | None = None) -> int:
    """Change options (fields of `Options` named in `changes`) of the channel's
    subscription for the org, the name still `wanted`, or every one of the channel's
    (both None); how many were changed. Each change is audited."""
    where, parameters = _which(guild_id, channel_id, org_id, wanted)
    async with database.transaction() as db:
        async with db.execute(f"SELECT * FROM subscriptions WHERE {where}",
                              parameters) as cursor:
            found = await cursor.fetchall()
        for row in found:
            before = Options.of_row(row)
            after = dataclasses.replace(before, **changes)
            await _set_options(db, row["id"], after, now)
            await audit.record(db, actor, "edit-subscription", f"subscription:{row['id']}",
                               before={"channel": channel_id, **before.described()},
                               after={"channel": channel_id, **after.described()})
        return len(found)


async def unsubscribe(database: Database, guild_id: int, channel_id: int,
                      org_id: int | None, actor: Actor, *, wanted: str | None = None) -> int:
    """Remove the channel's subscription for the org (or for the name still `wanted`), or
    every one (both None); a count."""
    where, parameters = _which(guild_id, channel_id, org_id, wanted)
    async with database.transaction() as db:
        async with db.execute(f"SELECT id, channel_id, org_id, org_wanted FROM subscriptions"
                              f" WHERE {where}", parameters) as cursor:
            removed = await cursor.fetchall()
        for row in removed:  # deliveries go by cascade
            await db.execute("DELETE FROM subscriptions WHERE id = ?", (row["id"],))
            await audit.record(db, actor, "unsubscribe", f"subscription:{row['id']}",
                               before={"channel": row["channel_id"], "org": row["org_id"],
                                       "wanted": row["org_wanted"]})
        return len(removed)


def subscriptions(database: Database, guild_id: int | None = None) -> list[Subscription]:
    found = database.read(
        "SELECT subscriptions.*, coalesce(entities.name, org_wanted) AS org_name"
        " FROM subscriptions LEFT JOIN entities ON entities.id = subscriptions.org_id"
        " WHERE ? IS NULL OR guild_id = ? ORDER BY channel_id, org_name",
        (guild_id, guild_id))
    return [Subscription(row["id"], row["guild_id"], row["channel_id"], row["org_id"],
                         row["org_name"], row["created_on"], row["failures"],
                         row["paused_reason"], row["org_norm"] is not None,
                         Options.of_row(row)) for row in found]


_NOW_KNOWN = (
    "SELECT subscriptions.id, subscriptions.channel_id, min(aliases.entity_id) AS org_id"
    " FROM subscriptions JOIN aliases ON aliases.norm = subscriptions.org_norm"
    "   AND aliases.scope IN (0, subscriptions.guild_id)"
    " JOIN entities ON entities.id = aliases.entity_id AND entities.kind = 'organization'"
    " WHERE subscriptions.org_norm IS NOT NULL GROUP BY subscriptions.id"
)


async def match_waiting(database: Database) -> int:
    """Subscriptions waiting for an organization whose name the store now knows follow
    that organization (the first known, should the name have several); how many."""
    if not database.read(_NOW_KNOWN + " LIMIT 1"):
        return 0
    async with database.transaction(changes_answers=False) as db:
        async with db.execute(_NOW_KNOWN) as cursor:
            known = await cursor.fetchall()
        for row in known:
            async with db.execute(
                    "SELECT 1 FROM subscriptions WHERE channel_id = ? AND org_id = ?",
                    (row["channel_id"], row["org_id"])) as cursor:
                followed_already = await cursor.fetchone()
            if followed_already:
                await db.execute("DELETE FROM subscriptions WHERE id = ?", (row["id"],))
            else:
                await db.execute("UPDATE subscriptions SET org_id = ?, org_norm = NULL"
                                 " WHERE id = ?", (row["org_id"], row["id"]))
        return len(known)


_WANTED = (
    " FROM announcements"
    " JOIN transitions ON transitions.id = announcements.transition_id"
    " JOIN offices ON offices.id = transitions.office_id"
    " JOIN subscriptions ON ((subscriptions.org_id IS NULL AND subscriptions.org_norm IS NULL)"
    "      OR subscriptions.org_id = offices.org_id)"
    " WHERE announcements.due_on <= ? AND subscriptions.paused_reason IS NULL"
    "   AND EXISTS (SELECT 1 FROM fact_sources AS cited WHERE cited.fact = 'transition'"
    "       AND cited.fact_id = transitions.id AND cited.scope IN (0, subscriptions.guild_id)"
    "       AND cited.retracted = 0)"
    "   AND CASE announcements.occasion"
    "       WHEN 'reported' THEN announcements.reported_on >= subscriptions.created_on"
    "       ELSE announcements.due_on >= subscriptions.created_on END"
    "   AND (subscriptions.kinds IS NULL OR ',' || subscriptions.kinds || ','"
    f"       LIKE '%,' || {_KIND_OF} || ',%')"
)


async def plan(database: Database, today: dt.date) -> int:
    """One pending delivery per due announcement and subscribed channel; returns how many
    were added. A subscription hears only of transitions newer than itself. The write
    lock is taken only when something is left to plan."""
    await match_waiting(database)
    unplanned = database.read(
        f"SELECT 1 {_WANTED} AND NOT EXISTS (SELECT 1 FROM deliveries"
        " WHERE deliveries.announcement_id = announcements.id"
        "   AND deliveries.channel_id = subscriptions.channel_id) LIMIT 1",
        (today.isoformat(),))
    if not unplanned:
        return 0
    async with database.transaction(changes_answers=False) as db, db.execute(
            "INSERT OR IGNORE INTO deliveries (announcement_id, channel_id, subscription_id)"
            f" SELECT announcements.id, subscriptions.channel_id, subscriptions.id {_WANTED}",
            (today.isoformat(),)) as cursor:
        return cursor.rowcount


DELIVERIES = (
    "SELECT deliveries.*, announcements.transition_id, announcements.occasion,"
    " announcements.due_on, subscriptions.guild_id, subscriptions.ping_role,"
    " subscriptions.thread, subscriptions.kinds, subscriptions.digest,"
    " subscriptions.digest_hour, subscriptions.timezone FROM deliveries"
    " JOIN announcements ON announcements.id = deliveries.announcement_id"
    " JOIN subscriptions ON subscriptions.id = deliveries.subscription_id"
)


_CLAIMABLE = (
    " FROM deliveries JOIN subscriptions ON subscriptions.id = deliveries.subscription_id"
    " WHERE deliveries.status = 'pending' AND deliveries.next_attempt_at <= ?"
    "   AND subscriptions.paused_reason IS NULL AND subscriptions.digest IS NULL"
)


async def claim(database: Database, holder: str, claim_s: float, limit: int = 100,
                now: float | None = None) -> list[int]:
    """Claim up to `limit` pending deliveries for `holder` for `claim_s` seconds (on the
    database's clock) and return their row ids (`claimed` reads them). No other claimer
    gets them until they are recorded as sent or failed, or the claim expires — after
    which another process posts them again with the same nonce, and Discord returns the
    earlier post if there was one.

    On PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED`, so a claimer never waits
    on rows another holds; every writing transaction also takes the store's write lock,
    so on both engines claims are made one at a time."""
    clock = database.dialect.now_s()
    async with database.transaction(changes_answers=False) as db:
        async with db.execute(
                f"SELECT deliveries.rowid AS row_id {_CLAIMABLE}"
                f"   AND (deliveries.claimed_until IS NULL OR deliveries.claimed_until < {clock})"
                " ORDER BY deliveries.announcement_id, deliveries.channel_id LIMIT ?"
                + database.dialect.skip_locked("deliveries"),
                (now if now is not None else time.time(), limit)) as cursor:
            ids = [row["row_id"] for row in await cursor.fetchall()]
        await db.executemany(f"UPDATE deliveries SET claimed_by = ?, claimed_until = {clock} + ?"
                             " WHERE rowid = ?", [(holder, claim_s, row_id) for row_id in ids])
    return ids


def claimed(database: Database, holder: str, ids: list[int]) -> list[Delivery]:
    """The deliveries `claim` gave `holder`, by row id (a read: the bot makes it in its
    reading thread)."""
    if not ids:
        return []
    condition, parameters = database.dialect.is_one_of("deliveries.rowid", ids)
    return loaded(database, database.read(
        DELIVERIES + f" WHERE {condition} AND deliveries.claimed_by = ?"
        " ORDER BY deliveries.announcement_id, deliveries.channel_id", (*parameters, holder)))


def due(database: Database, limit: int = 500, now: float | None = None) -> list[Delivery]:
    """Pending deliveries whose time has come, oldest announcement first; those of a
    digest wait for it."""
    return loaded(database, database.read(
        DELIVERIES + " WHERE deliveries.status = 'pending' AND deliveries.next_attempt_at <= ?"
        "   AND subscriptions.paused_reason IS NULL AND subscriptions.digest IS NULL"
        " ORDER BY deliveries.announcement_id, deliveries.channel_id LIMIT ?",
        (now if now is not None else time.time(), limit)))


def loaded(database: Database, found: list) -> list[Delivery]:
    """Rows of `DELIVERIES` as deliveries, each transition as its subscribing server sees
    it (a transition that server no longer sees is left out)."""
    wanted: dict[int, set[int]] = {}
    for row in found:
        wanted.setdefault(row["guild_id"], set()).add(row["transition_id"])
    transitions = {}  # as each subscribing server sees them, its own sources included
    for guild_id, ids in wanted.items():
        marks = ",".join("?" * len(ids))
        for transition in rows.transitions(database.seen_from(guild_id),
                                           f"transitions.id IN ({marks})", tuple(sorted(ids))):
            transitions[guild_id, transition.id] = transition
    return [Delivery(row["announcement_id"], row["channel_id"], row["subscription_id"],
                     row["occasion"], dt.date.fromisoformat(row["due_on"]), row["attempts"],
                     transitions[row["guild_id"], row["transition_id"]], row["guild_id"],
                     Options.of_row(row), row["message_id"])
            for row in found if (row["guild_id"], row["transition_id"]) in transitions]


async def delivered(database: Database, delivery: Delivery, message_id: int, *,
                    publish: bool = False, thread_name: str | None = None) -> None:
    """Record a post: its message, whether it is still to be published (an announcement
    channel) and the thread still to be opened on it — what the bot does next."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute("UPDATE deliveries SET status = 'sent', message_id = ?,"
                         " attempts = attempts + 1, publish = ?, thread_name = ?,"
                         " claimed_until = NULL"
                         " WHERE announcement_id = ? AND channel_id = ?",
                         (message_id, "wanted" if publish else None, thread_name,
                          delivery.announcement_id, delivery.channel_id))
        await db.execute("UPDATE subscriptions SET failures = 0 WHERE id = ?",
                         (delivery.subscription_id,))


async def failed(database: Database, delivery: Delivery, reason: str, *, permanent: bool,
                 retry_in: float) -> bool:
    """Record a failed attempt. A channel that refuses (`permanent`) repeatedly pauses its
    subscription with the reason; returns True when it was paused."""
    async with database.transaction(changes_answers=False) as db:
        await db.execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
            " claimed_until = NULL WHERE announcement_id = ? AND channel_id = ?",
            (reason, time.time() + retry_in, delivery.announcement_id, delivery.channel_id))
        if not permanent:
            return False
        await db.execute("UPDATE subscriptions SET failures = failures + 1 WHERE id = ?",
                         (delivery.subscription_id,))
        async with db.execute("SELECT failures FROM subscriptions WHERE id = ?",
                              (delivery.subscription_id,)) as cursor:
            row = await cursor.fetchone()
        if row and row["failures"] >= PAUSE_AFTER_FAILURES:
            await db.execute("UPDATE subscriptions SET paused_reason = ? WHERE id = ?",
                             (f"{reason} ({row['failures']} failures in a row)",
                              delivery.subscription_id))
            return True
        return False
