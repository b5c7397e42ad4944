"""Dates known to a precision: a year, a month or a day.

A `PartialDate` covers a span of days (`2010` covers all of 2010); questions about
who held an office compare those spans, so an answer never claims more than is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# English names whatever the process's locale (`calendar` asks strftime at every lookup)
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
MONTH_ABBREVIATIONS = ("", *(name[:3] for name in MONTH_NAMES[1:]))


class BadDate(ValueError):
    """A date that cannot be read; its message is fit to show a user."""


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its source: `2024-10-01`, `1985-01` or `1975`."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise `BadDate` with a short reason."""
        match = _ISO.match(text.strip())
        if not match:
            raise BadDate(f"'{text}' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY.")
        year, month, day = (int(part) if part else None for part in match.groups())
        if not 1 <= year <= 9999:
            raise BadDate(f"'{text}' is out of range.")
        if month is not None and not 1 <= month <= 12:
            raise BadDate(f"'{text}' has no month {month}.")
        if day is not None:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise BadDate(f"'{text}' is not a day of the calendar.") from None
        return cls(year, month, day)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @functools.cached_property
    def first(self) -> dt.date:
        """The earliest day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @functools.cached_property
    def last(self) -> dt.date:
        """The latest day the date can mean."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """`1 October 2024`, `January 1985` or `1975`."""
        if self.day is not None:
            return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return str(self.year)

    def short(self) -> str:
        """`1 Oct 2024`, `Jan 1985` or `1975`."""
        if self.day is not None:
            return f"{self.day} {MONTH_ABBREVIATIONS[self.month]} {self.year}"
        if self.month is not None:
            return f"{MONTH_ABBREVIATIONS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


@functools.lru_cache(maxsize=65536)
def _parsed(text: str) -> PartialDate:
    return PartialDate.parse(text)


def parse_optional(text: str | None) -> PartialDate | None:
    """A stored date (or None); stored dates repeat, so their readings are remembered."""
    return _parsed(text) if text else None
