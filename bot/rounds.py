"""A bot's background work done in rounds: every few seconds, or at once when nudged."""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger("handover.rounds")


class Rounds:
    """Runs `run_once` after the bot is ready, every `pause_s` seconds or when nudged,
    until the bot closes. A failed round is logged and the next one comes anyway."""

    name = "rounds"

    def __init__(self, bot, pause_s: float):
        self.bot = bot
        self.pause_s = pause_s
        self.task: asyncio.Task | None = None
        self.wake = asyncio.Event()
        self.stopped = False

    async def run_once(self) -> int:
        raise NotImplementedError

    def start(self) -> None:
        self.stopped = False
        self.task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        # The flag as well as the cancellation: asyncio.wait_for swallows a cancellation
        # that arrives as the nudge it waits for does (Python 3.11), and the loop would
        # then sleep a whole pause before seeing that the bot is closing.
        self.stopped = True
        if self.task:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    def nudge(self) -> None:
        """Something new is waiting: run a round now rather than at the next one."""
        self.wake.set()

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while not self.stopped and not self.bot.is_closed():
            try:
                await self.run_once()
            except Exception:
                log.exception("%s round failed; trying again", self.name)
            if self.stopped:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.pause_s)
            self.wake.clear()
