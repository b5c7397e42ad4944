"""Who led an office, now or on a date, read by the reference pack's conventions.

Both ends of a tenure are inclusive; on a same-day handover the holder who started
later leads (so does an acting head who overlaps a formal one); a date between two
holders has no holder. A date known only to the month or year covers a span of
days, and the answer says when that span makes it uncertain.
"""

from __future__ import annotations

import datetime as dt

from store import rows
from store.dates import PartialDate
from store.db import Database
from store.models import Entity, Leadership, Office, Tenure


def _start_first(tenure: Tenure) -> dt.date:
    return tenure.start.first if tenure.start else dt.date.min


def _start_last(tenure: Tenure) -> dt.date:
    return tenure.start.last if tenure.start else dt.date.min


def _end_first(tenure: Tenure) -> dt.date:
    return tenure.end.first if tenure.end else dt.date.max


def _end_last(tenure: Tenure) -> dt.date:
    return tenure.end.last if tenure.end else dt.date.max


def _dated(tenures: list[Tenure]) -> list[Tenure]:
    """Tenures whose dates are known well enough to place on a calendar."""
    return [tenure for tenure in tenures if tenure.start is not None]


def who_leads(db: Database, org: Entity, on: PartialDate | None, today: dt.date
              ) -> list[Leadership]:
    """One answer per office of the organization, the principal office first."""
    when = on or PartialDate.of(today)
    return [leadership(db, office, when, today) for office in rows.offices_of(db, org.id)]


def leadership(db: Database, office: Office, on: PartialDate, today: dt.date) -> Leadership:
    tenures = _dated(rows.tenures(db, "tenures.office_id = ?", (office.id,), cited=False))
    overlapping = [t for t in tenures
                   if _start_first(t) <= on.last and _end_last(t) >= on.first]
    in_future = on.first > today
    if not overlapping:
        before = [t for t in tenures if _end_last(t) < on.first]
        after = [t for t in tenures if _start_first(t) > on.last]
        return Leadership(
            office, on, (), previous=max(before, key=_end_last, default=None),
            following=min(after, key=_start_first, default=None), in_future=in_future,
        )
    if on.precision != "day":
        return _during(db, office, on, [rows.with_sources(db, t) for t in overlapping],
                       in_future)
    day = on.first
    started = [t for t in overlapping if _start_last(t) <= day]
    holder = rows.with_sources(db, max(started or overlapping, key=_start_first))
    return Leadership(
        office, on, (holder,), uncertain=_doubt(holder, day, overlapping), in_future=in_future,
        took_over=_took_over(db, holder), earlier_roles=_earlier_roles(db, holder),
    )


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


def _during(db: Database, office: Office, on: PartialDate, overlapping: list[Tenure],
            in_future: bool) -> Leadership:
    """Everyone who held the office at some point of a month or a year."""
    holders = tuple(sorted(overlapping, key=_start_first))
    if len(holders) == 1:
        (only,) = holders
        return Leadership(office, on, holders, uncertain=_part_of(only, on), in_future=in_future,
                          took_over=_took_over(db, only), earlier_roles=_earlier_roles(db, only))
    return Leadership(office, on, holders, in_future=in_future)


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



def _took_over(db: Database, tenure: Tenure):
    found = rows.transitions(
        db, "transitions.office_id = ? AND transitions.incoming_id = ?"
        " AND coalesce(transitions.effective, '') = coalesce(?, '')",
        (tenure.office.id, tenure.person.id, tenure.start.iso() if tenure.start else None),
    )
    return found[0] if found else None


def _earlier_roles(db: Database, tenure: Tenure) -> tuple[Tenure, ...]:
    """The person's other offices that began before this one, latest first."""
    others = rows.tenures(
        db, "tenures.person_id = ? AND tenures.office_id != ?"
        " AND (tenures.start_first IS NULL OR tenures.start_first < ?)",
        (tenure.person.id, tenure.office.id, rows.day(tenure.start) or "9999"),
        order="tenures.start_first DESC", cited=False, limit=3,
    )
    return tuple(others)


def history(db: Database, org: Entity) -> list[tuple[Office, list[Tenure]]]:
    """Every office of the organization with its holders in order of taking office."""
    return [
        (office, rows.tenures(db, "tenures.office_id = ?", (office.id,),
                              order="tenures.start_first IS NULL, tenures.start_first,"
                                    " tenures.id"))
        for office in rows.offices_of(db, org.id)
    ]
