"""Autocomplete for organization and person options, served by the store's name indexes."""

from __future__ import annotations

import discord
from discord import app_commands

CHOICE_LIMIT = 25
NAME_LIMIT = 100


async def _choices(interaction: discord.Interaction, current: str, kind: str
                   ) -> list[app_commands.Choice[str]]:
    bot = interaction.client
    entities = await bot.read(bot.store_for(interaction).complete, current[:NAME_LIMIT], kind,
                              CHOICE_LIMIT)
    return [app_commands.Choice(name=entity.name[:NAME_LIMIT], value=entity.name[:NAME_LIMIT])
            for entity in entities]


async def organizations(interaction: discord.Interaction, current: str
                        ) -> list[app_commands.Choice[str]]:
    return await _choices(interaction, current, "organization")


async def people(interaction: discord.Interaction, current: str
                 ) -> list[app_commands.Choice[str]]:
    return await _choices(interaction, current, "person")
