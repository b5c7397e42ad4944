"""The benchmark runs end to end and reports every figure (the figures are not checked)."""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import time

import pytest
from prometheus_client import CollectorRegistry

from bench import botload, report, synth
from bot import looplag
from store.dates import PartialDate
from tests.conftest import PROJECT


def test_quick_bench_writes_results_with_every_key_and_keeps_the_previous_run(tmp_path):
    command = [sys.executable, "-m", "bench", "--quick", "--scale", "0.002", "--samples", "60",
               "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"),
               "--skip", "postgresql,cluster"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    path = tmp_path / "out" / "results.json"
    results = json.loads(path.read_text())
    assert set(report.REQUIRED) <= results.keys()
    assert all(isinstance(results[key], int | float) for key in report.REQUIRED), results
    assert results["previous"] is None and results["machine"]["cores"] >= 1
    table = (tmp_path / "out" / "benchmarks.md").read_text()
    assert report.BEGIN in table and report.END in table and "cores" in table

    again = report.write_results(path, {**results, "run": {**results["run"], "finished": "x"}})
    assert {key: again["previous"][key] for key in report.REQUIRED} == {
        key: results[key] for key in report.REQUIRED}
    report.write_markdown(tmp_path / "out" / "benchmarks.md", again)
    assert "previous (" + results["run"]["finished"] in (tmp_path / "out" / "benchmarks.md"
                                                          ).read_text()


def test_quick_bench_measures_postgresql_and_shard_processes(tmp_path, empty_postgresql):
    command = [sys.executable, "-m", "bench", "--quick", "--scale", "0.002", "--samples", "60",
               "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"),
               "--only", "reads,postgresql,cluster"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HANDOVER_BENCH_POSTGRES": empty_postgresql})
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    for key in ("pg_who_leads_p50_us", "pg_who_leads_p99_us", "raw_asyncpg_p50_us",
                "pg_autocomplete_p99_ms", "pg_quote_search_p99_ms", "who_leads_p99_us",
                "cluster_rps_1", "cluster_rps_2", "cluster_p99_ms_2"):
        assert isinstance(results[key], int | float) and results[key] > 0, key
    assert results["pg_copy_s"] > 0  # the copy was made for this run
    for layout in results["details"]["cluster"].values():  # every interaction answered
        assert layout["unanswered"] == 0 and layout["n"] == 600
    assert "PostgreSQL: who-leads p99" in (tmp_path / "out" / "benchmarks.md").read_text()


def test_the_synthetic_store_is_in_the_writers_form(tmp_path):
    path = tmp_path / "s.db"
    synth.build(path, synth.Scale().scaled(0.0005))
    with sqlite3.connect(path) as db:
        for start, first, last in db.execute(
                "SELECT start, start_first, start_last FROM tenures LIMIT 200"):
            date = PartialDate.parse(start)
            assert (first, last) == (date.first.isoformat(), date.last.isoformat())
        tenures = db.execute("SELECT count(*) FROM tenures").fetchone()[0]
        assert db.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'the'"
                          ).fetchone()[0] > 0
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert tenures == synth.Scale().scaled(0.0005).tenures


class _Handle:
    def __init__(self, number: int, answer: bool):
        self.id = str(number)
        self.answer = answer

    async def response(self, timeout: float) -> dict:
        if not self.answer:
            raise TimeoutError
        return {"type": 4}


class _PacedDouble:
    """Stands in for the double: every third interaction is answered 5 s after it was sent
    (past Discord's window), every fifth never; the rest at once."""

    def __init__(self):
        self.sent_at: dict[str, float] = {}
        self.arrived_at: dict[str, float] = {}

    async def slash(self, name: str, options: dict) -> _Handle:
        number = len(self.sent_at)
        handle = _Handle(number, answer=number % 5 != 4)
        self.sent_at[handle.id] = now = time.perf_counter()
        if handle.answer:
            self.arrived_at[handle.id] = now + (5.0 if number % 3 == 2 else 0.0)
        return handle


async def test_the_open_loop_counts_late_and_unanswered_interactions_as_failures(monkeypatch):
    monkeypatch.setattr(botload, "cpu_seconds", lambda pid: 0.0)
    monkeypatch.setattr(botload, "runqueue_seconds", lambda pid="self": 0.0)
    plan = botload.Plan(timeout_s=0.0)
    figures = await botload.paced(_PacedDouble(), 0, [f"org {i}" for i in range(30)],
                                  rate=100_000, plan=plan, rng=random.Random(1))
    late = {i for i in range(30) if i % 3 == 2}
    never = {i for i in range(30) if i % 5 == 4}
    assert figures["sent"] == figures["n"] == 30  # every interaction sent has a latency
    assert figures["failures"] == len(late | never)
    assert figures["unanswered"] == len(never)
    assert figures["p99_ms"] >= 3000


def test_lag_quantiles_from_prometheus_buckets():
    buckets = [(0.001, 50.0), (0.002, 90.0), (0.005, 99.0), (0.01, 100.0), (math.inf, 100.0)]
    assert looplag.histogram_quantile(buckets, 0.5) == 0.001
    assert looplag.histogram_quantile(buckets, 0.7) == pytest.approx(0.0015)
    assert looplag.histogram_quantile(buckets, 0.99) == pytest.approx(0.005)
    assert looplag.histogram_quantile([(0.001, 0.0), (math.inf, 0.0)], 0.99) is None
    lag = looplag.LoopLag(CollectorRegistry())
    for lateness in (0.0001, 0.0004, 0.0004, 0.2):
        lag.record(lateness)
    assert lag.samples == 4 and lag.worst == 0.2
    assert lag.quantile(0.5) == 0.0005 and lag.quantile(0.99) == 0.25
    assert "worst 200.0 ms" in lag.summary()
