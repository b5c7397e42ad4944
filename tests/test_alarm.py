"""The alarm that stops a read on the event loop (`bot.alarm`): it stops sleeps and Python
code once the time is up, waits while SQLite, logging or the garbage collector is at work,
and leaves nothing behind after its block."""

from __future__ import annotations

import gc
import logging
import threading
import time

import pytest

from bot import alarm
from store import OverBudget
from store.db import Database

SLOW_QUERY = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              " WHERE i < 3000000) SELECT count(*) FROM n")


@pytest.fixture(autouse=True)
def installed():
    assert alarm.available()  # pytest runs tests on the main thread


def test_a_sleep_is_stopped_when_the_time_is_up():
    started = time.monotonic()
    with pytest.raises(OverBudget), alarm.stop_after(0.02):
        time.sleep(2)
    assert time.monotonic() - started < 0.5


def test_python_code_is_stopped_when_the_time_is_up():
    counted = 0
    with pytest.raises(OverBudget), alarm.stop_after(0.02):
        while True:
            counted += 1
    assert counted > 0


def test_a_wait_on_a_lock_is_stopped():
    never = threading.Event()
    with pytest.raises(OverBudget), alarm.stop_after(0.02):
        never.wait(2)


def test_nothing_rings_after_the_block():
    with alarm.stop_after(0.02):
        pass
    time.sleep(0.06)  # would raise OverBudget if the timer were still set
    with alarm.stop_after(0.01), pytest.raises(ZeroDivisionError):
        1 / 0  # noqa: B018 — any other exception ends the block as well
    time.sleep(0.04)


async def test_a_statement_is_never_cut_by_the_alarm(sqlite_store_path):
    """Inside SQLite the alarm waits: the statement ends whole (or by SQLite's own budget),
    and the read stops in the Python after it."""
    database = await Database.open(sqlite_store_path)
    try:
        results = []
        with pytest.raises(OverBudget), alarm.stop_after(0.001):
            results.append(database.read(SLOW_QUERY, time_limit_s=5)[0][0])  # ~0.1 s in SQLite
            while True:
                pass
        assert results == [3000000]
        assert database.read("SELECT 1")[0][0] == 1  # its lock was let go
    finally:
        await database.close()


def test_logging_finishes_before_the_alarm_stops_the_read():
    written = []

    class SlowHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            time.sleep(0.05)
            written.append(record.getMessage())

    log = logging.getLogger("tests.alarm")
    handler = SlowHandler()
    log.addHandler(handler)
    try:
        with pytest.raises(OverBudget), alarm.stop_after(0.005):
            log.warning("a record that takes 50 ms to write")
            while True:
                pass
    finally:
        log.removeHandler(handler)
    assert written == ["a record that takes 50 ms to write"]
    free = []  # the handler's lock was let go: another thread can take it
    thread = threading.Thread(target=lambda: free.append(handler.lock.acquire(timeout=1)))
    thread.start()
    thread.join()
    assert free == [True]


def test_only_the_main_thread_can_use_it():
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(alarm.available()))
    thread.start()
    thread.join()
    assert elsewhere == [False]


class SlowToFree:
    def __init__(self) -> None:
        self.itself = self  # a cycle: freed by the garbage collector, inside any read

    def __del__(self) -> None:
        time.sleep(0.03)  # the alarm rings in here, where Python would drop its exception


def test_a_finalizer_run_by_the_collector_does_not_swallow_the_alarm():
    SlowToFree()
    started = time.monotonic()
    with pytest.raises(OverBudget), alarm.stop_after(0.01):
        gc.collect()  # as an allocation in the read may start one
        time.sleep(0.5)
    assert time.monotonic() - started < 0.4  # not the 0.5 s sleep


async def test_a_read_waiting_for_another_threads_read_stops_in_time(sqlite_store_path):
    """`/ingest` and feeds read names from a worker thread on the same reader: a read on the
    loop waits for it only as long as its block allows."""
    database = await Database.open(sqlite_store_path)
    try:
        holding, done = threading.Event(), threading.Event()

        def reading_elsewhere():
            with database._reading:
                holding.set()
                done.wait(1)

        other = threading.Thread(target=reading_elsewhere)
        other.start()
        holding.wait()
        started = time.monotonic()
        with pytest.raises(OverBudget), database.within(0.01), alarm.stop_after(0.01):
            database.read("SELECT 1")
        waited = time.monotonic() - started
        done.set()
        other.join()
        assert waited < 0.5  # the other read holds the reader for 1 s
        assert database.read("SELECT 1")[0][0] == 1
    finally:
        await database.close()
