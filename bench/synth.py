"""A deterministic synthetic store in the store's real schema, written with plain sqlite3.

The schema comes from `Store.open(path, bundled=False)` (every migration, triggers
included); the rows go in with `executemany` inside one transaction. Tenure date columns
use `store.writer.span_columns` (memoized: dates repeat), alias lookup forms use
`store.normalize.normalize`; the quotes' FTS index is rebuilt once at the end (its insert
trigger is dropped meanwhile and restored from its own `sqlite_master` text), while other
triggers, such as the alias trigram index's, run as the rows go in. The file is what the
writer would have produced, only much faster.

Every organization has one to three offices whose holders follow one another back in time
from `TODAY`; every tenure start is also a transition (with the previous holder on a
handover); every fact cites a source, one in ten two. Speakers of quotes are skewed so a
few people are quoted thousands of times, as prominent leaders are.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import random
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import vocab
from store import Store
from store.normalize import normalize
from store.writer import span_columns

TODAY = dt.date(2026, 11, 26)  # the tests' HANDOVER_TODAY; the bot is run with it too
TRANSITION_KINDS = ("took_office", "sworn_in", "appointed", "elected")
CHUNK = 50_000


@dataclass(frozen=True)
class Scale:
    """How big a store to build; `seed` makes it reproducible."""

    orgs: int = 100_000
    people: int = 200_000
    tenures: int = 1_000_000
    quotes: int = 1_000_000
    sources: int = 20_000
    seed: int = 7

    def scaled(self, factor: float) -> Scale:
        """The same shape, `factor` times the size (at least a handful of each)."""
        def size(value: int, least: int) -> int:
            return max(least, round(value * factor))
        return Scale(size(self.orgs, 20), size(self.people, 40), size(self.tenures, 200),
                     size(self.quotes, 200), size(self.sources, 10), self.seed)


@functools.lru_cache(maxsize=200_000)
def span(value: str | None) -> tuple[str | None, str | None, str | None]:
    """`(date, first day, last day)` exactly as the writer stores a tenure's start or end."""
    return tuple(span_columns("d", value).values())


def at_precision(day: dt.date, precision: str) -> str:
    if precision == "day":
        return day.isoformat()
    return f"{day.year:04d}-{day.month:02d}" if precision == "month" else f"{day.year:04d}"


def _precision(rng: random.Random) -> str:
    roll = rng.random()
    return "day" if roll < 0.80 else "month" if roll < 0.92 else "year"


class Builder:
    """Generates the rows of one store; `ids` are assigned in generation order."""

    def __init__(self, scale: Scale):
        self.scale = scale
        self.rng = random.Random(scale.seed)
        self.org_ids = range(1, scale.orgs + 1)
        self.person_ids = range(scale.orgs + 1, scale.orgs + scale.people + 1)
        self.org_names: list[str] = []
        self.person_names: list[str] = []
        self.offices: list[tuple[int, int, str, int]] = []  # id, org, role, principal

    # -- names -----------------------------------------------------------------------------
    def entities(self) -> tuple[list[tuple], list[tuple]]:
        """Entity rows and alias rows (sorted by lookup form, as the index wants them)."""
        rng, taken = self.rng, set()
        stems = vocab.unique_words(rng, self.scale.orgs * 2, taken)
        entities, aliases = [], []
        names: set[str] = set()
        for index, org_id in enumerate(self.org_ids):
            pattern, org_type = rng.choice(vocab.ORG_KINDS)
            name = pattern.format(W=stems[2 * index], W2=stems[2 * index + 1])
            names.add(name)
            self.org_names.append(name)
            entities.append((org_id, "organization", name, org_type))
            forms = [name, vocab.acronym(name)]
            if rng.random() < 0.3:
                forms.append(stems[2 * index])
            aliases += self._aliases(org_id, forms)
        surnames = vocab.unique_words(rng, max(50, self.scale.people // 5), taken)
        for person_id in self.person_ids:
            name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(surnames)}"
            while name in names:
                name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(surnames)}"
            names.add(name)
            self.person_names.append(name)
            entities.append((person_id, "person", name, None))
            aliases += self._aliases(person_id, [name, name.split()[-1]])
        aliases.sort(key=lambda row: (row[2], row[0]))
        return entities, aliases

    @staticmethod
    def _aliases(entity_id: int, forms: list[str | None]) -> list[tuple[int, str, str]]:
        seen: dict[str, str] = {}
        for form in forms:
            if form and (norm := normalize(form)) and norm not in seen:
                seen[norm] = form
        return [(entity_id, alias, norm) for norm, alias in seen.items()]

    def office_rows(self) -> list[tuple[int, int, str, int]]:
        rng, office_id = self.rng, 0
        for org_id in self.org_ids:
            roll = rng.random()
            count = 1 if roll < 0.6 else 2 if roll < 0.9 else 3
            for number, role in enumerate(rng.sample(vocab.ROLES, count)):
                office_id += 1
                self.offices.append((office_id, org_id, role, int(number == 0)))
        return self.offices

    # -- tenures and transitions -----------------------------------------------------------
    def tenure_rows(self) -> Iterator[tuple[list[tuple], list[tuple]]]:
        """Chunks of (tenure rows, transition rows), office by office."""
        rng = self.rng
        per_office = [0] * len(self.offices)
        for _ in range(self.scale.tenures):
            per_office[rng.randrange(len(self.offices))] += 1
        tenures, transitions, next_id = [], [], 1
        for (office_id, _, _, _), count in zip(self.offices, per_office, strict=True):
            for tenure, transition in self._office_history(office_id, count, next_id):
                tenures.append(tenure)
                transitions.append(transition)
            next_id += count
            if len(tenures) >= CHUNK:
                yield tenures, transitions
                tenures, transitions = [], []
        yield tenures, transitions

    def _office_history(self, office_id: int, count: int, first_id: int
                        ) -> Iterator[tuple[tuple, tuple]]:
        rng, people = self.rng, self.person_ids
        holders: list[int] = []
        while len(holders) < count:
            person = people[rng.randrange(len(people))]
            if person not in holders:
                holders.append(person)
        spans, end = [], None if rng.random() < 0.92 else TODAY - dt.timedelta(rng.randint(1, 900))
        cursor = end or TODAY
        for _ in range(count):  # newest first, walking back in time
            start = cursor - dt.timedelta(days=rng.randint(200, 4000))
            spans.append((start, end, _precision(rng)))
            gap = rng.random()
            end = start if gap < 0.85 else start - dt.timedelta(
                days=1 if gap < 0.95 else rng.randint(30, 400))
            cursor = end
        spans.reverse()
        for offset, ((start, end, precision), person) in enumerate(
                zip(spans, holders, strict=True)):
            next_precision = spans[offset + 1][2] if offset + 1 < count else "day"
            start_text = at_precision(start, precision)
            end_text = at_precision(end, next_precision) if end else None
            tenure_id = first_id + offset
            acting = int(rng.random() < 0.03)
            handover = offset and (start - spans[offset - 1][1]).days <= 1
            yield ((tenure_id, office_id, person, *span(start_text), *span(end_text), acting,
                    0, 0, None, None),
                   (tenure_id, office_id, holders[offset - 1] if handover else None, person,
                    start_text, span(start_text)[1], rng.choice(TRANSITION_KINDS), None, None))

    # -- quotes ----------------------------------------------------------------------------
    def quote_rows(self) -> Iterator[tuple[list[tuple], list[tuple]]]:
        """Chunks of (quote rows, quote-topic rows)."""
        rng, zipf = self.rng, vocab.Zipf(self.rng, 20_000)
        people, seen = self.person_ids, set()
        quotes, topics = [], []
        first_day, days = dt.date(1995, 1, 1).toordinal(), (TODAY - dt.date(1995, 1, 1)).days
        for quote_id in range(1, self.scale.quotes + 1):
            speaker = people[int(len(people) * rng.random() ** 2)]
            while True:
                words = zipf.sample(rng, rng.randint(8, 28))
                text = " ".join(words).capitalize() + "."
                key = speaker << 32 | zlib.crc32(text.encode())
                if key not in seen:
                    seen.add(key)
                    break
            context = None
            if rng.random() < 0.4:
                context = rng.choice(vocab.OCCASIONS).format(P=rng.choice(vocab.PLACES))
            said_on = dt.date.fromordinal(first_day + rng.randrange(days)).isoformat()
            quotes.append((quote_id, speaker, text, "direct" if rng.random() < 0.85
                           else "partial", said_on, context))
            if rng.random() < 0.2:
                topics.append((quote_id, self.org_ids[rng.randrange(len(self.org_ids))]))
            if len(quotes) >= CHUNK:
                yield quotes, topics
                quotes, topics = [], []
        yield quotes, topics

    # -- sources ---------------------------------------------------------------------------
    def source_rows(self) -> list[tuple]:
        rng, found = self.rng, []
        for source_id in range(1, self.scale.sources + 1):
            published = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(11_600))
            if rng.random() < 0.05:
                found.append((source_id, f"pack:synthetic-{source_id}.json", "pack",
                              f"Synthetic pack {source_id}", None, None,
                              f"synthetic-{source_id}.json", None, None))
                continue
            slug = "-".join(vocab.word(rng).lower() for _ in range(4))
            url = f"https://news.example/{published.year}/{slug}-{source_id}"
            found.append((source_id, f"url:{url}", "article", slug.replace("-", " ").title(),
                          rng.choice(vocab.PUBLISHERS), url, None, published.isoformat(),
                          None))
        return found

    def citations(self, fact: str, ids: range | list[int]) -> Iterator[tuple]:
        rng, sources = self.rng, self.scale.sources
        for fact_id in ids:
            first = rng.randrange(sources) + 1
            yield (fact, fact_id, first, None)
            if rng.random() < 0.1 and (second := rng.randrange(sources) + 1) != first:
                yield (fact, fact_id, second, None)


async def create_schema(path: Path) -> None:
    """An empty store with every migration applied, as the product would create it."""
    store = await Store.open(path, bundled=False)
    await store.close()


def fill(path: Path, scale: Scale) -> dict[str, int]:
    """Write every row; return the number of rows per table."""
    builder = Builder(scale)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        return _fill(db, builder)
    finally:
        db.close()


def _fill(db: sqlite3.Connection, builder: Builder) -> dict[str, int]:
    db.execute("PRAGMA journal_mode = DELETE")
    for pragma in ("synchronous = OFF", "cache_size = -1000000", "temp_store = MEMORY",
                   "foreign_keys = OFF"):
        db.execute(f"PRAGMA {pragma}")
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                         " AND name = 'quotes_fts_insert'").fetchone()[0]
    db.execute("BEGIN")
    db.execute("DROP TRIGGER quotes_fts_insert")  # one FTS rebuild beats a million inserts
    db.executemany("INSERT INTO sources (id, key, kind, title, publisher, url, file, published,"
                   " text_hash, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                   " '2026-01-01T00:00:00Z')", builder.source_rows())
    entities, aliases = builder.entities()
    db.executemany("INSERT INTO entities (id, kind, name, org_type) VALUES (?, ?, ?, ?)",
                   entities)
    db.executemany("INSERT INTO aliases (entity_id, alias, norm) VALUES (?, ?, ?)", aliases)
    db.executemany("INSERT INTO offices (id, org_id, role, principal) VALUES (?, ?, ?, ?)",
                   builder.office_rows())
    cite = "INSERT INTO fact_sources (fact, fact_id, source_id, evidence) VALUES (?, ?, ?, ?)"
    db.executemany(cite, builder.citations("entity", [row[0] for row in entities]))
    for tenures, transitions in builder.tenure_rows():
        db.executemany("INSERT INTO tenures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       tenures)
        db.executemany("INSERT INTO transitions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       transitions)
        db.executemany(cite, builder.citations("tenure", [row[0] for row in tenures]))
        db.executemany(cite, builder.citations("transition", [row[0] for row in transitions]))
    for quotes, topics in builder.quote_rows():
        db.executemany("INSERT INTO quotes (id, speaker_id, text, kind, said_on, context)"
                       " VALUES (?, ?, ?, ?, ?, ?)", quotes)
        db.executemany("INSERT INTO quote_topics (quote_id, entity_id) VALUES (?, ?)", topics)
        db.executemany(cite, builder.citations("quote", [row[0] for row in quotes]))
    db.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
    db.execute(trigger)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    tables = ("entities", "aliases", "offices", "tenures", "transitions", "quotes",
              "quote_topics", "sources", "fact_sources")
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in tables}


def build(path: Path, scale: Scale) -> dict[str, int]:
    """Create the store at `path` (which must not exist) and fill it."""
    asyncio.run(create_schema(path))
    return fill(path, scale)
