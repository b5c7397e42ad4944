"""Moderators follow news feeds: `/feeds add`, `/feeds list`, `/feeds remove`."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import articles
from bot.checks import acting, moderator
from bot.embeds import shorten

MAX_URL = 2000
Link = app_commands.Range[str, 1, MAX_URL]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Feeds(commands.GroupCog, group_name="feeds",
            group_description="Follow RSS and Atom feeds for leadership news"):
    def __init__(self, bot):
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Moderators only, checked before the options are converted."""
        return await moderator(interaction)

    @app_commands.command(name="add", description="Follow a feed; its transitions become facts")
    @app_commands.describe(url="The feed's address (RSS or Atom)",
                           channel="Where this feed's news is announced",
                           review="Wait for a moderator's /review before storing (default yes)")
    async def add(self, interaction: discord.Interaction, url: Link,
                  channel: discord.TextChannel, review: bool = True) -> None:
        if not articles.is_url(url) or len(url) > MAX_URL or any(
                c.isspace() or not c.isprintable() for c in url):
            await interaction.response.send_message("That is not an http(s) link.",
                                                    ephemeral=True)
            return
        actor = await acting(interaction)
        new = await self.bot.store.add_feed(interaction.guild_id, channel.id, url, review,
                                            actor)
        await self.bot.store.subscribe(interaction.guild_id, channel.id, None, actor)
        mode = ("new transitions are queued for /review and" if review else
                "the transitions the reader is surest of are stored at once, the others "
                "queued for /review; stored ones are")
        verb = "Following" if new else "Updated"
        await interaction.response.send_message(
            f"{verb} {shorten(url, 200)} — {mode} announced in {channel.mention}. Items "
            "already in the feed are not announced.", ephemeral=True)
        self.bot.feeds.nudge()

    @app_commands.command(name="list", description="The feeds this server follows")
    async def list(self, interaction: discord.Interaction) -> None:
        followed = self.bot.store.list_feeds(interaction.guild_id)
        if not followed:
            await interaction.response.send_message(
                "This server follows no feeds yet. Try /feeds add.", ephemeral=True)
            return
        lines = []
        for feed in followed:
            line = f"{feed.url} → <#{feed.channel_id}> ({'review' if feed.review else 'auto'})"
            if feed.paused_reason:
                line += f" — **paused**: {feed.paused_reason}"
            elif feed.last_error:
                line += f" — last poll failed: {feed.last_error}"
            lines.append(line)
        embed = discord.Embed(title="Feeds", description="\n".join(lines)[:4000])
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="remove", description="Stop following a feed")
    @app_commands.describe(url="The feed's address, as added")
    async def remove(self, interaction: discord.Interaction, url: Link) -> None:
        removed = await self.bot.store.remove_feed(interaction.guild_id, url,
                                                   await acting(interaction))
        await interaction.response.send_message(
            f"Stopped following {shorten(url, 200)}." if removed
            else f"This server does not follow {shorten(url, 200)}.",
            ephemeral=True)


async def setup(bot) -> None:
    await bot.add_cog(Feeds(bot))
