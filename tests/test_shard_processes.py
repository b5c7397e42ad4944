"""Two `handover run` processes, shards 0 and 1 of 2, sharing one PostgreSQL store and the
Discord double: each answers its own servers' commands; one of them — the lease holder —
announces and polls feeds; killed mid fan-out, the other takes over within the lease and
posts the rest, each channel getting exactly one post.

Which process did what is read from each process's own /metrics (commands answered,
posts made, feeds polled) and from the store (the lease's holder names host and pid; a
delivery keeps the id of the process that claimed and posted it)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import inspect
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from store import Store
from tests import engines
from tests.conftest import TODAY
from tests.discord_double import Channel, DiscordDouble, Guild, default_guild
from tests.running_bot import TOKEN, embed_text
from tests.test_announcements import TIDAL
from tests.web import serving

HANDOVER = str(Path(sys.executable).parent / "handover")
LEASE_S = 4.0  # the leader's lease in these tests; the default is 20 s
BASE = 1_300_000_000_000_000_000 & ~((1 << 23) - 1)  # (id >> 22) % 2 == 0
SHARD_0_GUILD = BASE  # events of this server go to shard 0
SHARD_1_GUILD = BASE + (1 << 22)  # and of this one to shard 1
CHANNELS = 200
ON_POSTGRESQL = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
EMPTY_RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
             "<link>http://example.org/</link><description>News</description></channel></rss>")


def guild(guild_id: int, channels: int = 0) -> Guild:
    """A server like the double's default one, with `channels` more channels."""
    made = default_guild(guild_id)
    return Guild(id=guild_id, owner_id=made.owner_id, members=made.members, channels=[
        *made.channels, *(Channel(guild_id + 1000 + n, f"news-{n}", position=2 + n)
                          for n in range(channels))])


class Shard:
    """One `handover run` process and what it serves."""

    def __init__(self, shard: int, process: asyncio.subprocess.Process, log: Path):
        self.shard = shard
        self.process = process
        self.log = log
        self.metrics_port: int | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    async def port(self) -> int:
        """The metrics port the process chose, as its log says."""
        while self.metrics_port is None:
            found = re.search(r"metrics and health checks on http://127\.0\.0\.1:(\d+)/",
                              self.log.read_text() if self.log.exists() else "")
            if found:
                self.metrics_port = int(found[1])
            elif self.process.returncode is not None:
                raise AssertionError(f"shard {self.shard} exited: {self.log.read_text()}")
            else:
                await asyncio.sleep(0.05)
        return self.metrics_port

    async def counted(self, metric: str) -> dict[str, float]:
        """`metric`'s samples from this process's /metrics: labels → value."""
        url = f"http://127.0.0.1:{await self.port()}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            text = await response.text()
        return {labels: float(value) for labels, value in re.findall(
            rf"^{metric}_total(\{{[^}}]*\}}) (\S+)$", text, re.MULTILINE)}

    async def gauge(self, metric: str) -> float:
        url = f"http://127.0.0.1:{await self.port()}/metrics"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            found = re.search(rf"^{metric} (\S+)$", await response.text(), re.MULTILINE)
        return float(found[1]) if found else float("nan")

    async def total(self, metric: str, having: str = "") -> float:
        return sum(value for labels, value in (await self.counted(metric)).items()
                   if having in labels)


def environment(double: DiscordDouble, store: str, log: Path) -> dict[str, str]:
    return {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
            "HANDOVER_DB": store, "HANDOVER_TODAY": TODAY, "HANDOVER_LOG": str(log),
            "HANDOVER_LEASE_S": str(LEASE_S), "HANDOVER_METRICS_PORT": "0",
            "HANDOVER_FEED_INTERVAL_S": "1", "HANDOVER_FETCH_ALLOW_HOSTS": "127.0.0.1"}


async def start(double: DiscordDouble, store: str, folder: Path, shard: int) -> Shard:
    """Shard 0 is given on the command line, shard 1 in the environment: both ways work."""
    log = folder / f"shard-{shard}.log"
    env = environment(double, store, log)
    if shard == 0:
        arguments = ["run", "--shards", "0", "--shard-count", "2"]
    else:
        arguments = ["run"]
        env |= {"HANDOVER_SHARDS": str(shard), "HANDOVER_SHARD_COUNT": "2"}
    process = await asyncio.create_subprocess_exec(
        HANDOVER, *arguments, env=env, cwd=folder, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL)
    return Shard(shard, process, log)


@contextlib.asynccontextmanager
async def cluster(double: DiscordDouble, store: str, folder: Path):
    shards = [await start(double, store, folder, n) for n in (0, 1)]
    try:
        await double.wait_ready(timeout=60)
        yield shards
    finally:
        for shard in shards:
            if shard.process.returncode is None:
                shard.process.send_signal(signal.SIGTERM)
        for shard in shards:
            try:
                await asyncio.wait_for(shard.process.wait(), 30)
            except TimeoutError:
                shard.process.kill()
                await shard.process.wait()


async def until(condition, timeout: float, what: str) -> None:
    """Poll `condition` (the store, a counter or the double's posts: nothing sends an
    event for them) until it holds; it may be a coroutine function."""
    deadline = time.monotonic() + timeout
    while not await _value(condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def leader_pid(store: str) -> int | None:
    """The pid in the holder of the unexpired leader lease (holder is host:pid:random)."""
    clock = "extract(epoch FROM clock_timestamp())"
    rows = engines.query(store, f"SELECT holder FROM leases WHERE name = 'leader'"
                                f" AND expires_at > {clock}")
    return int(rows[0][0].split(":")[1]) if rows else None


@ON_POSTGRESQL
async def test_each_process_answers_its_own_shards_commands_once(store_path, tmp_path):
    store = str(store_path)
    async with DiscordDouble(guilds=[guild(SHARD_0_GUILD), guild(SHARD_1_GUILD)],
                             shards=2) as double, cluster(double, store, tmp_path) as shards:
        assert sorted(tuple(identify["shard"]) for identify in double.identifies) == [
            (0, 2), (1, 2)]
        asked = {SHARD_0_GUILD: ["who-leads", "help", "who-leads"],
                 SHARD_1_GUILD: ["who-leads", "who-leads", "help", "help", "who-leads"]}
        for guild_id, names in asked.items():
            for name in names:
                options = {"org": "nato"} if name == "who-leads" else {}
                interaction = await double.slash(name, options, guild=guild_id)
                message = await interaction.final_message(timeout=20)
                if name == "who-leads":
                    assert "Mark Rutte" in embed_text(message)
        answered = [await shard.total("handover_interactions") for shard in shards]
        assert answered == [3, 5], "each command answered once, by its shard's process"
        assert len(double.find_requests("POST /interactions/*/*/callback")) == 8
        assert len(double.find_requests("PUT /applications/*/commands")) == 1, \
            "only the leader syncs the commands"
        assert leader_pid(store) in {shard.pid for shard in shards}
        assert sorted([await shard.gauge("handover_leader") for shard in shards]) == [0, 1]


async def fan_out_store(store: str, feed_url: str) -> None:
    """200 subscribed channels and a followed feed; no transition yet."""
    async with await Store.open(store, clock=lambda: dt.date.fromisoformat(TODAY)) as opened:
        for n in range(CHANNELS):
            await opened.subscribe(SHARD_1_GUILD, SHARD_1_GUILD + 1000 + n, None)
        await opened.add_feed(SHARD_1_GUILD, SHARD_1_GUILD + 1, feed_url, review=True)


def posted(double: DiscordDouble) -> dict[int, int]:
    return {channel: len(double.channel_messages.get(channel, []))
            for channel in range(SHARD_1_GUILD + 1000, SHARD_1_GUILD + 1000 + CHANNELS)}


async def ingest(store: str, folder: Path) -> None:
    """`handover ingest` in a third process: the transition and its announcement."""
    article = folder / "tidal.txt"
    article.write_text(TIDAL)
    process = await asyncio.create_subprocess_exec(
        HANDOVER, "ingest", str(article), env={**os.environ, "HANDOVER_DB": store,
                                               "HANDOVER_TODAY": TODAY},
        cwd=folder, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, (out + err).decode()


@ON_POSTGRESQL
async def test_the_leader_killed_mid_fan_out_is_replaced_and_every_channel_posted_once(
        store_path, tmp_path):
    store = str(store_path)
    routes = {"/feed.xml": (EMPTY_RSS, "application/rss+xml")}
    async with serving(routes) as base:
        await fan_out_store(store, f"{base}/feed.xml")
        async with DiscordDouble(guilds=[guild(SHARD_0_GUILD), guild(SHARD_1_GUILD, CHANNELS)],
                                 shards=2) as double, \
                cluster(double, store, tmp_path) as shards:
            double.delay("POST /channels/*/messages", 0.05)
            await until(lambda: (leader_pid(store) is not None), 30, "a leader")
            leader = next(shard for shard in shards if shard.pid == leader_pid(store))
            survivor = next(shard for shard in shards if shard is not leader)
            await until(lambda: _positive(leader.total("handover_feed_polls")), 30,
                        "the leader polling the feed")

            await ingest(store, tmp_path)
            await until(lambda: (sum(posted(double).values()) >= 40), 60,
                        "the fan-out under way")
            leader.process.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            await leader.process.wait()
            before = sum(posted(double).values())
            assert before < CHANNELS, "the fan-out finished before the kill"
            assert await survivor.total("handover_deliveries") == 0
            assert await survivor.total("handover_feed_polls") == 0
            assert await survivor.gauge("handover_leader") == 0

            await until(lambda: (leader_pid(store) == survivor.pid), 3 * LEASE_S,
                        "the survivor taking the lease")
            takeover_s = time.monotonic() - killed_at
            await until(lambda: _equal(survivor.gauge("handover_leader"), 1), 10,
                        "the survivor saying it leads")
            await until(lambda: (all(posted(double).values())), 90,
                        "every channel posted")
            await until(lambda: (engines.query(
                store, "SELECT count(*) FROM deliveries WHERE status = 'sent'")[0][0]
                == CHANNELS), 30, "every post recorded")
            await until(lambda: _positive(survivor.total("handover_feed_polls")), 30,
                        "the survivor polling the feed")
            survivor_posts = await survivor.total("handover_deliveries", 'outcome="sent"')

        counts = posted(double)
        assert set(counts.values()) == {1}, {c: n for c, n in counts.items() if n != 1}
        by_poster = dict(engines.query(
            store, "SELECT split_part(claimed_by, ':', 2)::bigint, count(*) FROM deliveries"
                   " WHERE status = 'sent' GROUP BY 1"))
        assert set(by_poster) <= {leader.pid, survivor.pid}
        assert by_poster[survivor.pid] == survivor_posts >= CHANNELS - before
        assert takeover_s <= 1.25 * LEASE_S + 2.0, f"taken over after {takeover_s:.1f} s"
        print(f"\nleader lease taken over {takeover_s:.2f} s after SIGKILL "
              f"(lease {LEASE_S} s); {before} posts before the kill, "
              f"{by_poster[survivor.pid]} by the survivor")


async def _value(result):
    return await result if inspect.isawaitable(result) else result


async def _positive(total) -> bool:
    return await total > 0


async def _equal(value, expected) -> bool:
    return await value == expected


@ON_POSTGRESQL
async def test_a_leader_stopped_cleanly_hands_over_without_waiting_for_its_lease(
        store_path, tmp_path):
    store = str(store_path)
    async with DiscordDouble(guilds=[guild(SHARD_0_GUILD), guild(SHARD_1_GUILD)],
                             shards=2) as double, cluster(double, store, tmp_path) as shards:
        await until(lambda: leader_pid(store) is not None, 30, "a leader")
        leader = next(shard for shard in shards if shard.pid == leader_pid(store))
        other = next(shard for shard in shards if shard is not leader)
        leader.process.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        assert await asyncio.wait_for(leader.process.wait(), 30) == 0
        await until(lambda: leader_pid(store) == other.pid, 3 * LEASE_S, "the other leading")
        handover_s = time.monotonic() - stopped_at
        assert handover_s < LEASE_S, f"took {handover_s:.1f} s: the lease was not given back"
        assert "giving the leader lease back" in leader.log.read_text()
        print(f"\nleader lease handed over {handover_s:.2f} s after SIGTERM")
        interaction = await double.slash("help", {}, guild=SHARD_1_GUILD if other.shard
                                         else SHARD_0_GUILD)
        await interaction.final_message(timeout=20)
