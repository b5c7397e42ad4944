"""An article as text: plain text as it is, HTML through trafilatura; its headline, body
and publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.dates import publication_date
from store.dates import BadDate, PartialDate

_HTML = re.compile(r"^\s*(<!doctype html|<html|<\?xml|<head|<body|<article|<div|<p[\s>])", re.I)


@dataclass(frozen=True)
class Document:
    headline: str
    body: str
    published: PartialDate | None

    @property
    def text(self) -> str:
        return f"{self.headline}\n{self.body}" if self.headline else self.body


def looks_like_html(raw: str) -> bool:
    return bool(_HTML.match(raw[:500]))


def _from_html(raw: str) -> tuple[str, str, PartialDate | None]:
    import trafilatura  # imported on first use: it is slow to load and plain text needs none

    extracted = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    if extracted is None:
        return "", "", None
    title = (extracted.title or "").strip()
    body = (extracted.text or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    published = None
    if extracted.date:
        try:
            published = PartialDate.parse(extracted.date[:10])
        except BadDate:
            published = None
    return title, body, published


_WRAPPED = re.compile(r"(?<=[a-z,])\n(?=[a-z0-9]|[A-Z][\w'’-]*[\s,.;:])|(?<=[A-Z])\n(?=[a-z])")


def _unwrap(body: str) -> str:
    """Hard-wrapped text (`Patrick Njoroge has been` / `formally appointed`) as one line per
    paragraph: a line that stops mid-sentence is joined to the next. Text that keeps one
    paragraph a line, as most does, is left as it is."""
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) < 4 or sum(1 for line in lines if len(line) < 90) < 0.8 * len(lines):
        return body
    return _WRAPPED.sub(" ", body)


# Page text as a search index or a reader view gives it: the page's metadata date first
# (` date 2019-02-10 Egypt's President …`), then the text.
_METADATA_DATE = re.compile(r"^\s*date\s+(?P<date>(?:19|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?)\s+")


def _metadata_date(raw: str) -> tuple[str, PartialDate | None]:
    match = _METADATA_DATE.match(raw)
    if not match:
        return raw, None
    try:
        return raw[match.end():], PartialDate.parse(match["date"])
    except BadDate:
        return raw[match.end():], None


def _is_headline(line: str) -> bool:
    """A first line is a headline unless it reads as the article's first sentence: long
    and ended by a full stop (`Pope Francis has appointed … as the new archbishop of Paris,
    the Vatican announced April 26.`)."""
    return not (line.endswith((".", '."', ".”")) and len(line) > 60)


def read(raw: str, published: PartialDate | None = None) -> Document:
    """The article in `raw`; its own date wins over `published`, given for when it has none."""
    if looks_like_html(raw):
        headline, body, own_date = _from_html(raw)
    else:
        raw, metadata = _metadata_date(raw)
        lines = raw.strip().splitlines()
        following = [i for i, line in enumerate(lines[1:3], 1) if line.strip()]
        if lines and re.fullmatch(r"[A-Z][a-z]+(?: [A-Za-z][a-z]+)?", lines[0].strip()) and \
                following and \
                _is_headline(lines[following[0]].strip()) and \
                len(lines[following[0]].split()) >= 4:
            lines = lines[following[0]:]  # a section's name ("Politics") above the headline
        headline = lines[0].strip() if lines else ""
        body = _unwrap("\n".join(lines[1:]).strip())
        if len(lines) == 1 or not _is_headline(headline):
            headline, body = "", _unwrap(raw.strip())
        own_date = metadata or publication_date(raw)
    return Document(headline, body, own_date or published)
