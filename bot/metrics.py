"""Prometheus metrics of one bot, in its own registry (several bots in one process, as in
the tests, do not clash).

Counters are kept as things happen: slash commands by command and outcome, with the time
each answer took; announcement deliveries and feed polls by outcome. Gauges are read when
scraped: gateway latency per shard, guilds, shards ready; and, read from the store in the
reading thread just before each scrape (never on the event loop), the announcer's backlog
and the seconds since the last complete Wikidata sync. Every label comes from a fixed
set; nothing a user typed ever becomes a label.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.looplag import LoopLag
from store import Store, health
from wikidata.sync import LAST_SYNC_KEY

if TYPE_CHECKING:
    from bot.client import Handover

log = logging.getLogger("handover.metrics")

OUTCOMES = ("ok", "not_found", "usage", "denied", "error")
DELIVERY_OUTCOMES = ("sent", "refused", "retry")
FEED_OUTCOMES = ("new_items", "unchanged", "nothing_new", "failed")
OTHER = "other"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0)
STARTED = "handover_started"  # key in `interaction.extras`


@dataclass(frozen=True)
class StoreReadings:
    """What a scrape shows of the store, read before the scrape."""

    backlog: health.Backlog | None = None
    last_sync: dt.datetime | None = None


def read_store(store: Store) -> StoreReadings:
    """The backlog and the last Wikidata sync (run in the bot's reading thread)."""
    synced = store.get_meta(LAST_SYNC_KEY)
    return StoreReadings(health.backlog(store.database),
                         dt.datetime.fromisoformat(synced.replace("Z", "+00:00"))
                         if synced else None)


class Metrics:
    """The bot's instruments; `registry` is what `/metrics` serves."""

    def __init__(self, bot: Handover):
        self.bot = bot
        self.registry = CollectorRegistry(auto_describe=True)
        self.interactions = Counter(
            "handover_interactions", "Slash commands answered, by command and outcome",
            ("command", "outcome"), registry=self.registry)
        self.latency = Histogram(
            "handover_answer_seconds", "Time from receiving a slash command to its answer",
            ("command",), buckets=LATENCY_BUCKETS, registry=self.registry)
        self.deliveries = Counter(
            "handover_deliveries", "Announcement posts by outcome (sent, refused by the "
            "channel, to be retried)", ("outcome",), registry=self.registry)
        self.feed_polls = Counter(
            "handover_feed_polls", "Feed polls by outcome", ("outcome",),
            registry=self.registry)
        for outcome in DELIVERY_OUTCOMES:
            self.deliveries.labels(outcome)
        for outcome in FEED_OUTCOMES:
            self.feed_polls.labels(outcome)
        self.loop_lag = LoopLag(self.registry)
        self.readings = StoreReadings()
        self.registry.register(BotCollector(bot))
        self._names: frozenset[str] | None = None

    async def refresh(self) -> None:
        """Read what the store says before a scrape, off the event loop."""
        if self.bot.store is None:
            return
        try:
            self.readings = await self.bot.read(read_store, self.bot.store)
        except Exception:  # a scrape must not fail because the store is busy or closing
            log.debug("store readings not refreshed", exc_info=True)

    def command_name(self, interaction: discord.Interaction) -> str:
        """The top-level command's name when it is one of the bot's, else `other`."""
        if self._names is None:
            self._names = frozenset(command.name for command in self.bot.tree.get_commands())
        command = interaction.command
        root = getattr(command, "root_parent", None) or command
        name = getattr(root, "name", None)
        return name if name in self._names else OTHER

    def begin(self, interaction: discord.Interaction) -> None:
        """A slash command arrived (autocomplete and buttons are not counted)."""
        if interaction.type is discord.InteractionType.application_command:
            interaction.extras[STARTED] = time.perf_counter()

    def finish(self, interaction: discord.Interaction, outcome: str) -> None:
        """A slash command was answered (or failed); counted once per interaction."""
        started = interaction.extras.pop(STARTED, None)
        if started is None:
            return
        name = self.command_name(interaction)
        self.interactions.labels(name, outcome if outcome in OUTCOMES else "error").inc()
        self.latency.labels(name).observe(time.perf_counter() - started)

    def delivery(self, outcome: str) -> None:
        self.deliveries.labels(outcome).inc()

    def feed_poll(self, outcome: str) -> None:
        self.feed_polls.labels(outcome).inc()


def metrics_of(bot: object) -> Metrics | None:
    """The bot's metrics, if it has any (tests drive the loops with stand-in bots)."""
    return getattr(bot, "metrics", None)


class BotCollector(Collector):
    """Gauges read from the bot when scraped."""

    def __init__(self, bot: Handover):
        self.bot = bot

    def describe(self) -> list:
        return []  # gauges come and go with shards; describe nothing up front

    def collect(self) -> Iterator[GaugeMetricFamily]:
        bot = self.bot
        latency = GaugeMetricFamily("handover_gateway_latency_seconds",
                                    "Heartbeat round trip per shard", labels=("shard",))
        ready = GaugeMetricFamily("handover_shard_ready",
                                  "1 when the shard is connected and READY",
                                  labels=("shard",))
        if not bot.is_closed():
            for shard_id, seconds in bot.latencies:
                if math.isfinite(seconds):
                    latency.add_metric((str(shard_id),), seconds)
            for shard_id, shard in bot.shards.items():
                ready.add_metric((str(shard_id),), float(
                    bot.is_ready() and not shard.is_closed()))
        yield latency
        yield ready
        yield GaugeMetricFamily("handover_guilds", "Servers the bot is in",
                                value=len(bot.guilds))
        leadership = getattr(bot, "leadership", None)
        yield GaugeMetricFamily("handover_leader", "1 while this process holds the leader "
                                "lease: syncs commands, announces, polls feeds",
                                value=float(bool(leadership and leadership.leading)))
        pending = GaugeMetricFamily("handover_announcer_backlog",
                                    "Announcement deliveries waiting to be posted")
        oldest = GaugeMetricFamily(
            "handover_announcer_oldest_pending_seconds",
            "Age of the oldest pending delivery, in whole days since it was due")
        readings = bot.metrics.readings
        if readings.backlog is not None:
            pending.add_metric((), readings.backlog.pending)
            oldest.add_metric((), readings.backlog.oldest_age_days(bot.today()) * 86400)
        yield pending
        yield oldest
        synced = GaugeMetricFamily("handover_wikidata_sync_age_seconds",
                                   "Seconds since the last complete Wikidata sync")
        if readings.last_sync is not None:
            synced.add_metric((), (dt.datetime.now(dt.UTC) - readings.last_sync)
                              .total_seconds())
        yield synced
