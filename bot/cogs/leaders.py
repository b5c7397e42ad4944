"""Who leads what: `/who-leads`, `/history`, `/recent`."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.completion import organizations
from bot.commands import COMMANDS

Name = app_commands.Range[str, 1, 200]
Day = app_commands.Range[str, 1, 20]


class Leaders(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    @app_commands.command(name="who-leads", description=COMMANDS["who-leads"].description)
    @app_commands.describe(org="Organization, e.g. NATO", on="Date: YYYY-MM-DD, YYYY-MM or YYYY")
    @app_commands.autocomplete(org=organizations)
    async def who_leads(self, interaction: discord.Interaction, org: Name,
                        on: Day | None = None) -> None:
        await self.bot.answer(interaction, "who-leads", org=org, on=on)

    @app_commands.command(name="history", description=COMMANDS["history"].description)
    @app_commands.describe(org="Organization, e.g. NATO")
    @app_commands.autocomplete(org=organizations)
    async def history(self, interaction: discord.Interaction, org: Name) -> None:
        await self.bot.answer(interaction, "history", org=org)

    @app_commands.command(name="recent", description=COMMANDS["recent"].description)
    @app_commands.describe(org="Only this organization")
    @app_commands.autocomplete(org=organizations)
    async def recent(self, interaction: discord.Interaction, org: Name | None = None) -> None:
        await self.bot.answer(interaction, "recent", org=org)


async def setup(bot) -> None:
    await bot.add_cog(Leaders(bot))
