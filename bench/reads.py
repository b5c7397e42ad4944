"""Reads through Handover's store API, side by side with the same SQL on plain sqlite3.

Every store call is made once with its `Database.read` recorded; the recorded statements
are then replayed on a plain read-only `sqlite3` connection (tuples, no row factory, no
progress handler) — the floor. Store call and replay alternate, sample by sample, so both
see the same machine noise; garbage collection runs as in the bot once started (what
exists frozen, the bot's thresholds), and the time this process waited for a CPU while
timing is reported beside the figures (`cpu_wait_ms`).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.synth import TODAY
from bench.timing import collected_as_in_the_bot, proc_status, runqueue_seconds, stats
from bot.client import GC_THRESHOLDS
from store import PartialDate, QueryTooSlow, Store, db
from store.models import Entity
from store.normalize import normalize
from store.rows import get_entity

Statement = tuple[str, tuple]


@dataclass
class Recorder:
    """Stands in for `Database.read`, keeping every statement it runs."""

    read: Callable
    calls: list[Statement] = field(default_factory=list)

    def __call__(self, sql: str, parameters: tuple = ()) -> list:
        self.calls.append((sql, parameters))
        return self.read(sql, parameters)


def record(store: Store, call: Callable[[], object]) -> list[Statement]:
    """The statements `call` runs on the store's reader."""
    recorder = Recorder(store.database.read)
    store.database.read = recorder
    try:
        call()
    finally:
        del store.database.read  # the instance attribute goes; the method is back
    return recorder.calls


def side_by_side(store: Store, raw: sqlite3.Connection, calls: list[Callable[[], object]]
                 ) -> dict:
    """Time each call through the store and its statements on `raw`, alternately."""
    scripts = [record(store, call) for call in calls]  # also warms the caches
    api, floor = [], []
    clock = time.perf_counter
    waited = runqueue_seconds()
    with collected_as_in_the_bot(GC_THRESHOLDS):
        for call, script in zip(calls, scripts, strict=True):
            started = clock()
            call()
            middle = clock()
            for sql, parameters in script:
                raw.execute(sql, parameters).fetchall()
            floor.append(clock() - middle)
            api.append(middle - started)
    return {"api": stats(api), "raw": stats(floor),
            "cpu_wait_ms": round((runqueue_seconds() - waited) * 1000, 1),
            "statements_per_call": round(sum(map(len, scripts)) / max(1, len(scripts)), 2),
            "seconds": (api, floor)}


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    """Seconds per call, after a warm-up on the first tenth."""
    for call in calls[: max(1, len(calls) // 10)]:
        call()
    seconds, clock = [], time.perf_counter
    for call in calls:
        started = clock()
        call()
        seconds.append(clock() - started)
    return seconds


def _date_in(rng: random.Random, first: str, last: str | None) -> PartialDate:
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last) if last else TODAY
    day = start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))
    roll = rng.random()
    if roll < 0.7:
        return PartialDate.of(day)
    return PartialDate(day.year, day.month) if roll < 0.9 else PartialDate(day.year)


def who_leads(store: Store, raw: sqlite3.Connection, samples: int, rng: random.Random
              ) -> dict:
    """`Store.who_leads` now and on a date inside the office's history, against the floor."""
    orgs = raw.execute("SELECT count(*) FROM entities WHERE kind = 'organization'").fetchone()[0]
    now, dated = [], []
    while len(dated) < samples:
        org = get_entity(store.database, rng.randrange(orgs) + 1)
        span = raw.execute("SELECT min(start_first), max(coalesce(end_last, ?)) FROM tenures"
                           " JOIN offices ON offices.id = tenures.office_id"
                           " WHERE offices.org_id = ?", (TODAY.isoformat(), org.id)).fetchone()
        now.append(lambda org=org: store.who_leads(org, None, TODAY))
        if span[0]:
            on = _date_in(rng, span[0], span[1])
            dated.append(lambda org=org, on=on: store.who_leads(org, on, TODAY))
    now_figures = side_by_side(store, raw, now[:samples])
    on_figures = side_by_side(store, raw, dated)
    (now_api, now_raw), (on_api, on_raw) = now_figures.pop("seconds"), on_figures.pop("seconds")
    return {"all": {"api": stats(now_api + on_api), "raw": stats(now_raw + on_raw)},
            "now": now_figures, "on_date": on_figures}


def autocomplete(store: Store, raw: sqlite3.Connection, samples: int, rng: random.Random
                 ) -> dict:
    """`Store.complete` for 1–3 character prefixes and for infixes, organizations and people.

    The first call loads the in-memory alias index; it is timed on its own. If that load
    runs past the store's read time limit (as shipped, it does at a million facts), the
    failure is recorded and the rest is measured with the limit lifted in this process.
    """
    figures: dict = {"index_error": None}
    before = proc_status().get("VmRSS", 0)
    started = time.perf_counter()
    try:
        store.complete("a", "organization")
    except QueryTooSlow as error:
        figures["index_error"] = f"QueryTooSlow after {time.perf_counter() - started:.2f} s: " \
                                 f"{error}"
        db.READ_TIME_LIMIT_S = 3600.0
        started = time.perf_counter()
        store.complete("a", "organization")
    figures["index_build_s"] = round(time.perf_counter() - started, 3)
    figures["index_rss_mb"] = round((proc_status().get("VmRSS", 0) - before) / 1024, 1)
    total = raw.execute("SELECT max(id) FROM entities").fetchone()[0]
    prefixes, infixes = [], []
    for _ in range(samples):
        name, kind = raw.execute("SELECT name, kind FROM entities WHERE id = ?",
                                 (rng.randrange(total) + 1,)).fetchone()
        norm = normalize(name)
        prefix = norm[: rng.randint(1, 3)]
        middle = rng.randrange(1, max(2, len(norm) - 3))
        infix = norm[middle: middle + rng.randint(2, 4)].strip() or norm[:2]
        prefixes.append(lambda text=prefix, kind=kind: store.complete(text, kind))
        infixes.append(lambda text=infix, kind=kind: store.complete(text, kind))
    by_prefix, by_infix = _timed(prefixes), _timed(infixes)
    return {**figures, "prefix": stats(by_prefix, "ms"), "infix": stats(by_infix, "ms"),
            "all": stats(by_prefix + by_infix, "ms")}


def quote_search(store: Store, raw: sqlite3.Connection, samples: int, rng: random.Random
                 ) -> dict:
    """`Store.quotes(person, search=…)` with one or two words from one of their quotes;
    speakers are drawn by quote, so the often-quoted are asked about more often."""
    total = raw.execute("SELECT max(id) FROM quotes").fetchone()[0]
    calls, results = [], []
    for _ in range(samples):
        speaker_id, text = raw.execute("SELECT speaker_id, text FROM quotes WHERE id = ?",
                                       (rng.randrange(total) + 1,)).fetchone()
        words = [w for w in text.rstrip(".").lower().split() if len(w) >= 4] or ["we"]
        search = " ".join(rng.sample(words, min(len(words), rng.choice((1, 1, 2)))))
        speaker: Entity = get_entity(store.database, speaker_id)
        calls.append(lambda s=speaker, q=search: results.append(len(store.quotes(s, search=q))))
    figures = side_by_side(store, raw, calls)
    del figures["seconds"]
    figures["mean_results"] = round(sum(results) / max(1, len(results)), 1)
    return figures


async def run(path: Path, samples: int, seed: int = 11) -> dict:
    """Every read measurement on the store at `path` (the reads themselves are synchronous,
    as the store answers them)."""
    rng = random.Random(seed)
    store = await Store.open(path, bundled=False)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    raw.create_function("viewer_scope", 0, lambda: 0, deterministic=True)  # as the store reads
    try:
        return {"who_leads": who_leads(store, raw, samples, rng),
                "autocomplete": autocomplete(store, raw, max(50, samples // 5), rng),
                "quotes": quote_search(store, raw, max(50, samples // 4), rng)}
    finally:
        raw.close()
        await store.close()
