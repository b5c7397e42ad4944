"""Forward-only schema migrations, recorded in a ledger inside the store.

Each `store/schema/NNNN_name.sql` is applied once, in order, in one
transaction together with its ledger row. PostgreSQL has its own files, numbered alike,
in `store/schema/postgresql/` (applied by `store.postgres`).
"""

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

import aiosqlite

_FILENAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)"""
LEDGER_POSTGRESQL = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
        DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
)"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def found_in(folder: Traversable) -> list[Migration]:
    """The migrations in one folder, oldest first."""
    found = []
    for entry in folder.iterdir():
        match = _FILENAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


def available() -> list[Migration]:
    """Every SQLite migration in store/schema, oldest first."""
    return found_in(resources.files("store.schema"))


LATEST = max(migration.version for migration in available())


async def current_version(db: aiosqlite.Connection) -> int:
    await db.execute(LEDGER)
    async with db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations") as cursor:
        (version,) = await cursor.fetchone()
    return version


async def migrate(db: aiosqlite.Connection, target: int = LATEST) -> list[int]:
    """Apply every migration after the store's version up to `target`; return those applied."""
    applied = []
    version = await current_version(db)
    for migration in available():
        if version < migration.version <= target:
            try:
                await db.executescript(
                    f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                    f"INSERT INTO schema_migrations (version, name) "
                    f"VALUES ({migration.version}, '{migration.name}');\n"
                    f"PRAGMA user_version = {migration.version};\nCOMMIT;"
                )
            except Exception:
                if db.in_transaction:
                    await db.rollback()
                raise
            applied.append(migration.version)
    return applied
