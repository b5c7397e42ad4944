"""Moving a store between engines: every table, in batches, resumable, then checked.

`copy_store(source, target)` copies each table of the store at `source` (a SQLite path or
a PostgreSQL URL) into the store at `target`, which it creates if needed, table by table
in the order their references need. Rows go in key order, one batch per transaction, so
after a kill the target holds a prefix of each table: running the copy again continues
after the last key the target has. At the end every table's row count and checksum (a
SHA-256 of its rows in key order) must agree on both sides.

The target must be new or a partial copy of the same source; rows the source does not
have make the check fail rather than being overwritten. Indexes built from the tables
(full-text and trigram search) follow by the target engine's own rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from store.db import StoreError, open_database

BATCH_ROWS = 2000
READ_LIMIT_S = 120.0

# Every table that holds the store's content, parents before children, with its key.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("id",)),
    ("entities", ("id",)),
    ("aliases", ("norm", "entity_id")),
    ("offices", ("id",)),
    ("tenures", ("id",)),
    ("transitions", ("id",)),
    ("quotes", ("id",)),
    ("quote_topics", ("quote_id", "entity_id")),
    ("statements", ("id",)),
    ("notes", ("id",)),
    ("fact_sources", ("fact", "fact_id", "scope", "source_id")),
    ("meta", ("key",)),
    ("reviews", ("id",)),
    ("subscriptions", ("id",)),
    ("announcements", ("id",)),
    ("batches", ("id",)),
    ("deliveries", ("announcement_id", "channel_id")),
    ("feeds", ("id",)),
    ("feed_items", ("feed_id", "key")),
    ("audit", ("id",)),
)
_ENGINE_ONLY_COLUMNS = frozenset({"rowid"})  # PostgreSQL's stand-in for SQLite's rowid


class CopyError(StoreError):
    """A copy that cannot start or whose check failed; the message says which table."""


@dataclass(frozen=True)
class TableCopy:
    table: str
    copied: int  # rows copied by this run
    rows: int  # rows in the table on both sides at the end
    checksum: str
    matches: bool


def _columns(database, table: str) -> list[str]:
    """The table's columns, in the order the schema gives them."""
    if database.engine_name == "sqlite":
        rows = database.read(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
    else:
        rows = database.read(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
            " AND table_schema = current_schema() ORDER BY ordinal_position", (table,))
    return [row[0] for row in rows if row[0] not in _ENGINE_ONLY_COLUMNS]


def _quoted(columns: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _after(key: tuple[str, ...]) -> str:
    """A condition: the row's key comes after the key given as parameters."""
    return f"({_quoted(key)}) > ({', '.join('?' for _ in key)})"


def _rows_in_key_order(database, table: str, columns: list[str], key: tuple[str, ...],
                       after: tuple | None, limit: int) -> list[tuple]:
    where = f" WHERE {_after(key)}" if after is not None else ""
    rows = database.read(f"SELECT {_quoted(columns)} FROM {table}{where}"
                         f" ORDER BY {_quoted(key)} LIMIT {int(limit)}",
                         after or (), time_limit_s=READ_LIMIT_S)
    return [tuple(row) for row in rows]


def _last_key(database, table: str, key: tuple[str, ...]) -> tuple | None:
    descending = ", ".join(f'"{column}" DESC' for column in key)
    row = database.read_one(f"SELECT {_quoted(key)} FROM {table} ORDER BY {descending} LIMIT 1")
    return tuple(row) if row else None


def _count(database, table: str) -> int:
    return database.read_one(f"SELECT count(*) FROM {table}")[0]


def checksum(database, table: str, key: tuple[str, ...], columns: list[str]) -> str:
    """SHA-256 of the table's rows in key order, each value in one canonical spelling."""
    digest = hashlib.sha256()
    after = None
    while rows := _rows_in_key_order(database, table, columns, key, after, 20 * BATCH_ROWS):
        for row in rows:
            digest.update(repr(tuple(_canonical(value) for value in row)).encode(
                "utf-8", "surrogatepass"))
        after = tuple(rows[-1][columns.index(column)] for column in key)
    return digest.hexdigest()


def _canonical(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


async def _copy_table(source, target, table: str, key: tuple[str, ...],
                      progress: Callable[[str], None], batch: int) -> int:
    columns = _columns(source, table)
    missing = set(columns) - set(_columns(target, table))
    if missing:
        raise CopyError(f"{target.location} has no column {sorted(missing)} in {table}: "
                        "open it with this Handover first so that its schema is current")
    after = _last_key(target, table, key)
    copied = 0
    insert = (f"INSERT INTO {table} ({_quoted(columns)})"
              f" VALUES ({', '.join('?' for _ in columns)})")
    while rows := _rows_in_key_order(source, table, columns, key, after, batch):
        # The target is not answered from while it is made, and its `meta` must end as the
        # source's, `answers_version` included: the batches leave that row to the copy.
        async with target.transaction(changes_answers=False) as db:
            if target.engine_name == "postgresql":
                await db.copy_rows(table, columns, rows)
            else:
                await db.executemany(insert, rows)
        copied += len(rows)
        after = tuple(rows[-1][columns.index(column)] for column in key)
        progress(f"{table}: {copied:,} rows copied")
    return copied


async def copy_store(source_location: str | Path, target_location: str | Path,
                     progress: Callable[[str], None] = lambda _: None, *,
                     batch: int = BATCH_ROWS) -> list[TableCopy]:
    """Copy every table from `source_location` to `target_location` and check both."""
    if str(source_location) == str(target_location):
        raise CopyError("the source and the target are the same store")
    source = await open_database(source_location)
    try:
        target = await open_database(target_location)
        try:
            copies = [await _copy_and_check(source, target, table, key, progress, batch)
                      for table, key in TABLES]
            async with target.transaction(changes_answers=False) as db:
                await db.execute("ANALYZE")  # statistics for the planner, fresh for new rows
            return copies
        finally:
            await target.close()
    finally:
        await source.close()


async def _copy_and_check(source, target, table: str, key: tuple[str, ...],
                          progress: Callable[[str], None], batch: int) -> TableCopy:
    copied = await _copy_table(source, target, table, key, progress, batch)
    columns = _columns(source, table)
    rows = _count(source, table)
    mine = checksum(source, table, key, columns)
    theirs = checksum(target, table, key, columns)
    return TableCopy(table, copied, rows, mine,
                     mine == theirs and rows == _count(target, table))
