"""Dates in news text, resolved against the publication date with only the precision the
text supports: `Oct. 1, 2024` is a day, `next month` is a month, `in 2019` is a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from store.dates import PartialDate

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr)
                if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|" \
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY2 = _DAY.replace("<day>", "<day2>")
_MONTH2 = _MONTH.replace("<month>", "<month2>")

_PATTERNS = [
    # "on Monday (Aug 26)": the day the parentheses give, not a weekday to work out
    ("weekday_date", re.compile(rf"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                                rf"Sunday)\s*\(\s*(?:{_MONTH}\s+{_DAY}|{_DAY2}\s+{_MONTH2})"
                                rf"(?:,?\s+{_YEAR})?\s*\)")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![:\d])")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d\d)")),
    ("weekday", re.compile(r"\b(?P<when>last\s+|next\s+|this\s+|on\s+)?(?P<weekday>Monday|"
                           r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)),
    ("years_ago", re.compile(r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|"
                             r"ten|eleven|twelve|fifteen|twenty)\s+years?\s+ago"
                             r"(?P<this>\s+this\s+month)?\b", re.I)),
    ("last_week", re.compile(r"\b(?P<relative>last|this|next|earlier\s+this|later\s+this)"
                           r"\s+week\b", re.I)),
    ("ago", re.compile(r"\b(?P<count>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)"
                       r"\s+(?P<unit>days?|weeks?)\s+ago\b", re.I)),
    ("end_of_month", re.compile(r"\b(?:end|close)\s+of\s+(?:the|this|(?P<relative>next))\s+"
                                r"month\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<relative>today|yesterday|tomorrow|tonight|"
                                r"this\s+(?:morning|afternoon|evening)|earlier\s+in\s+the\s+"
                                r"day|earlier\s+today)\b", re.I)),
    ("relative_month", re.compile(r"\b(?P<relative>next|last|this|later this|"
                                  r"earlier this)\s+month\b", re.I)),
    ("relative_year", re.compile(r"\b(?P<relative>next|last|this|later this|earlier this)"
                                 r"\s+year\b", re.I)),
    ("season", re.compile(r"\b(?P<relative>next|last|this|later\s+this|early\s+next)\s+"
                          r"(?:spring|summer|autumn|fall|winter)\b", re.I)),
    ("new_year", re.compile(r"\b(?:in|into)\s+the\s+new\s+year\b", re.I)),
    ("end_of_year", re.compile(r"\bend\s+of\s+(?:the\s+)?(?:(?P<this>this|next)\s+)?year\b",
                               re.I)),
    ("month_only", re.compile(rf"\b(?:in|from|by|until|since|early|late|mid-?)\s+{_MONTH}"
                              rf"(?!\s*\d)")),
    ("year", re.compile(rf"\b(?:in|since|from|until|by|of|early|late|mid-?)\s+{_YEAR}\b")),
]

_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
           "twenty": 20}

FUTURE = re.compile(r"\b(will|shall|is to|are to|is set to|is due to|is expected to|"
                    r"takes? over on|from next|effective|as of|starting|scheduled|"
                    r"(?:appointed|named|chosen|elected)\s+to\s+(?:take\s+over|succeed|replace|"
                    r"lead))\b", re.I)


class Published(dt.date):
    """The publication date as a day, remembering the precision the page gave it: a day
    resolved from `today` or `on Tuesday` in a page dated only `2023-07` is that month."""

    precision = "day"

    @classmethod
    def of(cls, date: PartialDate) -> Published:
        first = date.first
        published = cls(first.year, first.month, first.day)
        published.precision = date.precision
        return published


def _coarse(date: PartialDate | None, published: dt.date) -> PartialDate | None:
    precision = getattr(published, "precision", "day")
    if date is None or precision == "day" or date.precision != "day":
        return date
    first = date.first
    return _make(first.year, first.month if precision == "month" else None)


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    start: int
    end: int


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _nearest_year(month: int, day: int | None, published: dt.date, future: bool,
                  past: bool = False) -> int:
    """A day-month without a year: the year that puts it nearest the publication date,
    after it when the sentence speaks of the future, before it when its clause speaks of
    the past (`was stripped of his role in October`, published in May)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            moment = dt.date(year, month, day or 1)
        except ValueError:
            continue
        if future and moment < published - dt.timedelta(days=1 if day else 31):
            continue
        if past and not future and moment > published:
            continue
        candidates.append((abs((moment - published).days), year))
    return min(candidates)[1] if candidates else published.year


def _make(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        return PartialDate.parse(
            "-".join(f"{part:02d}" if index else f"{part:04d}"
                     for index, part in enumerate(p for p in (year, month, day) if p)))
    except ValueError:
        return None


def _resolve(kind: str, match: re.Match, published: dt.date | None, future: bool,
             past: bool = False) -> PartialDate | None:
    groups = match.groupdict()
    month = _MONTHS.get((groups.get("month") or groups.get("month2") or "").lower().rstrip("."))
    if kind == "iso":
        month = int(groups["month"])
    day = groups.get("day") or groups.get("day2")
    day = int(day) if day else None
    if kind == "weekday_date" and not groups.get("year"):
        kind = "month_day"
    if groups.get("year"):
        return _make(int(groups["year"]), month, day)
    if published is None:
        return None
    if kind in ("month_day", "day_month"):
        return _make(_nearest_year(month, day, published, future, past), month, day)
    if kind == "weekday":
        target = _WEEKDAYS[groups["weekday"].lower()]
        when = (groups.get("when") or "").strip().lower()
        offset = (target - published.weekday()) % 7
        if when == "next" or (future and when != "last"):
            moment = published + dt.timedelta(days=offset or 7)
        else:
            moment = published - dt.timedelta(days=(published.weekday() - target) % 7)
        return _coarse(PartialDate.of(moment), published)
    relative = (groups.get("relative") or groups.get("this") or "").lower()
    if kind == "relative_day":
        shift = {"yesterday": -1, "tomorrow": 1}.get(relative, 0)
        return _coarse(PartialDate.of(published + dt.timedelta(days=shift)), published)
    if kind == "relative_month":
        year, month = _shift_month(published.year, published.month,
                                   {"next": 1, "last": -1}.get(relative, 0))
        return _make(year, month)
    if kind == "relative_year":
        return _make(published.year + {"next": 1, "last": -1}.get(relative, 0))
    if kind == "years_ago":
        count = groups["count"].lower()
        years = int(count) if count.isdigit() else _COUNTS[count]
        return _make(published.year - years, published.month if groups.get("this") else None)
    if kind == "ago":  # "two weeks ago": the month that day falls in
        count = groups["count"].lower()
        number = int(count) if count.isdigit() else 1 if count == "a" else _COUNTS[count]
        moment = published - dt.timedelta(days=number * (7 if groups["unit"].lower()
                                                         .startswith("week") else 1))
        return _make(moment.year, moment.month)
    if kind == "end_of_month":
        year, month = _shift_month(published.year, published.month, 1 if relative else 0)
        return _make(year, month)
    if kind == "last_week":
        shift = {"last": -7, "next": 7}.get(groups["relative"].lower().split()[0], 0)
        moment = published + dt.timedelta(days=shift)
        return _make(moment.year, moment.month)
    if kind == "month_only":
        return _make(_nearest_year(month, None, published, future, past), month)
    if kind == "season":  # "this summer": the year it falls in, a season being no month
        return _make(published.year + (1 if relative.endswith("next") else
                                        -1 if relative == "last" else 0))
    if kind == "new_year":
        return _make(published.year + 1)
    if kind == "end_of_year":
        return _make(published.year + (1 if relative == "next" else 0))
    return None


_PAST = re.compile(r"\b(?:was|were|had)\b")


def _future_at(text: str, start: int, sentence_future: bool) -> bool:
    """Whether the clause a date stands in speaks of the future: `who was stripped of his
    chairman role in October` is past even in a sentence that goes on with `will serve`."""
    clause = re.split(r"[,;]", text[max(0, start - 80):start])[-1]
    if FUTURE.search(clause):
        return True
    return sentence_future and not _PAST.search(clause)


_PAST_VERB = re.compile(r"\b(?:was|were|had)\s+(?:\w+\s+){0,2}?\w+ed\b|\b(?:took|left|"
                        r"became|resigned|stepped|quit|retired|died)\b", re.I)


def _past_at(text: str, start: int) -> bool:
    """Whether the clause a date stands in tells of something done (`was stripped of his
    chairman role in October`)."""
    clause = re.split(r"[,;]", text[max(0, start - 80):start])[-1]
    return bool(_PAST_VERB.search(clause)) and not FUTURE.search(clause)


def find_dates(text: str, published: dt.date | None) -> list[FoundDate]:
    """Every date expression in `text`, in order, the most precise reading of each span."""
    future = bool(FUTURE.search(text))
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _resolve(kind, match, published, _future_at(text, match.start(), future),
                            _past_at(text, match.start()))
            if date is not None:
                found.append(FoundDate(date, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda found_date: found_date.start)


_PUBLISHED_LINE = re.compile(
    r"^(?:published|posted|updated|date)(?:\s+on)?\s*[:\-–]?\s*(?P<rest>.{6,60})$",
    re.I | re.M)
_DATELINE = re.compile(r"^[A-Z][A-Za-zÀ-ÿ .'-]{1,40}(?:,\s+[A-Z][a-zÀ-ÿ]+)?,\s+"
                       r"(?P<rest>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s+(?:19|20)\d\d)?"
                       r"|\d{1,2}\s+[A-Z][a-z]{2,9}\s+(?:19|20)\d\d)", re.M)


def publication_date(text: str) -> PartialDate | None:
    """A date the article gives for itself: a 'Published:' line or a dated dateline."""
    for pattern in (_PUBLISHED_LINE, _DATELINE):
        for match in pattern.finditer(text[:2000]):
            dates = find_dates(match["rest"], None)
            if dates and dates[0].date.precision == "day":
                return dates[0].date
    return None
