"""The Discord double and the bot on their own event loop in a background thread, so that
synchronous tests (hypothesis `@given`) can share one running bot for a whole module, plus
checks shared by the reliability tests: one answer per interaction, the store's content."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from tests import engines
from tests.discord_double import DiscordDouble, Interaction
from tests.running_bot import Running, running_bot

T = TypeVar("T")

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
CRASH_REPLY = "Sorry, something went wrong answering that"


class ErrorLog(logging.Handler):
    """Keeps every ERROR (or worse) record logged anywhere, from any thread."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self, start: int = 0) -> list[str]:
        out = []
        for record in self.records[start:]:
            text = f"{record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                text += f" [{type(record.exc_info[1]).__name__}: {record.exc_info[1]}]"
            out.append(text)
        return out


@contextlib.contextmanager
def error_log():
    """Collect ERROR records from the root logger for the duration."""
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


class BackgroundBot:
    """`running_bot` on a private event loop in a daemon thread.

    `call(coro)` runs a coroutine on that loop and returns its result; `stop()` closes the
    bot and the double (and re-raises anything the double's clean-exit check found).
    """

    def __init__(self, store_path: Path, **settings: object) -> None:
        self.store_path = store_path
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self.running: Running | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="background-bot", daemon=True)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        except BaseException as error:  # reported by start() / stop()
            self._failure = error
        finally:
            self._ready.set()
            self._cancel_leftovers()
            self.loop.close()

    def _cancel_leftovers(self) -> None:
        """Cancel what the closed bot left behind (e.g. the timeout tasks of page views)."""
        leftovers = [task for task in asyncio.all_tasks(self.loop) if not task.done()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            self.loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with running_bot(self.store_path, **self.settings) as running:
            self.running = running
            self._ready.set()
            await self._stop.wait()

    def start(self, timeout: float = 30.0) -> BackgroundBot:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the bot did not become ready")
        if self._failure is not None:
            raise self._failure
        return self

    def stop(self, timeout: float = 30.0) -> None:
        if self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
        if self._failure is not None:
            raise self._failure

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        """Run `coro` on the bot's loop; wait for and return its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @property
    def double(self) -> DiscordDouble:
        assert self.running is not None
        return self.running.double


def store_digest(location: Path | str) -> tuple[dict[str, int], str]:
    """Row counts of every table and a hash of all their content, read on a fresh
    connection (so it sees exactly what is committed)."""
    return engines.digest(location)


def settled_digest(path: Path, pause_s: float = 0.05, timeout: float = 5.0
                   ) -> tuple[dict[str, int], str]:
    """`store_digest` once two reads `pause_s` apart agree: writes that follow an answer
    (e.g. /ingest records its preview's message id after sending it) have landed."""
    deadline = time.monotonic() + timeout
    last = store_digest(path)
    while True:
        time.sleep(pause_s)
        now = store_digest(path)
        if now == last or time.monotonic() > deadline:
            return now
        last = now


async def settled_digest_async(path: Path, pause_s: float = 0.05, timeout: float = 5.0
                               ) -> tuple[dict[str, int], str]:
    """`settled_digest` for tests that share the bot's event loop (it must keep running)."""
    deadline = time.monotonic() + timeout
    last = store_digest(path)
    while True:
        await asyncio.sleep(pause_s)
        now = store_digest(path)
        if now == last or time.monotonic() > deadline:
            return now
        last = now


def answers_to(double: DiscordDouble, handle: Interaction) -> list[Any]:
    """Every message-producing request the bot made for one interaction (callbacks,
    followups and edits of the original), with their status."""
    found = []
    for request in double.requests:
        if handle.token not in request.path:
            continue
        if request.template == CALLBACK or (
                request.method == "POST" and request.template == FOLLOWUP) or (
                request.method == "PATCH" and request.template == ORIGINAL):
            found.append(request)
    return found


def once_problems(double: DiscordDouble, handle: Interaction) -> list[str]:
    """Why this interaction did not get exactly one answer (empty when it did): one
    accepted callback, nothing refused, and after a defer exactly one delivered followup or
    edit. Attempts answered 429 or 5xx (and retried) are not answers."""
    problems = []
    if handle.rejected:
        problems.append(f"{handle.label}: refused callbacks {handle.rejected}")
    if len(handle.callbacks) != 1:
        problems.append(f"{handle.label}: {len(handle.callbacks)} callbacks")
        return problems
    kind = handle.callbacks[0].get("type")
    sent = [r for r in answers_to(double, handle) if r.template != CALLBACK]
    delivered = [r for r in sent if 200 <= r.status < 300]
    refused = [f"{r.method} {r.template} -> {r.status}" for r in sent
               if 300 <= r.status < 500 and r.status != 429]
    if refused:
        problems.append(f"{handle.label}: refused followups/edits {refused}")
    if kind in (5, 6) and len(delivered) > 1:
        problems.append(f"{handle.label}: {len(delivered)} followups/edits after a defer")
    if kind == 5 and not delivered:
        problems.append(f"{handle.label}: deferred but never answered")
    if kind in (4, 7, 8, 9) and delivered:
        problems.append(f"{handle.label}: {len(delivered)} extra followups/edits after "
                        f"type {kind}")
    return problems
