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


# A feed in automatic mode stores the transitions whose confidence is at least this at
# once; the others wait for a moderator in /review. Chosen on the enlarged real-news
# development split (tests/extraction/realnews, 155 excerpts, 4 December 2026, after the
# confidence learned what made its surest readings wrong: generic organizations,
# descriptions, possessives, bodies inside others, hedges) for precision >= 0.98: at 0.75,
# 83 of the 157 transitions found are kept, all right (precision 1.00), recall 0.39. 0.70
# also keeps precision 1.00 (88 kept, recall 0.41) but 0.65 falls to 0.94, so 0.75 keeps one
# step of margin on a set the penalties were tuned on; 0.80 keeps 75 (recall 0.35). On the
# test split it keeps precision 0.76 only (98 excerpts, 5 December 2026), 0.83 on the
# development excerpts no rule was drawn from: review mode is the safe choice for feeds.
# tests/extraction/test_news_threshold.py checks the development figure again when the page
# texts are there; docs/extraction.md gives every threshold's figures and the test split's.
AUTO_ACCEPT_CONFIDENCE = 0.75


def split_by_confidence(facts: dict, threshold: float = AUTO_ACCEPT_CONFIDENCE
                        ) -> tuple[dict | None, dict | None]:
    """An article's facts as (what to store at once, what a moderator should see).

    With no transition sure enough, everything waits for review. Otherwise the sure
    transitions are stored with the article's quotes, prior roles and statements, and the
    others wait for review on their own, marked `held_back` so that accepting them adds
    them to the article already stored."""
    transitions = facts.get("transitions", [])
    sure = [t for t in transitions if t.get("confidence", 0.0) >= threshold]
    doubtful = [t for t in transitions if t.get("confidence", 0.0) < threshold]
    if not sure:
        return None, facts
    stored = {**facts, "transitions": sure}
    if not doubtful:
        return stored, None
    held = {**facts, "transitions": doubtful, "prior_roles": [], "quotes": [],
            "statements": [], "held_back": True}
    return stored, held


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
