"""`handover wikidata-sync`: the store keeps itself current from a SPARQL endpoint (a
local double on 127.0.0.1), page by page, all-or-nothing, and announces what changed."""

from __future__ import annotations

import pytest

from bot.commands import ask as ask_line
from tests.conftest import TODAY, closed_port, copy_of_bundled, today
from tests.running_bot import embed_text, running_bot
from tests.sparql_double import Person, SparqlDouble, statement_rows
from wikidata.service import QueryService, ServiceError
from wikidata.sync import CURSOR_KEY, sync

FREEDONIA = ("Q900", "Freedonia")
PM = ("Q901", "Prime Minister of Freedonia")


def holder(person: str, name: str, statement: str, **dates) -> list[dict]:
    return statement_rows(person, name, *PM, *FREEDONIA, statement, **dates)


def dataset() -> dict[str, Person]:
    """Two prime ministers of Freedonia, and a president of Sylvania: three items."""
    return {
        "Q910": Person("2026-10-01T08:00:00Z", 101, holder(
            "Q910", "Ana Lind", "Q910-a", start="2019-06-01", end="2024-05-01",
            replaced_by="Q911")),
        "Q911": Person("2026-10-02T08:00:00Z", 201, holder(
            "Q911", "Bo Berg", "Q911-a", start="2024-05-01", replaces="Q910")),
        "Q920": Person("2026-10-03T08:00:00Z", 301, statement_rows(
            "Q920", "Eva Rosen", "Q921", "President of Sylvania", "Q922", "Sylvania",
            "Q920-a", start="2022-01-15")),
    }


def change_of_government(people: dict[str, Person]) -> None:
    """Bo Berg's term ends on 20 November; Cy Dahl takes over (days before TODAY)."""
    people["Q911"] = Person("2026-11-20T09:00:00Z", 202, holder(
        "Q911", "Bo Berg", "Q911-a", start="2024-05-01", end="2026-11-20", replaces="Q910",
        replaced_by="Q912"))
    people["Q912"] = Person("2026-11-20T09:05:00Z", 401, holder(
        "Q912", "Cy Dahl", "Q912-a", start="2026-11-20", replaces="Q911"))


def service(double: SparqlDouble, **options) -> QueryService:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    found = QueryService(double.url, "ops@example.org", first_wait_s=0.01, sleep=sleep,
                         **options)
    found.waits = waits
    return found


def answer(store, line: str) -> str:
    return ask_line(store, line, store.clock()).summary or ""


def snapshot(store) -> dict:
    """Everything a sync writes: facts, citations and their retractions, the cursor."""
    read = store.database.read
    return {
        "counts": store.counts(),
        "retracted": read("SELECT count(*) FROM fact_sources WHERE retracted = 1")[0][0],
        "announcements": read("SELECT count(*) FROM announcements")[0][0],
        "cursor": store.get_meta(CURSOR_KEY),
    }


async def test_the_first_sync_imports_everything_and_announces_nothing(store):
    async with SparqlDouble(dataset()) as double:
        report = await sync(store, service(double), page_size=2)
    assert report.first and report.pages == 2 and report.announcements == 0
    assert "Bo Berg" in answer(store, "/who-leads freedonia")
    assert "Ana Lind" in answer(store, "/who-leads freedonia on:2020-01-01")
    assert "Eva Rosen" in answer(store, "/who-leads sylvania")
    assert [entry.action for entry in store.audit_log()].count("wikidata-sync") == 2
    agent = double.requests[0]["headers"]["User-Agent"]
    assert "ops@example.org" in agent and agent.startswith("Handover/")
    assert "schema:dateModified" in double.requests[0]["query"]


async def test_a_second_sync_applies_exactly_the_change(store):
    people = dataset()
    async with SparqlDouble(people) as double:
        await sync(store, service(double))
        before = store.counts()
        asked = len(double.requests)
        change_of_government(people)
        report = await sync(store, service(double))
        assert '"2026-10-03T08:00:00Z"' in double.requests[asked]["query"]  # only what changed
    assert not report.first and report.pages == 1 and report.rows == 2
    after = store.counts()
    assert after["tenures"] - before["tenures"] == 1  # Cy Dahl's
    assert after["transitions"] - before["transitions"] == 1  # Bo Berg → Cy Dahl
    assert report.announcements >= 1
    assert "Cy Dahl" in answer(store, "/who-leads freedonia")
    assert "Bo Berg" in answer(store, "/who-leads freedonia on:2025-01-01")


async def test_a_deprecated_statement_stops_being_answered(store):
    people = dataset()
    async with SparqlDouble(people) as double:
        await sync(store, service(double))
        assert "Eva Rosen" in answer(store, "/who-leads sylvania")
        people["Q920"] = Person("2026-11-21T10:00:00Z", 302, statement_rows(
            "Q920", "Eva Rosen", "Q921", "President of Sylvania", "Q922", "Sylvania",
            "Q920-a", start="2022-01-15", deprecated=True))
        report = await sync(store, service(double))
    assert report.withdrawn >= 1
    assert "Eva Rosen" not in answer(store, "/who-leads sylvania")
    assert "Eva Rosen" not in answer(store, "/history sylvania")


@pytest.mark.parametrize("failure", [
    ("status", 429, {"Retry-After": "3"}),
    ("status", 500),
    ("hang", 1.0),
])
async def test_failures_mid_sync_are_retried_and_the_result_is_the_same(
        engine, bundled_store, tmp_path, failure):
    results = []
    for inject in (False, True):
        folder = tmp_path / f"copy-{inject}"
        folder.mkdir()
        with copy_of_bundled(engine, bundled_store, folder) as copy:
            results.append(await _two_syncs(copy, failure if inject else None))
    assert results[0] == results[1]


async def _two_syncs(location, failure) -> object:
    """A first page, then the rest with `failure` (if any) injected once; the facts after."""
    from store import Store

    async with await Store.open(location, clock=today) as store, \
            SparqlDouble(dataset()) as double:
        asking = service(double, timeout_s=0.3)
        await sync(store, asking, page_size=1, max_pages=1)
        if failure:
            double.fail_next(*failure)
        await sync(store, asking, page_size=1)
        if failure and failure[0] == "status" and failure[1] == 429:
            assert asking.waits == [3.0]  # Retry-After obeyed
        elif failure:
            assert asking.waits == [0.01]
        return snapshot(store)


async def test_a_sync_that_gives_up_leaves_whole_pages_and_resumes(store_path):
    from store import Store
    from tests.conftest import today

    async with await Store.open(store_path, clock=today) as store, \
            SparqlDouble(dataset()) as double:
        asking = service(double, attempts=2)
        await sync(store, asking, page_size=1, max_pages=1)
        one_page = snapshot(store)
        double.fail_next("status", 503)
        double.fail_next("status", 503)
        with pytest.raises(ServiceError, match="HTTP 503"):
            await sync(store, asking, page_size=1)
        assert snapshot(store) == one_page  # as before, never half a page
        report = await sync(store, asking, page_size=1)
        assert (report.pages, report.queries) == (2, 3)  # resumed: two people left, then "none"
        assert "Eva Rosen" in answer(store, "/who-leads sylvania")


async def test_a_change_is_announced_once_in_a_subscribed_channel(store_path):
    people = dataset()
    async with SparqlDouble(people) as double, running_bot(
            store_path, wikidata_endpoint="", wikidata_sync_s=0) as running:
        running.bot.wikidata.service = service(double)
        await running.bot.wikidata.run_once()  # the first sync: history, not news
        interaction = await running.double.slash(
            "announce subscribe", {"channel": "announcements", "org": "Freedonia"},
            user="admin")
        await interaction.final_message()
        change_of_government(people)
        await running.bot.wikidata.run_once()
        await running.bot.announcer.run_once()
        where = running.double.guild().channel("announcements").id
        posts = running.double.channel_messages.get(where, [])
        assert len(posts) == 1
        shown = embed_text(posts[0])
        assert "Cy Dahl" in shown and "Wikidata" in shown and "Q912" in shown
        assert "401" in shown  # the revision read


def test_wikidata_sync_once_says_so_when_the_endpoint_cannot_be_reached(handover,
                                                                         monkeypatch):
    monkeypatch.setenv("HANDOVER_WIKIDATA_ENDPOINT",
                       f"http://127.0.0.1:{closed_port()}/sparql")
    monkeypatch.setenv("HANDOVER_WIKIDATA_RETRY_S", "0.01")
    result = handover("wikidata-sync", "--once")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith("handover: cannot use the query service at http://127.0.0.1:")
    assert "Traceback" not in result.err


def test_wikidata_sync_once_through_the_command_line(handover, monkeypatch):
    async def serve_and_run():
        import asyncio
        async with SparqlDouble(dataset()) as double:
            monkeypatch.setenv("HANDOVER_WIKIDATA_ENDPOINT", double.url)
            return await asyncio.to_thread(handover, "wikidata-sync", "--once")

    import asyncio
    result = asyncio.run(serve_and_run())
    assert result.code == 0, result.err
    assert "Wikidata sync (first: nothing announced): 1 page(s)" in result.out
    assert "wikidata-sync" in handover("audit").out
    assert TODAY  # the pretended day is set by the fixture


async def test_a_day_of_changes_on_the_recorded_fixture_costs_one_query(tmp_path):
    from bench.wikidata_sync_bench import measure

    path = tmp_path / "empty.db"
    from store import Store
    await (await Store.open(path, bundled=False)).close()
    figures = await measure(path)
    assert figures["first"]["announcements"] == 0  # history
    assert figures["first"]["rows_added"]["tenures"] == 1560
    day = figures["day"]
    assert (day["queries"], day["result_rows"], day["announcements"]) == (1, 23, 8)
    assert day["rows_added"]["tenures"] == 12  # 8 new holders, 4 corrected starts
    assert day["withdrawn"] > 0


async def test_it_follows_known_qids_and_subscribed_names(store):
    await store.subscribe(1, 2, "Interpol")  # not known yet: waits by name
    async with SparqlDouble(dataset()) as double:
        await sync(store, service(double))  # Freedonia (Q900) and Sylvania become known
        await sync(store, service(double))
    first, later = double.requests[0]["query"], double.requests[-1]["query"]
    assert "wd:Q3624078" in first  # every sovereign state
    assert '"Interpol"@en' in first and "rdfs:label|skos:altLabel" in first
    assert "wd:Q900" in later and "wd:Q922" in later
