"""Feeds through a local feed server and the Discord double: the first poll announces
nothing; new items become facts (at once or after review) and one announcement each;
conditional GETs; failing feeds pause."""

from __future__ import annotations

import asyncio
import email.utils
import time

import pytest
from aiohttp import web

from bot.articles import AUTO_ACCEPT_CONFIDENCE
from tests.running_bot import embed_text, running_bot
from tests.test_announcements import TIDAL, posts, until
from tests.web import serving

OLD = ("Old news\nGENEVA, Nov. 2, 2026 — Nothing about leadership happened here today.\n")
# One transition the extractor is sure of (0.85) and one it is not (0.70: no date, no
# predecessor, no appointing verb) in the same article.
MIXED = ("Tidal Air names Ana Costa chief executive\n"
         "LISBON, Nov. 23, 2026 — Tidal Air named Ana Costa chief executive on Monday, "
         "succeeding Rui Lopes, who retired after nine years.\n"
         "In other news, Marta Reis will become chairwoman of Porto Shipping.\n")
DOUBTFUL = ("Porto Shipping board\nLISBON, Nov. 24, 2026 — Marta Reis will become "
            "chairwoman of Porto Shipping.\n")
QUIET = ("Rates held\nLONDON, Nov. 25, 2026 — The central bank kept rates unchanged on "
         "Wednesday, and said inflation was falling.\n")


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{guid}</title><link>{link}</link><guid>{guid}</guid>"
        f"<description>{guid}</description></item>" for guid, link in items)
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>http://example.org/</link><description>News</description>{entries}"
            "</channel></rss>")


class FeedServer:
    """A feed whose items can change, answering conditional GETs with 304."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []
        self.version = 0
        self.conditional_hits = 0
        self.failing = False

    async def feed(self, request: web.Request) -> web.Response:
        if self.failing:
            return web.Response(status=500, text="down")
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.conditional_hits += 1
            return web.Response(status=304)
        return web.Response(text=rss(self.items), content_type="application/rss+xml",
                            headers={"ETag": etag,
                                     "Last-Modified": email.utils.formatdate(time.time(),
                                                                             usegmt=True)})

    def publish(self, *items: tuple[str, str]) -> None:
        self.items = list(items) + self.items
        self.version += 1


@pytest.fixture
async def setup(store_path):
    server = FeedServer()
    routes = {"/feed.xml": server.feed, "/old": (OLD, "text/plain"),
              "/tidal": (TIDAL, "text/plain"), "/quiet": (QUIET, "text/plain"),
              "/mixed": (MIXED, "text/plain"), "/doubtful": (DOUBTFUL, "text/plain")}
    async with running_bot(store_path, fetch_allow_hosts=frozenset({"127.0.0.1"}),
                           feed_interval_s=3600) as running, serving(routes) as base:
        await running.bot.feeds.stop()  # the tests poll by hand; no round of the loop's own
        yield running, server, base


async def add_feed(running, url: str, review: bool) -> str:
    interaction = await running.double.slash(
        "feeds add", {"url": url, "channel": "announcements", "review": review}, user="admin")
    return (await interaction.final_message())["content"]


async def poll(running) -> int:
    """Let the polling interval pass (time travel), then run one round."""
    async with running.bot.store.database.transaction() as db:
        await db.execute("UPDATE feeds SET next_poll_at = 0")
    return await running.bot.feeds.run_once()


async def test_first_poll_announces_nothing_then_three_items_give_one_announcement(setup):
    running, server, base = setup
    double = running.double
    server.publish(("old-1", f"{base}/old"))
    assert "Following" in await add_feed(running, f"{base}/feed.xml", review=False)
    assert await poll(running) == 0
    server.publish(("tidal-1", f"{base}/tidal"), ("quiet-1", f"{base}/quiet"),
                   ("tidal-again", f"{base}/tidal"))
    assert await poll(running) == 2  # the item with a seen link is a duplicate
    await until(lambda: posts(double, "announcements"))
    await asyncio.sleep(0.5)
    (post,) = posts(double, "announcements")
    assert "New Chief Executive of Tidal Air: Ana Costa" in embed_text(post)
    assert await poll(running) == 0
    assert server.conditional_hits >= 1


async def test_a_reviewed_feed_waits_for_a_moderator(setup):
    running, server, base = setup
    double = running.double
    told = await add_feed(running, f"{base}/feed.xml", review=True)
    assert "new transitions are queued for /review and announced in" in told
    await poll(running)
    server.publish(("tidal-1", f"{base}/tidal"))
    assert await poll(running) == 1
    await asyncio.sleep(0.3)
    assert posts(double, "announcements") == []
    interaction = await double.slash("review", {}, user="admin")
    waiting = await interaction.final_message()
    assert "Ana Costa" in embed_text(waiting)
    accept = next(c for row in waiting["components"] for c in row["components"]
                  if c["label"] == "Accept")
    await (await double.click(waiting, accept["custom_id"], user="admin")).response()
    await until(lambda: posts(double, "announcements"))


async def test_an_automatic_feed_stores_what_is_sure_and_holds_the_rest_for_review(setup):
    running, server, base = setup
    double = running.double
    assert AUTO_ACCEPT_CONFIDENCE == 0.75
    told = await add_feed(running, f"{base}/feed.xml", review=False)
    assert "surest of are stored at once, the others queued for /review" in told
    await poll(running)
    server.publish(("mixed-1", f"{base}/mixed"))
    assert await poll(running) == 1
    await until(lambda: posts(double, "announcements"))
    await asyncio.sleep(0.3)
    (post,) = posts(double, "announcements")  # Ana Costa (0.85) only
    assert "New Chief Executive of Tidal Air: Ana Costa" in embed_text(post)
    _, answer = await running.ask("who-leads", {"org": "Porto Shipping"})
    assert "Marta Reis" not in embed_text(answer) + answer.get("content", "")

    interaction = await double.slash("review", {}, user="admin")
    waiting = await interaction.final_message()
    held = embed_text(waiting)
    assert "Marta Reis → Chairwoman, Porto Shipping" in held
    assert "confidence 0.70" in held
    assert "Ana Costa →" not in held  # stored already, not asked again
    accept = next(c for row in waiting["components"] for c in row["components"]
                  if c["label"] == "Accept")
    clicked = await double.click(waiting, accept["custom_id"], user="admin")
    assert "Accepted by alice" in embed_text((await clicked.response())["data"])
    await until(lambda: len(posts(double, "announcements")) == 2)
    assert "Marta Reis" in embed_text(posts(double, "announcements")[-1])
    _, answer = await running.ask("who-leads", {"org": "Tidal Air"})
    assert "Ana Costa" in embed_text(answer)


async def test_an_automatic_feed_announces_nothing_it_is_unsure_of(setup):
    running, server, base = setup
    await add_feed(running, f"{base}/feed.xml", review=False)
    await poll(running)
    server.publish(("doubtful-1", f"{base}/doubtful"))
    assert await poll(running) == 1
    await asyncio.sleep(0.5)
    assert posts(running.double, "announcements") == []
    (waiting,) = running.bot.store.pending_reviews(running.double.guild().id)
    assert [t["incoming"] for t in waiting.extraction["transitions"]] == ["Marta Reis"]
    assert not waiting.extraction.get("held_back")  # nothing of it was stored


async def test_a_failing_feed_is_paused_with_its_reason(setup):
    running, server, base = setup
    await add_feed(running, f"{base}/feed.xml", review=False)
    server.failing = True
    for _ in range(5):
        await poll(running)
    (feed,) = running.bot.store.list_feeds()
    assert feed.paused_reason == "the server answered 500 (5 failures in a row)"
    interaction = await running.double.slash("feeds list", {}, user="admin")
    assert "**paused**: the server answered 500" in embed_text(await interaction.final_message())
    gone = await running.double.slash("feeds remove", {"url": f"{base}/feed.xml"}, user="admin")
    assert (await gone.final_message())["content"] == f"Stopped following {base}/feed.xml."


async def test_not_a_feed_and_not_a_link(setup):
    running, _, base = setup
    assert await add_feed(running, "ftp://example.org/feed", review=False) == \
        "That is not an http(s) link."
    await add_feed(running, f"{base}/old", review=False)
    await poll(running)
    (feed,) = running.bot.store.list_feeds()
    assert feed.last_error == "not an RSS or Atom feed"
