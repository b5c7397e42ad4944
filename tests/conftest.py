"""Shared fixtures: a store built once from the bundled packs, copied for each test,
and a runner for the `handover` command line in this process.

Every test that uses a store runs twice: on SQLite (`[sqlite]`) and on PostgreSQL
(`[postgresql]`, see tests/engines.py). `store_path` is a file's path on the one and a
database's URL on the other; a test only SQLite can run (a file's bytes, a full disk)
asks for `sqlite_store_path` instead.
"""

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
from tests import engines

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


ENGINES = ("sqlite", "postgresql")
_postgres_problem: list[str | None] = []  # why PostgreSQL cannot be used, once known


def _build_bundled(location: str | Path) -> None:
    async def build() -> None:
        store = await Store.open(location, clock=today)
        await store.close()

    asyncio.run(build())


def pytest_collection_modifyitems(config, items) -> None:
    """Without a PostgreSQL server, leave its half out (CI must have one)."""
    if not any("[postgresql" in item.nodeid for item in items):
        return
    _postgres_problem.append(engines.unreachable())
    if _postgres_problem[0] is None:
        engines.drop_leftovers()
        return
    if engines.required():
        raise pytest.UsageError(
            f"CI=true, but PostgreSQL at {engines.ADMIN_URL} cannot be reached "
            f"({_postgres_problem[0]})")
    kept = [item for item in items if "[postgresql" not in item.nodeid]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_terminal_summary(terminalreporter) -> None:
    if _postgres_problem and _postgres_problem[0] is not None:
        terminalreporter.write_line(
            f"PostgreSQL half skipped: no server at {engines.ADMIN_URL} "
            f"({_postgres_problem[0]}); set HANDOVER_TEST_POSTGRES to use another.",
            yellow=True)


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def bundled_store(engine: str, tmp_path_factory):
    """A fresh store with the bundled packs, made once per test run and engine: a file,
    or (PostgreSQL) the copies of a database that tests take and give back."""
    if engine == "sqlite":
        path = tmp_path_factory.mktemp("bundled") / "handover.db"
        _build_bundled(path)
        yield path
        return
    name = engines.new_database()
    _build_bundled(engines.database_url(name))
    copies = engines.Copies(name)
    yield copies
    copies.drop_all()
    engines.drop_database(name)


@contextlib.contextmanager
def copy_of_bundled(engine: str, bundled_store, folder: Path):
    """A private copy of the bundled store: a file in `folder`, or a database that is
    reset to the bundled rows when given back."""
    if engine == "sqlite":
        path = folder / "handover.db"
        shutil.copy(bundled_store, path)
        yield path
        return
    name = bundled_store.take()
    try:
        yield engines.database_url(name)
    finally:
        bundled_store.give_back(name)


@pytest.fixture
def store_path(engine: str, bundled_store, tmp_path: Path):
    """A private copy of the bundled store for one test: a file, or a database."""
    with copy_of_bundled(engine, bundled_store, tmp_path) as location:
        yield location


@pytest.fixture(params=["postgresql"])
def empty_postgresql() -> str:
    """The URL of a new, empty PostgreSQL database (dropped afterwards)."""
    name = engines.new_database()
    yield engines.database_url(name)
    engines.drop_database(name)


@pytest.fixture
def sqlite_store_path(bundled_store_sqlite: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled store in a SQLite file, for what only SQLite has."""
    path = tmp_path / "handover.db"
    shutil.copy(bundled_store_sqlite, path)
    return path


@pytest.fixture(scope="session")
def bundled_store_sqlite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bundled-sqlite") / "handover.db"
    _build_bundled(path)
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


def _command_line(monkeypatch, default_db: Path | str | None):
    monkeypatch.setenv("HANDOVER_TODAY", TODAY)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)

    def run(*args: str, stdin: str = "", db: Path | str | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db or default_db), *args])
            except SystemExit as exit_:
                code = exit_.code
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def handover(store_path: Path, monkeypatch):
    """Run `handover --db <copy> ARGS…` in-process, with optional standard input."""
    return _command_line(monkeypatch, store_path)


@pytest.fixture
def handover_on(monkeypatch):
    """Run `handover --db DB ARGS…` in-process for a `db` each call names."""
    return _command_line(monkeypatch, None)


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
