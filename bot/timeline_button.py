"""A "Timeline" button under a `/who-leads … on:` answer: the office's succession with
the asked-for day marked, drawn only when someone asks for it, so that answers never
wait for a picture. Its custom id carries what to draw, so it works after a restart."""

from __future__ import annotations

import asyncio
import io
import logging
import re

import discord

from bot import answers, pictures

log = logging.getLogger("handover.discord")


class TimelineButton(discord.ui.DynamicItem[discord.ui.Button],
                     template=r"timeline:(?P<org>\d+):(?P<day>\d{4}(?:-\d{2}){0,2})"):
    def __init__(self, org_id: int, day: str):
        super().__init__(discord.ui.Button(label="Timeline",
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=f"timeline:{org_id}:{day}"))
        self.org_id = org_id
        self.day = day

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> TimelineButton:
        return cls(int(match["org"]), match["day"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        await interaction.response.defer(ephemeral=True, thinking=True)
        timeline = await bot.read(answers.marked_history, bot.store_for(interaction),
                                  self.org_id, self.day, bot.today())
        if timeline is None:
            await interaction.followup.send("There is no timeline to show for that.",
                                            ephemeral=True)
            return
        try:
            drawn = await asyncio.get_running_loop().run_in_executor(
                bot.drawing, pictures.draw, timeline)
        except Exception:
            log.exception("could not draw the timeline for %r", timeline.title)
            await interaction.followup.send("Sorry, the timeline could not be drawn.",
                                            ephemeral=True)
            return
        picture = discord.File(io.BytesIO(drawn.png), filename=pictures.FILENAME,
                               description=timeline.description[:1024])
        embed = discord.Embed(title=timeline.title[:256]).set_image(
            url=f"attachment://{pictures.FILENAME}")
        await interaction.followup.send(embed=embed, file=picture, ephemeral=True)


def timeline_button(marked: tuple[int, str] | None) -> list[discord.ui.Item]:
    """The button for a reply that names a day, or nothing."""
    return [TimelineButton(*marked)] if marked else []
