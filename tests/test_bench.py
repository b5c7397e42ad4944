"""The benchmark runs end to end and reports every figure (the figures are not checked)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from bench import report, synth
from store.dates import PartialDate
from tests.conftest import PROJECT


def test_quick_bench_writes_results_with_every_key_and_keeps_the_previous_run(tmp_path):
    command = [sys.executable, "-m", "bench", "--quick", "--scale", "0.002", "--samples", "60",
               "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
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
