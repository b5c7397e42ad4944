"""The million-fact store on PostgreSQL, beside the same store on SQLite.

The benchmark's SQLite store is copied once into a PostgreSQL database with `handover
copy-store` (ids and all, checked table by table) and kept there while it matches. The
same store calls as `bench.reads` are then timed on it, from a thread that runs no event
loop, as the bot's reading thread asks them; the "raw" column is the same statements on a
plain asyncpg connection (the floor on PostgreSQL). PostgreSQL is at
`HANDOVER_BENCH_POSTGRES` (default postgresql://postgres@127.0.0.1:5432/handover_bench);
without a server this part is left out with its reason.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench import reads
from store import Store, copying
from store import postgres as postgres_engine
from store.pg_sql import translate

URL = os.environ.get("HANDOVER_BENCH_POSTGRES",
                     "postgresql://postgres@127.0.0.1:5432/handover_bench")


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


async def _admin(url: str, *statements: str) -> list:
    connection = await asyncpg.connect(_admin_url(url), timeout=5)
    try:
        return [await connection.fetchval(statement) for statement in statements]
    finally:
        await connection.close()


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _counts(location: str | Path) -> dict[str, int]:
    async def count() -> dict[str, int]:
        store = await Store.open(location, bundled=False)
        try:
            return {table: store.database.read(f"SELECT count(*) FROM {table}",
                                               time_limit_s=60)[0][0]
                    for table, _ in copying.TABLES}
        finally:
            await store.close()

    return asyncio.run(count())


async def ensure_copied(sqlite_path: Path, url: str) -> float | None:
    """Copy the SQLite store into `url` unless it is already there; seconds it took."""
    name = _name(url)
    (existed,) = await _admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    if existed and await asyncio.to_thread(_counts, url) == await asyncio.to_thread(
            _counts, sqlite_path):
        return None
    await _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                 f'CREATE DATABASE "{name}"')  # another store's copy, or half of one
    started = time.perf_counter()
    copies = await copying.copy_store(sqlite_path, url, batch=20_000)
    if not all(copy.matches for copy in copies):
        raise RuntimeError(f"the copy in {url} differs from {sqlite_path}: drop it")
    return round(time.perf_counter() - started, 1)


class _Rows:
    def __init__(self, rows: list[tuple]):
        self.rows = rows

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple]:
        return self.rows


class PlainAsyncpg:
    """The floor on PostgreSQL: a plain asyncpg connection driven from this thread, with
    sqlite3's `execute(sql, parameters).fetchall()` — so `bench.reads` replays a store
    call's statements on it (and draws its samples from it) as it does on sqlite3."""

    def __init__(self, url: str):
        self.loop = asyncio.new_event_loop()
        self.connection = self.loop.run_until_complete(asyncpg.connect(url))

    def execute(self, sql: str, parameters: tuple = ()) -> _Rows:
        statement = translate(sql)
        arguments = postgres_engine.bind_arguments(statement, parameters, 0)
        return _Rows([tuple(row) for row in self.loop.run_until_complete(
            self.connection.fetch(statement.sql, *arguments))])

    def close(self) -> None:
        self.loop.run_until_complete(self.connection.close())
        self.loop.close()


def _measure(store: Store, url: str, samples: int, seed: int) -> dict:
    """`bench.reads`' measurements on the PostgreSQL store and its plain-asyncpg floor."""
    rng = random.Random(seed)
    plain = PlainAsyncpg(url)
    try:
        return {"who_leads": reads.who_leads(store, plain, samples, rng),
                "autocomplete": reads.autocomplete(store, plain, max(50, samples // 5), rng),
                "quotes": reads.quote_search(store, plain, max(50, samples // 4), rng)}
    finally:
        plain.close()


async def run(sqlite_path: Path, samples: int, url: str = URL, seed: int = 11) -> dict:
    """Every read measurement of `bench.reads`, on the PostgreSQL copy."""
    try:
        copy_s = await ensure_copied(sqlite_path, url)
    except (OSError, asyncpg.PostgresError) as error:
        return {"skipped": f"no PostgreSQL at {url}: {error}"}
    store = await Store.open(url, bundled=False)
    try:
        figures = await asyncio.to_thread(_measure, store, url, samples, seed)
    finally:
        await store.close()
    return {"copy_s": copy_s, **figures}
