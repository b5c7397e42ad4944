"""Replies as Discord embeds: pages within Discord's limits, sources in the footer,
dates as Discord timestamps, and link buttons to the sources."""

from __future__ import annotations

import datetime as dt

import discord

from bot.replies import Reply

TITLE_LIMIT = 256
PAGE_CHARS = 3000  # description budget per page; Discord allows 4,096
PAGE_ITEMS = 10
FOOTER_LIMIT = 2048
LINK_BUTTONS = 3
COLOUR = discord.Colour.dark_blue()


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paginate(reply: Reply) -> list[str]:
    """The reply's summary and items cut into page descriptions."""
    pages: list[str] = []
    current = [shorten(reply.summary, PAGE_CHARS)] if reply.summary else []
    size, count = sum(len(line) + 1 for line in current), 0
    for item in reply.items:
        line = shorten(item, PAGE_CHARS // 2)
        if current and (count >= PAGE_ITEMS or size + len(line) + 1 > PAGE_CHARS):
            pages.append("\n".join(current))
            current, size, count = [], 0, 0
        current.append(line)
        size, count = size + len(line) + 1, count + 1
    pages.append("\n".join(current))
    return pages


def footer(reply: Reply) -> str:
    labels = [source.label for source in reply.sources]
    text = "Sources: " + " · ".join(labels)
    if len(text) <= FOOTER_LIMIT:
        return text
    shown: list[str] = []
    for label in labels:
        rest = f" (+{len(labels) - len(shown) - 1} more)"
        if len("Sources: " + " · ".join([*shown, label]) + rest) > FOOTER_LIMIT:
            break
        shown.append(label)
    return shorten(f"Sources: {' · '.join(shown)} (+{len(labels) - len(shown)} more)",
                   FOOTER_LIMIT)


def timestamp(day: dt.date) -> str:
    """`<t:…:D>`: the date in each reader's own locale."""
    moment = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())
    return f"<t:{moment}:D> (<t:{moment}:R>)"


def embeds(reply: Reply, image: str | None = None) -> list[discord.Embed]:
    """One embed per page, each showing `image` (an `attachment://` URL) if given."""
    pages = paginate(reply)
    built = []
    for number, description in enumerate(pages, 1):
        embed = discord.Embed(title=shorten(reply.title, TITLE_LIMIT),
                              description=description or None, colour=COLOUR)
        if reply.moments and number == 1:
            for name, day in reply.moments:
                if dt.date(1970, 1, 2) <= day:
                    embed.add_field(name=name, value=timestamp(day))
        text = footer(reply) if reply.sources else ""
        if len(pages) > 1:
            text = shorten(f"Page {number}/{len(pages)} · {text}".rstrip(" ·"), FOOTER_LIMIT)
        if text:
            embed.set_footer(text=text)
        if image:
            embed.set_image(url=image)
        built.append(embed)
    return built


def source_links(reply: Reply) -> list[discord.ui.Button]:
    """Link buttons to the first sources that have a URL."""
    buttons = []
    for source in reply.sources:
        if source.url and source.url.startswith(("https://", "http://")) and \
                len(source.url) <= 512:
            label = shorten(source.publisher or source.title or "Source", 80)
            buttons.append(discord.ui.Button(style=discord.ButtonStyle.link, label=label,
                                             url=source.url))
        if len(buttons) == LINK_BUTTONS:
            break
    return buttons
