"""Reviewing extracted facts in Discord: a preview and Accept / Reject buttons that only
moderators can press, and that keep working after a restart (their ids carry the review)."""

from __future__ import annotations

import re

import discord

from bot.checks import acting, moderator
from bot.embeds import COLOUR, shorten
from store.writer import SourceInfo

DESCRIPTION_LIMIT = 3800


def _transition(row: dict) -> str:
    parts = [f"{row.get('incoming') or '?'} → {row.get('role') or '?'}, {row.get('org') or '?'}"]
    if row.get("outgoing"):
        parts.append(f"from {row['outgoing']}")
    if row.get("effective"):
        parts.append(row["effective"])
    parts.append(row.get("kind", "").replace("_", " "))
    if row.get("confidence") is not None:
        parts.append(f"confidence {row['confidence']:.2f}")
    return " · ".join(p for p in parts if p)


def preview_lines(extraction: dict) -> list[str]:
    sections = [
        ("Transitions", [_transition(t) for t in extraction.get("transitions", [])]),
        ("Prior roles", [f"{r['person']} — {r['role']}, {r['org']}"
                         + (f" ({r['start'] or '?'}–{r['end'] or '?'})"
                            if r.get("start") or r.get("end") else "")
                         + (f" ({r['span']})" if r.get("span") else "")
                         for r in extraction.get("prior_roles", [])]),
        ("Quotes", [f"“{q['text']}” — {q['speaker']} ({q['kind']})"
                    for q in extraction.get("quotes", [])]),
        ("Statements", [f"{s['person']} ({s['kind']}): {s['text']}"
                        for s in extraction.get("statements", [])]),
    ]
    lines = []
    for title, rows in sections:
        if rows:
            lines.append(f"**{title}**")
            lines.extend(f"• {shorten(row, 300)}" for row in rows)
    return lines


def is_empty(extraction: dict) -> bool:
    return not any(extraction.get(key) for key in
                   ("transitions", "prior_roles", "quotes", "statements"))


def preview(extraction: dict, source: SourceInfo, status: str = "Waiting for review"
            ) -> discord.Embed:
    lines = preview_lines(extraction)
    description, shown = "", 0
    for line in lines:
        if len(description) + len(line) + 40 > DESCRIPTION_LIMIT:
            break
        description += line + "\n"
        shown += 1
    if shown < len(lines):
        description += f"… and {len(lines) - shown} more"
    embed = discord.Embed(title=shorten(f"{status}: {source.title or source.file or 'article'}",
                                        256), description=description or None, colour=COLOUR)
    where = source.url or source.file or "pasted text"
    embed.set_footer(text=shorten(f"Source: {where}"
                                  + (f" · published {source.published}"
                                     if source.published else ""), 2048))
    return embed


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"review:(?P<action>accept|reject):(?P<id>\d+)"):
    """Accept or Reject one review; the custom id names it, so no state is held here."""

    def __init__(self, action: str, review_id: int):
        accept = action == "accept"
        super().__init__(discord.ui.Button(
            label="Accept" if accept else "Reject",
            style=discord.ButtonStyle.success if accept else discord.ButtonStyle.danger,
            custom_id=f"review:{action}:{review_id}"))
        self.action = action
        self.review_id = review_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> ReviewButton:
        return cls(match["action"], int(match["id"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await moderator(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        store = interaction.client.store
        accept = self.action == "accept"
        try:
            report = await store.decide_review(self.review_id, accept,
                                               await acting(interaction))
        except LookupError:
            await interaction.response.send_message("That review was already decided.",
                                                    ephemeral=True)
            return
        review = store.review(self.review_id)
        if accept:
            stored = "; it was already in the store" if report.already_known else ""
            status = f"Accepted by {interaction.user.display_name}{stored}"
        else:
            status = f"Rejected by {interaction.user.display_name}"
        await interaction.response.edit_message(
            embed=preview(review.extraction, review.source, status), view=None)
        if accept and report.transitions:
            await interaction.client.transitions_stored(report.transitions)


def buttons(review_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton("accept", review_id))
    view.add_item(ReviewButton("reject", review_id))
    return view
