"""Writing facts: find-or-create entities, merge facts, link every fact to its sources.

A `FactWriter` works inside one open transaction. The same fact written twice, from
one source or from two, stays one row; each source it came from is linked to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiosqlite

from store.dates import PartialDate, parse_optional
from store.normalize import normalize

FactKind = str  # 'entity', 'tenure', 'transition', 'quote', 'statement', 'note'


@dataclass(frozen=True)
class SourceInfo:
    """Where facts came from: an article's text, a link, or a pack."""

    kind: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    file: str | None = None
    published: str | None = None
    text: str | None = None

    @property
    def text_hash(self) -> str | None:
        return hashlib.sha256(self.text.encode()).hexdigest() if self.text is not None else None

    @property
    def key(self) -> str:
        if self.text is not None:
            return f"text:{self.text_hash}"
        if self.url:
            return f"url:{self.url}"
        return f"{self.kind}:{self.file or self.title}"


def link_source(url: str) -> SourceInfo:
    """A source known only by its link, as the reference pack cites them."""
    host = urlsplit(url).hostname or url
    return SourceInfo(kind="pack", publisher=host.removeprefix("www."), url=url)


def surname(name: str) -> str | None:
    """The last word of a person's name, kept as an alias so `rutte` finds Mark Rutte."""
    words = name.split()
    return words[-1] if len(words) > 1 else None


def span_columns(prefix: str, value: str | None) -> dict[str, str | None]:
    date = parse_optional(value)
    return {
        prefix: date.iso() if date else None,
        f"{prefix}_first": date.first.isoformat() if date else None,
        f"{prefix}_last": date.last.isoformat() if date else None,
    }


def _iso(value: str | None) -> str | None:
    date = parse_optional(value)
    return date.iso() if date else None


def matching_tenure(rows: list[dict], start: str | None, end: str | None) -> dict | None:
    """The tenure a new one merges into — the one rule every writer uses.

    `rows` are a person's tenures in one office (`id`, `start`, `end`, dates in their
    stored form). The same start is the same tenure; failing that, the single undated
    row that does not contradict the end. Anything else is a tenure of its own.
    """
    for row in rows:
        if start is not None and row["start"] == start:
            return row
    undated = [row for row in rows if start is None or row["start"] is None]
    if end is not None:
        ending = [row for row in undated if row["end"] in (None, end)]
        undated = ending or ([] if start is None else undated)
    return undated[0] if len(undated) == 1 else None


class FactWriter:
    """Merging writes on one connection inside an open transaction.

    A writer writes for a scope: 0 for what every server sees (editors, the operator, the
    packs), or one server's id for what its moderators bring in. A fact is one row
    whoever reports it; what makes it seen in a server is a citation in that server's
    scope (or everywhere). A server's writes add citations of its own and names only it
    sees, and fill in a fact's empty fields only when no one else cites it: they change
    nothing another server sees.
    """

    def __init__(self, db: aiosqlite.Connection, scope: int = 0):
        self.db = db
        self.scope = scope
        self.new_transitions: list[int] = []  # transitions this writer created

    def _in_view(self, table: str) -> str:
        """SQL: rows of `table` this writer finds (all of them, for everyone's writes)."""
        return "1 = 1" if self.scope == 0 else f"{table}.scope IN (0, {int(self.scope)})"

    async def _may_change(self, fact: str, fact_id: int) -> bool:
        """A fact's fields may be filled in by everyone's writes, or by a server's when no
        one else cites it."""
        if self.scope == 0:
            return True
        other = await self._one("SELECT 1 FROM fact_sources WHERE fact = ? AND fact_id = ?"
                                " AND scope != ? LIMIT 1", (fact, fact_id, self.scope))
        return other is None

    async def _one(self, sql: str, parameters: tuple = ()) -> aiosqlite.Row | None:
        async with self.db.execute(sql, parameters) as cursor:
            return await cursor.fetchone()

    async def _all(self, sql: str, parameters: tuple = ()) -> list[aiosqlite.Row]:
        async with self.db.execute(sql, parameters) as cursor:
            return list(await cursor.fetchall())

    async def _insert(self, sql: str, parameters: tuple) -> int:
        async with self.db.execute(sql, parameters) as cursor:
            return cursor.lastrowid

    async def source(self, info: SourceInfo) -> int:
        """The id of a source, created on first sight."""
        row = await self._one("SELECT id FROM sources WHERE key = ?", (info.key,))
        if row:
            return row["id"]
        return await self._insert(
            "INSERT INTO sources (key, kind, title, publisher, url, file, published, text_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (info.key, info.kind, info.title, info.publisher, info.url, info.file,
             info.published, info.text_hash),
        )

    async def cite(self, fact: FactKind, fact_id: int, sources: list[int],
                   evidence: str | None = None) -> None:
        for source_id in sources:
            await self.db.execute(
                "INSERT OR IGNORE INTO fact_sources (fact, fact_id, source_id, evidence, scope)"
                " VALUES (?, ?, ?, ?, ?)",
                (fact, fact_id, source_id, evidence, self.scope),
            )

    async def note(self, org_id: int, topic: str, sources: list[int], *,
                   status: str | None = None, detail: str | None = None) -> int:
        """A note on an organization, one per topic: the latest wording wins."""
        async with self.db.execute(
                "INSERT INTO notes (org_id, topic, status, detail) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (org_id, topic) DO UPDATE SET status = excluded.status,"
                " detail = excluded.detail RETURNING id",
                (org_id, topic, status, detail)) as cursor:
            (note_id,) = await cursor.fetchone()
        await self.cite("note", note_id, sources)
        return note_id

    async def add_aliases(self, entity_id: int, names: list[str]) -> None:
        for alias in names:
            norm = normalize(alias)
            if norm:  # a name everyone's writes give is everyone's, even if a server had it
                await self.db.execute(
                    "INSERT INTO aliases (entity_id, alias, norm, scope) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (norm, entity_id) DO UPDATE SET scope = 0"
                    " WHERE excluded.scope = 0",
                    (entity_id, alias, norm, self.scope),
                )

    async def find_entity(self, kind: str, name: str) -> int | None:
        """An entity of this kind named so: by its name first, then by a unique alias."""
        norm = normalize(name)
        rows = await self._all(
            "SELECT DISTINCT entities.id, entities.name FROM aliases"
            " JOIN entities ON entities.id = aliases.entity_id"
            f" WHERE aliases.norm = ? AND entities.kind = ? AND {self._in_view('aliases')}",
            (norm, kind),
        )
        named = {row["id"] for row in rows if normalize(row["name"]) == norm}
        if len(named) == 1:
            return named.pop()
        ids = {row["id"] for row in rows}
        return ids.pop() if len(ids) == 1 else None

    async def entity(self, kind: str, name: str, sources: list[int], *,
                     aliases: list[str] = (), org_type: str | None = None) -> int:
        """Find or create a person or organization; merge its aliases; cite the sources."""
        entity_id = await self.find_entity(kind, name)
        if entity_id is None:
            entity_id = await self._insert(
                "INSERT INTO entities (kind, name, org_type) VALUES (?, ?, ?)",
                (kind, name, org_type),
            )
        elif org_type and self.scope == 0:
            await self.db.execute(
                "UPDATE entities SET org_type = coalesce(org_type, ?) WHERE id = ?",
                (org_type, entity_id),
            )
        names = [name, *aliases]
        if kind == "person" and (last := surname(name)):
            names.append(last)
        await self.add_aliases(entity_id, names)
        await self.cite("entity", entity_id, sources)
        return entity_id

    async def office(self, org_id: int, role: str, *, principal: bool = True,
                     coverage: str | None = None) -> int:
        row = await self._one(
            "SELECT id FROM offices WHERE org_id = ? AND lower(role) = lower(?)", (org_id, role)
        )
        if row:
            if self.scope == 0:  # everyone's writes make an office everyone's
                await self.db.execute(
                    "UPDATE offices SET coverage = coalesce(coverage, ?), scope = 0"
                    " WHERE id = ?", (coverage, row["id"]),
                )
            return row["id"]
        has_principal = await self._one(
            "SELECT 1 FROM offices WHERE org_id = ? AND principal = 1 AND scope = 0", (org_id,)
        )
        return await self._insert(
            "INSERT INTO offices (org_id, role, principal, coverage, scope)"
            " VALUES (?, ?, ?, ?, ?)",
            (org_id, role, int(principal and not has_principal), coverage, self.scope),
        )

    async def tenure(self, office_id: int, person_id: int, sources: list[int], *,
                     start: str | None = None, end: str | None = None, acting: bool = False,
                     end_scheduled: bool = False, unverified: bool = False,
                     span: str | None = None, note: str | None = None,
                     evidence: str | None = None) -> int:
        """Record that a person held an office; the same tenure seen again is merged."""
        tenure_id = await self._matching_tenure(office_id, person_id, start, end)
        columns = {**span_columns("start", start), **span_columns("end", end)}
        if tenure_id is None:
            tenure_id = await self._insert(
                "INSERT INTO tenures (office_id, person_id, start, start_first, start_last,"
                " end, end_first, end_last, acting, end_scheduled, unverified, span, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (office_id, person_id, *columns.values(), int(acting), int(end_scheduled),
                 int(unverified), span, note),
            )
        elif await self._may_change("tenure", tenure_id):
            await self.db.execute(
                "UPDATE tenures SET"
                " start = coalesce(start, ?), start_first = coalesce(start_first, ?),"
                " start_last = coalesce(start_last, ?), end = coalesce(end, ?),"
                " end_first = coalesce(end_first, ?), end_last = coalesce(end_last, ?),"
                " span = coalesce(span, ?), note = coalesce(note, ?) WHERE id = ?",
                (*columns.values(), span, note, tenure_id),
            )
        await self.cite("tenure", tenure_id, sources, evidence)
        return tenure_id

    async def _matching_tenure(self, office_id: int, person_id: int, start: str | None,
                               end: str | None) -> int | None:
        rows = await self._all(
            "SELECT id, start, end FROM tenures WHERE office_id = ? AND person_id = ?",
            (office_id, person_id),
        )
        found = matching_tenure([dict(row) for row in rows], _iso(start), _iso(end))
        return found["id"] if found else None

    async def transition(self, office_id: int, incoming_id: int, sources: list[int], *,
                         outgoing_id: int | None = None, effective: str | None = None,
                         kind: str = "took_office", place: str | None = None,
                         occasion: str | None = None, evidence: str | None = None) -> int:
        date = parse_optional(effective)
        iso = date.iso() if date else None
        row = await self._one(
            "SELECT id FROM transitions WHERE office_id = ? AND incoming_id = ?"
            " AND coalesce(effective, '') = coalesce(?, '')",
            (office_id, incoming_id, iso),
        )
        if row:
            transition_id = row["id"]
            if await self._may_change("transition", transition_id):
                await self.db.execute(
                    "UPDATE transitions SET outgoing_id = coalesce(outgoing_id, ?),"
                    " place = coalesce(place, ?), occasion = coalesce(occasion, ?)"
                    " WHERE id = ?", (outgoing_id, place, occasion, transition_id),
                )
        else:
            transition_id = await self._insert(
                "INSERT INTO transitions (office_id, outgoing_id, incoming_id, effective,"
                " effective_first, kind, place, occasion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (office_id, outgoing_id, incoming_id, iso,
                 date.first.isoformat() if date else None, kind, place, occasion),
            )
            self.new_transitions.append(transition_id)
        await self.cite("transition", transition_id, sources, evidence)
        return transition_id

    async def quote(self, speaker_id: int, text: str, sources: list[int], *, kind: str,
                    said_on: str | None = None, context: str | None = None,
                    topics: list[int] = (), evidence: str | None = None) -> int:
        row = await self._one(
            "SELECT id FROM quotes WHERE speaker_id = ? AND text = ?", (speaker_id, text)
        )
        if row:
            quote_id = row["id"]
        else:
            quote_id = await self._insert(
                "INSERT INTO quotes (speaker_id, text, kind, said_on, context)"
                " VALUES (?, ?, ?, ?, ?)",
                (speaker_id, text, kind, parse_optional(said_on) and said_on, context),
            )
        for topic_id in topics:
            await self.db.execute(
                "INSERT OR IGNORE INTO quote_topics (quote_id, entity_id) VALUES (?, ?)",
                (quote_id, topic_id),
            )
        await self.cite("quote", quote_id, sources, evidence)
        return quote_id

    async def statement(self, person_id: int, kind: str, text: str, sources: list[int], *,
                        target_id: int | None = None, said_on: str | None = None,
                        evidence: str | None = None) -> int:
        await self.db.execute(
            "INSERT OR IGNORE INTO statements (person_id, kind, text, target_id, said_on)"
            " VALUES (?, ?, ?, ?, ?)",
            (person_id, kind, text, target_id, said_on),
        )
        row = await self._one(
            "SELECT id FROM statements WHERE person_id = ? AND kind = ? AND text = ?",
            (person_id, kind, text),
        )
        await self.cite("statement", row["id"], sources, evidence)
        return row["id"]


__all__ = ["FactWriter", "PartialDate", "SourceInfo", "link_source", "matching_tenure"]
