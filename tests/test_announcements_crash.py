"""SIGKILL in the middle of a fan-out to 200 channels: after a restart every channel has
exactly one message."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from pathlib import Path

from bot import articles
from store import Store
from tests import engines
from tests.conftest import TODAY
from tests.discord_double import Channel, DiscordDouble, Guild, default_guild
from tests.running_bot import TOKEN
from tests.test_announcements import TIDAL, until

HANDOVER = str(Path(sys.executable).parent / "handover")
GUILD = 1_300_000_000_000_000_000
CHANNELS = 200


def big_guild() -> Guild:
    members = default_guild(GUILD).members
    return Guild(id=GUILD, channels=[Channel(GUILD + 1000 + n, f"news-{n}", position=n)
                                     for n in range(CHANNELS)], members=members)


async def prepare(store_path: Path, guild: Guild) -> None:
    """Subscriptions for every channel, then one transition in the outbox."""
    async with await Store.open(store_path, clock=lambda: dt.date.fromisoformat(TODAY)) as store:
        for channel in guild.channels:
            await store.subscribe(GUILD, channel.id, None)
        await articles.ingest(store, articles.Article("tidal.txt", TIDAL), None)


def start_bot(double: DiscordDouble, store_path: Path, log: Path):
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": double.api_base,
           "HANDOVER_DB": str(store_path), "HANDOVER_TODAY": TODAY, "HANDOVER_LOG": str(log),
           "HANDOVER_LEASE_S": "3"}  # the killed process's lease runs out soon
    return asyncio.create_subprocess_exec(HANDOVER, "run", env=env, cwd=log.parent,
                                          stdout=asyncio.subprocess.DEVNULL,
                                          stderr=asyncio.subprocess.DEVNULL)


def posted(double: DiscordDouble) -> dict[int, int]:
    return {channel: len(double.channel_messages.get(channel, []))
            for channel in range(GUILD + 1000, GUILD + 1000 + CHANNELS)}


async def test_sigkill_during_a_fan_out_then_restart_posts_each_channel_exactly_once(
        store_path, tmp_path):
    guild = big_guild()
    await prepare(store_path, guild)
    async with DiscordDouble(guilds=[guild]) as double:
        double.delay("POST /channels/*/messages", 0.05)
        first = await start_bot(double, store_path, tmp_path / "first.log")
        try:
            await until(lambda: sum(posted(double).values()) >= 40, timeout=60)
            first.send_signal(signal.SIGKILL)
            await first.wait()
        finally:
            if first.returncode is None:
                first.kill()
        assert sum(posted(double).values()) < CHANNELS, "the fan-out finished before the kill"
        second = await start_bot(double, store_path, tmp_path / "second.log")
        try:
            await until(lambda: all(posted(double).values()), timeout=90)
            await asyncio.sleep(1.0)  # anything doubled would show up now
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 20)
    counts = posted(double)
    assert set(counts.values()) == {1}, {c: n for c, n in counts.items() if n != 1}
    assert len(double.find_requests("POST /channels/*/messages")) >= CHANNELS
    assert engines.query(store_path, "SELECT count(*) FROM deliveries WHERE status = 'sent'"
                         ) == [(CHANNELS,)]
