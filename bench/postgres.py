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
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench import reads
from bench.timing import stats
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


class _PlainAsyncpg:
    """The floor on PostgreSQL: the statements a store call ran, on a plain asyncpg
    connection driven from this thread (no store layer, no row objects kept)."""

    def __init__(self, url: str):
        self.loop = asyncio.new_event_loop()
        self.connection = self.loop.run_until_complete(asyncpg.connect(url))

    def replay(self, sql: str, parameters: tuple) -> None:
        statement = translate(sql)
        arguments = postgres_engine.bind_arguments(statement, parameters, 0)
        self.loop.run_until_complete(self.connection.fetch(statement.sql, *arguments))

    def close(self) -> None:
        self.loop.run_until_complete(self.connection.close())
        self.loop.close()


def _side_by_side(plain: _PlainAsyncpg):
    """`reads.side_by_side`, with the floor replayed on PostgreSQL."""

    def measure(store: Store, raw: sqlite3.Connection, calls: list) -> dict:
        scripts = [reads.record(store, call) for call in calls]  # also warms the caches
        api, floor = [], []
        clock = time.perf_counter
        for call, script in zip(calls, scripts, strict=True):
            started = clock()
            call()
            middle = clock()
            for sql, parameters in script:
                plain.replay(sql, parameters)
            floor.append(clock() - middle)
            api.append(middle - started)
        return {"api": stats(api), "raw": stats(floor),
                "statements_per_call": round(sum(map(len, scripts)) / max(1, len(scripts)), 2),
                "seconds": (api, floor)}

    return measure


def _measure(store: Store, raw: sqlite3.Connection, url: str, samples: int, seed: int) -> dict:
    """`bench.reads`' measurements on the PostgreSQL store (ids are drawn from the SQLite
    original, which has the same ones)."""
    rng = random.Random(seed)
    plain = _PlainAsyncpg(url)
    original, reads.side_by_side = reads.side_by_side, _side_by_side(plain)
    try:
        return {"who_leads": reads.who_leads(store, raw, samples, rng),
                "autocomplete": reads.autocomplete(store, raw, max(50, samples // 5), rng),
                "quotes": reads.quote_search(store, raw, max(50, samples // 4), rng)}
    finally:
        reads.side_by_side = original
        plain.close()


async def run(sqlite_path: Path, samples: int, url: str = URL, seed: int = 11) -> dict:
    """Every read measurement of `bench.reads`, on the PostgreSQL copy."""
    try:
        copy_s = await ensure_copied(sqlite_path, url)
    except (OSError, asyncpg.PostgresError) as error:
        return {"skipped": f"no PostgreSQL at {url}: {error}"}
    store = await Store.open(url, bundled=False)
    raw = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, isolation_level=None,
                          check_same_thread=False)
    raw.create_function("viewer_scope", 0, lambda: 0, deterministic=True)
    try:
        figures = await asyncio.to_thread(_measure, store, raw, url, samples, seed)
    finally:
        raw.close()
        await store.close()
    return {"copy_s": copy_s, **figures}
