"""Leases: which one of several processes sharing a store does a job, for how long.

A lease has a name (the bot uses one, `LEADER`), a holder (a process's id, `holder_id()`)
and an expiry on the database's clock (`dialect.now_s()`): every process sharing a
PostgreSQL store measures against the server's one clock, never against its own, so
machines whose clocks drift still agree. `take` gets a lease that is free, expired or
already the caller's (renewing it); `release` gives it back. Each runs in one writing
transaction, which on both engines is one at a time across every process, so two
processes can never both take the same lease.

A holder must stop the job before its lease runs out even when the store cannot be
reached to renew it: when `take` succeeds the lease is good for `length_s` from before
the request was sent, which the caller counts down on its own monotonic clock
(`bot.leadership.Leadership`).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass

from store.db import Database

LEADER = "leader"  # syncs commands, runs the announcer, polls feeds, syncs Wikidata


def holder_id() -> str:
    """This process, as a lease names it: host, pid and a random part (a pid is reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str
    left_s: float  # seconds before it expires, on the database's clock
    held_s: float  # seconds since this holder took it


async def take(database: Database, name: str, holder: str, length_s: float) -> bool:
    """Take the lease `name` for `length_s` seconds, or renew it if `holder` has it;
    False when another holder's lease has not expired."""
    now = database.dialect.now_s()
    async with database.transaction(changes_answers=False) as db:
        async with db.execute(f"SELECT holder, expires_at < {now} AS expired FROM leases"
                              " WHERE name = ?", (name,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            await db.execute(f"INSERT INTO leases (name, holder, expires_at, taken_at)"
                             f" VALUES (?, ?, {now} + ?, {now})", (name, holder, length_s))
            return True
        if row["holder"] == holder:
            await db.execute(f"UPDATE leases SET expires_at = {now} + ? WHERE name = ?",
                             (length_s, name))
            return True
        if not row["expired"]:
            return False
        await db.execute(f"UPDATE leases SET holder = ?, expires_at = {now} + ?,"
                         f" taken_at = {now} WHERE name = ?", (holder, length_s, name))
        return True


async def release(database: Database, name: str, holder: str) -> bool:
    """Give the lease back if `holder` has it, so another process need not wait for it
    to expire; whether it was held."""
    async with database.transaction(changes_answers=False) as db, db.execute(
            "DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder)) as cursor:
        return cursor.rowcount > 0


def current(database: Database, name: str) -> Lease | None:
    """The lease `name` while it holds (None when free or expired)."""
    now = database.dialect.now_s()
    row = database.read_one(f"SELECT holder, expires_at - {now} AS left_s,"
                            f" {now} - taken_at AS held_s FROM leases WHERE name = ?", (name,))
    if row is None or row["left_s"] <= 0:
        return None
    return Lease(name, row["holder"], float(row["left_s"]), float(row["held_s"]))
