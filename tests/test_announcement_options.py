"""How a subscription posts, through the Discord double: an opted-in role ping and nothing
else, a thread on each post, kinds of transition, and a digest at its hour in the
server's time zone — once, across a restart. `/announce edit` and `list` show and change
them, and every change is audited."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot import articles
from tests.conftest import TODAY
from tests.discord_double import DiscordDouble, Guild, Role, default_guild
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import HARBOUR, TIDAL, until
from tests.test_publishing import Clock, article, store_articles

PINGS = default_guild().id + 50
QUIET = default_guild().id + 51


@pytest.fixture
async def discord_bot(store_path):
    async with running_bot(store_path) as running:
        yield running


def guild_with_roles() -> Guild:
    guild = default_guild()
    guild.roles = [Role(PINGS, "news-pings", mentionable=True),
                   Role(QUIET, "quiet", mentionable=False)]
    return guild


def posts(double, name: str) -> list[dict]:
    return double.channel_messages.get(double.guild().channel(name).id, [])


def bodies(double, name: str) -> list[dict]:
    """What the bot sent to post in a channel."""
    where = double.guild().channel(name).id
    return [r.json for r in double.find_requests(f"POST /channels/{where}/messages")
            if r.status == 200]


async def subscribe(running, options: dict) -> str:
    return (await running.ask("announce subscribe", options, user="admin"))[1]["content"]


async def test_a_role_ping_mentions_that_role_only_and_without_one_nothing_pings(store_path):
    async with running_bot(store_path, DiscordDouble(guilds=[guild_with_roles()])) as running:
        double = running.double
        double.expected_pings = {f"<@&{PINGS}>"}
        said = await subscribe(running, {"channel": "general", "ping": "news-pings"})
        assert said.endswith(f"will now get every new transition — pinging <@&{PINGS}>.")
        await subscribe(running, {"channel": "announcements"})
        await store_articles(running.bot, range(1))
        await until(lambda: posts(double, "general") and posts(double, "announcements"))
        (pinged,) = bodies(double, "general")
        assert pinged["content"] == f"<@&{PINGS}>"
        assert pinged["allowed_mentions"] == {"parse": [], "roles": [PINGS]}
        (plain,) = bodies(double, "announcements")
        assert "content" not in plain or not plain["content"]
        assert plain["allowed_mentions"] == {"parse": []}
        assert len(double.intended_pings) == 1 and double.pings == []


async def test_the_bot_says_when_it_may_not_mention_the_role(store_path):
    async with running_bot(store_path, DiscordDouble(guilds=[guild_with_roles()])) as running:
        said = await subscribe(running, {"channel": "general", "ping": "quiet"})
        assert f"I can't ping <@&{QUIET}> yet: it isn't mentionable and I don't have the " \
               "Mention Everyone permission there." in said


async def test_a_thread_is_opened_on_each_post_named_after_the_transition(discord_bot):
    double = discord_bot.double
    said = await subscribe(discord_bot, {"channel": "general", "thread": True})
    assert said.endswith("— a thread on each post.")
    await store_articles(discord_bot.bot, range(2))
    await until(lambda: len(double.threads) == 2)
    await asyncio.sleep(0.3)
    requests = double.find_requests("POST /channels/*/messages/*/threads")
    assert len(requests) == 2
    for post in posts(double, "general"):
        thread = double.threads[post["id"]]
        assert thread["name"] == post["embeds"][0]["title"]
        assert thread["thread_metadata"]["auto_archive_duration"] == 1440
        assert thread["type"] == 11 and thread["parent_id"] == post["channel_id"]


async def test_kinds_choose_which_transitions_a_channel_hears_of(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, {"channel": "general", "kinds": "announced"})
    said = await subscribe(discord_bot, {"channel": "announcements", "kinds": "took_office"})
    assert said.endswith("— only took office.")
    await articles.ingest(discord_bot.bot.store, articles.Article("tidal.txt", TIDAL), None)
    await articles.ingest(discord_bot.bot.store, articles.Article("harbour.txt", HARBOUR), None)
    discord_bot.bot.announcer.nudge()
    await until(lambda: posts(double, "general") and posts(double, "announcements"))
    await asyncio.sleep(0.5)
    assert [embed_text(p).split("\n")[1] for p in posts(double, "general")] == [
        "Erik Dahl will become Chair of Harbour Bank (1 December 2026)"]
    assert [embed_text(p).split("\n")[1] for p in posts(double, "announcements")] == [
        "New Chief Executive of Tidal Air: Ana Costa"]
    discord_bot.bot.clock = lambda: dt.date(2026, 12, 1)  # the day it takes effect
    discord_bot.bot.announcer.nudge()
    await until(lambda: len(posts(double, "announcements")) == 2)
    assert "Erik Dahl takes office today" in embed_text(posts(double, "announcements")[1])
    assert len(posts(double, "general")) == 1


def amsterdam(day: str, hour: int, minute: int = 0) -> float:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:00").replace(
        tzinfo=ZoneInfo("Europe/Amsterdam")).timestamp()


async def test_a_digest_posts_once_at_its_hour_with_everything_since_the_last_one(store_path):
    clock = Clock()
    clock.at = amsterdam(TODAY, 7)
    async with running_bot(store_path, now=clock) as running:
        double = running.double
        said = await subscribe(running, {"channel": "general", "digest": "daily", "hour": 9,
                                         "timezone": "Europe/Amsterdam"})
        assert said.endswith("— a daily digest at 09:00 (Europe/Amsterdam).")
        await store_articles(running.bot, range(2))
        await asyncio.sleep(0.6)
        assert posts(double, "general") == []  # not before its hour
        clock.at = amsterdam(TODAY, 9, 0) + 30
        running.bot.announcer.nudge()
        await until(lambda: posts(double, "general"))
        await asyncio.sleep(0.5)
        (digest,) = posts(double, "general")
        assert embed_text(digest) == ("\nDaily digest: 2 transitions\n"
                                      "• New Chief Executive of Tidal Air: Ana Costa\n"
                                      "• New Chief Executive of Delta Rail: Bea Silva\n")
    async with running_bot(store_path, now=clock) as running:  # a restart, the same hour
        await articles.ingest(running.bot.store, article(2), None)
        running.bot.announcer.nudge()
        await asyncio.sleep(0.6)
        assert posts(running.double, "general") == []  # nothing twice, nothing early
        clock.at = amsterdam("2026-11-27", 9, 1)
        running.bot.announcer.nudge()
        await until(lambda: posts(running.double, "general"))
        await asyncio.sleep(0.5)
        (digest,) = posts(running.double, "general")
        assert embed_text(digest) == ("\nDaily digest: 1 transition\n"
                                      "• New Chief Executive of Harbor Foods: Carla Nunes\n")


async def test_edit_changes_a_subscription_list_shows_it_and_the_audit_keeps_both(discord_bot):
    general = discord_bot.double.guild().channel("general").id
    await subscribe(discord_bot, {"channel": "general", "org": "nato"})
    _, edited = await discord_bot.ask("announce edit", {
        "channel": "general", "thread": True, "kinds": "took_office,stepped_down",
        "digest": "weekly", "hour": 18}, user="admin")
    assert edited["content"] == (
        f"Changed 1 subscription of <#{general}>: a thread on each post, only took office, "
        "stepped down, a weekly digest on Mondays at 18:00 (UTC).")
    _, listing = await discord_bot.ask("announce list", {}, user="admin")
    assert f"<#{general}> — NATO (since {TODAY}) — a thread on each post, only took " \
           "office, stepped down, a weekly digest on Mondays at 18:00 (UTC)" in embed_text(
               listing)
    _, bad = await discord_bot.ask("announce edit", {"channel": "general",
                                                     "timezone": "Mars/Olympus"}, user="admin")
    assert bad["content"].startswith("I don't know the time zone 'Mars/Olympus'")
    _, off = await discord_bot.ask("announce edit", {"channel": "general", "digest": "off",
                                                     "kinds": "all"}, user="admin")
    assert off["content"].endswith(": a thread on each post.")
    log = [e for e in discord_bot.bot.store.audit_log() if e.target
           and e.target.startswith("subscription:")]
    assert [e.action for e in log] == ["subscribe", "edit-subscription", "edit-subscription"]
    assert log[1].before == {"channel": general}
    assert log[1].after == {"channel": general, "thread": True,
                            "kinds": ["took_office", "stepped_down"], "digest": "weekly",
                            "hour": 18, "timezone": "UTC"}
    assert log[2].after == {"channel": general, "thread": True}
