"""Articles from files, URLs or pasted text, through extraction into the store.

Shared by `handover extract` / `ingest` and the Discord `/ingest` command.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from bot.fetch import fetch
from extract import Extraction, Gazetteer, extract, read
from store import PartialDate, SourceInfo, Store
from store.articles import IngestReport


@dataclass(frozen=True)
class Article:
    """Raw text of an article and where it came from."""

    name: str
    raw: str
    url: str | None = None
    file: str | None = None


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


def from_file(path: Path) -> Article:
    return Article(path.name, path.read_text(encoding="utf-8", errors="replace"),
                   file=path.name)


async def from_url(session: aiohttp.ClientSession, url: str,
                   allowed_hosts: frozenset[str] = frozenset()) -> Article:
    fetched = await fetch(session, url, allowed_hosts)
    return Article(url, fetched.text, url=fetched.url)


def gazetteer(store: Store | None) -> Gazetteer:
    """The store as a gazetteer: names it knows, looked up as the extractor asks."""
    if store is None:
        return Gazetteer.empty()
    return Gazetteer(store.known_name)


def run_extraction(article: Article, published: PartialDate | None,
                   names: Gazetteer) -> tuple[Extraction, SourceInfo]:
    document = read(article.raw, published)
    extraction = extract(document, article.name, names)
    source = SourceInfo(
        kind="article", title=document.headline or None,
        publisher=(urlsplit(article.url).hostname or "").removeprefix("www.") or None
        if article.url else None,
        url=article.url, file=article.file,
        published=document.published.iso() if document.published else None, text=article.raw,
    )
    return extraction, source


def facts_of(article: Article, store: Store, published: PartialDate | None = None
             ) -> tuple[Extraction, dict, SourceInfo]:
    """What the article reports, as the facts the store takes (headline included), and
    its source."""
    extraction, source = run_extraction(article, published, gazetteer(store))
    return extraction, {**extraction.as_json(), "title": source.title}, source


async def ingest(store: Store, article: Article, published: PartialDate | None
                 ) -> tuple[Extraction, IngestReport]:
    extraction, facts, source = facts_of(article, store, published)
    return extraction, await store.ingest(facts, source)
