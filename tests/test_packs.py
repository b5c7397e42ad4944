"""Packs: the bundled facts, merging two sources into one fact, and idempotent imports."""

import json

from store import PackError, Store
from store.packs import bundled_path
from tests import engines

TABLES = ("sources", "entities", "aliases", "offices", "tenures", "transitions", "quotes",
          "quote_topics", "statements", "fact_sources")


def dump(path) -> dict[str, list]:
    return {table: engines.query(path, f"SELECT * FROM {table} ORDER BY 1") for table in TABLES}


def test_importing_the_bundled_packs_again_changes_nothing(handover, store_path):
    before = dump(store_path)
    for name in ("reference-leaders.json", "seed-rutte-nato-2024.json"):
        result = handover("import", str(bundled_path(name)))
        assert result.code == 0
        assert "nothing new" in result.out
    assert dump(store_path) == before


def test_a_new_pack_is_merged_and_reports_what_it_added(handover, tmp_path):
    pack = {
        "format": "handover-facts/1",
        "source": {"kind": "manual", "title": "Desk notes", "published": "2024-10-02"},
        "organizations": [{"name": "NATO", "aliases": ["Atlantic Alliance"]}],
        "people": [{"name": "Mark Rutte"}],
        "quotes": [{"speaker": "Mark Rutte", "text": "NATO will stay strong.", "kind": "direct",
                    "said_on": "2024-10-02", "about": ["NATO"]}],
    }
    path = tmp_path / "desk.json"
    path.write_text(json.dumps(pack))
    result = handover("import", str(path))
    assert result.code == 0
    assert "1 quotes" in result.out and "1 sources" in result.out
    assert "Who leads NATO" in handover("ask", "/who-leads atlantic alliance").out
    assert "NATO will stay strong." in handover("ask", "/quotes rutte").out
    assert "1 sources" not in handover("import", str(path)).out


def test_a_broken_pack_is_a_clear_error_and_changes_nothing(handover, store_path, tmp_path):
    before = dump(store_path)
    for content in ("{not json", "[]", '{"format": "something-else"}'):
        path = tmp_path / "bad.json"
        path.write_text(content)
        result = handover("import", str(path))
        assert result.code == 1
        assert result.err.startswith("handover: bad.json")
    assert handover("import", str(tmp_path / "missing.json")).err.startswith("handover: no pack")
    assert dump(store_path) == before


async def test_the_seed_transition_and_the_reference_pack_make_one_fact_with_both_sources(store):
    nato = store.resolve("nato").entity
    latest = store.recent(nato, limit=1)[0]
    assert (latest.incoming.name, latest.outgoing.name) == ("Mark Rutte", "Jens Stoltenberg")
    assert latest.effective.iso() == "2024-10-01"
    assert latest.place == "Alliance Headquarters, Brussels"
    assert latest.occasion == "handover ceremony"
    kinds = {source.kind for source in latest.sources}
    assert kinds == {"article", "pack"}
    assert any(s.title == "Mark Rutte Assumes Leadership of NATO: A New Era Begins"
               for s in latest.sources)
    assert sum(1 for t in store.recent(nato, limit=100) if t.incoming.name == "Mark Rutte") == 1


async def test_reference_rows_keep_their_source_urls(store):
    (_office, tenures) = store.history(store.resolve("nato").entity)[0]
    ismay = tenures[0]
    urls = {source.url for source in ismay.sources}
    assert "https://it.wikipedia.org/wiki/Segretario_generale_della_NATO" in urls
    reference = json.loads(bundled_path("reference-leaders.json").read_text())
    assert len(reference["offices"][0]["holders"]) == len(tenures)


async def test_ruttes_fourteen_years_as_dutch_prime_minister_is_one_tenure_with_two_sources(
        store):
    profile = store.profile(store.resolve("Mark Rutte").entity)
    (dutch,) = [t for t in profile.tenures if t.office.org.name == "Netherlands"]
    assert dutch.span == "14 years"
    assert dutch.start.iso() == "2010-10-14"
    assert {source.kind for source in dutch.sources} == {"article", "pack"}


async def test_the_seed_pack_holds_every_fact_of_the_article(tmp_path):
    async with await Store.open(tmp_path / "seed-only.db", bundled=False) as store:
        await store.import_pack(bundled_path("seed-rutte-nato-2024.json"))
        counts = store.counts()
        assert counts["transitions"] == 1 and counts["quotes"] == 3
        rutte = store.resolve("rutte").entity
        profile = store.profile(rutte)
        kinds = sorted(s.kind for s in profile.statements)
        assert kinds.count("priority") == 3 and kinds.count("accusation") == 1
        (article,) = {s for fact in profile.quotes for s in fact.sources}
        assert article.kind == "article" and article.published.iso() == "2024-10-01"
        assert store.resolve("the Alliance").entity.name == "NATO"


async def test_unknown_pack_format_raises_pack_error(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('{"offices": 3}')
    async with await Store.open(tmp_path / "s.db", bundled=False) as store:
        try:
            await store.import_pack(path)
        except PackError as error:
            assert "neither a reference pack" in str(error)
        else:
            raise AssertionError("an unknown pack format was accepted")
