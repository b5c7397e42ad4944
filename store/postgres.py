"""The store on PostgreSQL, through asyncpg: the same interface as `store.db.Database`.

asyncpg runs on an event loop of the engine's own, in a thread: the store's questions are
plain calls (the bot asks them from its reading thread, the command line from anywhere),
and its writes are coroutines on whichever loop the caller runs. Each call hops to the
engine's loop and back.

Writes keep SQLite's rule of one transaction at a time — across every process sharing the
database, by an advisory lock taken first in each transaction — so the store's
read-then-write steps mean the same on both engines. SQL is the store's own, rewritten by
`store.pg_sql.translate`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import decimal
import threading
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from concurrent.futures import Future
from importlib import resources
from typing import TypeVar

import asyncpg

from store import migrations
from store.db import (
    BUMP_ANSWERS_VERSION,
    READ_ANSWERS_VERSION,
    READ_TIME_LIMIT_S,
    IntegrityError,
    QueryTooSlow,
    StoreError,
    finishing,
    masked,
    new_answers_version,
)
from store.pg_sql import Statement, translate

T = TypeVar("T")

WRITE_LOCK = 0x48616E64  # the advisory lock every writing transaction takes first
CONNECT_TIMEOUT_S = 5.0
POOL_SIZE = 4
CLOSE_WITHIN_S = 5.0

_TABLES_WITH_ID = frozenset({
    "sources", "entities", "offices", "tenures", "transitions", "quotes", "statements",
    "reviews", "subscriptions", "announcements", "batches", "feeds", "notes", "audit",
})


def _number(text: str) -> int | float:
    value = decimal.Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


async def _prepare_connection(connection: asyncpg.Connection) -> None:
    # sums and averages come back as numbers, as they do from SQLite, not Decimals
    await connection.set_type_codec("numeric", encoder=str, decoder=_number,
                                    schema="pg_catalog", format="text")
    await connection.execute("SET pg_trgm.similarity_threshold = 0.2")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def _awaited(work: Awaitable[T]) -> T:
    return await work


class _EngineLoop:
    """An event loop in a daemon thread, where every asyncpg call runs."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="postgresql",
                                       daemon=True)
        self.thread.start()

    def submit(self, work: Awaitable[T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(_awaited(work), self.loop)

    async def run(self, work: Awaitable[T]) -> T:
        """Await `work` on the engine's loop from another loop. A caller cancelled
        meanwhile (a bot closing stops its rounds mid-write) waits for the statement to
        end before the cancellation goes on, so its connection can still roll back."""
        return await finishing(asyncio.wrap_future(self.submit(work)))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        if not self.loop.is_running():
            self.loop.close()


def _status_count(status: str) -> int:
    """The row count at the end of a command status such as 'INSERT 0 3'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class Cursor:
    """What an executed statement gave: rows, a row count and the last new id."""

    def __init__(self, rows: list[asyncpg.Record], rowcount: int, lastrowid: int | None):
        self._rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchone(self) -> asyncpg.Record | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchall(self) -> list[asyncpg.Record]:
        rows, self._rows = self._rows, []
        return rows

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc_info) -> None:
        return None


class _Executing:
    """`connection.execute(...)`: awaited for its cursor or used as `async with`, like
    aiosqlite's."""

    def __init__(self, work: Awaitable[Cursor]):
        self._work = work

    def __await__(self):
        return self._work.__await__()

    async def __aenter__(self) -> Cursor:
        return await self._work

    async def __aexit__(self, *exc_info) -> None:
        return None


def bind_arguments(statement: Statement, parameters: Sequence | dict, scope: int) -> list:
    if isinstance(parameters, dict):
        raise TypeError("the store's SQL takes positional parameters")
    values = [*parameters, scope] if statement.scope_parameter else list(parameters)
    for index in statement.null_tests:
        if values[index] is not None:
            values[index] = str(values[index])
    return values


class Connection:
    """One writing transaction's connection, with aiosqlite's `execute` and `executemany`."""

    def __init__(self, database: PostgresDatabase, connection: asyncpg.Connection):
        self._database = database
        self._connection = connection
        self.explicit_ids: set[str] = set()
        self.in_transaction = True

    def execute(self, sql: str, parameters: Sequence = ()) -> _Executing:
        return _Executing(self._database.engine.run(self._execute(sql, parameters)))

    async def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        statement = translate(sql)
        if statement.explicit_ids_into:
            self.explicit_ids.add(statement.explicit_ids_into)
        arguments = [bind_arguments(statement, row, self._database.scope) for row in rows]
        if arguments:
            await self._database.engine.run(self._guarded(
                self._connection.executemany(statement.sql, arguments), statement.sql))

    async def copy_rows(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """Insert many rows at once through COPY (ids included: sequences follow)."""
        if "id" in columns:
            self.explicit_ids.add(table)
        await self._database.engine.run(self._guarded(self._connection.copy_records_to_table(
            table, records=rows, columns=columns), f"COPY {table}"))

    async def _execute(self, sql: str, parameters: Sequence) -> Cursor:
        statement = translate(sql)
        if statement.explicit_ids_into:
            self.explicit_ids.add(statement.explicit_ids_into)
        arguments = bind_arguments(statement, parameters, self._database.scope)
        text = statement.sql
        wants_id = statement.inserts_into in _TABLES_WITH_ID and not statement.returns_rows
        if wants_id:
            text += " RETURNING id"
        if statement.returns_rows or wants_id:
            rows = await self._guarded(self._connection.fetch(text, *arguments), text)
            last = rows[-1]["id"] if wants_id and rows else None
            return Cursor([] if wants_id else rows, len(rows), last)
        status = await self._guarded(self._connection.execute(text, *arguments), text)
        return Cursor([], _status_count(status), None)

    @staticmethod
    async def _guarded(work: Awaitable[T], sql: str) -> T:
        try:
            return await work
        except asyncpg.IntegrityConstraintViolationError as error:
            raise IntegrityError(str(error)) from None
        except asyncpg.PostgresError as error:
            error.add_note(f"in: {sql}")
            raise

    async def finish(self) -> None:
        """Before commit: sequences follow ids the statements chose themselves."""
        for table in sorted(self.explicit_ids):
            await self._connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")


class _ThreadReaders:
    """A connection and an event loop for each thread that reads outside any loop."""

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._opened: list[tuple[asyncio.AbstractEventLoop, asyncpg.Connection]] = []
        self._lock = threading.Lock()

    def connection(self) -> asyncpg.Connection | None:
        """This thread's own connection, when the read runs on this thread's own loop."""
        mine = getattr(self._local, "reader", None)
        running = _running_loop()
        return mine[1] if mine and running is mine[0] else None

    def run(self, work: Awaitable[T]) -> T:
        mine = getattr(self._local, "reader", None)
        if mine is None or mine[1].is_closed():
            loop = asyncio.new_event_loop()
            connection = loop.run_until_complete(asyncpg.connect(
                self.url, timeout=CONNECT_TIMEOUT_S,
                server_settings={"application_name": "handover"}))
            loop.run_until_complete(_prepare_connection(connection))
            mine = self._local.reader = (loop, connection)
            with self._lock:
                self._opened.append(mine)
        return mine[0].run_until_complete(_awaited(work))

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for loop, connection in opened:
            connection.terminate()
            if not loop.is_running():
                loop.close()


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, run on the engine's own loop."""

    engine_name = "postgresql"
    reads_within = False  # a read is a round trip: never made on an event loop

    def __init__(self, url: str, engine: _EngineLoop, pool: asyncpg.Pool, created: bool):
        self.url = url
        self.location = masked(url)
        self.engine = engine
        self.pool = pool
        self.created = created
        self.scope = 0
        self.dialect = PostgresDialect()
        self._writing: asyncio.Lock | None = None
        self._writing_loop: asyncio.AbstractEventLoop | None = None
        self._own_readers = _ThreadReaders(url)

    def seen_from(self, scope: int | None) -> PostgresDatabase:
        view = copy.copy(self)
        view.scope = scope or 0
        return view

    @classmethod
    async def open(cls, url: str, *, migrate_to: int = migrations.LATEST) -> PostgresDatabase:
        engine = _EngineLoop()
        try:
            pool = await engine.run(asyncpg.create_pool(
                url, min_size=1, max_size=POOL_SIZE, timeout=CONNECT_TIMEOUT_S,
                init=_prepare_connection, server_settings={"application_name": "handover"},
                loop=engine.loop))
        except (TimeoutError, OSError, asyncpg.PostgresError, ValueError) as error:
            engine.stop()
            raise StoreError(f"cannot open the store at {masked(url)}: "
                             f"{masked(str(error)) or type(error).__name__}") from None
        try:
            created = await engine.run(_migrate(pool, migrate_to))
        except (asyncpg.PostgresError, OSError) as error:
            await engine.run(pool.close())
            engine.stop()
            raise StoreError(f"cannot prepare the store at {masked(url)}: {error}") from None
        return cls(url, engine, pool, created)

    async def close(self) -> None:
        """Close every connection: gracefully within `CLOSE_WITHIN_S`, else at once."""
        self._own_readers.close()
        await self.engine.run(self._close_pool())
        self.engine.stop()

    async def _close_pool(self) -> None:
        try:
            await asyncio.wait_for(self.pool.close(), CLOSE_WITHIN_S)
        except TimeoutError:
            self.pool.terminate()

    def _write_lock(self) -> asyncio.Lock:
        """One transaction at a time from this process (per event loop using it)."""
        loop = asyncio.get_running_loop()
        if self._writing is None or self._writing_loop is not loop:
            self._writing, self._writing_loop = asyncio.Lock(), loop
        return self._writing

    async def _acquire(self) -> asyncpg.Connection:
        """A connection from the pool; given back if the caller is cancelled meanwhile."""
        acquiring = self.engine.submit(self.pool.acquire(timeout=CONNECT_TIMEOUT_S))
        try:
            return await finishing(asyncio.wrap_future(acquiring))
        except asyncio.CancelledError:
            if not acquiring.cancelled() and acquiring.exception() is None:
                await self.engine.run(self.pool.release(acquiring.result()))
            raise

    @contextlib.asynccontextmanager
    async def transaction(self, *, changes_answers: bool = True
                          ) -> AsyncIterator[Connection]:
        """Run a batch of writes atomically: all of it lands, or none. Writers in every
        process sharing the database wait their turn. It moves `answers_version()` on
        unless `changes_answers` is False (see `store.db.Database.transaction`)."""
        async with self._write_lock():
            try:
                raw = await self._acquire()
            except (TimeoutError, OSError, asyncpg.PostgresError) as error:
                raise StoreError(f"cannot reach the store at {self.location}: {error}; "
                                 "nothing was written") from None
            connection = Connection(self, raw)
            try:
                await self.engine.run(raw.execute("BEGIN"))
                await self.engine.run(raw.execute("SELECT pg_advisory_xact_lock($1)",
                                                  WRITE_LOCK))
                try:
                    if changes_answers:
                        await connection.execute(BUMP_ANSWERS_VERSION, new_answers_version())
                    yield connection
                    await self.engine.run(connection.finish())
                except BaseException:
                    await self.engine.run(raw.execute("ROLLBACK"))
                    raise
                await self.engine.run(raw.execute("COMMIT"))
            finally:  # even when the caller is cancelled, the connection goes back
                await asyncio.shield(asyncio.wrap_future(
                    self.engine.submit(self.pool.release(raw))))

    def read(self, sql: str, parameters: Sequence = (), *,
             time_limit_s: float = READ_TIME_LIMIT_S) -> list[asyncpg.Record]:
        """Run one read; `QueryTooSlow` when it runs past its time limit.

        A thread that runs no event loop (the bot's reading thread) reads on a connection
        and loop of its own, with no hop between threads; one inside an event loop (the
        command line, tests) hands the read to the engine's loop and waits."""
        statement = translate(sql)
        arguments = bind_arguments(statement, parameters, self.scope)
        fetching = self._fetch(statement.sql, arguments, time_limit_s)
        try:
            if _running_loop() is None:
                return self._own_readers.run(fetching)
            return self.engine.submit(fetching).result()
        except (TimeoutError, asyncpg.QueryCanceledError):
            raise QueryTooSlow("that search took too long") from None

    async def _fetch(self, sql: str, arguments: list, time_limit_s: float) -> list:
        own = self._own_readers.connection()
        async with contextlib.AsyncExitStack() as stack:
            connection = own or await stack.enter_async_context(self.pool.acquire())
            try:
                return await connection.fetch(sql, *arguments, timeout=time_limit_s)
            except asyncpg.PostgresError as error:
                error.add_note(f"in: {sql}")
                raise

    def read_one(self, sql: str, parameters: Sequence = ()) -> asyncpg.Record | None:
        rows = self.read(sql, parameters)
        return rows[0] if rows else None

    def answers_version(self) -> str | None:
        """A value that changes whenever a write that may change answers commits, here or
        in another process; the bots' bookkeeping leaves it as it is (see
        `store.db.Database.answers_version`). Unlike the server's snapshot, writes to other
        databases on the same server do not move it either."""
        row = self.read_one(READ_ANSWERS_VERSION)
        return row[0] if row else None


async def _migrate(pool: asyncpg.Pool, target: int) -> bool:
    """Apply the PostgreSQL schema files up to `target`; True when the store was empty."""
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
        await connection.execute(migrations.LEDGER_POSTGRESQL)
        version = await connection.fetchval(
            "SELECT coalesce(max(version), 0) FROM schema_migrations")
        for migration in available():
            if version < migration.version <= target:
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    migration.version, migration.name)
        return version == 0


def available() -> list[migrations.Migration]:
    """The PostgreSQL schema files, oldest first: a baseline at the version SQLite had
    reached when PostgreSQL came, then one file per later migration, numbered alike."""
    return migrations.found_in(resources.files("store.schema") / "postgresql")


class PostgresDialect:
    """What the engines spell differently, as PostgreSQL spells it: each method gives a
    condition and its parameters (see `store.db.SQLiteDialect`)."""

    def quote_has_words(self, speaker_id: int, words: list[str]) -> tuple[str, tuple]:
        del speaker_id  # the caller's query already narrows by speaker
        return ("to_tsvector('simple', quotes.text || ' ' || coalesce(quotes.context, ''))"
                " @@ plainto_tsquery('simple', ?)", (" ".join(words),))

    def alias_contains(self, norm: str, limit: int) -> tuple[str, tuple]:
        escaped = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ("aliases.rowid IN (SELECT rowid FROM aliases AS found"
                " WHERE found.norm LIKE '%' || ? || '%' LIMIT ?)", (escaped, limit))

    def alias_resembles(self, norm: str, limit: int) -> tuple[str, tuple]:
        return ("aliases.rowid IN (SELECT rowid FROM aliases AS found WHERE found.norm % ?"
                " ORDER BY similarity(found.norm, ?) DESC LIMIT ?)", (norm, norm, limit))

    def days_after(self, later: str, earlier: str) -> str:
        return f"(({later})::date - ({earlier})::date)"

    def is_one_of(self, column: str, values: list) -> tuple[str, tuple]:
        return f"{column} = ANY(?)", (list(values),)

    def now_s(self) -> str:
        return "extract(epoch FROM clock_timestamp())::double precision"

    def skip_locked(self, table: str) -> str:
        return f" FOR UPDATE OF {table} SKIP LOCKED"
