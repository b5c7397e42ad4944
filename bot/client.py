"""Handover on Discord: the bot, which owns its store, and how it is started and synced."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import hashlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot import alarm, pictures
from bot import commands as command_specs
from bot.announcer import Announcer
from bot.config import Settings
from bot.feeds import FeedPoller
from bot.hot import HotAnswers
from bot.leadership import Leadership
from bot.logs import quiet_voice_warnings, set_context
from bot.metrics import Metrics
from bot.paginator import PAGE_TIMEOUT_S, Attachment, respond, send_reply
from bot.reader import ReadsThread
from bot.replies import Reply
from bot.startup import point_at_api
from bot.startup import serve as serve_with_retries
from bot.timeline_button import TimelineButton
from bot.wikidata_sync import WikidataSync
from store import OverBudget, Store, StoreError

log = logging.getLogger("handover.discord")

DEFER_AFTER_S = 1.5
# How long the event loop waits for a read in the reads thread before it stops waiting.
READ_WAIT_S = 0.01
# Python's own thresholds. Each interaction leaves ~22 objects in reference cycles
# (discord.py's interaction and its response, our reply's view and buttons) for a full
# collection to free; with full collections ten times rarer (700, 10, 100) one of them
# freed 83,000 objects in 181 ms, and the queue it left took the open loop at 500/s to
# p99 62-152 ms, against 7-17 ms with these.
GC_THRESHOLDS = (700, 10, 10)
T = TypeVar("T")

COGS = ("bot.cogs.leaders", "bot.cogs.people", "bot.cogs.meta", "bot.cogs.ingest",
        "bot.cogs.announce", "bot.cogs.feeds", "bot.cogs.facts")
SYNC_HASH_KEY = "command_sync_hash"


class Tree(app_commands.CommandTree):
    """Every failure gets an answer: one private sentence with a reference; the log gets
    the traceback. Each command is timed and counted, and its log records carry it."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        command = interaction.command
        set_context(shard=interaction.guild.shard_id if interaction.guild else None,
                    guild=interaction.guild_id,
                    command=command.qualified_name if command else None)
        self.client.metrics.begin(interaction)
        return True

    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        denied = isinstance(error, app_commands.CheckFailure)
        self.client.metrics.finish(interaction, "denied" if denied else "error")
        if denied and interaction.response.is_done():
            return  # the check has already told the user why
        if isinstance(error, app_commands.TransformerError):
            await self._tell(interaction, "One of the options has a value I cannot use here.")
            return
        reference = uuid.uuid4().hex[:8]
        log.error("command %s failed (reference %s)",
                  interaction.command.name if interaction.command else "?", reference,
                  exc_info=error, extra={"reference": reference})
        cause = getattr(error, "original", error)
        if isinstance(cause, StoreError):
            message = f"Sorry, the store could not be written: {cause} (reference {reference})."
        else:
            message = f"Sorry, something went wrong answering that (reference {reference})."
        await self._tell(interaction, message)

    @staticmethod
    async def _tell(interaction: discord.Interaction, message: str) -> None:
        with contextlib.suppress(discord.HTTPException):
            await respond(interaction, content=message, ephemeral=True)


class Handover(commands.AutoShardedBot):
    """The bot. It opens its store in `setup_hook` and closes it in `close`."""

    def __init__(self, settings: Settings, **options):
        quiet_voice_warnings()
        if settings.shard_count is not None:  # else every shard Discord recommends
            options.setdefault("shard_count", settings.shard_count)
            options.setdefault("shard_ids", list(settings.shards or range(settings.shard_count)))
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=Tree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.store: Store | None = None
        self.session: aiohttp.ClientSession | None = None  # for fetching articles and feeds
        self.sync_on_start = True
        self.may_lead = True  # False: never syncs, announces or polls (`handover sync`)
        self.page_timeout = PAGE_TIMEOUT_S
        self.clock: Callable[[], dt.date] = lambda: settings.today
        self.leadership = Leadership(self, settings.lease_s)
        self.announcer = Announcer(self)
        self.announcer.holder = self.leadership.holder
        self.reads = ReadsThread()
        self._reads_awaited = 0  # reads the loop stopped waiting for, or queued behind those
        self._alarm = False  # whether a read on the loop can be stopped (`bot.alarm`)
        self.hot = HotAnswers()  # used by one read at a time, in the thread or on the loop
        # Pictures take tens of milliseconds: a thread of their own keeps reads flowing.
        self.drawing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")
        self.feeds = FeedPoller(self, interval_s=settings.feed_interval_s)
        self.wikidata = WikidataSync(self)
        self.metrics = Metrics(self)
        self.stopping = asyncio.Event()  # set when closing begins: ends waits for Discord
        self.health_port: int | None = None  # where /metrics is served, once it is

    async def on_app_command_completion(self, interaction: discord.Interaction,
                                        command: app_commands.Command) -> None:
        self.metrics.finish(interaction, interaction.extras.get("outcome", "ok"))

    def today(self) -> dt.date:
        return self.clock()

    async def launch_shards(self) -> None:
        """As discord.py's, except that with a fixed shard count (`--shard-count`) the
        gateway is still the one `GET /gateway/bot` names — discord.py would go straight
        to Discord's default, past a proxy or a test double at DISCORD_API_BASE."""
        if self.is_closed() or self.shard_count is None:
            await super().launch_shards()
            return
        _recommended, url, _limits = await self.http.get_bot_gateway()
        self._connection.shard_count = self.shard_count
        shard_ids = self.shard_ids or list(range(self.shard_count))
        self._connection.shard_ids = shard_ids
        for shard_id in shard_ids:
            await self.launch_shard(yarl.URL(url), shard_id, initial=shard_id == shard_ids[0])

    async def setup_hook(self) -> None:
        self.metrics.loop_lag.start()
        self.store = await self.settings.open_store(clock=self.today)
        self.add_dynamic_items(TimelineButton)
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        for cog in COGS:
            try:
                await self.load_extension(cog)
            except commands.ExtensionError:
                log.exception("could not load %s", cog)
        # The leader (one process of those sharing the store) syncs the commands and
        # starts the announcer, the feeds and the Wikidata sync; see bot/leadership.py.
        if self.may_lead:
            await self.leadership.start()
        self._alarm = alarm.available()
        gc.collect()
        gc.freeze()  # what start-up made lives as long as the bot: keep it out of collections
        gc.set_threshold(*GC_THRESHOLDS)

    def schedule_close(self) -> None:
        log.info("signal received; closing")
        self._closing = asyncio.ensure_future(self.close())

    async def close(self) -> None:
        self.stopping.set()
        self.metrics.loop_lag.stop()
        await self.leadership.stop()
        await self.announcer.stop()
        await self.feeds.stop()
        await self.wikidata.stop()
        await super().close()
        if self.session is not None:
            await self.session.close()
            self.session = None
        self.reads.shutdown()
        self.drawing.shutdown(wait=True, cancel_futures=True)
        if self.store is not None:
            await self.store.close()
            self.store = None

    async def transitions_stored(self, transition_ids: list[int]) -> None:
        """New transitions were stored with their announcements; post them now rather
        than at the next round."""
        log.info("stored %d new transition(s)", len(transition_ids))
        self.announcer.nudge()

    @property
    def reads_on_loop(self) -> bool:
        """Whether short reads are tried on the event loop first: by default on a SQLite
        store, when the loop runs on the main thread (where `bot.alarm` can stop them)."""
        return (self.settings.reads_on_loop and self._alarm and alarm.installed()
                and self.store.database.reads_within)

    def store_for(self, interaction: discord.Interaction) -> Store:
        """The store as the interaction's server sees it (its own facts included)."""
        return self.store.seen_from(interaction.guild_id)

    async def read(self, function: Callable[..., T], *args, short: bool = False) -> T:
        """Run a question on the store in the reads thread (`bot.reader`).

        The event loop waits for the answer — most reads take well under a millisecond,
        and waiting costs less than a wake-up from another thread — but never longer than
        `READ_WAIT_S`: a read still running then is awaited like any future, and reads
        asked while one is awaited queue behind it without the loop waiting at all. So a
        store that has become slow blocks the loop for at most 10 ms once, and `answer`
        still defers within Discord's window.

        Before that, by default (`HANDOVER_READS=loop`), a `short` read (an answer's few
        indexed lookups) on a store that can bound its statements' time (SQLite) is made on
        the loop itself while no read runs in the thread, with the same 10 ms: past them
        SQLite stops a statement and `bot.alarm` the Python around it, a sleep or a wait,
        and the thread asks it again. That saves the hand-off between two threads; only a
        read stuck in the kernel (a disk that stops answering) holds the loop with it."""
        if short and not self._reads_awaited and self.reads_on_loop:
            try:
                with self.store.database.within(READ_WAIT_S), alarm.stop_after(READ_WAIT_S):
                    return function(*args)
            except OverBudget:
                log.debug("a read ran past %s s on the event loop; asked again in the reads"
                          " thread", READ_WAIT_S)
        waiting = not self._reads_awaited
        read = self.reads.submit(function, *args)
        if waiting and self.reads.wait(read, READ_WAIT_S):
            return read.result()
        self._reads_awaited += 1
        try:
            return await self.reads.outcome(read)
        finally:
            self._reads_awaited -= 1

    async def answer(self, interaction: discord.Interaction, name: str, *,
                     defer: bool = False, **options: str | None) -> None:
        """Run a slash command through the shared answers and send the reply. If the
        answer is not ready within `DEFER_AFTER_S`, defer first: Discord allows 3 s."""
        given = {key: value for key, value in options.items() if value is not None}
        work = self._illustrated(interaction, name, given)
        if defer:
            work = asyncio.ensure_future(work)
            await interaction.response.defer()
            reply, picture = await work
        else:
            reply, picture = await self._deferred_if_late(interaction, work)
        interaction.extras["outcome"] = reply.status
        await send_reply(interaction, reply, self.page_timeout, picture)

    @staticmethod
    async def _deferred_if_late(interaction: discord.Interaction, work: Awaitable[T]) -> T:
        """`work`'s result; if it is not ready within `DEFER_AFTER_S`, the interaction is
        deferred meanwhile. (Most answers are ready at once: `read` waits for them, so
        the work runs in this task, not one of its own, and the timer is all it costs.)"""
        deferring: list[asyncio.Task] = []
        timer = asyncio.get_running_loop().call_later(
            DEFER_AFTER_S,
            lambda: deferring.append(asyncio.ensure_future(interaction.response.defer())))
        try:
            return await work
        finally:
            timer.cancel()
            if deferring:
                await deferring[0]

    async def _illustrated(self, interaction: discord.Interaction, name: str,
                           given: dict[str, str]) -> tuple[Reply, Attachment | None]:
        """The answer, read from the store, and its picture, drawn in the drawing thread."""
        reply = await self.read(self.hot.answer, self.store_for(interaction),
                                command_specs.COMMANDS[name], given, self.today(),
                                interaction.guild_id, short=True)
        if reply.private or reply.timeline is None:
            return reply, None
        try:
            drawn = await asyncio.get_running_loop().run_in_executor(
                self.drawing, pictures.draw, reply.timeline)
        except Exception:  # the answer still goes out, without its picture
            log.exception("could not draw the timeline for %r", reply.title)
            return reply, None
        return reply, Attachment(drawn.png, pictures.FILENAME, reply.timeline.description)


def command_hash(bot: Handover, guild: discord.abc.Snowflake | None = None) -> str:
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands(guild=guild)]
    scope = {"guild": guild.id if guild else None, "commands": payload}
    return hashlib.sha256(json.dumps(scope, sort_keys=True).encode()).hexdigest()


async def sync(bot: Handover, guild_id: int | None = None) -> int:
    """Register the commands with Discord, globally or in one server; remember their hash."""
    guild = discord.Object(guild_id) if guild_id else None
    if guild:
        bot.tree.copy_global_to(guild=guild)
    synced = await bot.tree.sync(guild=guild)
    await bot.store.set_meta(_key(guild), command_hash(bot, guild))
    return len(synced)


def _key(guild: discord.abc.Snowflake | None) -> str:
    return f"{SYNC_HASH_KEY}:{guild.id}" if guild else SYNC_HASH_KEY


async def sync_if_changed(bot: Handover) -> bool:
    """Sync the global commands only when they differ from the last sync."""
    if bot.store.get_meta(SYNC_HASH_KEY) == command_hash(bot):
        return False
    log.info("command definitions changed; syncing")
    await sync(bot)
    return True


async def serve(bot: Handover) -> None:
    """Connect and serve until the bot is closed or sent SIGTERM / SIGINT; Discord
    unreachable at start-up is waited out (see `bot.startup`)."""
    await serve_with_retries(bot)


async def run_bot(settings: Settings, **options) -> None:
    """`handover run`."""
    await serve(Handover(settings, **options))


async def run_sync(settings: Settings, guild_id: int | None) -> int:
    """`handover sync`: log in, register the commands, log out."""
    point_at_api(settings)
    bot = Handover(settings)
    bot.sync_on_start = False
    bot.may_lead = False
    async with bot:
        await bot.login(settings.token)
        return await sync(bot, guild_id)
