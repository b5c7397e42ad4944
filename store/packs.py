"""Loading packs of facts: the reference histories and `handover-facts/1` packs.

Each pack is loaded in one transaction and merges into what the store holds, so
loading a pack twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

from store import announcements, audit
from store.audit import OPERATOR
from store.db import Database
from store.writer import FactWriter, SourceInfo, link_source

BUNDLED = ("reference-leaders.json", "seed-rutte-nato-2024.json")
FACTS_FORMAT = "handover-facts/1"


class PackError(ValueError):
    """A pack that cannot be read; the message is fit to show an operator."""


def bundled_path(name: str) -> Path:
    return Path(str(resources.files("store.bundled").joinpath(name)))


def read_pack(path: Path) -> dict[str, Any]:
    try:
        pack = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"no pack at {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError(f"{path.name} is not a readable JSON pack: {error}") from None
    if not isinstance(pack, dict):
        raise PackError(f"{path.name} is not a pack: expected a JSON object")
    return pack


async def import_pack(database: Database, path: Path, today: dt.date) -> str:
    """Load one pack file; return what kind of pack it was. Recent transitions it brings
    are queued for announcement; history is not."""
    pack = read_pack(path)
    async with database.transaction() as connection:
        writer = FactWriter(connection)
        if pack.get("format") == FACTS_FORMAT:
            kind = "facts"
            await _import_facts(writer, pack, path)
        elif isinstance(pack.get("offices"), list) and "conventions" in pack:
            kind = "reference"
            await _import_reference(writer, pack, path)
        else:
            kind = None
        if kind:
            await announcements.queue_for(connection, writer.new_transitions, today)
            await audit.record(connection, OPERATOR, "import", f"pack:{path.name}",
                               after={"kind": kind, "new_transitions": writer.new_transitions})
            return kind
    raise PackError(
        f"{path.name} is neither a reference pack nor a {FACTS_FORMAT} pack"
    )


async def import_bundled(database: Database, today: dt.date) -> None:
    for name in BUNDLED:
        await import_pack(database, bundled_path(name), today)


async def _import_reference(writer: FactWriter, pack: dict, path: Path) -> None:
    pack_source = await writer.source(SourceInfo(
        kind="pack", title="Handover reference pack: leadership histories",
        file=path.name, published=pack.get("as_of"),
    ))
    for office in pack["offices"]:
        org_id = await writer.entity(
            "organization", office["org"], [pack_source], aliases=office.get("org_aliases", [])
        )
        office_id = await writer.office(org_id, office["role"], coverage=office.get("coverage"))
        previous_id = None
        for holder in sorted(office["holders"], key=lambda row: row["start"]):
            sources = [pack_source] + [
                await writer.source(link_source(url)) for url in holder.get("sources", [])
            ]
            person_id = await writer.entity(
                "person", holder["name"], sources, aliases=holder.get("also_known_as", [])
            )
            await writer.tenure(
                office_id, person_id, sources, start=holder["start"], end=holder.get("end"),
                acting=holder.get("acting", False), unverified=holder.get("unverified", False),
                end_scheduled=holder.get("end_is_scheduled", False), note=holder.get("note"),
            )
            if previous_id is not None and previous_id != person_id:
                await writer.transition(
                    office_id, person_id, sources, outgoing_id=previous_id,
                    effective=holder["start"],
                )
            previous_id = person_id
    for doubt in pack.get("uncertain", []):
        org_id = await writer.find_entity("organization", doubt["org"])
        if org_id is not None:
            sources = [pack_source] + [await writer.source(link_source(url))
                                       for url in doubt.get("sources", [])]
            await writer.note(org_id, doubt["topic"], sources, status=doubt.get("status"),
                              detail=doubt.get("detail"))


async def _import_facts(writer: FactWriter, pack: dict, path: Path) -> None:
    info = dict(pack["source"])
    text_file = info.pop("text_file", None)
    if text_file:
        info["text"] = (path.parent / text_file).read_text(encoding="utf-8")
    source = [await writer.source(SourceInfo(**info))]

    async def org(name: str) -> int:
        return await writer.entity("organization", name, source)

    async def person(name: str) -> int:
        return await writer.entity("person", name, source)

    for row in pack.get("organizations", []):
        await writer.entity("organization", row["name"], source, aliases=row.get("aliases", []),
                            org_type=row.get("org_type"))
    for row in pack.get("people", []):
        await writer.entity("person", row["name"], source, aliases=row.get("aliases", []))
    for row in pack.get("tenures", []):
        office_id = await writer.office(await org(row["org"]), row["role"])
        await writer.tenure(
            office_id, await person(row["person"]), source, start=row.get("start"),
            end=row.get("end"), acting=row.get("acting", False), span=row.get("span"),
            evidence=row.get("evidence"),
        )
    for row in pack.get("transitions", []):
        office_id = await writer.office(await org(row["org"]), row["role"])
        outgoing = await person(row["outgoing"]) if row.get("outgoing") else None
        await writer.transition(
            office_id, await person(row["incoming"]), source, outgoing_id=outgoing,
            effective=row.get("effective"), kind=row.get("kind", "took_office"),
            place=row.get("place"), occasion=row.get("occasion"), evidence=row.get("evidence"),
        )
    for row in pack.get("quotes", []):
        topics = [await _topic(writer, name, source) for name in row.get("about", [])]
        await writer.quote(
            await person(row["speaker"]), row["text"], source, kind=row["kind"],
            said_on=row.get("said_on"), context=row.get("context"), topics=topics,
            evidence=row.get("evidence"),
        )
    for row in pack.get("statements", []):
        target = await _topic(writer, row["target"], source) if row.get("target") else None
        await writer.statement(
            await person(row["person"]), row["kind"], row["text"], source, target_id=target,
            said_on=row.get("said_on"), evidence=row.get("evidence"),
        )


async def _topic(writer: FactWriter, name: str, source: list[int]) -> int:
    """A quote or statement is about a known person or organization; new names are orgs."""
    for kind in ("person", "organization"):
        entity_id = await writer.find_entity(kind, name)
        if entity_id is not None:
            return entity_id
    return await writer.entity("organization", name, source)
