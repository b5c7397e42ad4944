"""The store's connections: one writer on aiosqlite, one read-only reader.

Writes go through the aiosqlite connection, each batch in `BEGIN IMMEDIATE`.
Questions are answered on a plain read-only sqlite3 connection, synchronously:
they are indexed lookups that take microseconds, cheaper than a hop to a thread.
A progress handler stops any read that runs past `READ_TIME_LIMIT_S`.

Reads are made from a scope: 0 sees what every server sees, a server's id sees that
too and what its moderators brought in. Queries ask for it as `viewer_scope()`;
`seen_from(scope)` gives a view of the same connections reading from another scope.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from store import migrations

BUSY_TIMEOUT_MS = 5000
READ_TIME_LIMIT_S = 0.5


_WRITE_FAILURES = {
    "readonly": "the store is read-only",
    "disk is full": "the disk holding the store is full",
    "database is locked": "the store is busy: another process kept it locked",
    "disk I/O error": "the disk holding the store failed",
}


class StoreError(Exception):
    """A store that cannot be opened or written; the message is fit to show an operator."""


class QueryTooSlow(StoreError):
    """A read ran past its time limit and was stopped."""


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")


@dataclass
class _Reading:
    """The read under way on the reader: when it must stop, and whose view it is."""

    deadline: float = float("inf")
    scope: int = 0


class Database:
    """The two connections to one SQLite file."""

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: sqlite3.Connection):
        self.path = path
        self.writer = writer
        self.reader = reader
        self.scope = 0
        self._writing = asyncio.Lock()  # one transaction at a time on the one writer
        self._reading = threading.Lock()  # the reader may be used from a worker thread
        self._now = reading = _Reading()
        reader.set_progress_handler(lambda: time.monotonic() > reading.deadline, 10_000)
        # constant for the length of one statement, so SQLite may read it once per run
        reader.create_function("viewer_scope", 0, lambda: reading.scope, deterministic=True)

    def seen_from(self, scope: int | None) -> Database:
        """The same store, read as the server `scope` sees it (None or 0: as all do)."""
        view = copy.copy(self)
        view.scope = scope or 0
        return view

    @classmethod
    async def open(cls, path: Path, *, migrate_to: int = migrations.LATEST) -> Database:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the store at {path}: {error}") from None
        writer.row_factory = aiosqlite.Row
        try:
            await writer.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await writer.execute("PRAGMA journal_mode = WAL")
            await writer.execute("PRAGMA foreign_keys = ON")
            await writer.execute("PRAGMA synchronous = NORMAL")
            await migrations.migrate(writer, migrate_to)
        except sqlite3.Error as error:
            await writer.close()
            raise StoreError(f"cannot prepare the store at {path}: {error}") from None
        reader = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        _configure(reader)
        reader.execute("PRAGMA query_only = ON")
        reader.row_factory = sqlite3.Row
        return cls(path, writer, reader)

    async def close(self) -> None:
        self.reader.close()
        await self.writer.close()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a batch of writes atomically: all of it lands, or none. Concurrent callers
        wait their turn."""
        async with self._writing:
            try:
                await self.writer.execute("BEGIN IMMEDIATE")
                try:
                    yield self.writer
                except BaseException:
                    if self.writer.in_transaction:
                        await self.writer.execute("ROLLBACK")
                    raise
                await self.writer.execute("COMMIT")
            except sqlite3.OperationalError as error:
                if self.writer.in_transaction:
                    await self.writer.execute("ROLLBACK")
                raise self._write_error(error) from None

    def _write_error(self, error: sqlite3.OperationalError) -> Exception:
        """A failed write in words an operator can act on; nothing was written."""
        text = str(error)
        for cause, meaning in _WRITE_FAILURES.items():
            if cause in text:
                return StoreError(f"{meaning} ({self.path}); nothing was written")
        return error

    def read(self, sql: str, parameters: tuple | dict = (), *,
             time_limit_s: float = READ_TIME_LIMIT_S) -> list[sqlite3.Row]:
        """Run one read; `QueryTooSlow` when it runs past its time limit."""
        with self._reading:
            self._now.deadline = time.monotonic() + time_limit_s
            self._now.scope = self.scope
            try:
                return self.reader.execute(sql, parameters).fetchall()
            except sqlite3.OperationalError as error:
                if "interrupted" in str(error):
                    raise QueryTooSlow("that search took too long") from None
                raise
            finally:
                self._now.deadline = float("inf")

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the store — this
        store's writer, or another process (`handover ingest`): what was read before it
        changed may be stale."""
        return self.read_one("PRAGMA data_version")[0]

    def read_one(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Row | None:
        rows = self.read(sql, parameters)
        return rows[0] if rows else None
