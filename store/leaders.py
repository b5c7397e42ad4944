"""Who led an office, now or on a date, read by the reference pack's conventions.

Both ends of a tenure are inclusive; on a same-day handover the holder who started
later leads (so does an acting head who overlaps a formal one); a date between two
holders has no holder. A date known only to the month or year covers a span of
days, and the answer says when that span makes it uncertain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from store import rows
from store.dates import PartialDate
from store.db import Database
from store.models import Entity, Leadership, Note, Office, Tenure, Transition


def _start_first(tenure: Tenure) -> dt.date:
    return tenure.start.first if tenure.start else dt.date.min


def _start_last(tenure: Tenure) -> dt.date:
    return tenure.start.last if tenure.start else dt.date.min


def _end_first(tenure: Tenure) -> dt.date:
    return tenure.end.first if tenure.end else dt.date.max


def _end_last(tenure: Tenure) -> dt.date:
    return tenure.end.last if tenure.end else dt.date.max


def who_leads(db: Database, org: Entity, on: PartialDate | None, today: dt.date
              ) -> list[Leadership]:
    """One answer per office of the organization, the principal office first.

    The organization's tenures are read in one query and the holders chosen in Python;
    then their sources, how they took over and their earlier roles are read in one query
    each, whatever the number of offices.
    """
    when = on or PartialDate.of(today)
    offices = rows.offices_of(db, org.id)
    if not offices:
        return []
    by_office: dict[int, list[Tenure]] = defaultdict(list)
    for tenure in rows.tenures(
            db, "tenures.office_id IN (SELECT id FROM offices WHERE org_id = ?)"
            " AND tenures.start_first <= ? AND coalesce(tenures.end_last, '9999-12-31') >= ?",
            (org.id, when.last.isoformat(), when.first.isoformat()), cited=False):
        by_office[tenure.office.id].append(tenure)
    answers = [leadership(office, when, today, by_office[office.id]) for office in offices]
    answers = [lead if lead.holders else _around(db, lead) for lead in answers]
    return _completed(db, answers)


def _around(db: Database, lead: Leadership) -> Leadership:
    """For a date nobody held the office: the last holder before and the first after."""
    before = rows.tenures(db, "tenures.office_id = ? AND tenures.end_last < ?",
                          (lead.office.id, lead.on.first.isoformat()),
                          order="tenures.end_last DESC", cited=False, limit=1)
    after = rows.tenures(db, "tenures.office_id = ? AND tenures.start_first > ?",
                         (lead.office.id, lead.on.last.isoformat()),
                         order="tenures.start_first", cited=False, limit=1)
    return dataclasses.replace(lead, previous=before[0] if before else None,
                               following=after[0] if after else None)


def leadership(office: Office, on: PartialDate, today: dt.date, overlapping: list[Tenure]
               ) -> Leadership:
    """Who held one office on a date, from the tenures overlapping it; sources, context
    and the holders around a vacancy come later."""
    in_future = on.first > today
    if not overlapping:
        return Leadership(office, on, (), in_future=in_future)
    if on.precision != "day":
        holders = tuple(sorted(overlapping, key=_start_first))
        doubt = _part_of(holders[0], on) if len(holders) == 1 else None
        return Leadership(office, on, holders, uncertain=doubt, in_future=in_future)
    day = on.first
    started = [t for t in overlapping if _start_last(t) <= day]
    holder = max(started or overlapping, key=_start_first)
    return Leadership(office, on, (holder,), uncertain=_doubt(holder, day, overlapping),
                      in_future=in_future)


def _completed(db: Database, answers: list[Leadership]) -> list[Leadership]:
    """The answers with their holders' sources, and — for a single holder — how they
    took over and what they held before."""
    holders = [t for lead in answers for t in lead.holders]
    if not holders:
        return answers
    cited = rows.sources_for(db, "tenure", [t.id for t in holders])
    singles = [lead.holder for lead in answers if len(lead.holders) == 1]
    took_over = _took_over(db, singles)
    earlier = _earlier_roles(db, singles)
    return [
        dataclasses.replace(
            lead,
            holders=tuple(dataclasses.replace(t, sources=cited.get(t.id, ()))
                          for t in lead.holders),
            took_over=took_over.get(lead.holder.id) if len(lead.holders) == 1 else None,
            earlier_roles=earlier.get(lead.holder.id, ()) if len(lead.holders) == 1 else (),
        ) if lead.holders else lead
        for lead in answers
    ]


def _doubt(holder: Tenure, day: dt.date, overlapping: list[Tenure]) -> str | None:
    """Why the holder on this day is not certain, or None when it is."""
    if _start_last(holder) > day:
        return (f"{holder.person.name}'s start is known only as {holder.start.human()}, so "
                f"{holder.person.name} may not yet have been in office on "
                f"{PartialDate.of(day).human()}.")
    if _end_first(holder) < day <= _end_last(holder):
        return (f"{holder.person.name}'s tenure ended in {holder.end.human()}, on a day "
                "that is not known.")
    later = [t for t in overlapping
             if _start_first(t) > _start_first(holder) and _start_last(t) > day]
    if later:
        rival = later[0]
        return (f"{rival.person.name} took over in {rival.start.human()}, on a day that is "
                "not known, and may already have led.")
    return None


def _part_of(only: Tenure, on: PartialDate) -> str | None:
    """Why the only holder known in a month or year may not cover all of it."""
    name = only.person.name
    if _start_last(only) > on.first:
        if only.start.precision != "day" and only.start.first <= on.first:
            return (f"{name}'s start is known only as {only.start.human()}, so {name} may not "
                    f"have been in office for all of {on.human()}.")
        return f"{name} took office part-way through {on.human()}; nobody before is known."
    if _end_first(only) < on.last:
        return f"{name} left office part-way through {on.human()}; nobody after is known."
    return None



def _took_over(db: Database, holders: list[Tenure]) -> dict[int, Transition]:
    """The transition by which each holder came in (by tenure id), in one query."""
    if not holders:
        return {}
    pairs = " OR ".join("(transitions.office_id = ? AND transitions.incoming_id = ?)"
                        for _ in holders)
    found = rows.transitions(
        db, f"({pairs})", tuple(value for t in holders for value in (t.office.id, t.person.id)))
    taken = {}
    for tenure in holders:
        start = tenure.start.iso() if tenure.start else None
        match = next((t for t in found if t.office.id == tenure.office.id
                      and t.incoming.id == tenure.person.id
                      and (t.effective.iso() if t.effective else None) == start), None)
        if match:
            taken[tenure.id] = match
    return taken


def _earlier_roles(db: Database, holders: list[Tenure], most: int = 3
                   ) -> dict[int, tuple[Tenure, ...]]:
    """Each holder's other offices that began before this one, latest first."""
    if not holders:
        return {}
    marks = ",".join("?" * len(holders))
    held = rows.tenures(db, f"tenures.person_id IN ({marks})",
                        tuple(t.person.id for t in holders),
                        order="tenures.start_first DESC", cited=False)
    earlier = {}
    for tenure in holders:
        since = _start_first(tenure) if tenure.start else dt.date.max
        earlier[tenure.id] = tuple(
            other for other in held
            if other.person.id == tenure.person.id and other.office.id != tenure.office.id
            and (other.start is None or other.start.first < since))[:most]
    return earlier


def history(db: Database, org: Entity) -> list[tuple[Office, list[Tenure]]]:
    """Every office of the organization with its holders in order of taking office."""
    return [
        (office, rows.tenures(db, "tenures.office_id = ?", (office.id,),
                              order="tenures.start_first IS NULL, tenures.start_first,"
                                    " tenures.id"))
        for office in rows.offices_of(db, org.id)
    ]


def notes(db: Database, org: Entity) -> list[Note]:
    """The organization's notes, with their sources."""
    found = db.read("SELECT id, topic, status, detail FROM notes WHERE org_id = ?"
                    f" AND {rows.seen('note', 'notes.id')} ORDER BY id", (org.id,))
    sources = rows.sources_for(db, "note", [row["id"] for row in found])
    return [Note(row["id"], row["topic"], row["status"], row["detail"],
                 sources.get(row["id"], ())) for row in found]
