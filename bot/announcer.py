"""Posting announcements: the outbox in the store, delivered to subscribed channels once.

Every few seconds the announcer plans due announcements into deliveries and posts the
pending ones. Each post carries a nonce derived from (announcement, channel) with
`enforce_nonce`, so a post repeated after a crash — between posting and recording — is
returned by Discord instead of posted twice. Channels that refuse (403, 404) pause their
subscription after repeated failures; 429 and 5xx are retried with backoff. Posts are
spread under Discord's global limit, and one slow channel does not hold up the others.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time

import discord

from bot.embeds import COLOUR, footer, shorten
from bot.metrics import metrics_of
from bot.replies import Reply
from bot.rounds import Rounds
from store.announcements import Delivery

log = logging.getLogger("handover.announcer")

POLL_S = 2.0
CONCURRENCY = 8
RATE_PER_S = 40  # below Discord's global limit of 50 requests per second
MAX_BACKOFF_S = 300.0
REFUSALS = {403: "the bot may not post there (403 Forbidden)",
            404: "the channel no longer exists (404 Not Found)"}


class RateLimiter:
    """At most `rate` starts per second, evenly spaced."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self.next_slot = 0.0
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            now = time.monotonic()
            delay = self.next_slot - now
            self.next_slot = max(now, self.next_slot) + self.interval
        if delay > 0:
            await asyncio.sleep(delay)


def render(delivery: Delivery, today: dt.date) -> discord.Embed:
    """The announcement as an embed: who takes over what, and when."""
    transition = delivery.transition
    office = transition.office.title
    incoming, outgoing = transition.incoming.name, transition.outgoing
    when = transition.effective
    if delivery.occasion == "effective":
        title = f"{incoming} takes office today as {office}" if today == delivery.due_on \
            else f"{incoming} took office as {office} on {delivery.due_on:%-d %B %Y}"
    elif when and when.first > today:
        title = f"{incoming} will become {office} ({when.human()})"
    else:
        title = f"New {office}: {incoming}"
    lines = [f"{incoming} takes over from {outgoing.name}." if outgoing else ""]
    if when:
        lines.append(f"Effective: {when.human()}.")
    if today > delivery.due_on:
        lines.append(f"(Announced late: this was due on {delivery.due_on:%-d %B %Y}.)")
    embed = discord.Embed(title=shorten(title, 256),
                          description="\n".join(line for line in lines if line) or None,
                          colour=COLOUR)
    if transition.sources:
        embed.set_footer(text=footer(Reply(title, sources=transition.sources)))
    return embed


class Announcer(Rounds):
    """The delivery loop of one bot."""

    name = "announcer"

    def __init__(self, bot, poll_s: float = POLL_S, concurrency: int = CONCURRENCY,
                 rate: float = RATE_PER_S):
        super().__init__(bot, poll_s)
        self.slots = asyncio.Semaphore(concurrency)
        self.limiter = RateLimiter(rate)

    async def run_once(self) -> int:
        """Plan what is due and post it; returns how many posts were made."""
        store = self.bot.store
        await store.plan_deliveries()
        pending = store.due_deliveries()
        if not pending:
            return 0
        results = await asyncio.gather(*(self._deliver(d) for d in pending))
        return sum(results)

    async def _deliver(self, delivery: Delivery) -> bool:
        outcome = await self._attempt(delivery)
        if metrics := metrics_of(self.bot):
            metrics.delivery(outcome)
        return outcome == "sent"

    async def _attempt(self, delivery: Delivery) -> str:
        """Post one delivery; `sent`, `refused` (by the channel) or `retry`."""
        async with self.slots:
            await self.limiter.wait()
            channel = self.bot.get_partial_messageable(delivery.channel_id)
            try:
                message = await channel.send(embed=render(delivery, self.bot.today()),
                                             nonce=delivery.nonce)
            except (discord.Forbidden, discord.NotFound) as error:
                reason = REFUSALS.get(error.status, f"Discord refused the post ({error.status})")
                paused = await self.bot.store.delivery_failed(
                    delivery, reason, permanent=True, retry_in=60)
                if paused:
                    log.warning("paused announcements to channel %s: %s",
                                delivery.channel_id, reason)
                return "refused"
            except (discord.HTTPException, OSError) as error:
                backoff = min(MAX_BACKOFF_S, 2.0 ** (delivery.attempts + 1))
                await self.bot.store.delivery_failed(
                    delivery, f"{type(error).__name__}: {error}"[:200], permanent=False,
                    retry_in=backoff)
                return "retry"
            await self.bot.store.delivered(delivery, message.id)
            return "sent"
