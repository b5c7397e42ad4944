"""`/fact`: editors correct what every server sees, moderators what their server brought
in — show, history, correct, retract, publish (editors only), merge, alias and undo."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, facts, text
from bot.embeds import shorten
from bot.replies import Reply

Text = app_commands.Range[str, 1, 200]


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Facts(commands.GroupCog, group_name="fact",
            group_description="Show and correct facts, with every change audited"):
    def __init__(self, bot):
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Editors and moderators, in a server; checked before the options."""
        if interaction.guild is not None and await checks.editor(interaction, quiet=True):
            return True
        return await checks.moderator(interaction)

    async def _send(self, interaction: discord.Interaction, reply: Reply) -> None:
        await interaction.response.send_message(shorten(text.render(reply), 2000),
                                                ephemeral=True)

    @app_commands.command(name="show", description="A fact with its sources, or the facts "
                                                   "about a person or organization")
    @app_commands.describe(fact="A fact such as tenure:12, or a name such as nato")
    async def show(self, interaction: discord.Interaction, fact: Text) -> None:
        reply = await self.bot.read(facts.show, self.bot.store_for(interaction), fact,
                                    await checks.acting(interaction))
        await self._send(interaction, reply)

    @app_commands.command(name="history", description="Every change made to a fact")
    @app_commands.describe(fact="A fact such as tenure:12")
    async def history(self, interaction: discord.Interaction, fact: Text) -> None:
        reply = await self.bot.read(facts.history, self.bot.store, fact,
                                    await checks.acting(interaction))
        await self._send(interaction, reply)

    @app_commands.command(name="correct", description="Correct a fact's dates or people")
    @app_commands.describe(fact="A fact such as tenure:12", start="Tenure start (YYYY-MM-DD)",
                           end="Tenure end", holder="Who held it",
                           role="The office held, in the same organization",
                           acting="Acting holder?",
                           incoming="Who took over", outgoing="Who left",
                           effective="When the transition took effect",
                           speaker="Who said the quote", said_on="When it was said",
                           reason="Why (kept in the fact's history)")
    async def correct(self, interaction: discord.Interaction, fact: Text,
                      start: Text | None = None, end: Text | None = None,
                      holder: Text | None = None, role: Text | None = None,
                      acting: bool | None = None,
                      incoming: Text | None = None, outgoing: Text | None = None,
                      effective: Text | None = None, speaker: Text | None = None,
                      said_on: Text | None = None, reason: Text | None = None) -> None:
        given = {"start": start, "end": end, "holder": holder, "role": role,
                 "incoming": incoming,
                 "outgoing": outgoing, "effective": effective, "speaker": speaker,
                 "said_on": said_on, "acting": None if acting is None else str(acting)}
        changes = {key: value for key, value in given.items() if value is not None}
        reply = await facts.correct(self.bot.store, fact, changes,
                                    await checks.acting(interaction), reason)
        await self._send(interaction, reply)
        self.bot.announcer.nudge()

    @app_commands.command(name="retract", description="Stop answering and announcing a fact")
    @app_commands.describe(fact="A fact such as transition:5", reason="Why")
    async def retract(self, interaction: discord.Interaction, fact: Text, reason: Text) -> None:
        reply = await facts.retract(self.bot.store, fact, reason, await checks.acting(interaction))
        await self._send(interaction, reply)

    @app_commands.command(name="publish", description="Make a server's fact every server's "
                                                      "(editors)")
    @app_commands.describe(fact="A fact such as transition:5")
    async def publish(self, interaction: discord.Interaction, fact: Text) -> None:
        if not await checks.editor(interaction):
            return
        reply = await facts.publish(self.bot.store, fact, await checks.acting(interaction))
        await self._send(interaction, reply)
        self.bot.announcer.nudge()

    @app_commands.command(name="alias", description="Add or remove a name a person or "
                                                    "organization is found by")
    @app_commands.describe(action="add or remove", entity="An entity such as entity:7",
                           name="The name")
    async def alias(self, interaction: discord.Interaction, action: Literal["add", "remove"],
                    entity: Text, name: Text) -> None:
        reply = await facts.alias(self.bot.store, entity, name, await checks.acting(interaction),
                                  remove=action == "remove")
        await self._send(interaction, reply)

    @app_commands.command(name="merge", description="Two entities are one person or "
                                                    "organization: merge the second into the first")
    @app_commands.describe(keep="The entity that stays, such as entity:7",
                           gone="The entity merged into it, such as entity:9", reason="Why")
    async def merge(self, interaction: discord.Interaction, keep: Text, gone: Text,
                    reason: Text | None = None) -> None:
        reply = await facts.merge(self.bot.store, keep, gone, await checks.acting(interaction),
                                  reason)
        await self._send(interaction, reply)

    @app_commands.command(name="undo", description="Undo a change, by its number")
    @app_commands.describe(change="The change's number, from /fact history")
    async def undo(self, interaction: discord.Interaction,
                   change: app_commands.Range[int, 1]) -> None:
        reply = await facts.undo(self.bot.store, change, await checks.acting(interaction))
        await self._send(interaction, reply)


async def setup(bot) -> None:
    await bot.add_cog(Facts(bot))
