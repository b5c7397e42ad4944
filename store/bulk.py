"""Writing a plan of facts keyed by Wikidata ids, in bulk, in one transaction.

What reads Wikidata (the top-level `wikidata` package) hands the store a `Plan`:
entities by QID, offices, tenures and transitions, and the items they cite. `apply`
writes one plan all-or-nothing, with its audit entry, the citations of withdrawn
statements retracted, the announcements of new transitions queued and the caller's
bookkeeping (`meta`) — all in the same transaction.

The same merging rules as `FactWriter` — find entities by QID, then by name; the same
tenure (office, person, start) is one row; columns already set are never replaced —
applied to whole tables at once: each step reads what exists in one query and writes
with one `executemany`. New rows get their ids from the table's current maximum, which
is safe because the caller holds the write lock (`BEGIN IMMEDIATE`) throughout.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import aiosqlite

from store import announcements, audit
from store.audit import OPERATOR, Actor
from store.dates import parse_optional
from store.db import Database, Dialect
from store.normalize import normalize
from store.writer import SourceInfo, matching_tenure, surname

# The plan: what to write, keyed by Wikidata ids ----------------------------------------


@dataclass
class EntityPlan:
    """A person or organization to find or create, by QID."""

    qid: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    org_type: str | None
    description: str | None


@dataclass
class OfficePlan:
    """An office of an organization; the lowest priority is principal."""

    org: str
    role: str
    priority: int


@dataclass
class TenurePlan:
    """One tenure, merged from every statement with its office, person and start."""

    office: tuple[str, str]  # (org QID, role key)
    person: str
    start: str | None
    end: str | None = None
    end_unknown: bool = False
    acting: bool = False
    end_scheduled: bool = False
    notes: list[str] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)  # item QID → evidence
    replaces: dict[str, set[str]] = field(default_factory=dict)  # person → citing items
    replaced_by: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class TransitionPlan:
    """A handover Wikidata states with replaces or replaced by."""

    office: tuple[str, str]
    incoming: str
    outgoing: str
    effective: str | None
    citations: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """Entities, offices, tenures and transitions to merge, and the items they cite."""

    entities: dict[str, EntityPlan] = field(default_factory=dict)
    offices: dict[tuple[str, str], OfficePlan] = field(default_factory=dict)
    tenures: list[TenurePlan] = field(default_factory=list)
    transitions: list[TransitionPlan] = field(default_factory=list)
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class WriteCounts:
    """How many rows of each kind the import wrote or merged into."""

    people: int
    organizations: int
    offices: int
    tenures: int
    transitions: int
    sources: int
    matched_by_name: int


async def _rows(db: aiosqlite.Connection, sql: str, parameters: tuple = ()) -> list:
    async with db.execute(sql, parameters) as cursor:
        return list(await cursor.fetchall())


async def _next_id(db: aiosqlite.Connection, table: str) -> int:
    (row,) = await _rows(db, f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return row[0]


_TERRITORIAL = frozenset({"of", "the"})  # `… of the Netherlands`, `… of Wales`
_ROMAN = frozenset("IVXLC")


def surname_alias(name: str) -> str | None:
    """A person's surname, kept as an alias as `FactWriter` does, where a label has one.

    Names of monarchs and peers (`Willem-Alexander of the Netherlands`, `Charles III`,
    `Hastings Ismay, 1st Baron Ismay`) have none: their last word is a country, a number
    or a title.
    """
    last = surname(name)
    words = name.split()
    if (last is None or "," in name or "(" in name or last[:1].islower()
            or set(last) <= _ROMAN or any(ch.isdigit() for ch in last) or last.endswith(".")
            or _TERRITORIAL & {word.casefold() for word in words[1:-1]}):
        return None
    return last


def _span(value: str | None) -> tuple[str | None, str | None, str | None]:
    date = parse_optional(value)
    if date is None:
        return None, None, None
    return date.iso(), date.first.isoformat(), date.last.isoformat()


class _Writer:
    def __init__(self, db: aiosqlite.Connection, plan: Plan, dialect: Dialect):
        self.db = db
        self.dialect = dialect
        self.plan = plan
        self.source_ids: dict[str, int] = {}
        self.entity_ids: dict[str, int] = {}
        self.office_ids: dict[tuple[str, str], int] = {}
        self.citations: list[tuple[str, int, int, str | None]] = []
        self.matched_by_name = 0
        self.new_transitions: list[int] = []

    async def _rows_where(self, sql: str, column: str, values) -> list:
        """Rows of `sql` whose `{}` is the condition that `column` is one of `values`."""
        condition, parameters = self.dialect.is_one_of(column, sorted(values))
        return await _rows(self.db, sql.format(condition), parameters)

    async def sources(self) -> None:
        """Find or create a source for every item cited."""
        infos = self.plan.sources
        keys = {qid: info.key for qid, info in infos.items()}
        existing = {row[1]: row[0] for row in await self._rows_where(
            "SELECT id, key FROM sources WHERE {}", "key", keys.values())}
        next_id = await _next_id(self.db, "sources")
        new = []
        for qid, info in infos.items():
            key = keys[qid]
            if key not in existing:
                existing[key] = next_id
                new.append((next_id, key, info.kind, info.title, info.publisher, info.url,
                            info.file, info.published))
                next_id += 1
            self.source_ids[qid] = existing[key]
        await self.db.executemany(
            "INSERT INTO sources (id, key, kind, title, publisher, url, file, published)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new)

    def cite(self, fact: str, fact_id: int, citations: dict[str, str | None]) -> None:
        """Link a fact to the items that state it, with what each says."""
        for qid, evidence in citations.items():
            self.citations.append((fact, fact_id, self.source_ids[qid], evidence or None))

    async def entities(self) -> None:
        """Find entities by QID, then by name; create the rest; merge aliases."""
        plans = self.plan.entities
        ids = self.entity_ids
        for row in await self._rows_where(
                "SELECT id, qid FROM entities WHERE {}", "qid", plans):
            ids[row[1]] = row[0]
        unknown = [entity for qid, entity in plans.items() if qid not in ids]
        matched = await self._match_by_name(unknown)
        inserts = []
        next_id = await _next_id(self.db, "entities")
        for entity in unknown:
            if entity.qid in matched:
                ids[entity.qid] = matched[entity.qid]
                self.matched_by_name += 1
            else:
                ids[entity.qid] = next_id
                inserts.append((next_id, entity.kind, entity.name, entity.org_type, entity.qid,
                                entity.description))
                next_id += 1
        await self.db.executemany(
            "INSERT INTO entities (id, kind, name, org_type, qid, description)"
            " VALUES (?, ?, ?, ?, ?, ?)", inserts)
        new_ids = {row[0] for row in inserts}
        await self.db.executemany(
            "UPDATE entities SET qid = ?, org_type = coalesce(org_type, ?),"
            " description = coalesce(description, ?) WHERE id = ?",
            [(qid, entity.org_type, entity.description, ids[qid])
             for qid, entity in plans.items() if ids[qid] not in new_ids])
        aliases = []
        for qid, entity in plans.items():
            names = [entity.name, *entity.aliases]
            if entity.kind == "person" and (last := surname_alias(entity.name)):
                names.append(last)
            for alias in dict.fromkeys(names):
                if norm := normalize(alias):
                    aliases.append((ids[qid], alias, norm))
            self.cite("entity", ids[qid], {qid: None})
        await self.db.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, norm) VALUES (?, ?, ?)", aliases)

    async def _match_by_name(self, unknown: list[EntityPlan]) -> dict[str, int]:
        """Entities already in the store without a QID that are these items, by name.

        The same normalized name and kind wins; failing that, a name of one that is an
        alias of the other (`IMF` known by the alias `International Monetary Fund`). Only
        a single candidate is taken, and only by a single item: anything ambiguous makes
        a new entity rather than a wrong merge.
        """
        labels = {entity.qid: normalize(entity.name) for entity in unknown}
        others = {entity.qid: {normalize(alias) for alias in entity.aliases} - {"", labels[
            entity.qid]} for entity in unknown}
        wanted = set(labels.values()).union(*others.values()) if others else set()
        primary: dict[tuple[str, str], set[int]] = defaultdict(set)
        aliased: dict[tuple[str, str], set[int]] = defaultdict(set)
        for row in await self._rows_where(
                "SELECT DISTINCT aliases.norm, entities.id, entities.name, entities.kind"
                " FROM aliases JOIN entities ON entities.id = aliases.entity_id"
                " WHERE entities.qid IS NULL AND {}", "aliases.norm", wanted):
            aliased[(row[0], row[3])].add(row[1])
            if normalize(row[2]) == row[0]:
                primary[(row[0], row[3])].add(row[1])
        claims: dict[int, list[tuple[bool, str]]] = defaultdict(list)
        for entity in unknown:
            label, kind = labels[entity.qid], entity.kind
            same = primary.get((label, kind), set())
            if same:
                if len(same) == 1:
                    claims[next(iter(same))].append((True, entity.qid))
                continue
            near: set[int] = set()
            if kind == "organization" or len(label.split()) > 1:  # not a bare surname
                near |= aliased.get((label, kind), set())
            for other in others[entity.qid]:
                near |= primary.get((other, kind), set())
            if len(near) == 1:
                claims[next(iter(near))].append((False, entity.qid))
        matched = {}
        for entity_id, claimants in claims.items():
            best = [qid for exact, qid in claimants if exact] or [qid for _, qid in claimants]
            if len(best) == 1:
                matched[best[0]] = entity_id
        return matched

    async def offices(self) -> None:
        """Find offices by organization and role; create the rest, principal first."""
        plan = self.plan
        org_ids = {self.entity_ids[office.org] for office in plan.offices.values()}
        existing: dict[tuple[int, str], int] = {}
        with_principal: set[int] = set()
        for row in await self._rows_where(
                "SELECT id, org_id, role, principal FROM offices WHERE {} ORDER BY id",
                "org_id", org_ids):
            existing.setdefault((row[1], row[2].casefold()), row[0])
            if row[3]:
                with_principal.add(row[1])
        next_id = await _next_id(self.db, "offices")
        new = []
        ordered = sorted(plan.offices.items(), key=lambda pair: (pair[1].priority, pair[0]))
        for key, office in ordered:
            org_id = self.entity_ids[office.org]
            found = existing.get((org_id, key[1]))
            if found is None:
                found = existing[(org_id, key[1])] = next_id
                new.append((next_id, org_id, office.role, int(org_id not in with_principal)))
                with_principal.add(org_id)
                next_id += 1
            self.office_ids[key] = found
        await self.db.executemany(
            "INSERT INTO offices (id, org_id, role, principal) VALUES (?, ?, ?, ?)", new)

    async def tenures(self) -> int:
        """Merge tenures into known rows by `FactWriter`'s rule; insert the rest."""
        rows: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for row in await self._rows_where(
                "SELECT id, office_id, person_id, start, end FROM tenures WHERE {} ORDER BY id",
                "office_id", set(self.office_ids.values())):
            rows[(row[1], row[2])].append({"id": row[0], "start": row[3], "end": row[4]})
        next_id = await _next_id(self.db, "tenures")
        inserts, updates = [], []
        for tenure in self.plan.tenures:
            office_id = self.office_ids[tenure.office]
            person_id = self.entity_ids[tenure.person]
            candidates = rows[(office_id, person_id)]
            start, end = _span(tenure.start), _span(tenure.end)
            note = " ".join(tenure.notes) or None
            match = matching_tenure(candidates, start[0], end[0])
            if match is None:
                match = {"id": next_id, "start": start[0], "end": end[0]}
                candidates.append(match)
                inserts.append((next_id, office_id, person_id, *start, *end,
                                int(tenure.acting), int(tenure.end_scheduled), note))
                next_id += 1
            else:
                updates.append((*start, *end, note, match["id"]))
                match["start"] = match["start"] or start[0]
                match["end"] = match["end"] or end[0]
            self.cite("tenure", match["id"], tenure.citations)
        await self.db.executemany(
            "INSERT INTO tenures (id, office_id, person_id, start, start_first, start_last,"
            " end, end_first, end_last, acting, end_scheduled, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
        await self.db.executemany(
            "UPDATE tenures SET"
            " start = coalesce(start, ?), start_first = coalesce(start_first, ?),"
            " start_last = coalesce(start_last, ?), end = coalesce(end, ?),"
            " end_first = coalesce(end_first, ?), end_last = coalesce(end_last, ?),"
            " note = coalesce(note, ?) WHERE id = ?", updates)
        return len(self.plan.tenures)

    async def transitions(self) -> int:
        """Merge transitions by office, incoming person and day; insert the rest."""
        existing: dict[tuple[int, int, str], int] = {}
        for row in await self._rows_where(
                "SELECT id, office_id, incoming_id, effective FROM transitions WHERE {}",
                "office_id", set(self.office_ids.values())):
            existing[(row[1], row[2], row[3] or "")] = row[0]
        next_id = await _next_id(self.db, "transitions")
        inserts, updates = [], []
        for transition in self.plan.transitions:
            office_id = self.office_ids[transition.office]
            incoming = self.entity_ids[transition.incoming]
            outgoing = self.entity_ids[transition.outgoing]
            effective = _span(transition.effective)
            key = (office_id, incoming, effective[0] or "")
            found = existing.get(key)
            if found is None:
                found = existing[key] = next_id
                inserts.append((next_id, office_id, outgoing, incoming, effective[0],
                                effective[1]))
                self.new_transitions.append(next_id)
                next_id += 1
            else:
                updates.append((outgoing, found))
            self.cite("transition", found, transition.citations)
        await self.db.executemany(
            "INSERT INTO transitions (id, office_id, outgoing_id, incoming_id, effective,"
            " effective_first, kind) VALUES (?, ?, ?, ?, ?, ?, 'took_office')", inserts)
        await self.db.executemany(
            "UPDATE transitions SET outgoing_id = coalesce(outgoing_id, ?) WHERE id = ?",
            updates)
        return len(self.plan.transitions)

    async def write_citations(self) -> None:
        """Write every citation gathered by the steps before."""
        await self.db.executemany(
            "INSERT OR IGNORE INTO fact_sources (fact, fact_id, source_id, evidence)"
            " VALUES (?, ?, ?, ?)", self.citations)


async def write_plan(db: aiosqlite.Connection, plan: Plan) -> WriteCounts:
    """Merge a resolved import into the store; the caller holds the open transaction."""
    return (await _write(db, plan)).counts


@dataclass(frozen=True)
class Applied:
    """What `apply` did: rows written, transitions created, citations withdrawn."""

    counts: WriteCounts
    new_transitions: list[int]
    withdrawn: int  # citations of withdrawn statements now retracted
    queued: int  # announcements queued


@dataclass
class _Written:
    counts: WriteCounts
    citations: list[tuple[str, int, int, str | None]]
    new_transitions: list[int]


async def _write(db: aiosqlite.Connection, plan: Plan, dialect: Dialect) -> _Written:
    writer = _Writer(db, plan, dialect)
    await writer.sources()
    await writer.entities()
    await writer.offices()
    tenures = await writer.tenures()
    transitions = await writer.transitions()
    await writer.write_citations()
    kinds = Counter(entity.kind for entity in plan.entities.values())
    counts = WriteCounts(
        people=kinds["person"], organizations=kinds["organization"],
        offices=len(plan.offices), tenures=tenures, transitions=transitions,
        sources=len(plan.sources), matched_by_name=writer.matched_by_name,
    )
    return _Written(counts, writer.citations, writer.new_transitions)


STATEMENT_EVIDENCE = "Wikidata statement "  # how a Wikidata citation's evidence begins


def _item_key_range(qid: str) -> tuple[str, str]:
    """The source keys of one item's citations, at any revision, as an index range."""
    key = f"url:https://www.wikidata.org/wiki/{qid}"
    return key, key + "?\uffff"


async def _withdraw(db: aiosqlite.Connection, statements: dict[str, str]) -> list[tuple]:
    """Retract every citation of these statements (id → the item they are on); return the
    rows retracted (rowid, fact, fact_id, source_id)."""
    found: list[tuple] = []
    by_item: dict[str, set[str]] = defaultdict(set)
    for statement, item in statements.items():
        by_item[item].add(statement)
    for item, ids in by_item.items():
        low, high = _item_key_range(item)
        for row in await _rows(
                db, "SELECT fact_sources.rowid, fact, fact_id, source_id, evidence"
                " FROM fact_sources JOIN sources ON sources.id = fact_sources.source_id"
                " WHERE (sources.key = ? OR sources.key BETWEEN ? AND ?)"
                " AND fact_sources.retracted = 0 AND fact_sources.evidence LIKE ?",
                (low, low + "?", high, STATEMENT_EVIDENCE + "%")):
            statement = row[4][len(STATEMENT_EVIDENCE):].split(" ", 1)[0]
            if statement in ids:
                found.append(tuple(row[:4]))
    await db.executemany("UPDATE fact_sources SET retracted = 1 WHERE rowid = ?",
                         [(row[0],) for row in found])
    return found


async def apply(database: Database, plan: Plan, *, action: str, target: str,
                actor: Actor = OPERATOR, withdraw: dict[str, str] | None = None,
                announce_on: dt.date | None = None, meta: dict[str, str] | None = None
                ) -> Applied:
    """Write a plan in one transaction: all of it, or none.

    `withdraw` names statements (id → item) whose earlier citations no longer hold — a
    statement changed or deprecated since it was read: those citations are retracted,
    and the plan cites again what the statement still says. `announce_on` (today) queues
    announcements of the transitions the plan creates; None announces nothing (history).
    `meta` is stored with the facts (a sync's cursor). The audit log gets one entry.
    """
    async with database.transaction() as db:
        withdrawn = await _withdraw(db, withdraw) if withdraw else []
        written = await _write(db, plan, database.dialect)
        cited = {(fact, fact_id, source_id) for fact, fact_id, source_id, _ in written.citations}
        kept = [(row[0],) for row in withdrawn if tuple(row[1:]) in cited]
        await db.executemany("UPDATE fact_sources SET retracted = 0 WHERE rowid = ?", kept)
        queued = 0
        if announce_on is not None and written.new_transitions:
            queued = await announcements.queue_for(db, written.new_transitions, announce_on)
        for key, value in (meta or {}).items():
            await db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             (key, value))
        after = asdict(written.counts)
        if withdraw is not None or announce_on is not None:
            after |= {"withdrawn": len(withdrawn) - len(kept), "announcements": queued}
        await audit.record(db, actor, action, target, after=after)
    return Applied(written.counts, written.new_transitions, len(withdrawn) - len(kept), queued)


def followed(database: Database) -> tuple[list[str], list[str]]:
    """What a Wikidata sync follows beyond the heads of sovereign states: the QIDs of the
    organizations the store knows by one, and the names of those channels are subscribed
    to without one (a name not known yet, as given, or a known organization's name)."""
    qids = [row[0] for row in database.read(
        "SELECT DISTINCT qid FROM entities WHERE kind = 'organization' AND qid IS NOT NULL"
        " ORDER BY qid")]
    names = [row[0] for row in database.read(
        "SELECT DISTINCT coalesce(entities.name, subscriptions.org_wanted) AS name"
        " FROM subscriptions LEFT JOIN entities ON entities.id = subscriptions.org_id"
        " WHERE (subscriptions.org_id IS NULL AND subscriptions.org_wanted IS NOT NULL)"
        " OR (subscriptions.org_id IS NOT NULL AND entities.qid IS NULL) ORDER BY name")]
    return qids, names


__all__ = ["Applied", "Plan", "WriteCounts", "apply", "followed", "write_plan"]
