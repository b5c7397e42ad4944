"""Which of several bot processes sharing a store is the leader.

Each process answers the interactions of its own shards. One of them at a time — the
holder of the store's `leader` lease (`store/leases.py`) — also syncs the slash commands,
runs the announcer, polls feeds and syncs with Wikidata. Every process tries to take the
lease at start-up and then every quarter of its length; the holder's tries renew it. A
holder that dies stops renewing, and the next try after the lease runs out, by another
process, takes it: within 1.25 lease lengths (25 s at the default 20 s).

A holder that cannot renew (the store unreachable) stops leading before its lease can
run out: the lease is counted down on this process's monotonic clock from before the
request that took or renewed it, with a quarter of its length to spare. A clean close
gives the lease back, so the next process need not wait for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import aiohttp
import discord

from store import StoreError
from store.leases import LEADER, holder_id

log = logging.getLogger("handover.leadership")


class Leadership:
    """Takes and renews the leader lease; starts the leader's work on taking it and stops
    it on losing it."""

    def __init__(self, bot, length_s: float):
        self.bot = bot
        self.length_s = length_s
        self.holder = holder_id()
        self.leading = False
        self.good_until = 0.0  # monotonic: when this process must have stopped leading
        self.task: asyncio.Task | None = None
        self.changed = asyncio.Event()  # set at each change of leadership (tests wait on it)

    @property
    def every_s(self) -> float:
        return self.length_s / 4

    async def start(self) -> None:
        """The first try, done before the bot connects (so a lone bot syncs its commands
        where it always did), then the rounds."""
        await self.try_once()
        self.task = asyncio.create_task(self._loop(), name="leadership")

    async def stop(self) -> None:
        """Stop trying; stop leading and give the lease back."""
        if self.task:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.leading:
            await self._resign("closing")
            with contextlib.suppress(StoreError, OSError):
                await self.bot.store.release_lease(LEADER, self.holder)

    async def try_once(self) -> None:
        """Take or renew the lease; lead while it is held."""
        asked = time.monotonic()
        try:
            held = await asyncio.wait_for(
                self.bot.store.take_lease(LEADER, self.holder, self.length_s),
                self.length_s / 2)
        except Exception as error:  # the store unreachable, timing out, or failing
            log.warning("could not take or renew the leader lease: %s",
                        f"{type(error).__name__}: {error}".rstrip(": "))
            if self.leading and time.monotonic() > self.good_until - self.every_s:
                await self._resign("the lease could not be renewed in time")
            return
        if held:
            self.good_until = asked + self.length_s
            if not self.leading:
                await self._lead()
        elif self.leading:
            await self._resign("another process holds the lease")

    async def _loop(self) -> None:
        while True:
            pause = self.every_s
            if self.leading:  # a late renewal must still come before the margin
                pause = min(pause, max(0.0, self.good_until - self.every_s - time.monotonic()))
            await asyncio.sleep(pause)
            try:
                await self.try_once()
            except Exception:
                log.exception("leadership round failed; trying again")

    async def _lead(self) -> None:
        bot = self.bot
        self.leading = True
        log.info("leading (lease %s): syncing commands, announcing, polling feeds",
                 self.holder)
        if bot.sync_on_start:
            from bot.client import sync_if_changed  # the client imports this module

            try:
                await sync_if_changed(bot)
            except (discord.HTTPException, aiohttp.ClientError, OSError) as error:
                log.warning("could not register the slash commands (%s); the ones registered"
                            " before still work, and the next start tries again", error)
        bot.announcer.start()
        bot.feeds.start()
        bot.wikidata.start()
        self._changed()

    async def _resign(self, why: str) -> None:
        self.leading = False
        if why == "closing":
            log.info("giving the leader lease back")
        else:
            log.warning("no longer leading: %s", why)
        await self.bot.announcer.stop()
        await self.bot.feeds.stop()
        await self.bot.wikidata.stop()
        self._changed()

    def _changed(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()
