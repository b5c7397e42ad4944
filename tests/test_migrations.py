"""Schema migrations: forward-only, recorded, and a store of the first schema upgrades."""

import sqlite3

from store import Store, announcements, migrations
from store.db import Database
from tests import engines


async def test_a_new_store_is_at_the_latest_version_with_its_ledger(sqlite_store_path):
    with sqlite3.connect(sqlite_store_path) as db:
        versions = [row[0] for row in db.execute("SELECT version FROM schema_migrations")]
        assert versions == [m.version for m in migrations.available()]
        assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_new_store_records_its_schema_version_on_either_engine(store_path):
    """PostgreSQL starts from one baseline file at the version SQLite had reached then."""
    versions = [row[0] for row in engines.query(store_path, "SELECT version FROM"
                                                " schema_migrations ORDER BY version")]
    assert versions[-1] == migrations.LATEST
    async with await Store.open(store_path) as store:
        assert store.database.created is False  # opened again: nothing new was made
    assert [row[0] for row in engines.query(store_path, "SELECT version FROM schema_migrations"
                                            " ORDER BY version")] == versions


async def test_a_store_made_by_the_first_schema_upgrades_and_keeps_its_facts(tmp_path):
    path = tmp_path / "old.db"
    old = await Database.open(path, migrate_to=1)
    # no `meta` table at the first schema, so no answers version to move on
    async with old.transaction(changes_answers=False) as db:
        await db.execute("INSERT INTO entities (id, kind, name) VALUES (1, 'person', 'Ada Old')")
        await db.execute("INSERT INTO aliases VALUES (1, 'Ada Old', 'ada old')")
        await db.execute("INSERT INTO quotes (id, speaker_id, text, kind) VALUES "
                         "(1, 1, 'Migrations must never lose a word.', 'direct')")
        await db.execute("INSERT INTO sources (id, key, kind) VALUES (1, 'manual:old', 'manual')")
        await db.execute("INSERT INTO fact_sources VALUES ('quote', 1, 1, NULL)")
    await old.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 1
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'quotes_fts'").fetchall()

    async with await Store.open(path) as store:
        ada = store.resolve("ada old").entity
        assert [q.text for q in store.quotes(ada, search="lose word")] == [
            "Migrations must never lose a word."]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == \
            migrations.LATEST


async def test_opening_twice_applies_nothing_more(sqlite_store_path):
    database = await Database.open(sqlite_store_path)
    try:
        assert await migrations.migrate(database.writer) == []
    finally:
        await database.close()


async def test_a_failing_migration_leaves_the_store_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    await (await Database.open(path, migrate_to=1)).close()
    broken = [*migrations.available()[:1],
              migrations.Migration(2, "broken", "CREATE TABLE half (x);\nSELECT * FROM nowhere;")]
    monkeypatch.setattr(migrations, "available", lambda: broken)
    try:
        await Database.open(path)
    except Exception as error:
        assert "nowhere" in str(error)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 1
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchall()


async def test_subscriptions_and_deliveries_made_before_announcement_options_keep_working(
        tmp_path):
    """0013 adds options to subscriptions and the publication state to deliveries: what
    existed posts as before, unpublished and unpinged."""
    path = tmp_path / "s.db"
    old = await Database.open(path, migrate_to=12)
    async with old.transaction() as db:
        await db.execute("INSERT INTO subscriptions (id, guild_id, channel_id, created_on)"
                         " VALUES (1, 7, 70, '2026-11-01')")
    await old.close()
    async with await Store.open(path) as store:
        (subscription,) = store.subscriptions()
        assert subscription.options == announcements.Options()
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(deliveries)")}
        assert {"publish", "published_at", "thread_name", "batch_id"} <= columns
