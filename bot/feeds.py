"""Following RSS and Atom feeds: conditional polling, new items only, facts from each.

Each due feed is fetched with its ETag and Last-Modified (a 304 costs nothing), parsed
with feedparser, and every item is known by its guid, its link and the hash of its
text. The first poll of a new feed records what is there and announces nothing. A new
item's article is fetched and its main text extracted; what it reports is stored at once
or queued for `/review`, as the feed says: in automatic mode only the transitions whose
confidence reaches `articles.AUTO_ACCEPT_CONFIDENCE` are stored at once, the others wait
for review. Feeds that keep failing are paused with the
reason. Polls are spread by jitter and run a few at a time.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from dataclasses import dataclass

import feedparser

from bot import articles
from bot.fetch import FetchError, fetch
from bot.metrics import metrics_of
from bot.rounds import Rounds
from store.audit import Actor
from store.feeds import Feed

log = logging.getLogger("handover.feeds")

INTERVAL_S = 900.0
JITTER = 0.1
CONCURRENCY = 4
MAX_ITEMS_PER_POLL = 50


@dataclass(frozen=True)
class Item:
    keys: list[str]  # guid, link and text hash: any one seen before makes it old
    link: str | None
    text: str  # what the feed itself says: a fallback when the article cannot be fetched


def items_of(parsed) -> list[Item]:
    found = []
    for entry in parsed.entries[:MAX_ITEMS_PER_POLL]:
        text = "\n".join(part for part in (entry.get("title", ""), entry.get("summary", ""))
                         if part)
        keys = [f"guid:{entry['id']}"] if entry.get("id") else []
        if entry.get("link"):
            keys.append(f"link:{entry['link']}")
        keys.append("text:" + hashlib.sha256(text.encode()).hexdigest())
        found.append(Item(keys, entry.get("link"), text))
    return found


class FeedPoller(Rounds):
    """The polling loop of one bot."""

    name = "feeds"

    def __init__(self, bot, interval_s: float = INTERVAL_S, concurrency: int = CONCURRENCY):
        super().__init__(bot, min(30.0, interval_s))
        self.interval_s = interval_s
        self.slots = asyncio.Semaphore(concurrency)

    def _next_poll(self) -> float:
        return time.time() + self.interval_s * (1 + random.uniform(-JITTER, JITTER))

    async def run_once(self) -> int:
        """Poll every due feed; returns how many new items were read."""
        due = await self.bot.read(self.bot.store.due_feeds)
        counts = await asyncio.gather(*(self._guarded(feed) for feed in due))
        return sum(counts)

    def _count(self, outcome: str) -> None:
        if metrics := metrics_of(self.bot):
            metrics.feed_poll(outcome)

    async def _guarded(self, feed: Feed) -> int:
        async with self.slots:
            try:
                found = await self.poll(feed)
                if found is not None:
                    self._count("new_items" if found else "nothing_new")
                return found or 0
            except (FetchError, ValueError) as error:
                reason = str(error) or type(error).__name__
            except Exception as error:
                log.exception("polling %s failed", feed.url)
                reason = f"unexpected error ({type(error).__name__})"
            self._count("failed")
            backoff = time.time() + min(self.interval_s, 60.0 * 2 ** feed.failures)
            if await self.bot.store.feed_failed(feed, reason, backoff):
                log.warning("paused feed %s: %s", feed.url, reason)
            return 0

    async def poll(self, feed: Feed) -> int | None:
        """Fetch and read one feed; how many new items it had (None: unchanged, 304)."""
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        fetched = await fetch(self.bot.session, feed.url, self.bot.settings.fetch_allow_hosts,
                              headers=headers)
        if fetched.unchanged:
            await self.bot.store.feed_unchanged(feed, self._next_poll())
            self._count("unchanged")
            return None
        parsed = feedparser.parse(fetched.text)
        if parsed.bozo and not parsed.entries:
            raise ValueError("not an RSS or Atom feed")
        items = items_of(parsed)
        keys = [key for item in items for key in item.keys]
        new = []
        if feed.first_poll_done:
            seen = await self.bot.read(self.bot.store.seen_feed_items, feed, keys)
            for item in items:
                if not seen.intersection(item.keys):
                    new.append(item)
                seen.update(item.keys)
        for item in new:
            await self._read(feed, item)
        await self.bot.store.feed_polled(feed, keys=keys, etag=fetched.etag,
                                         last_modified=fetched.last_modified,
                                         next_poll_at=self._next_poll())
        return len(new)

    async def _read(self, feed: Feed, item: Item) -> None:
        """One new item: its article's facts, stored or queued for review."""
        store = self.bot.store
        article = articles.Article(item.link or feed.url, item.text, url=item.link)
        if item.link:
            try:
                article = await articles.from_url(self.bot.session, item.link,
                                                  self.bot.settings.fetch_allow_hosts)
            except FetchError as error:
                log.info("using the feed's text for %s: %s", item.link, error)
        _, facts, source = await asyncio.to_thread(
            articles.facts_of, article, store.seen_from(None if feed.everywhere else feed.guild_id))
        if not facts["transitions"]:
            return
        actor = feed_actor(feed)
        if feed.review:
            await store.queue_review("feed", facts, source, guild_id=feed.guild_id,
                                     channel_id=feed.channel_id, actor=actor)
            return
        # Automatic mode: only what the extractor is sure of is stored and announced.
        sure, doubtful = articles.split_by_confidence(facts)
        if sure is not None:
            report = await store.ingest(sure, source, actor)
            if report.transitions:
                await self.bot.transitions_stored(report.transitions)
        if doubtful is not None:
            await store.queue_review("feed", doubtful, source, guild_id=feed.guild_id,
                                     channel_id=feed.channel_id, actor=actor)





def feed_actor(feed: Feed) -> Actor:
    """A feed brings its news in for the server that follows it, or for every server when
    an editor added it."""
    return Actor("editor" if feed.everywhere else "moderator", None, feed.guild_id)
