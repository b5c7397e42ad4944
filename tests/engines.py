"""The two engines the suite runs on: SQLite files, and PostgreSQL databases made and
dropped by the tests themselves on the server at `HANDOVER_TEST_POSTGRES`.

A machine without PostgreSQL runs the SQLite half and says once that the PostgreSQL half
was skipped; with `CI=true` the PostgreSQL half must run, so an unreachable server fails.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from store.copying import TABLES
from store.db import is_url
from store.pg_sql import translate

ADMIN_URL = os.environ.get("HANDOVER_TEST_POSTGRES",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
RUN_PREFIX = f"handover_test_{os.getpid()}"
_names = itertools.count(1)


def required() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def database_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    parts = urlsplit(ADMIN_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _in_a_thread(work) -> Any:
    """Run a coroutine function to completion on a loop of its own (callers may be inside
    another event loop)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = asyncio.run(work())
        except BaseException as error:  # handed to the caller
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def admin(*statements: str) -> None:
    """Run statements on the test server's maintenance database."""

    async def run() -> None:
        connection = await asyncpg.connect(ADMIN_URL, timeout=5)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    _in_a_thread(run)


def unreachable() -> str | None:
    """Why the test server cannot be used, or None when it can."""
    try:
        admin("SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def drop_leftovers() -> None:
    """Drop the databases of earlier runs that were killed before they could."""

    async def names() -> list[str]:
        connection = await asyncpg.connect(ADMIN_URL, timeout=5)
        try:
            return [row[0] for row in await connection.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE 'handover_test_%'")]
        finally:
            await connection.close()

    for name in _in_a_thread(names):
        pid = name.split("_")[2]
        if pid.isdigit() and not _alive(int(pid)):
            drop_database(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def new_database(template: str | None = None) -> str:
    """A new, empty (or templated) database for this run; its name."""
    name = f"{RUN_PREFIX}_{next(_names)}"
    copy = f" TEMPLATE {template}" if template else ""
    admin(f"CREATE DATABASE {name}{copy}")
    return name


def drop_database(name: str) -> None:
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# Looking inside a store, on either engine, as tests do to check what was written --------

def _on_postgresql(url: str, work) -> Any:
    async def run() -> Any:
        connection = await asyncpg.connect(url, timeout=5)
        try:
            return await work(connection)
        finally:
            await connection.close()

    return _in_a_thread(run)


def query(location: str | Path, sql: str, parameters: Sequence = ()) -> list[tuple]:
    """Rows of one read (SQL in the store's own dialect, `?` parameters) as tuples."""
    if not is_url(location):
        with sqlite3.connect(f"file:{location}?mode=ro", uri=True) as connection:
            return [tuple(row) for row in connection.execute(sql, parameters)]
    statement = translate(sql)

    async def read(connection) -> list[tuple]:
        return [tuple(row) for row in await connection.fetch(statement.sql, *parameters)]

    return _on_postgresql(str(location), read)


def execute(location: str | Path, sql: str, rows: Iterable[Sequence] = ((),)) -> None:
    """Run one statement for each of `rows`, committed (a test arranging a store)."""
    rows = list(rows)
    if not is_url(location):
        with sqlite3.connect(location) as connection:
            connection.executemany(sql, rows)
        return
    statement = translate(sql)

    async def write(connection) -> None:
        await connection.executemany(statement.sql, rows)
        if table := statement.explicit_ids_into:  # as the store's own writes do
            await connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                     f" (SELECT max(id) FROM {table}))")

    _on_postgresql(str(location), write)


def tables(location: str | Path) -> list[str]:
    """The store's tables, by name."""
    if not is_url(location):
        return [row[0] for row in query(
            location, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [row[0] for row in query(
        location, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        " ORDER BY tablename")]


# A running bot renews its leader lease every few seconds: that row is its heartbeat, not
# the store's content, and is left out of digests.
HEARTBEAT_TABLES = frozenset({"leases"})


def digest(location: str | Path) -> tuple[dict[str, int], str]:
    """Row counts of every table (but the heartbeat) and a hash of all their content,
    as committed."""
    if is_url(location):
        return _postgresql_digest(str(location))
    counts, hashed = {}, hashlib.sha256()
    for name in sorted(set(tables(location)) - HEARTBEAT_TABLES):
        rows = sorted(repr(row) for row in query(location, f'SELECT * FROM "{name}"'))
        counts[name] = len(rows)
        hashed.update(f"{name}:{len(rows)}\n".encode())
        for row in rows:
            hashed.update(row.encode("utf-8", "surrogatepass") + b"\n")
    return counts, hashed.hexdigest()


def _postgresql_digest(url: str) -> tuple[dict[str, int], str]:
    """`digest` on PostgreSQL: each table hashed by the server, in one statement."""

    async def read(connection) -> tuple[dict[str, int], str]:
        names = [row[0] for row in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " ORDER BY tablename") if row[0] not in HEARTBEAT_TABLES]
        sql = " UNION ALL ".join(
            f"SELECT '{name}', count(*), md5(coalesce(string_agg(t::text, '|'"
            f" ORDER BY t::text), '')) FROM \"{name}\" AS t" for name in names)
        rows = await connection.fetch(sql)
        hashed = hashlib.sha256()
        for name, count, table_hash in rows:
            hashed.update(f"{name}:{count}:{table_hash}\n".encode())
        return {name: count for name, count, _ in rows}, hashed.hexdigest()

    return _on_postgresql(url, read)


# Fresh copies of one database, fast: reset in place rather than made anew -------------

class Copies:
    """Copies of the database `original` for one test each. A copy given back is reset to
    the original's rows (every table emptied and refilled, sequences set after its ids) and
    kept for the next test: much faster than CREATE DATABASE … TEMPLATE and DROP each time."""

    def __init__(self, original: str):
        self.original = original
        self.free: list[str] = []
        self.made: list[str] = []
        self.rows = _in_a_thread(lambda: _table_rows(database_url(original)))

    def take(self) -> str:
        if self.free:
            return self.free.pop()
        name = new_database(template=self.original)
        self.made.append(name)
        return name

    def give_back(self, name: str) -> None:
        try:
            _in_a_thread(lambda: _reset(database_url(name), name, self.rows))
        except (OSError, asyncpg.PostgresError, TimeoutError):
            drop_database(name)  # not reusable: the next test gets a new one
            self.made.remove(name)
            return
        self.free.append(name)

    def drop_all(self) -> None:
        for name in self.made:
            drop_database(name)
        self.made, self.free = [], []


async def _table_rows(url: str) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (the ledger of migrations aside)."""
    connection = await asyncpg.connect(url, timeout=5)
    try:
        found = {}
        for (table,) in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " AND tablename != 'schema_migrations' ORDER BY tablename"):
            columns = [row[0] for row in await connection.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $1"
                " AND table_schema = current_schema() ORDER BY ordinal_position", table)]
            rows = [tuple(row) for row in await connection.fetch(f'SELECT * FROM "{table}"')]
            found[table] = (columns, rows)
        first = [table for table, _ in TABLES if table in found]  # parents before children
        return {table: found[table] for table in first + sorted(set(found) - set(first))}
    finally:
        await connection.close()


async def _reset(url: str, name: str, original: dict[str, tuple[list[str], list[tuple]]]
                 ) -> None:
    admin_connection = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:  # whatever a test left connected (a killed bot's sessions) goes
        await admin_connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1"
            " AND pid != pg_backend_pid()", name)
    finally:
        await admin_connection.close()
    connection = await asyncpg.connect(url, timeout=5)
    try:
        async with connection.transaction():
            tables = ", ".join(f'"{table}"' for table in original)
            await connection.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            for table, (columns, rows) in original.items():
                if rows:
                    await connection.copy_records_to_table(table, records=rows,
                                                           columns=columns)
                for column in {"id", "rowid"} & set(columns):  # the identity columns
                    await connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                        f" coalesce((SELECT max({column}) FROM \"{table}\"), 0) + 1, false)")
    finally:
        await connection.close()
