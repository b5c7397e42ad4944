"""Shared fixtures: a store built once from the bundled packs, copied for each test,
and a runner for the `handover` command line in this process."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import os
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from store import Store

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"

# Tests talk only to 127.0.0.1: no bot they start (in this process or as a `handover`
# subprocess, which inherits this environment) syncs with Wikidata's public service
# unless a test sets its own endpoint and interval.
os.environ["HANDOVER_WIKIDATA_SYNC_S"] = "0"
os.environ["HANDOVER_WIKIDATA_ENDPOINT"] = "http://127.0.0.1:9/sparql"


def today() -> dt.date:
    """The day every test pretends it is: no test depends on the machine's clock."""
    return dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """A fresh store with the bundled packs, made once per test run."""
    path = tmp_path_factory.mktemp("bundled") / "handover.db"

    async def build() -> None:
        store = await Store.open(path, clock=today)
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
def store_path(bundled_store: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled store for one test."""
    path = tmp_path / "handover.db"
    shutil.copy(bundled_store, path)
    return path


@pytest.fixture
async def store(store_path: Path):
    opened = await Store.open(store_path, clock=today)
    yield opened
    await opened.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def handover(store_path: Path, monkeypatch):
    """Run `handover --db <copy> ARGS…` in-process, with optional standard input."""
    monkeypatch.setenv("HANDOVER_TODAY", TODAY)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)

    def run(*args: str, stdin: str = "", db: Path | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db or store_path), *args])
            except SystemExit as exit_:
                code = exit_.code
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def ask(handover):
    """Ask one slash command through `handover ask`; return its text."""

    def run(line: str) -> str:
        result = handover("ask", line)
        assert "Traceback" not in result.out + result.err
        return result.out

    return run


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
