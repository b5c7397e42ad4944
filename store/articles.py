"""Storing what was extracted from an article, with the article as its source.

One article is one transaction: all of its facts land, or none. The same text again
adds nothing. New people and organizations are created here, each citing the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from store import announcements, audit
from store.audit import OPERATOR, Actor
from store.db import Database
from store.writer import FactWriter, SourceInfo


@dataclass
class IngestReport:
    source_id: int | None
    already_known: bool = False
    transitions: list[int] = field(default_factory=list)  # ids of new transitions

    def summary(self, source: SourceInfo) -> dict[str, Any]:
        """What the audit log keeps of a stored article."""
        return {"source": source.title or source.url or source.file or "pasted text",
                "new_transitions": self.transitions}


async def ingest(database: Database, extraction: dict[str, Any], source: SourceInfo,
                 today: dt.date, actor: Actor = OPERATOR) -> IngestReport:
    """Store an extraction (the contract's JSON shape) citing `source`; new transitions are
    queued for announcement and the change is audited, in the same transaction."""
    async with database.transaction() as connection:
        report = await store_in(FactWriter(connection, actor.scope), extraction, source, today)
        if not report.already_known:
            await audit.record(connection, actor, "ingest", f"source:{report.source_id}",
                               after=report.summary(source))
        return report


async def store_in(writer: FactWriter, extraction: dict[str, Any], source: SourceInfo,
                   today: dt.date) -> IngestReport:
    """Store an extraction with a writer whose transaction is already open. An article
    already stored for the writer's scope adds nothing; one stored only for another
    server is stored again for this scope. An extraction marked `held_back` is the rest
    of an article stored before (what a feed held for review): it is added to it."""
    async with writer.db.execute(
            "SELECT id, EXISTS (SELECT 1 FROM fact_sources WHERE source_id = sources.id"
            "   AND scope NOT IN (0, ?)) AS elsewhere,"
            " EXISTS (SELECT 1 FROM fact_sources WHERE source_id = sources.id"
            "   AND scope IN (0, ?)) AS here FROM sources WHERE key = ?",
            (writer.scope, writer.scope, source.key)) as cursor:
        known = await cursor.fetchone()
    if known and (known["here"] or not known["elsewhere"]) and not extraction.get("held_back"):
        return IngestReport(known["id"], already_known=True)
    source_id = await writer.source(source)
    report = IngestReport(source_id)
    await _store_facts(writer, extraction, [source_id], report)
    await announcements.queue_for(writer.db, report.transitions, today)
    return report


async def _store_facts(writer: FactWriter, extraction: dict, cited: list[int],
                       report: IngestReport) -> None:
    said_on = extraction.get("published")
    context = extraction.get("title")

    async def person(name: str) -> int:
        return await writer.entity("person", name, cited)

    aliases = extraction.get("aliases", {})

    async def org(name: str) -> int:
        return await writer.entity("organization", name, cited, aliases=aliases.get(name, []))

    for row in extraction.get("transitions", []):
        if not (row.get("org") and row.get("role") and row.get("incoming")):
            continue
        office = await writer.office(await org(row["org"]), row["role"])
        incoming = await person(row["incoming"])
        outgoing = await person(row["outgoing"]) if row.get("outgoing") else None
        evidence = row.get("evidence")
        await writer.transition(
            office, incoming, cited, outgoing_id=outgoing, effective=row.get("effective"),
            kind=row.get("kind") or "took_office", evidence=evidence)
        if row.get("effective") and row.get("kind") != "stepped_down":
            await writer.tenure(office, incoming, cited, start=row["effective"],
                                evidence=evidence)
            if outgoing:
                await writer.tenure(office, outgoing, cited, end=row["effective"],
                                    evidence=evidence)
    for row in extraction.get("prior_roles", []):
        office = await writer.office(await org(row["org"]), row["role"])
        await writer.tenure(office, await person(row["person"]), cited, start=row.get("start"),
                            end=row.get("end"), span=row.get("span"))
    for row in extraction.get("quotes", []):
        if not row.get("speaker"):
            continue
        await writer.quote(await person(row["speaker"]), row["text"], cited, kind=row["kind"],
                           said_on=said_on, context=context,
                           evidence=row.get("evidence"))
    for row in extraction.get("statements", []):
        await writer.statement(await person(row["person"]), row["kind"], row["text"], cited,
                               said_on=said_on)
    report.transitions = list(writer.new_transitions)
