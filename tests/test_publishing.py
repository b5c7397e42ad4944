"""Announcement channels through the Discord double: each post is published once, past ten
an hour the rest wait for one published summary, and a SIGKILL between posting and
publishing neither loses nor doubles a publication."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from pathlib import Path

from bot import articles
from store import Store
from tests import engines
from tests.conftest import TODAY
from tests.discord_double import Channel, DiscordDouble, Guild, default_guild
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import TIDAL, until
from tests.test_announcements_crash import start_bot

ORGS = ["Tidal Air", "Delta Rail", "Harbor Foods", "Summit Mining", "Crescent Bank",
        "Orbit Telecom", "Granite Steel", "Willow Pharma", "Cobalt Energy", "Falcon Freight",
        "Maple Insurance", "Juniper Media"]
PEOPLE = ["Ana Costa", "Bea Silva", "Carla Nunes", "Dora Reis", "Eva Matos", "Filipa Lobo",
          "Gina Rocha", "Helena Pires", "Ines Vaz", "Joana Cruz", "Lara Dias", "Marta Gomes"]
NEWS = 5  # Discord's announcement channel type


def article(n: int) -> articles.Article:
    """The n-th of a dozen different appointments."""
    return articles.Article(f"appointment-{n}.txt",
                            TIDAL.replace("Tidal Air", ORGS[n]).replace("Ana Costa", PEOPLE[n]))


def news_guild() -> Guild:
    """The default guild with an announcement channel, #news."""
    guild = default_guild()
    guild.channels.append(Channel(guild.id + 3, "news", type=NEWS, position=2))
    return guild


async def store_articles(bot, numbers: range) -> None:
    """Articles stored in the bot's process, as `/ingest` would, announced at once."""
    for n in numbers:
        await articles.ingest(bot.store, article(n), None)
    bot.announcer.nudge()


class Clock:
    """The announcer's and the double's time, moved by the test."""

    def __init__(self) -> None:
        self.at = dt.datetime.fromisoformat(f"{TODAY}T12:00:00+00:00").timestamp()

    def __call__(self) -> float:
        return self.at


async def test_an_announcement_channel_gets_each_post_and_one_publication_of_it(store_path):
    async with running_bot(store_path, DiscordDouble(guilds=[news_guild()])) as running:
        double = running.double
        news = double.guild().channel("news").id
        await running.ask("announce subscribe", {"channel": "news"}, user="admin")
        await running.ask("announce subscribe", {"channel": "general"}, user="admin")
        await store_articles(running.bot, range(2))
        await until(lambda: len(double.crossposts) == 2)
        await asyncio.sleep(0.5)  # time for a second publication to show up
        posts = double.channel_messages[news]
        assert [double.crossposts.get(post["id"]) for post in posts] == [1, 1]
        assert all(post["flags"] & 1 for post in posts)  # CROSSPOSTED
        general = double.channel_messages[double.guild().channel("general").id]
        assert len(general) == 2 and not any(p["id"] in double.crossposts for p in general)
        assert not double.find_requests("POST /channels/*/messages/*/crosspost")[0].json


async def test_an_eleventh_post_within_the_hour_is_published_in_a_summary_when_the_limit_frees(
        store_path):
    clock = Clock()
    async with running_bot(store_path, DiscordDouble(guilds=[news_guild()]),
                           now=clock) as running:
        double = running.double
        news = double.guild().channel("news").id
        await running.ask("announce subscribe", {"channel": "news"}, user="admin")
        await store_articles(running.bot, range(11))
        await until(lambda: len(double.channel_messages.get(news, [])) == 11
                    and len(double.crossposts) == 10)
        clock.at += 1800
        running.bot.announcer.nudge()
        await asyncio.sleep(0.6)  # half an hour on: the limit still holds
        posts = double.channel_messages[news]
        assert len(posts) == 11 and len(double.crossposts) == 10
        eleventh = posts[10]
        assert eleventh["id"] not in double.crossposts
        clock.at += 1801  # the first publications are more than an hour old
        running.bot.announcer.nudge()
        await until(lambda: len(double.channel_messages[news]) == 12)
        await until(lambda: len(double.crossposts) == 11)
        await asyncio.sleep(0.5)
        summary = double.channel_messages[news][11]
        assert double.crossposts[summary["id"]] == 1
        assert embed_text(summary).startswith("\n1 more transition\n• New Chief Executive of ")
        assert f"/{news}/{eleventh['id']})" in embed_text(summary)
        assert len(double.channel_messages[news]) == 12
        assert set(double.crossposts.values()) == {1}


def news_guild_with(channels: int) -> Guild:
    members = default_guild(GUILD).members
    return Guild(id=GUILD, channels=[Channel(GUILD + 1000 + n, f"news-{n}", type=NEWS,
                                             position=n) for n in range(channels)],
                 members=members)


GUILD = 1_300_000_000_000_000_000
CHANNELS = 40


async def test_sigkill_between_posting_and_publishing_neither_loses_nor_doubles_a_publication(
        store_path, tmp_path: Path):
    guild = news_guild_with(CHANNELS)
    async with await Store.open(store_path, clock=lambda: dt.date.fromisoformat(TODAY)) as store:
        for channel in guild.channels:
            await store.subscribe(GUILD, channel.id, None)
        await articles.ingest(store, article(0), None)
    async with DiscordDouble(guilds=[guild]) as double:
        double.delay("POST /channels/*/messages/*/crosspost", 0.1)
        first = await start_bot(double, store_path, tmp_path / "first.log")
        try:
            await until(lambda: len(double.crossposts) >= 8, timeout=60)
            first.send_signal(signal.SIGKILL)
            await first.wait()
        finally:
            if first.returncode is None:
                first.kill()
        assert len(double.crossposts) < CHANNELS, "every publication was made before the kill"
        second = await start_bot(double, store_path, tmp_path / "second.log")
        try:
            await until(lambda: len(double.crossposts) == CHANNELS, timeout=60)
            await asyncio.sleep(1.0)  # anything doubled would show up now
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 20)
    posted = [double.channel_messages.get(channel.id, []) for channel in guild.channels]
    assert [len(messages) for messages in posted] == [1] * CHANNELS
    assert all(double.crossposts[messages[0]["id"]] == 1 for messages in posted)
    assert engines.query(store_path, "SELECT count(*) FROM deliveries"
                         " WHERE publish = 'published'") == [(CHANNELS,)]
