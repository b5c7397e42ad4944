"""Moderators choose which channels hear of which transitions: `/announce subscribe`,
`/announce list`, `/announce unsubscribe`."""

from __future__ import annotations

import functools

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Invalid, Unknown, clean, find
from bot.checks import acting, moderator
from bot.cogs.completion import organizations
from bot.embeds import shorten
from bot.replies import Reply

Name = app_commands.Range[str, 1, 200]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Announce(commands.GroupCog, group_name="announce",
               group_description="Post new leadership transitions in a channel"):
    def __init__(self, bot):
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Moderators only, checked before the options are converted."""
        return await moderator(interaction)

    async def _org(self, interaction: discord.Interaction, org: str | None):
        """The organization named, an `Unknown` name, None for all, or False after
        answering why not (a person's name, an ambiguous or unusable one)."""
        if not org:
            return None
        try:
            found = await self.bot.read(functools.partial(
                find, self.bot.store_for(interaction), clean(org, "an organization"),
                "organization",
                unknown=True))
        except Invalid as error:
            found = Reply.usage(str(error))
        if isinstance(found, Reply):
            await interaction.response.send_message(shorten(found.title, 2000), ephemeral=True)
            return False
        return found

    @app_commands.command(name="subscribe",
                          description="Post new transitions (of one organization or all) here")
    @app_commands.describe(channel="Where to post",
                           org="Only this organization, known yet or not (default: all)")
    @app_commands.autocomplete(org=organizations)
    async def subscribe(self, interaction: discord.Interaction, channel: discord.TextChannel,
                        org: Name | None = None) -> None:
        found = await self._org(interaction, org)
        if found is False:
            return
        new = await self.bot.store.subscribe(
            interaction.guild_id, channel.id,
            found.name if isinstance(found, Unknown) else found, await acting(interaction))
        if isinstance(found, Unknown):
            message = waiting_message(found, channel, new)
        else:
            what = f"{found.name} transitions" if found else "every new transition"
            verb = "will now get" if new else "already gets"
            message = f"{channel.mention} {verb} {what}."
        await interaction.response.send_message(shorten(message, 2000), ephemeral=True)

    @app_commands.command(name="unsubscribe", description="Stop posting transitions in a channel")
    @app_commands.describe(channel="The channel", org="Only this organization (default: all)")
    @app_commands.autocomplete(org=organizations)
    async def unsubscribe(self, interaction: discord.Interaction, channel: discord.TextChannel,
                          org: Name | None = None) -> None:
        found = await self._org(interaction, org)
        if found is False:
            return
        removed = await self.bot.store.unsubscribe(
            interaction.guild_id, channel.id,
            found.name if isinstance(found, Unknown) else found, await acting(interaction))
        message = (f"Removed {removed} subscription{'s' * (removed != 1)} from {channel.mention}."
                   if removed else f"{channel.mention} had no such subscription.")
        await interaction.response.send_message(message, ephemeral=True)

    @app_commands.command(name="list", description="Which channels get which transitions")
    async def list(self, interaction: discord.Interaction) -> None:
        found = self.bot.store.subscriptions(interaction.guild_id)
        if not found:
            await interaction.response.send_message(
                "No channel gets announcements yet. Try /announce subscribe.", ephemeral=True)
            return
        lines = []
        for subscription in found:
            what = subscription.org_name or "all organizations"
            what += " (not known yet)" if subscription.waiting else ""
            line = f"<#{subscription.channel_id}> — {what} (since {subscription.created_on})"
            if subscription.paused_reason:
                line += f" — **paused**: {subscription.paused_reason}"
            lines.append(line)
        embed = discord.Embed(title="Announcements", description="\n".join(lines)[:4000])
        await interaction.response.send_message(embed=embed, ephemeral=True)


def waiting_message(name: Unknown, channel: discord.abc.GuildChannel, new: bool) -> str:
    """What a moderator is told on following an organization the store does not know."""
    if not new:
        return f"{channel.mention} already waits for news of {name.name}."
    guess = f" (did you mean {' or '.join(name.suggestions)}?)" if name.suggestions else ""
    message = (f"I don't know {name.name} yet{guess}; I'll post in {channel.mention} when I "
               "learn of a transition there.")
    return message + (" /announce unsubscribe undoes this." if guess else "")


async def setup(bot) -> None:
    await bot.add_cog(Announce(bot))
