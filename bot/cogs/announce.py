"""Moderators choose which channels hear of which transitions and how: `/announce
subscribe` (with a role to ping, a thread per post, kinds of transition, a digest),
`/announce edit`, `/announce list`, `/announce unsubscribe`."""

from __future__ import annotations

import functools
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers import Invalid, Unknown, clean, find
from bot.checks import acting, moderator
from bot.cogs.completion import organizations
from bot.embeds import shorten
from bot.replies import Reply
from store.announcements import Options

Name = app_commands.Range[str, 1, 200]
Hour = app_commands.Range[int, 0, 23]
KIND_NAMES = {"took_office": "took office", "announced": "announced",
              "stepped_down": "stepped down"}
KIND_CHOICES = [app_commands.Choice(name=", ".join(KIND_NAMES[k] for k in value.split(",")),
                                    value=value)
                for value in ("took_office", "announced", "stepped_down",
                              "took_office,announced", "took_office,stepped_down",
                              "announced,stepped_down")] + [
    app_commands.Choice(name="all", value="all")]
Digest = Literal["daily", "weekly"]
DigestOrOff = Literal["daily", "weekly", "off"]
OPTION_HELP = {
    "ping": "A role to mention in each post (nothing else is pinged)",
    "thread": "Open a thread on each post for discussion",
    "kinds": "Only these kinds of transition (default: all)",
    "digest": "One post a day or a week listing everything since the last one",
    "hour": "The digest's hour, 0-23 (default 9)",
    "timezone": "The digest's time zone, such as Europe/Amsterdam (default UTC)",
}


class BadOption(ValueError):
    """An option the moderator gave that cannot be used, with the sentence saying why."""


async def _changes(interaction: discord.Interaction, *given) -> dict | None:
    """The options given, or None after telling the moderator which one is wrong."""
    try:
        return options_changed(*given)
    except BadOption as error:
        await interaction.response.send_message(str(error), ephemeral=True)
        return None


def options_changed(ping: discord.Role | None = None, thread: bool | None = None,
                    kinds: str | None = None, digest: str | None = None,
                    hour: int | None = None, timezone: str | None = None) -> dict[str, object]:
    """The `Options` fields the given slash options set."""
    changes: dict[str, object] = {}
    if ping is not None:
        changes["ping_role"] = ping.id
    if thread is not None:
        changes["thread"] = thread
    if kinds is not None:
        changes["kinds"] = None if kinds == "all" else tuple(kinds.split(","))
    if digest is not None:
        changes["digest"] = None if digest == "off" else digest
    if hour is not None:
        changes["digest_hour"] = hour
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise BadOption(f"I don't know the time zone {timezone!r}; use a name such as "
                            "Europe/Amsterdam or America/New_York.") from error
        changes["timezone"] = timezone
    return changes


def described(options: Options) -> str:
    """The options as a moderator reads them; empty for a plain post per transition."""
    parts = []
    if options.ping_role:
        parts.append(f"pinging <@&{options.ping_role}>")
    if options.thread:
        parts.append("a thread on each post")
    if options.kinds:
        parts.append("only " + ", ".join(KIND_NAMES.get(k, k) for k in options.kinds))
    if options.digest:
        when = "on Mondays " if options.digest == "weekly" else ""
        parts.append(f"a {options.digest} digest {when}at {options.digest_hour:02d}:00 "
                     f"({options.timezone})")
    return ", ".join(parts)


def ping_warning(role: discord.Role | None, channel: discord.abc.GuildChannel,
                 me: discord.Member | None) -> str:
    """What to say when the bot could not ping `role` in `channel`: Discord mentions a
    role only if it is mentionable or the bot may mention everyone."""
    if role is None or role.mentionable or (me and channel.permissions_for(me).mention_everyone):
        return ""
    return (f" I can't ping {role.mention} yet: it isn't mentionable and I don't have the "
            "Mention Everyone permission there. Make the role mentionable or grant me that "
            "permission.")


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
                           org="Only this organization, known yet or not (default: all)",
                           **OPTION_HELP)
    @app_commands.autocomplete(org=organizations)
    @app_commands.choices(kinds=KIND_CHOICES)
    async def subscribe(self, interaction: discord.Interaction, channel: discord.TextChannel,
                        org: Name | None = None, ping: discord.Role | None = None,
                        thread: bool | None = None, kinds: str | None = None,
                        digest: Digest | None = None, hour: Hour | None = None,
                        timezone: app_commands.Range[str, 1, 64] | None = None) -> None:
        changes = await _changes(interaction, ping, thread, kinds, digest, hour, timezone)
        if changes is None:
            return
        found = await self._org(interaction, org)
        if found is False:
            return
        options = Options(**changes) if changes else None  # type: ignore[arg-type]
        new = await self.bot.store.subscribe(
            interaction.guild_id, channel.id,
            found.name if isinstance(found, Unknown) else found, await acting(interaction),
            options, self.bot.announcer.now())
        if isinstance(found, Unknown):
            message = waiting_message(found, channel, new)
        else:
            what = f"{found.name} transitions" if found else "every new transition"
            verb = "will now get" if new else "already gets"
            message = f"{channel.mention} {verb} {what}."
        if options and described(options):
            message = message[:-1] + f" — {described(options)}."
        message += ping_warning(ping, channel, interaction.guild.me if interaction.guild
                                else None)
        await interaction.response.send_message(shorten(message, 2000), ephemeral=True)

    @app_commands.command(name="edit", description="Change how a channel's announcements post")
    @app_commands.describe(channel="The channel", org="Only this organization's subscription "
                           "(default: every one of the channel's)",
                           no_ping="Stop mentioning a role", **OPTION_HELP)
    @app_commands.autocomplete(org=organizations)
    @app_commands.choices(kinds=KIND_CHOICES)
    async def edit(self, interaction: discord.Interaction, channel: discord.TextChannel,
                   org: Name | None = None, ping: discord.Role | None = None,
                   no_ping: bool | None = None, thread: bool | None = None,
                   kinds: str | None = None, digest: DigestOrOff | None = None,
                   hour: Hour | None = None,
                   timezone: app_commands.Range[str, 1, 64] | None = None) -> None:
        changes = await _changes(interaction, ping, thread, kinds, digest, hour, timezone)
        if changes is None:
            return
        if no_ping:
            changes["ping_role"] = None
        if not changes:
            await interaction.response.send_message(
                "Nothing to change: give ping, no_ping, thread, kinds, digest, hour or "
                "timezone.", ephemeral=True)
            return
        found = await self._org(interaction, org)
        if found is False:
            return
        changed = await self.bot.store.edit_subscription(
            interaction.guild_id, channel.id,
            found.name if isinstance(found, Unknown) else found, changes,
            await acting(interaction), self.bot.announcer.now())
        if not changed:
            message = f"{channel.mention} has no such subscription."
        else:
            now = [s.options for s in self.bot.store.subscriptions(interaction.guild_id)
                   if s.channel_id == channel.id]
            how = "; ".join(sorted({described(o) or "a post per transition" for o in now}))
            message = (f"Changed {changed} subscription{'s' * (changed != 1)} of "
                       f"{channel.mention}: {how}.")
            message += ping_warning(ping, channel, interaction.guild.me if interaction.guild
                                    else None)
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
            if how := described(subscription.options):
                line += f" — {how}"
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
