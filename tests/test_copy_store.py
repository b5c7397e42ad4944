"""`handover copy-store`: a store moved from SQLite to PostgreSQL and back answers the same,
a killed copy resumes where it stopped, and the check at the end catches a target that
holds other rows."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, TODAY

HANDOVER = str(Path(sys.executable).parent / "handover")
QUESTIONS = ("/who-leads nato", "/history nato", "/quotes rutte", "/profile mark rutte",
             "/recent", "/who-leads wto", "/quotes wanjiru", "/who-leads nato on:2015-06-01")


def answers(handover, location) -> list[str]:
    return [handover("ask", question, db=location).out for question in QUESTIONS]


def test_a_store_copied_to_postgresql_and_back_answers_the_same(
        handover_on, sqlite_store_path, empty_postgresql, tmp_path):
    assert handover_on("ingest", str(PROJECT / "tests" / "articles" / "wto-handover.txt"),
                    db=sqlite_store_path).code == 0
    expected = answers(handover_on, sqlite_store_path)
    assert "Amina Wanjiru" in expected[5]

    there = handover_on("copy-store", str(sqlite_store_path), empty_postgresql)
    assert there.code == 0, there.err
    assert "all checked" in there.out and "MISMATCH" not in there.out
    assert "tenures: " in there.out and "audit: " in there.out
    assert answers(handover_on, empty_postgresql) == expected

    back = tmp_path / "back.db"
    again = handover_on("copy-store", empty_postgresql, str(back))
    assert again.code == 0, again.err
    assert answers(handover_on, back) == expected
    # the copy is a working store: it takes new facts on either engine
    for location in (empty_postgresql, back):
        assert handover_on("ingest", str(PROJECT / "tests" / "articles" / "wto-handover.txt"),
                        db=location).out.count("already ingested") == 1


def test_a_killed_copy_resumes_and_ends_checked(handover_on, sqlite_store_path,
                                                empty_postgresql):
    env = {**os.environ, "HANDOVER_TODAY": TODAY}
    process = subprocess.Popen(
        [HANDOVER, "copy-store", str(sqlite_store_path), empty_postgresql, "--batch", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    progress = 0
    while progress < 60:
        line = process.stderr.readline()
        assert line, "the copy ended before it could be killed"
        progress += b"rows copied" in line
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    resumed = handover_on("copy-store", str(sqlite_store_path), empty_postgresql)
    assert resumed.code == 0, resumed.err
    assert "all checked" in resumed.out
    # some table was already (partly) there: fewer rows copied now than it holds
    counts = re.findall(r"^\w+: ([\d,]+) rows \(([\d,]+) copied now\)", resumed.out, re.M)
    assert len(counts) == 20
    assert any(int(now.replace(",", "")) < int(rows.replace(",", "")) for rows, now in counts)
    assert answers(handover_on, empty_postgresql) == answers(handover_on, sqlite_store_path)


def test_a_target_holding_other_rows_fails_the_check(handover_on, sqlite_store_path,
                                                     empty_postgresql):
    assert handover_on("copy-store", str(sqlite_store_path), empty_postgresql).code == 0
    assert handover_on("ingest", str(PROJECT / "tests" / "articles" / "wto-handover.txt"),
                    db=empty_postgresql).code == 0
    result = handover_on("copy-store", str(sqlite_store_path), empty_postgresql)
    assert result.code == 1
    assert "MISMATCH" in result.out
    assert "differ between" in result.err and "the target held other rows" in result.err
    assert "Traceback" not in result.out + result.err


def test_a_store_cannot_be_copied_onto_itself(handover_on, sqlite_store_path):
    result = handover_on("copy-store", str(sqlite_store_path), str(sqlite_store_path))
    assert result.code == 1
    assert "the source and the target are the same store" in result.err
