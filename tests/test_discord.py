"""Handover on Discord, end to end: the real discord.py client against the Discord double."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.client import Handover, serve
from tests.running_bot import TOKEN, embed_text, running_bot


@pytest.fixture
async def discord_bot(store_path):
    async with running_bot(store_path) as running:
        yield running


async def test_the_bot_becomes_ready_and_registers_valid_commands(discord_bot):
    double = discord_bot.double
    await double.find_command("who-leads", double.guild())
    names = {command["name"] for command in double.commands[None]}
    assert names == {"who-leads", "quotes", "history", "profile", "recent", "help", "ingest",
                     "review", "announce", "feeds", "fact"}
    who = next(c for c in double.commands[None] if c["name"] == "who-leads")
    org = next(o for o in who["options"] if o["name"] == "org")
    assert org["autocomplete"] is True and org["required"] is True
    identify = double.gateway.identifies[0]
    assert identify["shard"] == [0, 1]


async def test_who_leads_nato_answers_with_an_embed_naming_rutte_and_its_sources(discord_bot):
    interaction, message = await discord_bot.ask("who-leads", {"org": "nato"})
    assert not interaction.ephemeral
    (embed,) = message["embeds"]
    assert "Mark Rutte — Secretary General of NATO since 1 October 2024" in embed["description"]
    assert "Mark Rutte Assumes Leadership of NATO" in embed["footer"]["text"]
    assert "Handover reference pack" in embed["footer"]["text"]
    assert re.search(r"<t:\d+:D>", embed["fields"][0]["value"])
    buttons = [c for row in message["components"] for c in row["components"]]
    assert buttons and all(b["style"] == 5 and b["url"].startswith("http") for b in buttons)


async def test_on_the_day_before_the_handover_stoltenberg_led(discord_bot):
    _, message = await discord_bot.ask("who-leads", {"org": "nato", "on": "2024-09-30"})
    assert "Jens Stoltenberg — Secretary General of NATO" in embed_text(message)


async def test_autocomplete_nat_offers_nato_first(discord_bot):
    choices = await discord_bot.double.autocomplete("who-leads", {"org": "nat"}, "org")
    assert choices[0] == {"name": "NATO", "value": "NATO"}
    assert len(choices) <= 25


async def test_quotes_for_rutte_has_both_quotes(discord_bot):
    _, message = await discord_bot.ask("quotes", {"person": "rutte"})
    text = embed_text(message)
    assert "We must achieve victory for Ukraine." in text
    assert "decisive facilitator" in text


async def test_quote_search_defers_then_answers(discord_bot):
    interaction, message = await discord_bot.ask("quotes", {"person": "rutte",
                                                            "search": "victory"})
    assert (await interaction.response())["type"] == 5
    assert "We must achieve victory for Ukraine." in embed_text(message)


async def test_history_pages_with_buttons_only_for_its_invoker(discord_bot):
    double = discord_bot.double
    _, message = await discord_bot.ask("history", {"org": "nato"})
    first = embed_text(message)
    assert "Lord Ismay" in first and "Page 1/2" in first
    buttons = {c["label"]: c for row in message["components"] for c in row["components"]
               if c.get("custom_id")}
    assert buttons["Previous"]["disabled"] is True

    stranger = await double.click(message, buttons["Next"]["custom_id"], user="admin")
    assert "Only the person who asked" in (await stranger.final_message())["content"]
    assert stranger.ephemeral

    turned = await double.click(message, buttons["Next"]["custom_id"], user="member")
    update = await turned.response()
    assert update["type"] == 7
    page_two = embed_text(update["data"])
    assert "Mark Rutte" in page_two and "Page 2/2" in page_two


async def test_an_unknown_name_gets_an_ephemeral_did_you_mean(discord_bot):
    interaction, message = await discord_bot.ask("who-leads", {"org": "natoo"})
    assert interaction.ephemeral
    assert message["content"] == "I don't know 'natoo' — did you mean NATO?"


async def test_a_bad_date_gets_an_ephemeral_one_line_error(discord_bot):
    interaction, message = await discord_bot.ask("who-leads", {"org": "nato", "on": "soon"})
    assert interaction.ephemeral
    assert message["content"] == "'soon' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY."
    assert "\n" not in message["content"]


@pytest.mark.parametrize("text", ["@everyone", "<@&123456789012345678>", "@here nato",
                                  "<@123456789012345678>"])
async def test_mention_syntax_in_any_option_never_pings(discord_bot, text):
    for name, option in [("who-leads", "org"), ("quotes", "person"), ("profile", "person"),
                         ("history", "org"), ("recent", "org")]:
        _, message = await discord_bot.ask(name, {option: text})
        assert message["content"] or message["embeds"]
    assert discord_bot.double.pings == []


async def test_after_the_websocket_drops_the_bot_resumes_and_keeps_answering(discord_bot):
    double = discord_bot.double
    await double.drop_websocket(1006)
    await double.wait_resumed()
    _, message = await discord_bot.ask("who-leads", {"org": "otan"})
    assert "Mark Rutte" in embed_text(message)


async def test_help_lists_the_commands(discord_bot):
    _, message = await discord_bot.ask("help")
    text = embed_text(message)
    for name in ("/who-leads", "/quotes", "/history", "/profile", "/recent"):
        assert name in text


async def test_commands_are_not_synced_again_when_unchanged(discord_bot):
    double = discord_bot.double
    await double.find_command("who-leads", double.guild())
    puts = double.find_requests("PUT /applications/{application_id}/commands")
    assert len(puts) == 1
    await discord_bot.bot.close()
    bot = Handover(discord_bot.bot.settings, guild_ready_timeout=0.05)
    task = asyncio.create_task(serve(bot))
    await asyncio.sleep(0)
    try:
        for _ in range(100):
            if bot.is_ready():
                break
            await asyncio.sleep(0.05)
        assert bot.is_ready()
        assert len(double.find_requests("PUT /applications/{application_id}/commands")) == 1
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)


async def test_an_internal_error_gets_a_private_sentence_with_a_reference(
        discord_bot, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the store broke")

    monkeypatch.setattr(discord_bot.bot.store.database, "read", broken)
    interaction, message = await discord_bot.ask("who-leads", {"org": "nato"})
    assert interaction.ephemeral
    assert re.fullmatch(r"Sorry, something went wrong answering that \(reference [0-9a-f]{8}\)\.",
                        message["content"])
    reference = message["content"].split("reference ")[1][:8]
    assert any(reference in r.getMessage() and r.exc_info for r in caplog.records)


async def test_the_token_is_never_logged(discord_bot, caplog):
    await discord_bot.ask("who-leads", {"org": "nato"})
    assert discord_bot.double.tokens_seen and TOKEN in discord_bot.double.tokens_seen[0]
    assert all(TOKEN not in record.getMessage() for record in caplog.records)
    assert TOKEN not in repr(discord_bot.bot.settings)


async def test_page_buttons_disable_when_the_view_times_out(discord_bot):
    discord_bot.bot.page_timeout = 0.2
    _, message = await discord_bot.ask("history", {"org": "nato"})
    for _ in range(50):
        await asyncio.sleep(0.05)
        latest = discord_bot.double.messages[message["id"]]
        paging = [c for row in latest["components"] for c in row["components"]
                  if c.get("custom_id")]
        if all(button["disabled"] for button in paging):
            break
    assert paging and all(button["disabled"] for button in paging)
