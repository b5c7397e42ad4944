"""Reads on the event loop: by default a SQLite store's answer is read on the loop first,
stopped after 10 ms — by SQLite's budget, or by the alarm (`bot.alarm`) for a store that
sleeps or waits — and then read in the reads thread; `HANDOVER_READS=thread` reads every
answer in the thread."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from bot import client
from bot.config import Settings, SettingsError
from store import OverBudget, QueryTooSlow
from store.db import Database
from tests.running_bot import embed_text, running_bot

COUNTING_FOR_EVER = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                     " WHERE i < 100000000) SELECT count(*) FROM n")


def test_the_setting_is_thread_or_loop(tmp_path, monkeypatch):
    absent = tmp_path / "no.env"
    monkeypatch.delenv("HANDOVER_READS", raising=False)
    assert Settings.load(env_file=absent).reads_on_loop
    monkeypatch.setenv("HANDOVER_READS", "Loop")
    assert Settings.load(env_file=absent).reads_on_loop
    monkeypatch.setenv("HANDOVER_READS", "thread")
    assert not Settings.load(env_file=absent).reads_on_loop
    monkeypatch.setenv("HANDOVER_READS", "sideways")
    with pytest.raises(SettingsError, match="HANDOVER_READS must be `thread` or `loop`"):
        Settings.load(env_file=absent)


@pytest.mark.monotonic_clock
async def test_a_read_past_the_end_of_its_block_stops_as_over_budget(sqlite_store_path):
    database = await Database.open(sqlite_store_path)
    try:
        with database.within(0.01), pytest.raises(OverBudget):
            database.read(COUNTING_FOR_EVER)
        with database.within(0), pytest.raises(OverBudget):
            database.read("SELECT 1")  # no statement begins once the time is up
        with pytest.raises(QueryTooSlow):  # outside a block: a slow question, as before
            database.read(COUNTING_FOR_EVER, time_limit_s=0.01)
        assert database.read("SELECT 1")[0][0] == 1
    finally:
        await database.close()


def reads_in_thread(bot, monkeypatch) -> list:
    """The functions the bot hands to its reads thread, from now on."""
    handed = []
    submit = bot.reads.submit

    def counted(function, *args):
        handed.append(function)
        return submit(function, *args)

    monkeypatch.setattr(bot.reads, "submit", counted)
    return handed


async def test_by_default_a_sqlite_store_answers_on_the_loop(store_path, monkeypatch):
    async with running_bot(store_path) as running:
        handed = reads_in_thread(running.bot, monkeypatch)
        _, message = await running.ask("who-leads", {"org": "nato"})
        on_sqlite = running.bot.store.database.reads_within
    assert "Mark Rutte" in embed_text(message)
    assert (running.bot.hot.answer in handed) is not on_sqlite  # PostgreSQL: in the thread


async def test_with_reads_in_the_thread_every_answer_is_read_there(store_path, monkeypatch):
    async with running_bot(store_path, reads_on_loop=False) as running:
        handed = reads_in_thread(running.bot, monkeypatch)
        _, message = await running.ask("who-leads", {"org": "nato"})
    assert "Mark Rutte" in embed_text(message)
    assert running.bot.hot.answer in handed


async def test_an_answer_past_its_time_on_the_loop_is_read_again_in_the_thread(
        sqlite_store_path, monkeypatch):
    monkeypatch.setattr(client, "READ_WAIT_S", 0.0)  # every read on the loop is over time
    async with running_bot(sqlite_store_path) as running:
        handed = reads_in_thread(running.bot, monkeypatch)
        _, message = await running.ask("who-leads", {"org": "nato"})
        _, again = await running.ask("who-leads", {"org": "nato", "on": "2015-06-01"})
    assert "Mark Rutte" in embed_text(message)
    assert "Jens Stoltenberg" in embed_text(again)
    assert handed.count(running.bot.hot.answer) == 2


@pytest.mark.monotonic_clock
async def test_a_store_that_sleeps_on_the_loop_is_stopped_and_asked_again_in_the_thread(
        sqlite_store_path, monkeypatch):
    async with running_bot(sqlite_store_path) as running:
        store = running.bot.store
        fast, held = store.who_leads, []

        def sleepy(*args, **kwargs):
            started = time.monotonic()
            try:
                time.sleep(2)  # outside SQLite: only the alarm can stop it on the loop
            finally:
                held.append((threading.current_thread() is threading.main_thread(),
                             time.monotonic() - started))
            return fast(*args, **kwargs)

        handed = reads_in_thread(running.bot, monkeypatch)
        monkeypatch.setattr(store, "who_leads", sleepy)
        _, message = await running.ask("who-leads", {"org": "nato"})
    assert "Mark Rutte" in embed_text(message)
    (on_loop, stopped_after), (in_thread, slept) = held
    assert on_loop and not in_thread
    assert stopped_after < 0.5 <= slept  # the loop was held about 10 ms, not 2 s
    assert handed.count(running.bot.hot.answer) == 1


async def test_if_the_alarm_is_no_longer_installed_answers_are_read_in_the_thread(
        sqlite_store_path, monkeypatch):
    async with running_bot(sqlite_store_path) as running:
        handed = reads_in_thread(running.bot, monkeypatch)
        replaced = signal.signal(signal.SIGALRM, signal.SIG_IGN)  # someone else's now
        try:
            _, message = await running.ask("who-leads", {"org": "nato"})
        finally:
            signal.signal(signal.SIGALRM, replaced)
        _, again = await running.ask("who-leads", {"org": "nato", "on": "2015-06-01"})
    assert "Mark Rutte" in embed_text(message) and "Jens Stoltenberg" in embed_text(again)
    assert handed.count(running.bot.hot.answer) == 1  # the first, not the second
