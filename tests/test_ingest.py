"""`handover ingest`: articles from files and URLs into the store, once, all or nothing."""

import asyncio
import sqlite3

import pytest
from aiohttp import web

from bot import fetch
from tests import engines
from tests.conftest import PROJECT
from tests.web import serving, slow

ARTICLES = PROJECT / "tests" / "articles"
WTO = ARTICLES / "wto-handover.txt"


def counts(path) -> dict[str, int]:
    return {table: engines.query(path, f"SELECT count(*) FROM {table}")[0][0]
            for table in ("sources", "entities", "tenures", "transitions", "quotes",
                          "statements", "fact_sources")}


def test_an_ingested_article_answers_questions_and_cites_itself(handover, ask):
    result = handover("ingest", str(WTO))
    assert result.code == 0
    assert "stored" in result.out
    answer = ask("/who-leads wto")
    assert "Amina Wanjiru — Director-General of the World Trade Organization since " \
           "2 March 2026; took over from Ngozi Okonjo-Iweala" in answer
    assert "Okonjo-Iweala hands over WTO to Kenyan trade veteran — wto-handover.txt" in answer
    assert "The rules-based system is not broken" in ask("/quotes wanjiru")


def test_the_same_text_again_adds_nothing(handover, store_path):
    handover("ingest", str(WTO))
    before = counts(store_path)
    result = handover("ingest", str(WTO))
    assert "already ingested; nothing added" in result.out
    assert counts(store_path) == before


def test_the_seed_article_is_already_known_to_a_fresh_store(handover):
    from store.packs import bundled_path

    result = handover("ingest", str(bundled_path("rutte-nato-2024.txt")))
    assert "already ingested" in result.out


def test_known_people_are_matched_not_duplicated(handover, store_path, tmp_path):
    article = tmp_path / "rutte-visit.txt"
    article.write_text(
        "Rutte visits Kyiv\nKYIV, 3 March 2025 — NATO Secretary General Mark Rutte arrived in "
        "Kyiv on Monday. \"Ukraine's future is in NATO,\" Rutte said.\n")
    people = "SELECT count(*) FROM entities WHERE kind = 'person'"
    before = engines.query(store_path, people)
    assert handover("ingest", str(article)).code == 0
    assert engines.query(store_path, people) == before
    speakers = engines.query(store_path, "SELECT entities.name FROM quotes JOIN entities ON "
                             "entities.id = quotes.speaker_id WHERE text LIKE 'Ukraine%'")
    assert speakers == [("Mark Rutte",)]


def test_an_article_is_all_or_nothing(handover, store_path, monkeypatch):
    from store import writer

    before = counts(store_path)

    async def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writer.FactWriter, "quote", broken)
    result = handover("ingest", str(WTO))
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert counts(store_path) == before


async def _ingest_url(handover, monkeypatch, routes, path, allow=True):
    if allow:
        monkeypatch.setenv("HANDOVER_FETCH_ALLOW_HOSTS", "127.0.0.1")
    async with serving(routes) as base:
        return await asyncio.to_thread(handover, "ingest", base + path)


async def test_a_url_is_fetched_and_ingested(handover, ask, monkeypatch):
    routes = {"/wto": (WTO.read_text(), "text/plain"),
              "/moved": lambda r: _redirect("/wto")}
    result = await _ingest_url(handover, monkeypatch, routes, "/moved")
    assert result.code == 0, result.err
    assert "Amina Wanjiru" in await asyncio.to_thread(ask, "/who-leads wto")


async def _redirect(target):
    raise web.HTTPFound(target)


async def test_private_addresses_are_refused_unless_allowed(handover, monkeypatch):
    monkeypatch.delenv("HANDOVER_FETCH_ALLOW_HOSTS", raising=False)
    result = await _ingest_url(handover, monkeypatch, {"/wto": (WTO.read_text(), "text/plain")},
                               "/wto", allow=False)
    assert result.code == 1
    assert "127.0.0.1 is a private or local address; not fetched" in result.err


@pytest.mark.parametrize(("route", "message"), [
    (("x" * (fetch.MAX_BYTES + 10), "text/plain"), "larger than 2000 kB"),
    ((b"\x89PNG", "image/png"), "not a text document (image/png)"),
    (slow, "no answer within"),
])
async def test_fetch_limits(handover, monkeypatch, route, message):
    monkeypatch.setattr(fetch, "TIMEOUT_S", 0.5)
    result = await _ingest_url(handover, monkeypatch, {"/a": route}, "/a")
    assert result.code == 1
    assert message in result.err
