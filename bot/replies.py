"""One reply model for every front end: the console prints it, Discord embeds it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from store.models import Source

if TYPE_CHECKING:
    from bot.timeline import Timeline

Status = Literal["ok", "not_found", "usage"]


@dataclass
class Reply:
    """An answer: a title, a summary, a list that may be paged, and its sources.

    `status` is `ok` for an answer, `not_found` when a name is unknown and `usage`
    when the question itself is wrong; anything but `ok` is shown only to the asker.
    `data` is the same answer as plain JSON-ready values; `timeline`, when there is
    one, is what the answer's picture shows (see `bot.pictures`); `marked` names an
    organization and a day for a timeline drawn only when asked for (a button), so that
    it costs the answer nothing.
    """

    title: str
    summary: str = ""
    items: list[str] = field(default_factory=list)
    sources: tuple[Source, ...] = ()
    status: Status = "ok"
    data: dict[str, Any] = field(default_factory=dict)
    moments: list[tuple[str, dt.date]] = field(default_factory=list)  # shown as timestamps
    timeline: Timeline | None = None  # drawn as a picture where a front end can show one
    marked: tuple[int, str] | None = None  # (organization id, day asked about)

    @property
    def private(self) -> bool:
        return self.status != "ok"

    @classmethod
    def usage(cls, message: str) -> Reply:
        return cls(title=message, status="usage")

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "title": self.title,
            "summary": self.summary,
            "items": self.items,
            "answer": self.data,
            "sources": [source_json(source) for source in self.sources],
        }


def source_json(source: Source) -> dict[str, Any]:
    return {
        "kind": source.kind,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "file": source.file,
        "published": source.published.iso() if source.published else None,
    }
