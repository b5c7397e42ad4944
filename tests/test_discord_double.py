"""End-to-end tests of the Discord double with the real, unmodified discord.py client."""

from __future__ import annotations

import asyncio
import contextlib
import io
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.discord_double import DiscordDouble, SpecViolation

FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry"]


class AckView(discord.ui.View):
    """A one-button view; the click edits the message (callback type 7)."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.clicked_by: int | None = None

    @discord.ui.button(label="Ack", style=discord.ButtonStyle.primary)
    async def ack(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.clicked_by = interaction.user.id
        await interaction.response.edit_message(content="acked", view=None)


class NoteModal(discord.ui.Modal, title="Note"):
    """A one-field modal; submitting it replies ephemerally."""

    text = discord.ui.TextInput(label="Text", custom_id="note-text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"noted {self.text.value}", ephemeral=True)


class ToolsView(discord.ui.View):
    """A select (defer + edit original) and a button that opens a modal."""

    @discord.ui.select(custom_id="size", options=[discord.SelectOption(label="S"),
                                                  discord.SelectOption(label="L")])
    async def size(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content=f"size {select.values[0]}")

    @discord.ui.button(label="Note", custom_id="open-note")
    async def note(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(NoteModal())


class DemoBot(commands.AutoShardedBot):
    """A minimal sharded bot: global commands plus one guild-only command group."""

    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.default()
        intents.members = True  # exercises op 8 REQUEST_GUILD_MEMBERS
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05,
                         allowed_mentions=discord.AllowedMentions.none())
        self.guild_ref = discord.Object(guild_id)
        self.ack_views: list[AckView] = []
        self._add_commands()

    async def setup_hook(self) -> None:
        await self.tree.sync()
        await self.tree.sync(guild=self.guild_ref)

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Show a card with a button")
        async def card(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Card", description="Hello <@1>")
            embed.add_field(name="Lead", value="alice").set_footer(text="handover")
            view = AckView()
            self.ack_views.append(view)
            await interaction.response.send_message(embed=embed, view=view)

        @tree.command(description="Pick a fruit")
        @app_commands.describe(fruit="which fruit")
        async def pick(interaction: discord.Interaction, fruit: str) -> None:
            await interaction.response.send_message(f"picked {fruit}", ephemeral=True)

        @pick.autocomplete("fruit")
        async def pick_fruit(interaction: discord.Interaction, current: str
                             ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=f, value=f) for f in FRUITS
                    if f.startswith(current)]

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.edit_original_response(content="done thinking")

        @tree.command(description="Post text to a channel")
        async def post(interaction: discord.Interaction, channel: discord.TextChannel,
                       text: str) -> None:
            await channel.send(text)
            await interaction.response.send_message("posted", ephemeral=True)

        @tree.command(description="Tools with a file")
        async def tools(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            file = discord.File(io.BytesIO(b"hello"), "notes.txt")
            await interaction.followup.send("tools", file=file, view=ToolsView())

        announce = app_commands.Group(name="announce", description="Announcements",
                                      guild_ids=[self.guild_ref.id])

        @announce.command(description="Subscribe a channel")
        async def subscribe(interaction: discord.Interaction,
                            channel: discord.TextChannel) -> None:
            await interaction.response.send_message(f"subscribed {channel.name}",
                                                    ephemeral=True)

        tree.add_command(announce)


@contextlib.asynccontextmanager
async def running(**kwargs: Any) -> AsyncIterator[tuple[DiscordDouble, DemoBot]]:
    """A double plus a started, ready bot pointed at it; both torn down afterwards."""
    old_base = discord.http.Route.BASE
    async with DiscordDouble(**kwargs) as dd:
        discord.http.Route.BASE = dd.api_base
        bot = DemoBot(dd.guilds[0].id)
        task = asyncio.create_task(bot.start("test-token"))
        try:
            await dd.wait_ready(5)
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            yield dd, bot
        finally:
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, 5)
            discord.http.Route.BASE = old_base


async def test_ready_login_and_command_registration() -> None:
    async with running() as (dd, bot):
        assert bot.shard_count == 1 and bot.is_ready()
        assert dd.find_requests("GET /gateway/bot")
        identify = dd.identifies[0]
        assert identify["shard"] == [0, 1] and identify["intents"] & (1 << 1)
        ready = dd.gateway.current[0].frames[0]
        assert ready["t"] == "READY" and ready["d"]["shard"] == [0, 1]
        assert ready["d"]["resume_gateway_url"] == dd.gateway_url
        assert dd.tokens_seen[0] == "test-token"
        assert all(r.headers.get("Authorization") in (None, "<redacted>") for r in dd.requests)
        guild = bot.get_guild(dd.guilds[0].id)
        assert guild is not None and guild.chunked and len(guild.members) == 3  # via op 8
        assert guild.get_member(dd.guilds[0].member("admin").user_id).guild_permissions.manage_guild
        names = sorted(c["name"] for c in dd.commands[None])
        assert names == ["card", "pick", "post", "slow", "tools"]
        assert [c["name"] for c in dd.commands[dd.guilds[0].id]] == ["announce"]
        assert not dd.violations


async def test_slash_reply_with_embed_and_button_then_click() -> None:
    async with running() as (dd, bot):
        h = await dd.slash("card", user="admin")
        first = await h.response()
        assert first["type"] == 4
        msg = await h.final_message()
        assert msg["embeds"][0]["title"] == "Card" and not h.ephemeral
        button = msg["components"][0]["components"][0]
        assert button["label"] == "Ack" and isinstance(button["id"], int)
        assert dd.pings == []  # AllowedMentions.none() keeps <@1> silent

        click = await dd.click(msg, button["custom_id"], user="member")
        update = await click.response()
        assert update["type"] == 7 and update["data"]["content"] == "acked"
        assert click.payload["message"]["id"] == msg["id"]
        assert bot.ack_views[0].clicked_by == dd.guilds[0].member("member").user_id
        assert dd.messages[msg["id"]]["components"] == []


async def test_autocomplete_defer_and_subcommand() -> None:
    async with running() as (dd, _bot):
        choices = await dd.autocomplete("pick", {"fruit": "ap"}, focused="fruit")
        assert [c["value"] for c in choices] == ["apple", "apricot"]

        h = await dd.slash("pick", {"fruit": "apple"})
        assert (await h.final_message())["content"] == "picked apple" and h.ephemeral

        slow = await dd.slash("slow")
        assert (await slow.response())["type"] == 5
        final = await slow.final_message()
        assert final["content"] == "done thinking" and not final["flags"] & 128

        sub = await dd.slash("announce subscribe", {"channel": "announcements"}, user="admin")
        assert (await sub.final_message())["content"] == "subscribed announcements"
        assert sub.payload["data"]["guild_id"] == str(dd.guilds[0].id)


async def test_channel_post_and_nonce_dedup() -> None:
    async with running() as (dd, bot):
        general = dd.guilds[0].channel("general")
        h = await dd.slash("post", {"channel": "general", "text": "hello"})
        await h.final_message()
        assert [m["content"] for m in dd.channel_messages[general.id]] == ["hello"]

        channel = bot.get_channel(general.id)
        first = await channel.send("once", nonce=424242)
        second = await channel.send("once", nonce=424242)
        assert first.id == second.id
        assert [m["content"] for m in dd.channel_messages[general.id]] == ["hello", "once"]


async def test_limit_violation_is_caught() -> None:
    async with running() as (dd, bot):
        channel = bot.get_channel(dd.guilds[0].channel("general").id)
        with pytest.raises(discord.HTTPException):
            await channel.send("x" * 2001)
        with pytest.raises(SpecViolation, match="2001 chars > 2000"):
            dd.assert_clean()
        dd.violations.clear()


async def test_ping_is_recorded() -> None:
    async with running() as (dd, bot):
        channel = bot.get_channel(dd.guilds[0].channel("general").id)
        await channel.send("hey @everyone", allowed_mentions=discord.AllowedMentions.all())
        assert dd.pings and "@everyone" in dd.pings[0]
        dd.pings.clear()


async def test_resume_after_drop_replays_missed_interaction() -> None:
    async with running() as (dd, _bot):
        await dd.drop_websocket()  # 1006: TCP abort
        h = await dd.slash("pick", {"fruit": "cherry"})  # buffered while disconnected
        await dd.wait_resumed(5)
        assert (await h.final_message())["content"] == "picked cherry"
        assert dd.resumes and dd.resumes[0]["session_id"]

        await dd.send_op7_reconnect()
        await dd.wait_resumed(5)
        await dd.drop_websocket(code=4000)
        await dd.wait_resumed(5)
        h = await dd.slash("card")
        assert (await h.final_message())["embeds"]
        assert len(dd.identifies) == 1


async def test_rate_limit_and_deadline_faults() -> None:
    async with running(response_deadline=0.2) as (dd, bot):
        dd.fail_next("POST /channels/*/messages", 429, retry_after=0.05)
        channel = bot.get_channel(dd.guilds[0].channel("general").id)
        started = time.monotonic()
        await channel.send("after 429")
        assert time.monotonic() - started >= 0.05
        statuses = [r.status for r in dd.find_requests("POST /channels/{channel_id}/messages")]
        assert statuses == [429, 200]

        dd.delay("POST /interactions/*", 0.3, times=1)
        h = await dd.slash("pick", {"fruit": "banana"})
        refused = await h.rejection()
        assert refused["status"] == 404 and refused["error"]["code"] == 10062
        assert not h.acknowledged


async def test_select_modal_and_multipart_followup() -> None:
    async with running() as (dd, _bot):
        h = await dd.slash("tools")
        msg = await h.final_message()  # first followup resolves the ephemeral defer
        assert msg["id"] == h.original_id and h.ephemeral
        attachment = msg["attachments"][0]
        assert attachment["filename"] == "notes.txt" and attachment["size"] == 5
        assert dd.find_requests("POST /webhooks/*")[0].files == [("files[0]", "notes.txt", 5)]

        pick = await dd.click(msg, "size", values=["L"])
        assert (await pick.response())["type"] == 6
        assert (await pick.final_message())["content"] == "size L"

        opener = await dd.click(msg, "open-note")
        assert (await opener.response())["type"] == 9
        submitted = await dd.submit_modal(opener, {"note-text": "hi"})
        assert (await submitted.final_message())["content"] == "noted hi"


async def test_auth_double_ack_unknown_route_and_permissions() -> None:
    old_base = discord.http.Route.BASE
    async with DiscordDouble(expected_token="right-token") as dd:
        discord.http.Route.BASE = dd.api_base
        bot = commands.AutoShardedBot(command_prefix="!", intents=discord.Intents.none())
        try:
            with pytest.raises(discord.LoginFailure):
                await bot.start("wrong-token")
        finally:
            await bot.close()
            discord.http.Route.BASE = old_base
        assert dd.token_used == "wrong-token"

    async with running() as (dd, _bot):
        with pytest.raises(PermissionError, match="not available in DMs"):  # guild-only
            await dd.slash("announce subscribe", {"channel": "general"}, dm=True)
        h = await dd.slash("pick", {"fruit": "apple"})
        await h.response()
        async with aiohttp.ClientSession() as session:
            url = f"{dd.api_base}/interactions/{h.id}/{h.token}/callback"
            async with session.post(url, json={"type": 4, "data": {"content": "x"}}) as r:
                assert r.status == 400 and (await r.json())["code"] == 40060
            async with session.get(f"{dd.api_base}/guilds/1/roles") as r:
                assert r.status == 404 and r.headers["Content-Type"] == "application/json"
        with pytest.raises(SpecViolation, match="unknown route"):
            dd.assert_clean()
        dd.violations.clear()
