"""What people said and did: `/quotes`, `/profile`."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.completion import people
from bot.commands import COMMANDS

Name = app_commands.Range[str, 1, 200]
Words = app_commands.Range[str, 1, 500]


class People(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    @app_commands.command(name="quotes", description=COMMANDS["quotes"].description)
    @app_commands.describe(person="Person, e.g. Rutte", about="Topic, e.g. China",
                           search="Words in the quote")
    @app_commands.autocomplete(person=people)
    async def quotes(self, interaction: discord.Interaction, person: Name,
                     about: Name | None = None, search: Words | None = None) -> None:
        await self.bot.answer(interaction, "quotes", defer=bool(search or about),
                              person=person, about=about, search=search)

    @app_commands.command(name="profile", description=COMMANDS["profile"].description)
    @app_commands.describe(person="Person, e.g. Rutte")
    @app_commands.autocomplete(person=people)
    async def profile(self, interaction: discord.Interaction, person: Name) -> None:
        await self.bot.answer(interaction, "profile", person=person)


async def setup(bot) -> None:
    await bot.add_cog(People(bot))
