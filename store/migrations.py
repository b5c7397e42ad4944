"""Forward-only schema migrations, recorded in a ledger inside the store.

Each `store/schema/NNNN_name.sql` is applied once, in order, in one
transaction together with its ledger row.
"""

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_FILENAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """Every migration in store/schema, oldest first."""
    found = []
    for entry in resources.files("store.schema").iterdir():
        match = _FILENAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda migration: migration.version)


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
