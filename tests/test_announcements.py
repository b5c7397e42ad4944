"""Announcements through the Discord double: subscribed channels get each new transition
exactly once, pre-announced ones again on their day, refusing channels are paused."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys

import pytest

from bench.wikidata_bench import dump_lines
from tests.conftest import TODAY
from tests.fixtures.wikidata.make_fixtures import held, human, item, position
from tests.running_bot import embed_text, running_bot
from wikidata import import_wikidata

TIDAL = ("Tidal Air names Ana Costa chief executive\n"
         "LISBON, Nov. 23, 2026 — Tidal Air named Ana Costa chief executive on Monday, "
         "succeeding Rui Lopes, who retired after nine years.\n")
INTERPOL = ("Interpol names Lena Brandt secretary general\n"
            "LYON, Nov. 24, 2026 — Interpol named Lena Brandt secretary general on Monday, "
            "succeeding Tomas Varga, who retired after ten years.\n")
HARBOUR = ("Harbour Bank picks new chair\n"
           "OSLO, Nov. 24, 2026 — Erik Dahl will take over as chair of Harbour Bank on "
           "1 December 2026, replacing Siri Holm.\n")


@pytest.fixture
async def discord_bot(store_path):
    async with running_bot(store_path) as running:
        yield running


def channel(double, name: str) -> int:
    return double.guild().channel(name).id


def posts(double, name: str) -> list[dict]:
    return double.channel_messages.get(channel(double, name), [])


async def until(condition, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


async def ingest_and_accept(running, text: str) -> None:
    interaction = await running.double.slash("ingest", {"text": text}, user="admin")
    preview = await interaction.final_message()
    accept = next(c for row in preview["components"] for c in row["components"]
                  if c["label"] == "Accept")
    click = await running.double.click(preview, accept["custom_id"], user="admin")
    await click.response()


async def ingest_elsewhere(store_path, article, text: str) -> None:
    """`handover ingest` the article in another process, on the tests' day."""
    article.write_text(text)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--db", str(store_path), "ingest", str(article),
        env={**os.environ, "HANDOVER_TODAY": TODAY}, stdout=asyncio.subprocess.DEVNULL)
    assert await process.wait() == 0


async def subscribe(running, name: str, org: str | None = None) -> str:
    options = {"channel": name} | ({"org": org} if org else {})
    interaction = await running.double.slash("announce subscribe", options, user="admin")
    return (await interaction.final_message())["content"]


async def test_a_subscribed_channel_gets_one_message_and_others_none(discord_bot):
    double = discord_bot.double
    assert "will now get every new transition" in await subscribe(discord_bot, "announcements")
    assert "will now get NATO transitions" in await subscribe(discord_bot, "general", "nato")
    await ingest_and_accept(discord_bot, TIDAL)
    await until(lambda: posts(double, "announcements"))
    await asyncio.sleep(0.5)  # time for any second, wrong post to show up
    (post,) = posts(double, "announcements")
    text = embed_text(post)
    assert "New Chief Executive of Tidal Air: Ana Costa" in text
    assert "Ana Costa takes over from Rui Lopes." in text
    assert posts(double, "general") == []
    assert double.pings == []


async def test_a_pre_announced_transition_is_posted_again_on_its_day(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    await ingest_and_accept(discord_bot, HARBOUR)
    await until(lambda: posts(double, "announcements"))
    assert "Erik Dahl will become Chair of Harbour Bank (1 December 2026)" in embed_text(
        posts(double, "announcements")[0])
    discord_bot.bot.clock = lambda: dt.date(2026, 12, 1)
    discord_bot.bot.announcer.nudge()
    await until(lambda: len(posts(double, "announcements")) == 2)
    assert "Erik Dahl takes office today as Chair of Harbour Bank" in embed_text(
        posts(double, "announcements")[1])
    await asyncio.sleep(0.5)
    assert len(posts(double, "announcements")) == 2


async def test_a_late_day_announcement_says_its_original_date(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    await ingest_and_accept(discord_bot, HARBOUR)
    await until(lambda: posts(double, "announcements"))
    discord_bot.bot.clock = lambda: dt.date(2026, 12, 4)  # the bot was down for days
    discord_bot.bot.announcer.nudge()
    await until(lambda: len(posts(double, "announcements")) == 2)
    text = embed_text(posts(double, "announcements")[1])
    assert "Erik Dahl took office as Chair of Harbour Bank on 1 December 2026" in text
    assert "Announced late: this was due on 1 December 2026" in text


async def test_a_refusing_channel_is_paused_while_others_are_served(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    await subscribe(discord_bot, "general")
    general = channel(double, "general")
    double.fail_next(f"POST /channels/{general}/messages", status=403, times=100)
    articles = [TIDAL, HARBOUR, TIDAL.replace("Ana Costa", "Bea Silva").replace(
        "Tidal Air", "Delta Rail")]
    for article in articles:
        await ingest_and_accept(discord_bot, article)
    await until(lambda: len(posts(double, "announcements")) == 3)
    await until(lambda: any(s.paused_reason for s in discord_bot.bot.store.subscriptions()))
    interaction = await double.slash("announce list", {}, user="admin")
    listing = embed_text(await interaction.final_message())
    assert f"<#{general}> — all organizations" in listing
    assert "**paused**: the bot may not post there (403 Forbidden) (3 failures in a row)" \
        in listing
    assert posts(double, "general") == []


async def test_subscribing_needs_a_moderator_and_an_organization_not_a_person(discord_bot):
    double = discord_bot.double
    refused = await double.slash("announce subscribe", {"channel": "general"}, user="member",
                                 force=True)
    assert (await refused.final_message())["content"] == \
        "You need the Manage Server permission to do that."
    person = await double.slash("announce subscribe", {"channel": "general", "org": "rutte"},
                                user="admin")
    assert (await person.final_message())["content"] == \
        "Mark Rutte is a person; try /profile rutte."
    assert await subscribe(discord_bot, "general", "nato") == \
        f"<#{channel(double, 'general')}> will now get NATO transitions."
    assert "already gets" in await subscribe(discord_bot, "general", "nato")
    gone = await double.slash("announce unsubscribe", {"channel": "general"}, user="admin")
    assert (await gone.final_message())["content"] == \
        f"Removed 1 subscription from <#{channel(double, 'general')}>."


async def announce_list(running) -> str:
    interaction = await running.double.slash("announce list", {}, user="admin")
    return embed_text(await interaction.final_message())


async def test_a_name_close_to_a_known_one_is_followed_as_given_with_the_guess_said(
        discord_bot):
    double = discord_bot.double
    general = channel(double, "general")
    assert await subscribe(discord_bot, "general", "natoo") == (
        f"I don't know natoo yet (did you mean NATO?); I'll post in <#{general}> when I learn "
        "of a transition there. /announce unsubscribe undoes this.")
    assert await subscribe(discord_bot, "general", "Natoo") == \
        f"<#{general}> already waits for news of Natoo."
    assert f"<#{general}> — natoo (not known yet)" in await announce_list(discord_bot)
    gone = await double.slash("announce unsubscribe", {"channel": "general", "org": "NATOO"},
                              user="admin")
    assert (await gone.final_message())["content"] == f"Removed 1 subscription from <#{general}>."


async def test_an_organization_not_known_yet_is_announced_once_facts_about_it_arrive(
        discord_bot, tmp_path, store_path):
    double = discord_bot.double
    desk = channel(double, "announcements")
    assert await subscribe(discord_bot, "announcements", "Interpol") == (
        f"I don't know Interpol yet; I'll post in <#{desk}> when I learn of a transition there.")
    await subscribe(discord_bot, "general", "nato")
    assert f"<#{desk}> — Interpol (not known yet)" in await announce_list(discord_bot)
    await ingest_elsewhere(store_path, tmp_path / "interpol.txt", INTERPOL)
    await until(lambda: posts(double, "announcements"), timeout=5)
    await asyncio.sleep(0.5)  # time for any second, wrong post to show up
    (post,) = posts(double, "announcements")
    assert "New Secretary General of Interpol: Lena Brandt" in embed_text(post)
    assert posts(double, "general") == []
    listing = await announce_list(discord_bot)
    assert f"<#{desk}> — Interpol (since {TODAY})" in listing
    assert "not known yet" not in listing


async def test_a_name_given_before_is_matched_by_the_alias_an_import_brings(discord_bot,
                                                                            tmp_path):
    desk = channel(discord_bot.double, "announcements")
    await subscribe(discord_bot, "announcements", "Interpol")
    await subscribe(discord_bot, "announcements", "International Criminal Police Organisation")
    dump = tmp_path / "interpol.json"
    dump.write_text("".join(dump_lines([
        item("Q1", {"en": "International Criminal Police Organization"},
             aliases={"en": ["Interpol", "International Criminal Police Organisation"]}),
        position("Q2", "Secretary General of Interpol", of="Q1"),
        human("Q3", "Lena Brandt", held("Q3", "P39", "Q2", "2026-11-23"))])))
    await import_wikidata(discord_bot.bot.store, [dump], today=dt.date.fromisoformat(TODAY))
    await discord_bot.bot.announcer.run_once()
    listing = await announce_list(discord_bot)
    assert listing.count(f"<#{desk}> —") == 1  # both names were the one organization
    assert f"<#{desk}> — International Criminal Police Organization (since {TODAY})" in listing


async def test_history_from_a_pack_is_not_announced(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    await discord_bot.bot.store.import_pack(
        os.path.join(os.path.dirname(__file__), "..", "store", "bundled",
                     "reference-leaders.json"))
    await discord_bot.bot.announcer.run_once()
    assert posts(double, "announcements") == []


async def test_an_article_ingested_by_another_process_is_announced(discord_bot, tmp_path,
                                                                     store_path):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    await ingest_elsewhere(store_path, tmp_path / "tidal.txt", TIDAL)
    await until(lambda: posts(double, "announcements"), timeout=5)
    assert "Ana Costa" in embed_text(posts(double, "announcements")[0])


async def test_rate_limits_and_server_errors_are_retried_and_post_once(discord_bot):
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    where = channel(double, "announcements")
    double.fail_next(f"POST /channels/{where}/messages", status=429, times=1, retry_after=0.2)
    double.fail_next(f"POST /channels/{where}/messages", status=503, times=1)
    await ingest_and_accept(discord_bot, TIDAL)
    await until(lambda: posts(double, "announcements"), timeout=15)
    await asyncio.sleep(0.5)
    assert len(posts(double, "announcements")) == 1
    assert len(double.find_requests(f"POST /channels/{where}/messages")) >= 3


async def test_announcements_go_out_while_questions_keep_coming(discord_bot):
    """Eight users asking without pause: the new transition is still posted, once, and the
    questions keep being answered meanwhile."""
    double = discord_bot.double
    await subscribe(discord_bot, "announcements")
    stop, answered = asyncio.Event(), []

    async def asker(options: dict) -> None:
        while not stop.is_set():
            interaction = await double.slash("who-leads", options)
            answered.append(embed_text(await interaction.final_message()))

    askers = [asyncio.create_task(asker({"org": "nato"} | ({"on": f"{2010 + n}"} if n else {})))
              for n in range(8)]
    try:
        await until(lambda: len(answered) >= 40)
        await ingest_and_accept(discord_bot, TIDAL)
        await until(lambda: posts(double, "announcements"))
        during = len(answered)
        await until(lambda: len(answered) >= during + 40)
    finally:
        stop.set()
        await asyncio.gather(*askers)
    await asyncio.sleep(0.5)  # time for any second, wrong post to show up
    assert len(posts(double, "announcements")) == 1
    assert "Ana Costa" in embed_text(posts(double, "announcements")[0])
    assert all("NATO" in text for text in answered)
