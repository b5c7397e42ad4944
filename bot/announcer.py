"""Posting announcements: the outbox in the store, delivered to subscribed channels once.

Every few seconds the announcer plans due announcements into deliveries and posts the
pending ones. Each post carries a nonce derived from (announcement, channel) with
`enforce_nonce`, so a post repeated after a crash — between posting and recording — is
returned by Discord instead of posted twice. Channels that refuse (403, 404) pause their
subscription after repeated failures; 429 and 5xx are retried with backoff. Posts are
spread under Discord's global limit, and one slow channel does not hold up the others.

What a subscription asks for is done after the post, each step recorded first in the
store (`store/publishing.py`): a post in an announcement channel is published to its
followers — at most ten an hour per channel, the rest folded into one published summary
when a publication frees — and a thread is opened on it. A role ping mentions that one
role and lets nothing else ping. Digest subscriptions get one post at their hour instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

import discord

from bot.embeds import COLOUR, footer, shorten
from bot.metrics import metrics_of
from bot.replies import Reply
from bot.rounds import Rounds
from store.announcements import Delivery, Options
from store.leases import holder_id
from store.publishing import Batch, FollowUp

log = logging.getLogger("handover.announcer")

POLL_S = 2.0
CONCURRENCY = 8
# Below Discord's global limit of 50 requests per second. Only the leader announces
# (bot/leadership.py), so with several shard processes this one limiter still covers every
# post the cluster makes; interaction answers are not counted against the global limit.
RATE_PER_S = 40
MAX_BACKOFF_S = 300.0
REFUSALS = {403: "the bot may not post there (403 Forbidden)",
            404: "the channel no longer exists (404 Not Found)"}
THREAD_ARCHIVE_MINUTES = 1440  # a day
ALREADY_PUBLISHED = 40033  # Discord: "This message has already been crossposted."
ALREADY_THREADED = 160004  # Discord: "A thread has already been created for this message"
LIST_LIMIT = 3900  # characters of a digest's or summary's list


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


def headline(delivery: Delivery, today: dt.date) -> str:
    """One line: who takes over what, and when."""
    transition = delivery.transition
    office = transition.office.title
    incoming, when = transition.incoming.name, transition.effective
    if delivery.occasion == "effective":
        return f"{incoming} takes office today as {office}" if today == delivery.due_on \
            else f"{incoming} took office as {office} on {delivery.due_on:%-d %B %Y}"
    if when and when.first > today:
        return f"{incoming} will become {office} ({when.human()})"
    return f"New {office}: {incoming}"


def render(delivery: Delivery, today: dt.date) -> discord.Embed:
    """The announcement as an embed: who takes over what, and when."""
    transition = delivery.transition
    incoming, outgoing = transition.incoming.name, transition.outgoing
    when = transition.effective
    title = headline(delivery, today)
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


def render_batch(batch: Batch, today: dt.date) -> discord.Embed:
    """A digest (everything since the last one) or a summary of posts published late."""
    count = len(batch.deliveries)
    noun = f"{count} transition{'s' * (count != 1)}"
    if batch.kind == "digest":
        title = f"{(batch.options.digest or 'daily').capitalize()} digest: {noun}"
    else:
        title = f"{count} more transition{'s' * (count != 1)}"
    lines: list[str] = []
    for n, delivery in enumerate(batch.deliveries):
        line = f"• {headline(delivery, today)}"
        if batch.kind == "summary" and delivery.message_id:
            line += (f" — [post](https://discord.com/channels/{delivery.guild_id}/"
                     f"{delivery.channel_id}/{delivery.message_id})")
        if sum(map(len, lines)) + len(line) > LIST_LIMIT:
            lines.append(f"… and {count - n} more.")
            break
        lines.append(line)
    return discord.Embed(title=shorten(title, 256), description="\n".join(lines) or None,
                         colour=COLOUR)


def ping(options: Options) -> dict:
    """Keyword arguments of a post for its subscription's ping: the role mentioned, and
    allowed_mentions naming that role only (never @everyone, never users). Nothing
    without a ping role: the bot's default lets nothing ping."""
    if not options.ping_role:
        return {}
    return {"content": f"<@&{options.ping_role}>",
            "allowed_mentions": discord.AllowedMentions(
                everyone=False, users=False, roles=[discord.Object(options.ping_role)],
                replied_user=False)}


class Announcer(Rounds):
    """The delivery loop of one bot."""

    name = "announcer"

    def __init__(self, bot, poll_s: float = POLL_S, concurrency: int = CONCURRENCY,
                 rate: float = RATE_PER_S):
        super().__init__(bot, poll_s)
        self.slots = asyncio.Semaphore(concurrency)
        self.limiter = RateLimiter(rate)
        self.now: Callable[[], float] = time.time  # the hour's publications, digest times
        # Deliveries are claimed in the store before they are posted (store/announcements.py
        # `claim`): a batch small enough to post well within the claim, which lasts as long
        # as the leader's lease — a process that dies leaves its claims to run out, and the
        # next leader, which cannot lead sooner, posts them with the same nonces.
        self.holder = holder_id()
        self.claim_s = getattr(getattr(bot, "settings", None), "lease_s", 20.0)
        self.claim_batch = max(CONCURRENCY, int(rate * self.claim_s / 4))

    async def run_once(self) -> int:
        """Plan what is due and post it, claimed a batch at a time, then the digests and
        summaries due, then publish and open threads; returns how many deliveries were
        posted."""
        store = self.bot.store
        await store.plan_deliveries()
        await store.publishing.schedule_digests(self.now())
        # Claimed a batch at a time; each batch is read in the reads thread: hundreds of
        # deliveries, each with its transition, are too much to read on the event loop
        # while interactions wait.
        results: list[bool] = []
        while claimed := await store.claim_deliveries(self.holder, self.claim_s,
                                                      self.claim_batch, read=self.bot.read):
            results += await asyncio.gather(*(self._deliver(d) for d in claimed))
        await self._post_batches()
        if await store.publishing.arrange(self.now()):
            await self._post_batches()
        follow_ups = await self.bot.read(store.publishing.follow_ups)
        await asyncio.gather(*(self._follow_up(f) for f in follow_ups))
        return sum(results)

    def _channel(self, channel_id: int, guild_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(channel_id, guild_id=guild_id or None)

    def _is_announcement_channel(self, channel_id: int) -> bool:
        channel = self.bot.get_channel(channel_id)
        return isinstance(channel, discord.TextChannel) and channel.is_news()

    async def _deliver(self, delivery: Delivery) -> bool:
        outcome = await self._attempt(delivery)
        if metrics := metrics_of(self.bot):
            metrics.delivery(outcome)
        return outcome == "sent"

    async def _attempt(self, delivery: Delivery) -> str:
        """Post one delivery; `sent`, `refused` (by the channel) or `retry`."""
        async with self.slots:
            await self.limiter.wait()
            channel = self._channel(delivery.channel_id, delivery.guild_id)
            embed = render(delivery, self.bot.today())
            try:
                message = await channel.send(embed=embed, nonce=delivery.nonce,
                                             **ping(delivery.options))
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
            await self.bot.store.delivered(
                delivery, message.id,
                publish=self._is_announcement_channel(delivery.channel_id),
                thread_name=shorten(embed.title or "", 100) if delivery.options.thread else None)
            return "sent"

    async def _post_batches(self) -> None:
        """Post the digests and summaries made but not posted yet (after a crash too: the
        nonce makes Discord return the earlier post)."""
        for batch in await self.bot.read(self.bot.store.publishing.unposted):
            embed = render_batch(batch, self.bot.today())
            async with self.slots:
                await self.limiter.wait()
                try:
                    message = await self._channel(batch.channel_id, batch.guild_id).send(
                        embed=embed, nonce=batch.nonce, **ping(batch.options))
                except (discord.HTTPException, OSError) as error:
                    log.warning("could not post %s %s in channel %s: %s", batch.kind,
                                batch.id, batch.channel_id, error)
                    continue
            publish = batch.kind == "summary" or self._is_announcement_channel(
                batch.channel_id)
            await self.bot.store.publishing.batch_posted(
                batch, message.id, publish=publish,
                thread_name=shorten(embed.title or "", 100) if batch.options.thread else None)

    async def _follow_up(self, follow_up: FollowUp) -> None:
        """Publish a posted message and open its thread, recording each once done. Discord
        refusing to do either twice counts as done: a restart repeats at most one step."""
        publishing = self.bot.store.publishing
        message = self._channel(follow_up.channel_id, follow_up.guild_id).get_partial_message(
            follow_up.message_id)
        async with self.slots:
            if follow_up.publish:
                await self.limiter.wait()
                try:
                    await message.publish()
                except discord.HTTPException as error:
                    if error.code != ALREADY_PUBLISHED and error.status >= 500:
                        log.warning("publishing %s failed; trying again: %s",
                                    follow_up.message_id, error)
                        return
                    if error.code != ALREADY_PUBLISHED:
                        log.warning("could not publish %s: %s", follow_up.message_id, error)
                        await publishing.not_published(follow_up)
                    else:
                        await publishing.published(follow_up, self.now())
                except OSError:
                    return
                else:
                    await publishing.published(follow_up, self.now())
            if follow_up.thread_name:
                await self.limiter.wait()
                try:
                    await message.create_thread(name=follow_up.thread_name,
                                                auto_archive_duration=THREAD_ARCHIVE_MINUTES)
                except discord.HTTPException as error:
                    if error.status >= 500:
                        return
                    if error.code != ALREADY_THREADED:
                        log.warning("could not open a thread on %s: %s",
                                    follow_up.message_id, error)
                except OSError:
                    return
                await publishing.thread_opened(follow_up)
