"""Moderators feed the bot articles: `/ingest` and `/review`."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot import articles, review
from bot.checks import acting, moderators_only
from bot.fetch import MAX_BYTES, FetchError

TEXT_TYPES = ("text/", "application/xhtml+xml")


class Ingest(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    async def _article(self, url: str | None, file: discord.Attachment | None,
                       text: str | None) -> articles.Article:
        if url:
            if not articles.is_url(url):
                raise FetchError("that is not an http(s) link")
            return await articles.from_url(self.bot.session, url,
                                           self.bot.settings.fetch_allow_hosts)
        if file:
            if file.size > MAX_BYTES:
                raise FetchError(f"the file is larger than {MAX_BYTES // 1000} kB")
            if file.content_type and not file.content_type.startswith(TEXT_TYPES):
                raise FetchError(f"the file is not text or HTML ({file.content_type})")
            raw = await file.read()
            return articles.Article(file.filename, raw.decode("utf-8", errors="replace"),
                                    file=file.filename)
        return articles.Article("pasted text", text)

    @app_commands.command(name="ingest",
                          description="Read an article and propose its facts for review")
    @app_commands.describe(url="Link to the article", file="The article as a text or HTML file",
                           text="The article's text, pasted")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @moderators_only
    async def ingest(self, interaction: discord.Interaction,
                     url: app_commands.Range[str, 1, 2000] | None = None,
                     file: discord.Attachment | None = None,
                     text: app_commands.Range[str, 1, 6000] | None = None) -> None:
        if sum(1 for given in (url, file, text) if given) != 1:
            await interaction.response.send_message(
                "Give exactly one of url, file or text.", ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        try:
            article = await self._article(url, file, text)
        except FetchError as error:
            await interaction.followup.send(f"I couldn't read that: {error}.")
            return
        store = self.bot.store
        _, facts, source = await asyncio.to_thread(articles.facts_of, article,
                                                   self.bot.store_for(interaction))
        if review.is_empty(facts):
            await interaction.followup.send(
                "I found no transitions, roles, quotes or statements in that article.")
            return
        review_id = await store.queue_review(
            "ingest", facts, source, guild_id=interaction.guild_id,
            channel_id=interaction.channel_id, actor=await acting(interaction))
        message = await interaction.followup.send(
            embed=review.preview(facts, source), view=review.buttons(review_id), wait=True)
        await store.set_review_message(review_id, message.id)

    @app_commands.command(name="review", description="Articles waiting for a moderator's review")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @moderators_only
    async def review_queue(self, interaction: discord.Interaction) -> None:
        waiting = self.bot.store.pending_reviews(interaction.guild_id)
        if not waiting:
            await interaction.response.send_message("Nothing is waiting for review.",
                                                    ephemeral=True)
            return
        first = waiting[0]
        more = f" ({len(waiting) - 1} more after this one)" if len(waiting) > 1 else ""
        await interaction.response.send_message(
            content=f"{len(waiting)} waiting for review{more}.",
            embed=review.preview(first.extraction, first.source),
            view=review.buttons(first.id))


async def setup(bot) -> None:
    bot.add_dynamic_items(review.ReviewButton)
    await bot.add_cog(Ingest(bot))
