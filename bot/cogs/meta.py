"""About the bot itself: `/help`."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands import COMMANDS


class Meta(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    @app_commands.command(name="help", description=COMMANDS["help"].description)
    async def help(self, interaction: discord.Interaction) -> None:
        await self.bot.answer(interaction, "help")


async def setup(bot) -> None:
    await bot.add_cog(Meta(bot))
