"""Who may do what: moderator commands need Manage Server, checked in code as well as by
the command's default permissions (a server can override those)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.paginator import respond

NOT_IN_SERVER = "This command works only in a server."
NOT_A_MODERATOR = "You need the Manage Server permission to do that."


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
