"""Replies as plain text, for the console and `handover ask`."""

from __future__ import annotations

from bot.replies import Reply

MAX_SOURCES_SHOWN = 5


def render(reply: Reply) -> str:
    lines = [reply.title]
    if reply.summary:
        lines.append(reply.summary)
    lines.extend(f"  {item}" for item in reply.items)
    if reply.sources:
        shown = reply.sources[:MAX_SOURCES_SHOWN]
        lines.append("Sources:")
        lines.extend(
            f"  - {source.label}" + (f" <{source.url}>" if source.url else "") for source in shown
        )
        if len(reply.sources) > len(shown):
            lines.append(f"  … and {len(reply.sources) - len(shown)} more")
    return "\n".join(lines)
