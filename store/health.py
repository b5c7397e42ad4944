"""How the store is doing, for operators: integrity, schema version, announcement backlog.

`inspect` opens the file read-only and never creates or migrates it (for `handover
doctor`); `backlog` asks an open store (for metrics). Ages are whole days counted from
the day a pending delivery was due, by the store's clock: deliveries record no time of
their own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store import migrations
from store.db import Database, StoreError, masked

BACKLOG_SQL = (
    "SELECT count(*) AS pending, min(announcements.due_on) AS oldest FROM deliveries"
    " JOIN announcements ON announcements.id = deliveries.announcement_id"
    " WHERE deliveries.status = 'pending'")


@dataclass(frozen=True)
class Backlog:
    """Pending announcement deliveries and the day the oldest one was due."""

    pending: int
    oldest_due: dt.date | None

    def oldest_age_days(self, today: dt.date) -> int:
        """Whole days the oldest pending delivery has waited (0 when none)."""
        return max(0, (today - self.oldest_due).days) if self.oldest_due else 0


@dataclass(frozen=True)
class Inspection:
    """What `inspect` found."""

    integrity: str  # "ok", or what PRAGMA quick_check reported
    version: int
    latest: int
    backlog: Backlog | None  # None before the announcements schema exists
    server: str | None = None  # the database server, when it is one


def _backlog(row) -> Backlog:
    pending, oldest = row
    return Backlog(pending or 0, dt.date.fromisoformat(oldest) if oldest else None)


def backlog(database: Database) -> Backlog:
    """The announcement backlog of an open store (one indexed query on the reader)."""
    return _backlog(tuple(database.read_one(BACKLOG_SQL)))


def inspect_postgresql(url: str) -> Inspection:
    """`inspect` for a PostgreSQL store: its schema version and backlog, read without
    changing anything (PostgreSQL checks its own pages; there is no quick_check).
    Raises `StoreError` when the database cannot be reached. Call it off any event loop."""
    import asyncpg

    async def look() -> Inspection:
        connection = await asyncpg.connect(url, timeout=5)
        try:
            tables = {row[0] for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
            version = await connection.fetchval(
                "SELECT coalesce(max(version), 0) FROM schema_migrations") \
                if "schema_migrations" in tables else 0
            found = _backlog(tuple(await connection.fetchrow(BACKLOG_SQL))) \
                if {"deliveries", "announcements"} <= tables else None
            server = await connection.fetchval("SHOW server_version")
            return Inspection("ok", version, migrations.LATEST, found, f"PostgreSQL {server}")
        finally:
            await connection.close()

    try:
        return asyncio.run(look())
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        raise StoreError(f"cannot reach {masked(url)}: {error}") from None


def answers(path: Path) -> None:
    """Ask a store file one trivial question; raises `sqlite3.Error` when it cannot."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def inspect(path: Path) -> Inspection:
    """Check a store file without changing it. Raises `sqlite3.Error` when it cannot be
    read at all (not a database, unreadable)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [line.strip() for row in connection.execute("PRAGMA quick_check(3)")
                    for line in row[0].splitlines()
                    if line.strip() and not line.startswith("*** in database")]
        integrity = "ok" if problems == ["ok"] else "; ".join(problems)[:300]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = connection.execute(
            "SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0] \
            if "schema_migrations" in tables else 0
        found = _backlog(connection.execute(BACKLOG_SQL).fetchone()) \
            if {"deliveries", "announcements"} <= tables else None
        return Inspection(integrity, version, migrations.LATEST, found)
    finally:
        connection.close()
