"""Two servers that do not trust each other: what one server's moderators bring in is seen
there only — never in another server's answers, names, recent list or announcements —
while what editors and the operator bring in is seen everywhere."""

from __future__ import annotations

import asyncio

import pytest

from store.audit import Actor
from tests.conftest import PROJECT
from tests.discord_double import DiscordDouble, default_guild
from tests.discord_double.payloads import ADMIN_PERMISSIONS, Member
from tests.running_bot import embed_text, running_bot

WTO = (PROJECT / "tests" / "articles" / "wto-handover.txt").read_text()
HIJACK = ("NATO names Mallory Vane secretary general\n"
          "BRUSSELS, Nov. 24, 2026 — NATO named Mallory Vane secretary general on Monday, "
          "succeeding Mark Rutte, who resigned.\n")
TIDAL = ("Tidal Air names Ana Costa chief executive\n"
         "LISBON, Nov. 23, 2026 — Tidal Air named Ana Costa chief executive on Monday, "
         "succeeding Rui Lopes, who retired after nine years.\n")
A_ID, B_ID = 1_200_000_000_000_000_010, 1_300_000_000_000_000_010


@pytest.fixture
async def two_servers(store_path):
    double = DiscordDouble(guilds=[default_guild(A_ID), default_guild(B_ID)])
    editor = double.guild(A_ID).member("admin").user_id + 1000
    async with running_bot(store_path, double, editors=frozenset({editor})) as running:
        yield running


def buttons(message: dict) -> dict[str, dict]:
    return {c["label"]: c for row in message.get("components", []) for c in row["components"]}


async def ingest_and_accept(running, text: str, guild: int) -> None:
    interaction = await running.double.slash("ingest", {"text": text}, user="admin",
                                             guild=guild)
    preview = await interaction.final_message()
    click = await running.double.click(preview, buttons(preview)["Accept"]["custom_id"],
                                       user="admin")
    await click.response()


async def ask(running, guild: int, name: str, **options) -> str:
    _, message = await running.ask(name, options, guild=guild)
    return embed_text(message)


async def subscribe_all(running, guild: int) -> None:
    interaction = await running.double.slash("announce subscribe", {"channel": "announcements"},
                                             user="admin", guild=guild)
    await interaction.final_message()


def posts(running, guild: int) -> list[dict]:
    channel = running.double.guild(guild).channel("announcements").id
    return running.double.channel_messages.get(channel, [])


async def test_what_a_server_brings_in_is_seen_there_and_nowhere_else(two_servers):
    running = two_servers
    await ingest_and_accept(running, WTO, B_ID)

    here = await ask(running, B_ID, "who-leads", org="wto")
    assert "Amina Wanjiru — Director-General of the World Trade Organization" in here
    assert "(reported in this server)" in here
    assert "I don't know 'wto'" in await ask(running, A_ID, "who-leads", org="wto")
    assert "Wanjiru" in await ask(running, B_ID, "recent")
    assert "Wanjiru" not in await ask(running, A_ID, "recent")
    assert "I don't know 'amina wanjiru'" in await ask(running, A_ID, "profile",
                                                       person="amina wanjiru")
    assert "World Trade Organization" in [c["name"] for c in await running.double.autocomplete(
        "who-leads", {"org": "world tr"}, "org", guild=B_ID)]
    assert await running.double.autocomplete("who-leads", {"org": "world tr"}, "org",
                                             guild=A_ID) == []



async def test_a_servers_news_is_announced_in_that_server_only(two_servers):
    running = two_servers
    await subscribe_all(running, A_ID)
    await subscribe_all(running, B_ID)
    await ingest_and_accept(running, TIDAL, B_ID)
    for _ in range(100):
        if posts(running, B_ID):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # time for a wrong post in the other server to show up
    (post,) = posts(running, B_ID)
    assert "New Chief Executive of Tidal Air: Ana Costa" in embed_text(post)
    assert "(reported in this server)" in embed_text(post)
    assert posts(running, A_ID) == []


async def test_a_server_cannot_change_what_everyone_sees(two_servers):
    running = two_servers
    await ingest_and_accept(running, HIJACK, B_ID)
    assert "Mallory Vane — Secretary General of NATO" in await ask(running, B_ID, "who-leads",
                                                                   org="nato")
    everyone = await ask(running, A_ID, "who-leads", org="nato")
    assert "Mark Rutte — Secretary General of NATO since 1 October 2024" in everyone
    assert "Mallory" not in everyone
    assert "Mallory" not in await ask(running, A_ID, "history", org="nato")
    assert "Mallory" not in await ask(running, A_ID, "profile", person="rutte")


async def test_the_same_article_in_two_servers_is_each_servers_own(two_servers):
    running = two_servers
    await ingest_and_accept(running, WTO, B_ID)
    await ingest_and_accept(running, WTO, A_ID)
    for guild in (A_ID, B_ID):
        answer = await ask(running, guild, "who-leads", org="wto")
        assert "Amina Wanjiru" in answer
        assert "(reported in this server)" in answer


async def test_what_an_editor_accepts_every_server_sees(two_servers):
    running = two_servers
    double = running.double
    editor = double.guild(A_ID).member("admin").user_id + 1000
    double.guild(B_ID).members.append(Member("editor", editor, "erin", ADMIN_PERMISSIONS))
    interaction = await double.slash("ingest", {"text": WTO}, user="editor", guild=B_ID)
    preview = await interaction.final_message()
    click = await double.click(preview, buttons(preview)["Accept"]["custom_id"], user="editor")
    await click.response()
    answer = await ask(running, A_ID, "who-leads", org="wto")
    assert "Amina Wanjiru — Director-General of the World Trade Organization" in answer
    assert "(reported in this server)" not in answer


async def test_a_moderator_cannot_decide_another_servers_review(two_servers):
    store = two_servers.bot.store
    interaction = await two_servers.double.slash("ingest", {"text": WTO}, user="admin",
                                                 guild=B_ID)
    await interaction.final_message()
    (review,) = store.pending_reviews(B_ID)
    with pytest.raises(LookupError):
        await store.decide_review(review.id, True, Actor("moderator", 1, A_ID))
    assert [waiting.id for waiting in store.pending_reviews(B_ID)] == [review.id]


def test_the_operators_command_line_brings_in_what_everyone_sees(handover, tmp_path, store_path):
    article = tmp_path / "wto.txt"
    article.write_text(WTO)
    assert handover("ingest", str(article)).code == 0
    assert "Amina Wanjiru — Director-General" in handover("ask", "/who-leads wto").out
