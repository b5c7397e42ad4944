"""Sending a reply: one embed, or pages with buttons only the asker can press."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import discord

from bot.embeds import embeds, shorten, source_links
from bot.replies import Reply
from bot.timeline_button import timeline_button

PAGE_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Attachment:
    """A picture sent with a reply, shown inside its embeds (`attachment://NAME`)."""

    data: bytes
    filename: str
    description: str  # alternative text

    @property
    def url(self) -> str:
        return f"attachment://{self.filename}"

    def file(self) -> discord.File:
        return discord.File(io.BytesIO(self.data), filename=self.filename,
                            description=shorten(self.description, 1024))


class Pages(discord.ui.View):
    """Previous / Next over a reply's pages; disabled when it times out."""

    def __init__(self, pages: list[discord.Embed], owner_id: int, links: list[discord.ui.Button],
                 timeout: float = PAGE_TIMEOUT_S, picture: Attachment | None = None):
        super().__init__(timeout=timeout)
        self.pages = pages
        self.picture = picture
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.InteractionMessage | None = None
        for link in links:
            link.row = 1
            self.add_item(link)
        self._refresh()

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Only the person who asked can turn these pages.", ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = index
        self._refresh()
        # The picture goes again with each page, so that the page's embed can name it.
        files = [self.picture.file()] if self.picture else discord.utils.MISSING
        await interaction.response.edit_message(embed=self.pages[index], view=self,
                                                attachments=files)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, row=0)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, max(self.index - 1, 0))

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary, row=0)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._show(interaction, min(self.index + 1, len(self.pages) - 1))

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button) and item.style != discord.ButtonStyle.link:
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


async def respond(interaction: discord.Interaction, **message) -> discord.Message | None:
    """The interaction's first response, or a followup when it has one already."""
    if interaction.response.is_done():
        return await interaction.followup.send(**message, wait=True)
    await interaction.response.send_message(**message)
    return None


async def send_reply(interaction: discord.Interaction, reply: Reply,
                     page_timeout: float = PAGE_TIMEOUT_S,
                     picture: Attachment | None = None) -> None:
    """Answer an interaction with a reply: errors in one private line, answers as embeds,
    with the picture, if any, inside them."""
    if reply.private:
        await respond(interaction, content=shorten(reply.title, 2000), ephemeral=True)
        return
    pages = embeds(reply, image=picture.url if picture else None)
    links = source_links(reply)
    files = {"file": picture.file()} if picture else {}
    if len(pages) == 1:
        view = discord.ui.View(timeout=None)  # links only: nothing to time out or keep
        for item in [*timeline_button(reply.marked), *links]:
            view.add_item(item)
        await respond(interaction, embed=pages[0],
                      view=view if view.children else discord.utils.MISSING, **files)
        return
    view = Pages(pages, interaction.user.id, links, timeout=page_timeout, picture=picture)
    sent = await respond(interaction, embed=pages[0], view=view, **files)
    view.message = sent or await interaction.original_response()
