"""The metrics endpoint, scraped as Prometheus would after a few slash commands: counts by
command and outcome, answer latencies, gateway latency, guilds and the announcer's
backlog, with labels only from fixed sets."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import aiohttp
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.client import Handover
from bot.config import Settings
from tests.discord_double import DiscordDouble
from tests.running_bot import running_bot
from tests.test_announcements import TIDAL, posts, until
from tests.test_feeds import FeedServer, add_feed, poll
from tests.web import serving
from wikidata.sync import LAST_SYNC_KEY


async def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample on /metrics, keyed by (name, sorted labels)."""
    async with aiohttp.ClientSession() as session, \
            session.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def interactions(samples, command: str, outcome: str) -> float:
    key = ("handover_interactions_total", (("command", command), ("outcome", outcome)))
    return samples.get(key, 0.0)


async def test_metrics_count_slash_commands_by_command_and_outcome(store_path):
    double = DiscordDouble(heartbeat_interval=200)
    async with running_bot(store_path, double, metrics_port=0) as running:
        port = running.bot.health_port
        assert port
        before = await scrape(port)
        assert interactions(before, "who-leads", "ok") == 0
        await running.ask("who-leads", {"org": "nato"})
        await running.ask("who-leads", {"org": "nato", "on": "2015-06-01"})
        await running.ask("who-leads", {"org": "natoo"})
        await running.ask("quotes", {"person": "rutte"})
        await double.autocomplete("who-leads", {"org": "nat"}, "org")  # not a command run
        denied = await double.slash("ingest", {"text": "x"}, force=True)  # not a moderator
        await denied.response()

        deadline = time.monotonic() + 10
        while True:  # READY, the first heartbeat round trip, and the last count
            samples = await scrape(port)
            latency = samples.get(("handover_gateway_latency_seconds", (("shard", "0"),)))
            ready = samples.get(("handover_shard_ready", (("shard", "0"),)))
            if latency is not None and ready and interactions(samples, "ingest", "denied"):
                break
            assert time.monotonic() < deadline, f"not ready, or not counted: {samples}"
            await asyncio.sleep(0.1)

    assert interactions(samples, "who-leads", "ok") == 2
    assert interactions(samples, "who-leads", "not_found") == 1
    assert interactions(samples, "quotes", "ok") == 1
    assert interactions(samples, "ingest", "denied") == 1
    counted = sum(value for (name, _), value in samples.items()
                  if name == "handover_interactions_total")
    assert counted == 5  # the autocomplete is not counted
    answered = samples[("handover_answer_seconds_count", (("command", "who-leads"),))]
    assert answered == 3
    assert samples[("handover_answer_seconds_sum", (("command", "who-leads"),))] > 0
    assert 0 <= latency < 5
    assert samples[("handover_guilds", ())] == len(double.guilds)
    assert samples[("handover_announcer_backlog", ())] == 0
    assert samples[("handover_announcer_oldest_pending_seconds", ())] == 0
    for outcome in ("sent", "refused", "retry"):
        assert samples[("handover_deliveries_total", (("outcome", outcome),))] == 0
    assert ("handover_feed_polls_total", (("outcome", "failed"),)) in samples
    commands = {dict(pairs).get("command") for _, pairs in samples} - {None}
    assert commands == {"who-leads", "quotes", "ingest"}  # names, never what was typed


def test_two_bots_in_one_process_keep_their_own_metrics(store_path):
    first, second = (Handover(Settings(store_location=store_path)) for _ in range(2))
    first.metrics.deliveries.labels("sent").inc()
    assert b'handover_deliveries_total{outcome="sent"} 1.0' in generate_latest(
        first.metrics.registry)
    assert b'handover_deliveries_total{outcome="sent"} 0.0' in generate_latest(
        second.metrics.registry)


async def test_feed_polls_and_deliveries_are_counted_by_outcome(store_path):
    server = FeedServer()
    routes = {"/feed.xml": server.feed, "/tidal": (TIDAL, "text/plain")}
    async with running_bot(store_path, fetch_allow_hosts=frozenset({"127.0.0.1"}),
                           feed_interval_s=3600, metrics_port=0) as running, \
            serving(routes) as base:
        await running.bot.feeds.stop()  # only the polls below: none of the loop's own
        await add_feed(running, f"{base}/feed.xml", review=False)
        await poll(running)  # the first poll reads what is there, as nothing new
        server.publish(("tidal-1", f"{base}/tidal"))
        assert await poll(running) == 1
        await until(lambda: posts(running.double, "announcements"))
        await poll(running)  # 304
        server.failing = True
        await poll(running)
        samples = await scrape(running.bot.health_port)

    def count(name: str, outcome: str) -> float:
        return samples[(name, (("outcome", outcome),))]
    assert count("handover_feed_polls_total", "nothing_new") == 1
    assert count("handover_feed_polls_total", "new_items") == 1
    assert count("handover_feed_polls_total", "unchanged") == 1
    assert count("handover_feed_polls_total", "failed") == 1
    assert count("handover_deliveries_total", "sent") == 1
    assert count("handover_deliveries_total", "retry") == 0
    assert samples[("handover_announcer_backlog", ())] == 0


async def test_seconds_since_the_last_wikidata_sync_are_shown_once_there_was_one(store_path):
    async with running_bot(store_path, metrics_port=0) as running:
        port = running.bot.health_port
        assert ("handover_wikidata_sync_age_seconds", ()) not in await scrape(port)
        an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        await running.bot.store.set_meta(LAST_SYNC_KEY, an_hour_ago.strftime(
            "%Y-%m-%dT%H:%M:%SZ"))
        age = (await scrape(port))[("handover_wikidata_sync_age_seconds", ())]
    assert 3600 <= age < 3600 + 60


async def test_the_event_loop_lag_is_exported_as_a_histogram(store_path):
    async with running_bot(store_path, metrics_port=0) as running:
        await running.ask("who-leads", {"org": "nato"})
        lag = running.bot.metrics.loop_lag
        await until(lambda: lag.samples >= 3)  # heartbeats come every 10 ms of the loop
        samples = await scrape(running.bot.health_port)
    count = samples[("handover_event_loop_lag_seconds_count", ())]
    assert count >= 3
    assert samples[("handover_event_loop_lag_seconds_bucket", (("le", "+Inf"),))] == count
    assert ("handover_event_loop_lag_seconds_bucket", (("le", "0.005"),)) in samples
    assert lag.samples >= count
