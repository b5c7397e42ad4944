"""What a timeline picture shows, as plain data: one bar per tenure on a time axis.

Answers build a `Timeline` from the tenures they found (cheap, in the reading thread);
`bot.pictures` draws it. Keeping the two apart means the bars can be tested without
drawing, and the same answer always gives the same `Timeline`, so the same picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from store.models import Office, Tenure

MAX_BARS = 40
UNKNOWN_SPAN = dt.timedelta(days=365)  # how far an unknown end fades out


@dataclass(frozen=True)
class Bar:
    """One tenure. `begins` and `ends` are the first and last day each end may fall on:
    a start known to the year begins anywhere in that year and is drawn fading in."""

    label: str
    begins: tuple[dt.date, dt.date]
    ends: tuple[dt.date, dt.date]
    acting: bool = False
    ongoing: bool = False  # no end known and still in office: runs up to today
    end_unknown: bool = False  # no end known, yet no longer in office: fades out


@dataclass(frozen=True)
class Group:
    """The bars of one office (on a history) or of one person (on a profile)."""

    heading: str  # shown above the bars when a timeline has more than one group
    bars: tuple[Bar, ...]
    vacancies: tuple[tuple[dt.date, dt.date], ...] = ()  # days nobody held the office


@dataclass(frozen=True)
class Timeline:
    """A titled set of groups, today, and how many older bars were left out to keep the
    picture legible."""

    title: str
    groups: tuple[Group, ...]
    today: dt.date
    folded: int = 0
    marked: dt.date | None = None  # the day a question asked about (`/who-leads … on:`)

    @property
    def bars(self) -> tuple[Bar, ...]:
        return tuple(bar for group in self.groups for bar in group.bars)

    @property
    def rows(self) -> int:
        """Lines the picture needs: bars, headings, and the note on folded bars."""
        headings = len(self.groups) if len(self.groups) > 1 else 0
        return len(self.bars) + headings + (1 if self.folded else 0)

    @property
    def description(self) -> str:
        """Alternative text for the picture."""
        bars = self.bars
        if not bars:
            return f"Timeline: {self.title}"
        first = min(bar.begins[0] for bar in bars).year
        last = max(bar.ends[1] for bar in bars).year
        return f"Timeline: {self.title}, {len(bars)} tenures from {first} to {last}"


def _bar(tenure: Tenure, label: str, following: Tenure | None, today: dt.date) -> Bar:
    end = tenure.end
    if tenure.start:
        begins = (tenure.start.first, tenure.start.last)
    elif end:
        begins = (end.first - UNKNOWN_SPAN, end.first)
    else:
        begins = (today - UNKNOWN_SPAN, today)
    ongoing = unknown = False
    if end:
        ends = (end.first, end.last)
    elif following is None and begins[0] <= today:
        ends, ongoing = (max(today, begins[1]), max(today, begins[1])), True
    else:
        limit = following.start.first if following and following.start else None
        fade_to = begins[1] + UNKNOWN_SPAN
        ends = (begins[1], min(fade_to, limit) if limit and limit > begins[1] else fade_to)
        unknown = True
    return Bar(label, begins, ends, tenure.acting, ongoing, unknown)


def _vacancies(bars: Sequence[Bar]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Spans between one tenure's last possible day and the next one's first, where both
    are known: a tenure whose end is unknown leaves no vacancy behind it."""
    found = []
    latest: Bar | None = None
    for bar in sorted(bars, key=lambda b: b.begins[0]):
        if latest is not None and not latest.end_unknown and \
                bar.begins[0] > latest.ends[1] + dt.timedelta(days=1):
            found.append((latest.ends[1] + dt.timedelta(days=1), bar.begins[0]))
        if latest is None or bar.ends[1] >= latest.ends[1]:
            latest = bar
    return tuple(found)


def _fold(groups: list[Group], title: str, today: dt.date, limit: int,
          marked: dt.date | None = None) -> Timeline:
    """Keep the `limit` most recent bars; the older ones become "and N before"."""
    every = sorted((bar.begins[0], index, position, bar) for index, group in enumerate(groups)
                   for position, bar in enumerate(group.bars))
    dropped = {id(bar) for *_, bar in every[:max(len(every) - limit, 0)]}
    kept = [Group(group.heading, tuple(b for b in group.bars if id(b) not in dropped),
                  group.vacancies) for group in groups]
    kept = [group for group in kept if group.bars]
    return Timeline(title, tuple(kept), today, folded=len(dropped), marked=marked)


def for_history(title: str, offices: Sequence[tuple[Office, Sequence[Tenure]]],
                today: dt.date, *, limit: int = MAX_BARS,
                marked: dt.date | None = None) -> Timeline:
    """A succession: one group per office, one bar per holder, labelled with the holder;
    `marked`, a day asked about, is drawn as a line of its own."""
    groups = []
    for office, tenures in offices:
        ordered = sorted(tenures, key=_start_key)
        bars = [_bar(tenure, tenure.person.name, ordered[i + 1] if i + 1 < len(ordered)
                     else None, today) for i, tenure in enumerate(ordered)]
        groups.append(Group(office.role, tuple(bars), _vacancies(bars)))
    return _fold(groups, title, today, limit, marked)


def for_profile(title: str, tenures: Sequence[Tenure], today: dt.date, *,
                limit: int = MAX_BARS) -> Timeline:
    """A career: one bar per position, labelled with the office."""
    ordered = sorted(tenures, key=_start_key)
    later = {tenure.id: next((t for t in ordered[i + 1:] if t.office.id == tenure.office.id),
                             None) for i, tenure in enumerate(ordered)}
    bars = [_bar(tenure, tenure.office.title, later[tenure.id], today) for tenure in ordered]
    return _fold([Group("", tuple(bars))], title, today, limit)


def _start_key(tenure: Tenure) -> tuple[dt.date, dt.date, int]:
    start = tenure.start.first if tenure.start else (
        tenure.end.first - UNKNOWN_SPAN if tenure.end else dt.date.max)
    end = tenure.end.last if tenure.end else dt.date.max
    return start, end, tenure.id
