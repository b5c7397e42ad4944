"""Who may do what: moderator commands need Manage Server, checked in code as well as by
the command's default permissions (a server can override those). Editors — trusted with
what every server sees — are the users named in HANDOVER_EDITORS, the application's
owners, and the moderators of HANDOVER_HOME_GUILD."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.paginator import respond
from store.audit import Actor

NOT_IN_SERVER = "This command works only in a server."
NOT_A_MODERATOR = "You need the Manage Server permission to do that."
NOT_AN_EDITOR = "Only an editor of this bot can do that."


def refusal(interaction: discord.Interaction) -> str | None:
    """Why this user may not run a moderator command here, or None when they may."""
    if interaction.guild is None:
        return NOT_IN_SERVER
    if not interaction.permissions.manage_guild:
        return NOT_A_MODERATOR
    return None


async def moderator(interaction: discord.Interaction) -> bool:
    """True for a moderator; otherwise answers privately with the reason and returns False."""
    reason = refusal(interaction)
    if reason is None:
        return True
    await respond(interaction, content=reason, ephemeral=True)
    return False


moderators_only = app_commands.check(moderator)
"""Decorator: run `moderator` before discord.py converts the options (a channel option
cannot be converted in a DM, and the user should hear why, not see a crash)."""


async def is_editor(interaction: discord.Interaction) -> bool:
    """Trusted with what every server sees."""
    bot = interaction.client
    settings = bot.settings
    user = interaction.user
    if user.id in settings.editors:
        return True
    if (settings.home_guild and interaction.guild_id == settings.home_guild
            and interaction.permissions.manage_guild):
        return True
    return await bot.is_owner(user)


async def acting(interaction: discord.Interaction) -> Actor:
    """Who is changing the store: an editor (what they bring in is global) or a moderator
    of this server (what they bring in is this server's)."""
    role = "editor" if await is_editor(interaction) else "moderator"
    return Actor(role, interaction.user.id, interaction.guild_id)


async def editor(interaction: discord.Interaction, *, quiet: bool = False) -> bool:
    """True for an editor; otherwise (unless `quiet`) answers privately why not."""
    if await is_editor(interaction):
        return True
    if not quiet:
        await respond(interaction, content=NOT_AN_EDITOR, ephemeral=True)
    return False
