"""The store under faults, backups while serving, safe fetching, and secrets kept secret."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot import articles
from bot.fetch import FetchError
from store import SourceInfo, Store, StoreError
from tests import engines
from tests.conftest import TODAY
from tests.discord_double import DiscordDouble
from tests.running_bot import TOKEN, running_bot
from tests.test_ingest import counts
from tests.web import serving

HANDOVER = str(Path(sys.executable).parent / "handover")
FACTS = {"transitions": [{"org": "Harbour Bank", "role": "Chair", "incoming": "Erik Dahl",
                          "outgoing": "Siri Holm", "effective": "2026-11-20",
                          "kind": "appointed", "evidence": "…"}],
         "quotes": [{"speaker": "Erik Dahl", "text": "We will be careful.", "kind": "direct",
                     "evidence": "…"}]}


def article(number: int) -> str:
    return (f"Company {number} names a chief\nOSLO, Nov. 20, 2026 — Firm{number} Holdings named "
            f"Anna Berg{number} chief executive on Friday, succeeding Lars Moe{number}. "
            f'"We will grow," Berg{number} said.\n')


async def test_a_read_only_store_is_a_clear_error_and_nothing_changes(sqlite_store_path):
    store_path = sqlite_store_path
    before = counts(store_path)
    async with await Store.open(store_path) as store:
        await store.database.writer.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError, match=r"the store is read-only \(.*\); nothing was"):
            await store.ingest(FACTS, SourceInfo(kind="manual", text="x"))
    assert counts(store_path) == before


async def test_a_full_disk_is_a_clear_error_and_no_corruption(sqlite_store_path):
    store_path = sqlite_store_path
    before = counts(store_path)
    async with await Store.open(store_path) as store:
        (pages,) = await (await store.database.writer.execute("PRAGMA page_count")).fetchone()
        await store.database.writer.execute(f"PRAGMA max_page_count = {pages}")
        big = {**FACTS, "quotes": [{**FACTS["quotes"][0], "text": f"{n} " + "x" * 4000}
                                   for n in range(200)]}
        with pytest.raises(StoreError, match="the disk holding the store is full"):
            await store.ingest(big, SourceInfo(kind="manual", text="y"))
    assert counts(store_path) == before
    with sqlite3.connect(store_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_sigkill_during_an_ingest_of_100_articles_leaves_each_all_or_nothing(
        store_path, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = []
    for number in range(100):
        path = folder / f"a{number:03}.txt"
        path.write_text(article(number))
        paths.append(path)
    env = {**os.environ, "HANDOVER_DB": str(store_path), "HANDOVER_TODAY": TODAY}
    process = await asyncio.create_subprocess_exec(
        HANDOVER, "ingest", *map(str, paths), env=env, stdout=asyncio.subprocess.PIPE)
    stored = 0
    while stored < 25:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert line, "the ingest ended before it could be killed"
        stored += line.endswith(b"stored.\n")
    process.send_signal(signal.SIGKILL)
    await process.wait()

    def state() -> dict[str, tuple[int, int, int]]:
        if not engines.is_url(store_path):
            assert engines.query(store_path, "PRAGMA integrity_check") == [("ok",)]
        return {row[0]: row[1:] for row in engines.query(
            store_path, "SELECT file, (SELECT count(*) FROM fact_sources WHERE fact ="
            " 'transition' AND source_id = sources.id), (SELECT count(*) FROM fact_sources"
            " WHERE fact = 'quote' AND source_id = sources.id), (SELECT count(*) FROM"
            " announcements JOIN fact_sources ON fact_sources.fact_id ="
            " announcements.transition_id AND fact_sources.fact = 'transition'"
            " WHERE fact_sources.source_id = sources.id) FROM sources"
            " WHERE file LIKE 'a%.txt'")}

    partial = state()
    assert 25 <= len(partial) < 100
    assert set(partial.values()) == {(1, 1, 1)}  # every stored article is whole
    rerun = await asyncio.create_subprocess_exec(
        HANDOVER, "ingest", *map(str, paths), env=env, stdout=asyncio.subprocess.DEVNULL)
    assert await rerun.wait() == 0
    complete = state()
    assert len(complete) == 100 and set(complete.values()) == {(1, 1, 1)}


async def test_backup_while_the_bot_serves(sqlite_store_path, tmp_path):
    store_path = sqlite_store_path
    async with running_bot(store_path) as running:
        target = tmp_path / "backup.db"
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "--db", str(store_path), "backup", str(target),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        answering = running.ask("who-leads", {"org": "nato"})
        (_, err), (_, message) = await asyncio.gather(process.communicate(), answering)
        assert process.returncode == 0, err.decode()
        assert "Mark Rutte" in json.dumps(message)
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM tenures").fetchone()[0] > 80


async def test_a_redirect_to_a_private_address_is_refused(monkeypatch):
    import aiohttp
    from aiohttp import web

    async def to_private(request):
        raise web.HTTPFound("http://127.0.0.1:9/secret")

    async with serving({"/go": to_private}) as base, aiohttp.ClientSession() as session:
        public_looking = base.replace("127.0.0.1", "localhost")
        with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a private or local address"):
            await articles.from_url(session, public_looking + "/go", frozenset({"localhost"}))


async def test_the_token_never_appears_in_logs_or_output(store_path, tmp_path):
    log = tmp_path / "debug.log"
    async with DiscordDouble(expected_token="the-right-token") as double:
        env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
               "HANDOVER_DB": str(store_path), "HANDOVER_LOG": str(log),
               "HANDOVER_LOG_LEVEL": "DEBUG"}
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    captured = out.decode() + err.decode() + log.read_text()
    assert process.returncode == 2
    assert ("handover: Discord refused the token: reset it in the Developer Portal and set "
            "DISCORD_TOKEN.") in err.decode()
    assert TOKEN not in captured
    assert "Traceback" not in err.decode()


async def test_sigterm_on_a_running_bot_exits_cleanly_with_secrets_kept(store_path, tmp_path):
    log = tmp_path / "debug.log"
    async with DiscordDouble() as double:
        env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
               "HANDOVER_DB": str(store_path), "HANDOVER_LOG": str(log),
               "HANDOVER_LOG_LEVEL": "DEBUG"}
        process = await asyncio.create_subprocess_exec(
            HANDOVER, "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        await double.wait_ready(timeout=30)
        interaction = await double.slash("who-leads", {"org": "\x00nato"})
        await interaction.final_message()
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0
    assert TOKEN not in out.decode() + err.decode() + log.read_text()
