"""The store's connections: one writer on aiosqlite, one read-only reader.

A path opens SQLite (here); a `postgresql://` URL opens the same store on PostgreSQL
(`store.postgres`). Both offer `read`, `read_one`, `transaction`, `seen_from`, `close`
and a `dialect` for the few conditions the two spell differently.

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
import json
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import aiosqlite

from store import migrations

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
READ_TIME_LIMIT_S = 0.5

# A `meta` row given a new random value by every writing transaction that may change what
# a question is answered with: cached answers are kept while it stays the same. Writes no
# answer reads — leases, claims, deliveries, feed polls — pass `changes_answers=False`.
ANSWERS_VERSION_KEY = "answers_version"
BUMP_ANSWERS_VERSION = ("INSERT INTO meta (key, value) VALUES (?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
READ_ANSWERS_VERSION = f"SELECT value FROM meta WHERE key = '{ANSWERS_VERSION_KEY}'"


def new_answers_version() -> tuple[str, str]:
    """The parameters of `BUMP_ANSWERS_VERSION`: a value no process has written before."""
    return ANSWERS_VERSION_KEY, secrets.token_hex(8)


_WRITE_FAILURES = {
    "readonly": "the store is read-only",
    "disk is full": "the disk holding the store is full",
    "database is locked": "the store is busy: another process kept it locked",
    "disk I/O error": "the disk holding the store failed",
}


IntegrityError = sqlite3.IntegrityError  # a write that would break a uniqueness rule


class StoreError(Exception):
    """A store that cannot be opened or written; the message is fit to show an operator."""


class QueryTooSlow(StoreError):
    """A read ran past its time limit and was stopped."""


class OverBudget(Exception):
    """A read made within `Database.within` ran past the time it was given there: not a
    slow question to report, but one to ask again where time is not short."""


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")


@dataclass
class _Reading:
    """The read under way on the reader: when it must stop, and whose view it is."""

    deadline: float = float("inf")
    scope: int = 0


class _Budget(threading.local):
    """When the reads of one thread's `Database.within` block must end."""

    until: float = float("inf")


class Dialect(Protocol):
    """The conditions the engines spell differently."""

    def quote_has_words(self, speaker_id: int, words: list[str]) -> tuple[str, tuple]: ...
    def alias_contains(self, norm: str, limit: int) -> tuple[str, tuple]: ...
    def alias_resembles(self, norm: str, limit: int) -> tuple[str, tuple]: ...
    def days_after(self, later: str, earlier: str) -> str: ...
    def is_one_of(self, column: str, values: list) -> tuple[str, tuple]: ...


async def finishing(work: Awaitable[T]) -> T:
    """Await `work`, which runs in another thread or loop, to its end even when the caller
    is cancelled meanwhile (a bot closing stops its rounds mid-write): the cancellation
    is passed on once the work is done, so no statement is left half-way on a connection
    and no transaction is left open."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


class SQLiteDialect:
    """What the engines spell differently, as SQLite spells it: each method gives a
    condition and its parameters (see `store.postgres.PostgresDialect`)."""

    def quote_has_words(self, speaker_id: int, words: list[str]) -> tuple[str, tuple]:
        """Quotes by the speaker whose text or context holds every word; the FTS index
        narrows to the speaker itself rather than finding everyone's quotes first."""
        phrase = " ".join(f'"{word}"' for word in words) or '""'
        return ("quotes.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
                (f'speaker_id : "{speaker_id}" AND {{text context}} : ({phrase})',))

    def alias_contains(self, norm: str, limit: int) -> tuple[str, tuple]:
        """Aliases whose lookup form contains `norm` (at least three letters)."""
        return ("aliases.rowid IN (SELECT rowid FROM alias_trigrams"
                " WHERE alias_trigrams MATCH ? LIMIT ?)",
                ('"' + norm.replace('"', '""') + '"', limit))

    def alias_resembles(self, norm: str, limit: int) -> tuple[str, tuple]:
        """Aliases sharing the most three-letter pieces with `norm`, best first."""
        pieces = sorted({norm[i:i + 3] for i in range(len(norm) - 2)})
        query = " OR ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)
        return ("aliases.rowid IN (SELECT rowid FROM alias_trigrams"
                " WHERE alias_trigrams MATCH ? ORDER BY rank LIMIT ?)", (query, limit))

    def days_after(self, later: str, earlier: str) -> str:
        """SQL: days from the day `earlier` to the day `later` (YYYY-MM-DD texts)."""
        return f"(julianday({later}) - julianday({earlier}))"

    def is_one_of(self, column: str, values: list) -> tuple[str, tuple]:
        """`column` is one of `values`, however many, as one parameter."""
        return (f"{column} IN (SELECT value FROM json_each(?))",
                (json.dumps(list(values), separators=(",", ":")),))

    def now_s(self) -> str:
        """SQL: the database's clock, in seconds since 1970 (leases and claims are measured
        on it, so every process sharing a store agrees on when one expires)."""
        return "((julianday('now') - 2440587.5) * 86400.0)"

    def skip_locked(self, table: str) -> str:
        """SQL ending a SELECT of rows about to be claimed. SQLite's one writer at a time
        already keeps two claimers apart: nothing to add."""
        del table
        return ""


class Database:
    """The two connections to one SQLite file."""

    engine_name = "sqlite"
    dialect = SQLiteDialect()
    reads_within = True  # `within` bounds a read's time: it may be made on an event loop

    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: sqlite3.Connection,
                 created: bool = False):
        self.path = path
        self.location = str(path)
        self.created = created
        self.writer = writer
        self.reader = reader
        self.scope = 0
        self._writing = asyncio.Lock()  # one transaction at a time on the one writer
        self._reading = threading.Lock()  # the reader may be used from a worker thread
        self._now = reading = _Reading()
        self._budget = _Budget()
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
        created = not path.exists()
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
        return cls(path, writer, reader, created)

    async def close(self) -> None:
        self.reader.close()
        await self.writer.close()

    @contextlib.asynccontextmanager
    async def transaction(self, *, changes_answers: bool = True
                          ) -> AsyncIterator[aiosqlite.Connection]:
        """Run a batch of writes atomically: all of it lands, or none. Concurrent callers
        wait their turn. It moves `answers_version()` on unless the caller knows its writes
        change no answer (`changes_answers=False`: the bots' bookkeeping — leases, claims,
        deliveries, feed polls — which no answer reads)."""
        async with self._writing:
            try:
                await finishing(self.writer.execute("BEGIN IMMEDIATE"))
                try:
                    if changes_answers:
                        await finishing(self.writer.execute(BUMP_ANSWERS_VERSION,
                                                            new_answers_version()))
                    yield self.writer
                except BaseException:
                    if self.writer.in_transaction:
                        await finishing(self.writer.execute("ROLLBACK"))
                    raise
                await finishing(self.writer.execute("COMMIT"))
            except sqlite3.OperationalError as error:
                if self.writer.in_transaction:
                    await self.writer.execute("ROLLBACK")
                raise self._write_error(error) from None
            except asyncio.CancelledError:  # during BEGIN: no transaction may stay open
                if self.writer.in_transaction:
                    await finishing(self.writer.execute("ROLLBACK"))
                raise

    def _write_error(self, error: sqlite3.OperationalError) -> Exception:
        """A failed write in words an operator can act on; nothing was written."""
        text = str(error)
        for cause, meaning in _WRITE_FAILURES.items():
            if cause in text:
                return StoreError(f"{meaning} ({self.path}); nothing was written")
        return error

    def read(self, sql: str, parameters: tuple | dict = (), *,
             time_limit_s: float = READ_TIME_LIMIT_S) -> list[sqlite3.Row]:
        """Run one read; `QueryTooSlow` when it runs past its time limit, `OverBudget`
        when it runs past the end of a `within` block."""
        until = self._budget.until
        waiting = -1 if until == float("inf") else max(0.0, until - time.monotonic())
        if not self._reading.acquire(timeout=waiting):  # another thread is reading
            raise OverBudget
        try:
            started = time.monotonic()
            if started >= until:
                raise OverBudget
            self._now.deadline = min(started + time_limit_s, until)
            self._now.scope = self.scope
            try:
                return self.reader.execute(sql, parameters).fetchall()
            except sqlite3.OperationalError as error:
                if "interrupted" not in str(error):
                    raise
                if time.monotonic() >= until:
                    raise OverBudget from None
                raise QueryTooSlow("that search took too long") from None
            finally:
                self._now.deadline = float("inf")
        finally:
            self._reading.release()

    @contextlib.contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Reads of this thread in the block stop with `OverBudget` once `seconds` have
        passed: SQLite's progress handler interrupts a statement that runs past it, and
        no statement begins after it. Time outside SQLite (Python, or a read the disk
        holds up) is not bounded."""
        self._budget.until = time.monotonic() + seconds
        try:
            yield
        finally:
            self._budget.until = float("inf")

    def answers_version(self) -> str | None:
        """A value that changes whenever a write that may change answers commits — by this
        store's writer or another process (`handover ingest`): what was read before it
        changed may be stale. Bookkeeping writes (the leader lease renewed every few
        seconds, deliveries, feed polls) leave it as it is."""
        row = self.read_one(READ_ANSWERS_VERSION)
        return row[0] if row else None

    def read_one(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Row | None:
        rows = self.read(sql, parameters)
        return rows[0] if rows else None


def is_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def masked(url: str) -> str:
    """The URL with any password hidden, fit for messages and logs."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


async def open_database(location: str | Path, *, migrate_to: int = migrations.LATEST):
    """The store at `location`: a `postgresql://` URL, else a SQLite file's path."""
    from store import postgres  # asyncpg is loaded only for a PostgreSQL store

    if is_url(location):
        return await postgres.PostgresDatabase.open(str(location), migrate_to=migrate_to)
    return await Database.open(Path(location), migrate_to=migrate_to)
