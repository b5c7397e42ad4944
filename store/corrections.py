"""Editors and moderators fix what sources got wrong: correct, retract, publish, add or
remove a name, and undo any of these. Every change is one audit row holding the columns
before and after, which is what `store/undoing.py` puts back.

Facts are named `kind:id` — `tenure:12`, `transition:5`, `quote:3`, `statement:2`,
`entity:7` — the same names the audit log uses for its targets.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import aiosqlite

from store import audit
from store.audit import Actor
from store.dates import BadDate, PartialDate
from store.db import Database, IntegrityError
from store.normalize import normalize
from store.writer import FactWriter, SourceInfo, span_columns

KINDS = ("tenure", "transition", "quote", "statement", "entity")
TABLES = {"tenure": "tenures", "transition": "transitions", "quote": "quotes",
          "statement": "statements", "entity": "entities"}


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, fit to show the user."""


@dataclass(frozen=True)
class FactRef:
    kind: str
    id: int

    @classmethod
    def parse(cls, text: str) -> FactRef:
        kind, _, number = text.strip().lower().partition(":")
        if kind not in KINDS or not number.isdigit():
            raise CorrectionError(f"'{text}' is not a fact; facts are named like tenure:12, "
                                  "transition:5, quote:3, statement:2 or entity:7")
        return cls(kind, int(number))

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


# Reading -----------------------------------------------------------------------------

def columns(database: Database, ref: FactRef) -> dict[str, Any]:
    """The fact's row as stored; `CorrectionError` when there is none."""
    row = database.read_one(f"SELECT * FROM {TABLES[ref.kind]} WHERE id = ?", (ref.id,))
    if row is None:
        raise CorrectionError(f"There is no {ref}.")
    return dict(row)


def scopes(database: Database, ref: FactRef) -> set[int]:
    """Where the fact is cited (0: everywhere), retracted citations included."""
    return {row["scope"] for row in database.read(
        "SELECT DISTINCT scope FROM fact_sources WHERE fact = ? AND fact_id = ?",
        (ref.kind, ref.id))}


def trusted(actor: Actor) -> bool:
    return actor.role in ("editor", "operator")


def visible(database: Database, ref: FactRef, actor: Actor) -> bool:
    """Editors see every fact; a moderator what their server sees."""
    return trusted(actor) or bool(scopes(database, ref) & {0, actor.guild_id})


def may_change(database: Database, ref: FactRef, actor: Actor) -> bool:
    """Editors change any fact; a moderator only facts their own server alone brought in."""
    return trusted(actor) or scopes(database, ref) == {actor.guild_id}


def _check(database: Database, ref: FactRef, actor: Actor) -> None:
    if not visible(database, ref, actor):
        raise CorrectionError(f"There is no {ref}.")
    if not may_change(database, ref, actor):
        raise CorrectionError(f"{ref} is seen by every server: only an editor can change it.")


# Writing -----------------------------------------------------------------------------

EDITABLE = {
    "tenure": ("start", "end", "holder", "role", "acting"),
    "transition": ("incoming", "outgoing", "effective"),
    "quote": ("speaker", "said_on"),
}


async def _person(db: aiosqlite.Connection, name: str, actor: Actor, cited: int) -> int:
    return await FactWriter(db, actor.scope).entity("person", name, [cited])


def _date(value: str) -> PartialDate | None:
    if value.strip().lower() in ("", "none", "unknown"):
        return None
    try:
        return PartialDate.parse(value.strip())
    except BadDate as error:
        raise CorrectionError(str(error)) from None


async def _new_columns(db: aiosqlite.Connection, row: dict[str, Any], changes: dict[str, str],
                       actor: Actor, cited: int) -> dict[str, Any]:
    """The columns `changes` (field → what the user typed) become."""
    result: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "role":
            role = " ".join(value.split())
            if not role:
                raise CorrectionError("Give the role, like Secretary General.")
            async with db.execute("SELECT org_id FROM offices WHERE id = ?",
                                  (row["office_id"],)) as cursor:
                (org_id,) = await cursor.fetchone()
            result["office_id"] = await FactWriter(db, actor.scope).office(org_id, role)
            continue
        if field in ("start", "end", "effective", "said_on"):
            date = _date(value)
            if field == "said_on":
                result["said_on"] = date.iso() if date else None
            else:
                spans = span_columns(field, date.iso() if date else None)
                result.update(spans if field != "effective" else
                              {"effective": spans["effective"],
                               "effective_first": spans["effective_first"]})
        elif field == "acting":
            if value.strip().lower() not in ("true", "false", "yes", "no"):
                raise CorrectionError("acting is true or false.")
            result["acting"] = int(value.strip().lower() in ("true", "yes"))
        else:  # a person: holder, incoming, outgoing, speaker
            column = {"holder": "person_id", "incoming": "incoming_id",
                      "outgoing": "outgoing_id", "speaker": "speaker_id"}[field]
            name = " ".join(value.split())
            if not name and field != "outgoing":
                raise CorrectionError(f"Give the {field}'s name.")
            result[column] = await _person(db, name, actor, cited) if name else None
    return result


async def _correction_source(db: aiosqlite.Connection, actor: Actor, today: dt.date) -> int:
    who = "an editor" if actor.role != "moderator" else "a moderator of this server"
    writer = FactWriter(db, actor.scope)
    return await writer.source(SourceInfo(  # each correction its own source
        kind="manual", title=f"Corrected by {who}", published=today.isoformat(),
        text=f"correction {uuid.uuid4().hex}"))


async def correct(database: Database, ref: FactRef, changes: dict[str, str], actor: Actor,
                  today: dt.date, reason: str | None = None) -> dict[str, Any]:
    """Change a fact's fields; the correction is cited beside the sources it outranks.
    Returns the columns as they were before."""
    allowed = EDITABLE.get(ref.kind, ())
    unknown = [field for field in changes if field not in allowed]
    if unknown or not changes:
        what = ", ".join(allowed) or "nothing"
        raise CorrectionError(f"A {ref.kind} has these fields to correct: {what}.")
    before = columns(database, ref)
    _check(database, ref, actor)
    async with database.transaction() as db:
        cited = await _correction_source(db, actor, today)
        after = await _new_columns(db, before, changes, actor, cited)
        previous = {column: before[column] for column in after}
        await set_columns(db, ref, after)
        await FactWriter(db, actor.scope).cite(ref.kind, ref.id, [cited])
        await audit.record(db, actor, "correct", str(ref), before=previous,
                           after={"set": after, "cited": cited}, reason=reason)
    return previous


async def set_columns(db: aiosqlite.Connection, ref: FactRef, values: dict[str, Any]) -> None:
    assignments = ", ".join(f"{column} = ?" for column in values)
    try:
        await db.execute(f"UPDATE {TABLES[ref.kind]} SET {assignments} WHERE id = ?",
                         (*values.values(), ref.id))
    except IntegrityError:
        raise CorrectionError(f"That would make {ref} the same as another fact; retract one "
                              "of them instead.") from None


async def retract(database: Database, ref: FactRef, actor: Actor, reason: str) -> int:
    """Stop answering and announcing a fact: its citations (every one, for an editor; the
    server's own, for a moderator) are marked retracted and stay in its history. Pending
    announcements of a retracted transition are cancelled. Returns how many citations."""
    columns(database, ref)
    _check(database, ref, actor)
    mine = "1 = 1" if trusted(actor) else f"scope = {int(actor.guild_id or 0)}"
    async with database.transaction() as db:
        async with db.execute(
                "SELECT scope, source_id FROM fact_sources WHERE fact = ? AND fact_id = ?"
                f" AND retracted = 0 AND {mine}", (ref.kind, ref.id)) as cursor:
            citations = [[row["scope"], row["source_id"]] for row in await cursor.fetchall()]
        if not citations:
            raise CorrectionError(f"{ref} is already retracted.")
        await mark(db, ref, citations, retracted=True)
        if ref.kind == "transition":
            await db.execute(
                "UPDATE deliveries SET status = 'failed', last_error = 'retracted'"
                " WHERE status = 'pending' AND announcement_id IN"
                " (SELECT id FROM announcements WHERE transition_id = ?)", (ref.id,))
        await audit.record(db, actor, "retract", str(ref), before={"citations": citations},
                           after={"retracted": True}, reason=reason)
    return len(citations)


async def mark(db: aiosqlite.Connection, ref: FactRef, citations: list[list[int]], *,
                retracted: bool) -> None:
    for scope, source_id in citations:
        await db.execute("UPDATE fact_sources SET retracted = ? WHERE fact = ? AND fact_id = ?"
                         " AND scope = ? AND source_id = ?",
                         (int(retracted), ref.kind, ref.id, scope, source_id))


_RELATED = {
    "tenure": "SELECT person_id AS person, office_id AS office FROM tenures WHERE id = ?",
    "transition": "SELECT incoming_id AS person, outgoing_id AS other, office_id AS office"
                  " FROM transitions WHERE id = ?",
    "quote": "SELECT speaker_id AS person FROM quotes WHERE id = ?",
    "statement": "SELECT person_id AS person, target_id AS other FROM statements WHERE id = ?",
    "entity": "SELECT id AS person FROM entities WHERE id = ?",
}


async def publish(database: Database, ref: FactRef, actor: Actor) -> dict[str, Any]:
    """Make a server's fact everyone's: its citations, and those of the people and the
    organization it names, are copied to every server, with their names and office."""
    if not trusted(actor):
        raise CorrectionError("Only an editor can make a fact every server's.")
    found = database.read_one(_RELATED[ref.kind], (ref.id,))
    if found is None:
        raise CorrectionError(f"There is no {ref}.")
    related = dict(found)
    entities = [related[key] for key in ("person", "other") if related.get(key) is not None]
    office = related.get("office")
    if office is not None:
        org = database.read_one("SELECT org_id FROM offices WHERE id = ?", (office,))
        entities.append(org["org_id"])
    facts = [ref, *_tenures_told_with(database, ref),
             *(FactRef("entity", entity_id) for entity_id in entities)]
    added: dict[str, Any] = {"citations": [], "aliases": [], "offices": []}
    async with database.transaction() as db:
        for fact in facts:
            async with db.execute(
                    "INSERT OR IGNORE INTO fact_sources (fact, fact_id, source_id, evidence,"
                    " scope) SELECT fact, fact_id, source_id, evidence, 0 FROM fact_sources"
                    " WHERE fact = ? AND fact_id = ? AND scope != 0 AND retracted = 0"
                    " RETURNING fact, fact_id, source_id", (fact.kind, fact.id)) as cursor:
                added["citations"] += [list(row) for row in await cursor.fetchall()]
        marks = ",".join("?" * len(entities))
        async with db.execute(f"SELECT entity_id, norm, scope FROM aliases WHERE entity_id IN"
                              f" ({marks}) AND scope != 0", entities) as cursor:
            added["aliases"] = [list(row) for row in await cursor.fetchall()]
        await db.execute(f"UPDATE aliases SET scope = 0 WHERE entity_id IN ({marks})", entities)
        if office is not None:
            async with db.execute("SELECT id, scope FROM offices WHERE id = ? AND scope != 0",
                                  (office,)) as cursor:
                added["offices"] = [list(row) for row in await cursor.fetchall()]
            await db.execute("UPDATE offices SET scope = 0 WHERE id = ?", (office,))
        if not added["citations"]:
            raise CorrectionError(f"{ref} is already seen by every server.")
        await audit.record(db, actor, "publish", str(ref), after=added)
    return added


def _tenures_told_with(database: Database, ref: FactRef) -> list[FactRef]:
    """For a transition, the tenures its own sources told with it (the incoming holder's
    start, the outgoing holder's end): publishing one publishes what answers rest on."""
    if ref.kind != "transition":
        return []
    found = database.read(
        "SELECT DISTINCT tenures.id FROM transitions JOIN tenures"
        " ON tenures.office_id = transitions.office_id"
        " AND tenures.person_id IN (transitions.incoming_id, transitions.outgoing_id)"
        " JOIN fact_sources AS told ON told.fact = 'tenure' AND told.fact_id = tenures.id"
        " JOIN fact_sources AS reported ON reported.fact = 'transition'"
        " AND reported.fact_id = transitions.id AND reported.source_id = told.source_id"
        " AND reported.scope = told.scope AND told.scope != 0"
        " WHERE transitions.id = ?", (ref.id,))
    return [FactRef("tenure", row["id"]) for row in found]


async def alias(database: Database, ref: FactRef, name: str, actor: Actor, *,
                remove: bool = False) -> None:
    """Add a name an entity is found by (for everyone, or for the moderator's server), or
    remove one."""
    if ref.kind != "entity":
        raise CorrectionError("Names belong to entities: give one like entity:7.")
    columns(database, ref)
    if not visible(database, ref, actor):
        raise CorrectionError(f"There is no {ref}.")
    norm = normalize(name)
    if not norm:
        raise CorrectionError("Give the name to add or remove.")
    async with database.transaction() as db:
        async with db.execute("SELECT alias, norm, scope FROM aliases WHERE entity_id = ?"
                              " AND norm = ?", (ref.id, norm)) as cursor:
            existing = await cursor.fetchone()
        if remove:
            if existing is None:
                raise CorrectionError(f"{ref} is not known as '{name}'.")
            if not trusted(actor) and existing["scope"] != actor.guild_id:
                raise CorrectionError("Only an editor can remove a name every server uses.")
            await db.execute("DELETE FROM aliases WHERE entity_id = ? AND norm = ?",
                             (ref.id, norm))
            await audit.record(db, actor, "alias-remove", str(ref), before=dict(existing))
            return
        if existing is not None and existing["scope"] in (0, actor.scope):
            raise CorrectionError(f"{ref} is already known as '{name}'.")
        await db.execute("INSERT INTO aliases (entity_id, alias, norm, scope) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (norm, entity_id) DO UPDATE SET scope = excluded.scope",
                         (ref.id, name, norm, actor.scope))
        await audit.record(db, actor, "alias-add", str(ref), before=dict(existing) if existing
                           else None, after={"alias": name, "norm": norm, "scope": actor.scope})


def describe(database: Database, ref: FactRef, actor: Actor) -> dict[str, Any]:
    """The fact as a reader would name it, with the sources the actor may see."""
    row = columns(database, ref)
    if not visible(database, ref, actor):
        raise CorrectionError(f"There is no {ref}.")
    names = {}
    for key in ("person_id", "incoming_id", "outgoing_id", "speaker_id", "target_id"):
        if row.get(key):
            found = database.read_one("SELECT name FROM entities WHERE id = ?", (row[key],))
            names[key.removesuffix("_id")] = found["name"] if found else None
    if "office_id" in row:
        office = database.read_one("SELECT offices.role, entities.name FROM offices JOIN"
                                   " entities ON entities.id = offices.org_id"
                                   " WHERE offices.id = ?", (row["office_id"],))
        names["office"] = f"{office['role']} of {office['name']}"
    cited = database.read(
        "SELECT fact_sources.scope, fact_sources.retracted, sources.title, sources.file,"
        " sources.url, sources.published FROM fact_sources JOIN sources"
        " ON sources.id = fact_sources.source_id WHERE fact = ? AND fact_id = ?"
        " AND (? OR fact_sources.scope IN (0, ?)) ORDER BY sources.id",
        (ref.kind, ref.id, trusted(actor), actor.guild_id or 0))
    shown = {key: value for key, value in row.items()
             if not key.endswith(("_id", "_first", "_last")) and key != "id"}
    return {"fact": str(ref), **names, **shown,
            "sources": [{"title": c["title"] or c["file"] or c["url"], "url": c["url"],
                         "published": c["published"], "scope": c["scope"],
                         "retracted": bool(c["retracted"])} for c in cited],
            "retracted": bool(cited) and all(c["retracted"] for c in cited)}
