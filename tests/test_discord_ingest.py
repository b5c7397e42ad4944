"""`/ingest` and `/review` through the Discord double: preview, Accept / Reject by
moderators only, then the facts are in the store."""

from __future__ import annotations

import pytest

from tests.conftest import PROJECT
from tests.running_bot import embed_text, running_bot
from tests.web import serving

WTO = (PROJECT / "tests" / "articles" / "wto-handover.txt").read_text()
RAIL = (PROJECT / "tests" / "articles" / "rail-ceo.html").read_text()


@pytest.fixture
async def discord_bot(store_path):
    async with running_bot(store_path, fetch_allow_hosts=frozenset({"127.0.0.1"})) as running:
        yield running


def buttons(message: dict) -> dict[str, dict]:
    return {c["label"]: c for row in message.get("components", []) for c in row["components"]}


async def ingest(running, user="admin", **options):
    interaction = await running.double.slash("ingest", options, user=user)
    return interaction, await interaction.final_message()


async def test_ingest_pasted_text_previews_and_accept_stores_the_facts(discord_bot):
    interaction, preview = await ingest(discord_bot, text=WTO)
    assert (await interaction.response())["type"] == 5
    text = embed_text(preview)
    assert "Waiting for review" in text
    assert "Amina Wanjiru → Director-General, World Trade Organization" in text
    assert "The rules-based system is not broken" in text
    assert set(buttons(preview)) == {"Accept", "Reject"}

    _, before = await discord_bot.ask("who-leads", {"org": "wto"})
    assert "I don't know 'wto'" in before["content"]

    refused = await discord_bot.double.click(preview, buttons(preview)["Accept"]["custom_id"],
                                             user="member")
    assert (await refused.final_message())["content"] == \
        "You need the Manage Server permission to do that."
    assert refused.ephemeral

    accepted = await discord_bot.double.click(preview, buttons(preview)["Accept"]["custom_id"],
                                              user="admin")
    update = await accepted.response()
    assert update["type"] == 7
    assert "Accepted by alice" in embed_text(update["data"])
    assert update["data"]["components"] == []

    _, after = await discord_bot.ask("who-leads", {"org": "wto"})
    assert "Amina Wanjiru — Director-General of the World Trade Organization" in \
        embed_text(after)


async def test_the_preview_shows_how_sure_the_extractor_is_of_each_transition(discord_bot):
    _, preview = await ingest(discord_bot, text=WTO)
    line = next(row for row in embed_text(preview).splitlines() if "Amina Wanjiru →" in row)
    # the handover is told in full (post, predecessor, date, oath): as sure as it gets
    assert line.endswith("sworn in · confidence 1.00")
    rumour = ("Harbour Bank board\nOSLO, Nov. 24, 2026 — Erik Dahl will become chair of "
              "Harbour Bank.\n")
    _, preview = await ingest(discord_bot, text=rumour)
    assert "Erik Dahl → Chair, Harbour Bank · announced · confidence 0.70" in \
        embed_text(preview)


async def test_reject_stores_nothing_and_a_decided_review_cannot_be_decided_again(discord_bot):
    _, preview = await ingest(discord_bot, text=WTO)
    custom_ids = {label: b["custom_id"] for label, b in buttons(preview).items()}
    rejected = await discord_bot.double.click(preview, custom_ids["Reject"], user="admin")
    assert "Rejected by alice" in embed_text((await rejected.response())["data"])
    _, answer = await discord_bot.ask("who-leads", {"org": "wto"})
    assert "I don't know" in answer["content"]
    assert discord_bot.bot.store.pending_reviews(discord_bot.double.guild().id) == []
    with pytest.raises(LookupError):
        await discord_bot.bot.store.decide_review(1, True)


async def test_ingest_a_url(discord_bot):
    async with serving({"/rail": (RAIL, "text/html")}) as base:
        _, preview = await ingest(discord_bot, url=f"{base}/rail")
    assert "Petra Lind → Chief Executive, Nordrail Group" in embed_text(preview)


async def test_ingest_an_attached_file(discord_bot):
    _, preview = await ingest(discord_bot, file=("wto.txt", WTO.encode(), "text/plain"))
    assert "Amina Wanjiru" in embed_text(preview)
    assert "Source: wto.txt" in embed_text(preview)


async def test_an_unreadable_url_is_said_plainly(discord_bot):
    async with serving({}) as base:
        _, message = await ingest(discord_bot, url=f"{base}/missing")
    assert message["content"] == "I couldn't read that: the server answered 404."


async def test_exactly_one_input_is_needed(discord_bot):
    interaction, message = await ingest(discord_bot, text=WTO, url="https://example.org/a")
    assert interaction.ephemeral
    assert message["content"] == "Give exactly one of url, file or text."


async def test_an_article_with_nothing_to_extract(discord_bot):
    _, message = await ingest(discord_bot, text="Weather\nIt rained all day in Oslo.")
    assert message["content"] == \
        "I found no transitions, roles, quotes or statements in that article."


async def test_members_and_direct_messages_are_refused(discord_bot):
    double = discord_bot.double
    with pytest.raises(PermissionError):
        await double.slash("ingest", {"text": WTO}, user="member")
    member = await double.slash("ingest", {"text": WTO}, user="member", force=True)
    assert (await member.final_message())["content"] == \
        "You need the Manage Server permission to do that."
    direct = await double.slash("review", {}, user="admin", dm=True, force=True)
    assert (await direct.final_message())["content"] == "This command works only in a server."


async def test_review_lists_what_is_waiting(discord_bot):
    _, nothing = await discord_bot.ask("review", user="admin")
    assert nothing["content"] == "Nothing is waiting for review."
    await ingest(discord_bot, text=WTO)
    await ingest(discord_bot, file=("rail.html", RAIL.encode(), "text/html"))
    _, waiting = await discord_bot.ask("review", user="admin")
    assert waiting["content"] == "2 waiting for review (1 more after this one)."
    accepted = await discord_bot.double.click(waiting, buttons(waiting)["Accept"]["custom_id"],
                                              user="admin")
    assert "Accepted by alice" in embed_text((await accepted.response())["data"])
