"""The floor under the bot: discord.py alone, answering `/who-leads` with a fixed reply.

Started by the bench in place of `handover run`, against the same double, with the same
token and API base (`DISCORD_TOKEN`, `DISCORD_API_BASE`). It has no store, no answer to
compute and no metrics: what it costs per interaction is what discord.py, aiohttp and
asyncio cost, the part of the bot's time no change to Handover can remove. A reply of the
usual size (an embed with a title, a few fields and a footer) is sent from one object made
at start-up.

    python -m bench.floor_bot
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import GC_THRESHOLDS

REPLY = discord.Embed(
    title="Who leads Example Organization", url="https://example.org/who-leads",
    description="**Jane Example** — Secretary General since 1 October 2024",
    colour=discord.Colour.blurple())
REPLY.add_field(name="Took over from", value="John Example (2014–2024)", inline=False)
REPLY.add_field(name="Before that", value="Minister of Examples (2010–2014)", inline=False)
REPLY.set_footer(text="Sources: example.org, news.example")


class FloorBot(commands.AutoShardedBot):
    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned,
                         intents=discord.Intents.default(), help_command=None)

    async def setup_hook(self) -> None:
        self.tree.add_command(who_leads)
        await self.tree.sync()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)  # as the bot: the floor gets the same GC policy


@app_commands.command(name="who-leads", description="Who leads an organization")
async def who_leads(interaction: discord.Interaction, org: str, on: str | None = None) -> None:
    await interaction.response.send_message(embed=REPLY)


async def main() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    bot = FloorBot()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(main())
