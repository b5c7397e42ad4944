"""Handover running against the Discord double, for end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from bot.client import Handover, serve
from bot.config import Settings
from tests.conftest import TODAY
from tests.discord_double import DiscordDouble

TOKEN = "test-token-for-the-double"


class Running:
    """The double and the bot connected to it."""

    def __init__(self, double: DiscordDouble, bot: Handover):
        self.double = double
        self.bot = bot

    async def ask(self, name: str, options: dict | None = None, **how):
        """Run a slash command; return its interaction and the message the user sees."""
        interaction = await self.double.slash(name, options or {}, **how)
        return interaction, await interaction.final_message()


@contextlib.asynccontextmanager
async def running_bot(store_path: Path, double: DiscordDouble | None = None,
                      now: Callable[[], float] | None = None,
                      **settings: object) -> AsyncIterator[Running]:
    """Start the double, then the bot through `serve` (what `handover run` calls). `now`
    replaces the announcer's clock (the hour's publications, digest times) and the
    double's from the start."""
    async with double or DiscordDouble() as double:
        quiet = {"wikidata_sync_s": 0, "wikidata_endpoint": "http://127.0.0.1:9/sparql"}
        configured = Settings(token=TOKEN, api_base=double.api_base, store_location=store_path,
                              today_override=dt.date.fromisoformat(TODAY),
                              **{**quiet, **settings})  # no Wikidata unless a test asks
        bot = Handover(configured, guild_ready_timeout=0.05)
        bot.announcer.pause_s = 0.1
        if now is not None:
            bot.announcer.now = double.clock = now
        with double.default_gateway():  # even a failed reconnect stays on 127.0.0.1
            task = asyncio.create_task(serve(bot))
            try:
                await double.wait_ready()
                yield Running(double, bot)
            finally:
                await _closed(bot)
                await asyncio.wait_for(task, 10)


async def _closed(bot: Handover, within_s: float = 30) -> None:
    """Close the bot; a close that hangs fails the test with every task's stack, rather
    than hanging the run."""
    try:
        await asyncio.wait_for(bot.close(), within_s)
    except TimeoutError:
        for task in asyncio.all_tasks():
            task.print_stack(file=sys.stderr)
        raise


def embed_text(message: dict) -> str:
    """Everything a reader sees in a message: content, embed texts and fields."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", ""),
                  embed.get("footer", {}).get("text", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)
