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

from store import conflicts, rows
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

    Two queries whatever the number of offices: the tenures around the date with their
    sources (and each holder's latest post begun before), then how the holders took over.
    The holders are chosen in Python; the other dates of a takeover are read only when
    there are some.
    """
    when = on or PartialDate.of(today)
    around = _tenures_around(db, org, when)
    if not around.offices:
        return []
    answers = []
    for office in around.offices:
        lead = leadership(office, when, today, around.overlapping[office.id])
        if not lead.holders:
            lead = dataclasses.replace(lead, previous=around.previous.get(office.id),
                                       following=around.following.get(office.id))
        answers.append(lead)
    singles = [lead.holder for lead in answers if len(lead.holders) == 1]
    took_over, other_dates = _took_over(db, org, when, singles)
    earlier = {row["holding_id"]: row for row in around.earlier}
    return [
        dataclasses.replace(
            lead,
            took_over=took_over.get(lead.holder.id),
            other_dates=other_dates.get(lead.holder.id, ()),
            earlier_role=rows.tenure(earlier[lead.holder.id])
            if lead.holder.id in earlier else None,
        ) if len(lead.holders) == 1 else lead
        for lead in answers
    ]


_OVERLAPPING = "{t}.start_first <= ?2 AND coalesce({t}.end_last, '9999-12-31') >= ?3"


def _nearest(side: str) -> str:
    """The id of the office's holder just before (or just after) the date."""
    it = f"{side}_it"
    condition, order = ((f"{it}.end_last < ?3", f"{it}.end_last DESC, {it}.id DESC")
                        if side == "before" else
                        (f"{it}.start_first > ?2", f"{it}.start_first, {it}.id"))
    return (f"(SELECT {it}.id FROM tenures AS {it} WHERE {it}.office_id = offices.id"
            f" AND {condition} AND {rows.seen('tenure', f'{it}.id')}"
            f" ORDER BY {order} LIMIT 1)")


# ?1 the organization, ?2 the date's last day, ?3 its first day. The holders just before
# and after the date are found once per office (`near`), not once per tenure looked at.
_AROUND = (
    "WITH near AS MATERIALIZED (SELECT offices.id AS office_id,"
    f" {_nearest('before')} AS before_id, {_nearest('after')} AS after_id FROM offices"
    f" WHERE offices.org_id = ?1 AND {rows.visible_office('offices.id')}) "
    "SELECT CASE WHEN tenures.id IS NULL THEN 'office'"
    f" WHEN {_OVERLAPPING.format(t='tenures')} THEN 'during'"
    " WHEN tenures.end_last < ?3 THEN 'before' ELSE 'after' END AS place,"
    f" {rows.CITED_COLUMNS}, {rows.TENURE_COLUMNS},"
    f" {rows.entity_columns('people', 'person_')}, {rows.OFFICE_COLUMNS}, NULL AS holding_id"
    " FROM near JOIN offices ON offices.id = near.office_id"
    " JOIN entities AS orgs ON orgs.id = offices.org_id"
    " LEFT JOIN tenures ON tenures.office_id = offices.id"
    f" AND ({_OVERLAPPING.format(t='tenures')} OR tenures.id = near.before_id"
    " OR tenures.id = near.after_id)"
    " LEFT JOIN entities AS people ON people.id = tenures.person_id"
    f"{rows.cited_join('tenure', 'tenures.id')}"
    " UNION ALL "
    f"SELECT 'earlier' AS place, {rows.UNCITED_COLUMNS}, {rows.TENURE_COLUMNS},"
    f" {rows.entity_columns('people', 'person_')}, {rows.OFFICE_COLUMNS},"
    " holding.id AS holding_id"
    " FROM offices AS held JOIN tenures AS holding ON holding.office_id = held.id"
    " JOIN tenures ON tenures.id = (SELECT before.id FROM tenures AS before"
    " WHERE before.person_id = holding.person_id AND before.office_id <> holding.office_id"
    " AND (before.start_first IS NULL OR holding.start_first IS NULL"
    " OR before.start_first < holding.start_first)"
    f" AND {rows.seen('tenure', 'before.id')} ORDER BY before.start_first DESC NULLS LAST,"
    " before.id DESC LIMIT 1)"
    " JOIN offices ON offices.id = tenures.office_id"
    " JOIN entities AS orgs ON orgs.id = offices.org_id"
    " JOIN entities AS people ON people.id = tenures.person_id"
    f" WHERE held.org_id = ?1 AND {_OVERLAPPING.format(t='holding')}"
    f" AND {rows.seen('tenure', 'holding.id')}"
)


@dataclasses.dataclass
class _Around:
    """An organization's tenures around a date, by office id."""

    offices: list[Office] = dataclasses.field(default_factory=list)
    overlapping: dict[int, list[Tenure]] = dataclasses.field(
        default_factory=lambda: defaultdict(list))
    previous: dict[int, Tenure] = dataclasses.field(default_factory=dict)
    following: dict[int, Tenure] = dataclasses.field(default_factory=dict)
    earlier: list = dataclasses.field(default_factory=list)  # rows: each holder's last post


def _tenures_around(db: Database, org: Entity, when: PartialDate) -> _Around:
    """In one query: the organization's offices that the reader sees someone hold or take;
    on each, the tenures overlapping the date with their sources and the holders just
    before and just after it; and the latest post each holder began before the one held."""
    found = db.read(_AROUND, (org.id, when.last.isoformat(), when.first.isoformat()))
    around = _Around(earlier=[row for row in found if row["place"] == "earlier"])
    offices: dict[int, Office] = {}
    for row in found:
        if row["place"] != "earlier" and row["office_id"] not in offices:
            offices[row["office_id"]] = rows.office(row)
    around.offices = sorted(offices.values(),
                            key=lambda office: (not office.principal, office.id))
    firsts, cited = rows.grouped_sources(
        [row for row in found if row["place"] not in ("office", "earlier")])
    for row in firsts:
        if row["id"] not in cited:
            continue  # overlapping the date, but not in the reader's view
        office = offices[row["office_id"]]
        if row["place"] == "during":
            around.overlapping[office.id].append(rows.tenure(row, cited[row["id"]], office))
        elif row["place"] == "before":
            around.previous[office.id] = rows.tenure(row, office_held=office)
        else:
            around.following[office.id] = rows.tenure(row, office_held=office)
    for tenures in around.overlapping.values():
        tenures.sort(key=lambda tenure: (_start_first(tenure), tenure.id))
    return around


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
    rivals = [t for t in started if _rivals(t, holder)]
    if rivals:
        return Leadership(office, on, (*rivals, holder), in_future=in_future, disagree=True)
    return Leadership(office, on, (holder,), uncertain=_doubt(holder, day, overlapping),
                      in_future=in_future)


def _rivals(earlier: Tenure, later: Tenure) -> bool:
    """Two accounts of who held an office that cannot both be true: different people,
    neither acting, the earlier known to last beyond the day after the later began (a
    handover on one day is no disagreement; an open-ended earlier tenure is superseded)."""
    return (earlier.id != later.id and earlier.person.id != later.person.id
            and not earlier.acting and not later.acting and earlier.end is not None
            and (_end_first(earlier) - _start_last(later)).days > 1)


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



# Read from the tenures held on the date: a few lookups, instead of every transition of
# the organization's offices checked against them.
_TAKING_OVER = (
    "offices.org_id = ?1 AND transitions.id IN (SELECT taken.id FROM tenures AS holding"
    " JOIN offices AS held ON held.id = holding.office_id"
    " JOIN transitions AS taken ON taken.office_id = holding.office_id"
    " AND taken.incoming_id = holding.person_id"
    f" WHERE held.org_id = ?1 AND {_OVERLAPPING.format(t='holding')}"
    f" AND {rows.seen('tenure', 'holding.id')})"
)


def _took_over(db: Database, org: Entity, when: PartialDate, holders: list[Tenure]
               ) -> tuple[dict[int, Transition], dict[int, tuple[Transition, ...]]]:
    """The transition by which each holder came in (by tenure id), in one query (the same
    statement whoever holds what: how everyone in office on the date came in); and the
    same takeover as other sources date it, more than a day apart."""
    if not holders:
        return {}, {}
    found = rows.transitions(db, _TAKING_OVER,
                             (org.id, when.last.isoformat(), when.first.isoformat()))
    taken = {}
    for tenure in holders:
        start = tenure.start.iso() if tenure.start else None
        match = next((t for t in found if t.office.id == tenure.office.id
                      and t.incoming.id == tenure.person.id
                      and (t.effective.iso() if t.effective else None) == start), None)
        if match:
            taken[tenure.id] = match
    if not any(_dated_apart(move, other) for move in taken.values() for other in found):
        return taken, {}  # no other account of these takeovers to look into
    dated = conflicts.other_dates(db, list(taken.values()))
    return taken, {tenure_id: dated[move.id] for tenure_id, move in taken.items()
                   if move.id in dated}


def _dated_apart(move: Transition, other: Transition) -> bool:
    """Whether `other` may be `move` as another source dates it: the same person taking
    the same office, dated more than a day apart (`conflicts.other_dates` decides)."""
    return (other.id != move.id and other.office.id == move.office.id
            and other.incoming.id == move.incoming.id
            and move.effective is not None and other.effective is not None
            and abs((move.effective.first - other.effective.first).days) > 1)


def history(db: Database, org: Entity) -> list[tuple[Office, list[Tenure]]]:
    """Every office of the organization with its holders in order of taking office."""
    held: dict[int, list[Tenure]] = defaultdict(list)
    for tenure in rows.tenures(db, "offices.org_id = ?", (org.id,),
                               order="tenures.start_first IS NULL, tenures.start_first"):
        held[tenure.office.id].append(tenure)
    return [(office, held[office.id]) for office in rows.offices_of(db, org.id)]


def notes(db: Database, org: Entity) -> list[Note]:
    """The organization's notes, with their sources."""
    joins, citing = rows.cited_by("note", "notes.id")
    found, cited = rows.grouped_sources(db.read(
        f"SELECT notes.id, notes.topic, notes.status, notes.detail, {rows.CITED_COLUMNS}"
        f" FROM notes{joins} WHERE notes.org_id = ? AND {citing}"
        " ORDER BY notes.id", (org.id,)))
    return [Note(row["id"], row["topic"], row["status"], row["detail"], cited[row["id"]])
            for row in found]
