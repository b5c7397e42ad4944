"""Drawing time of a timeline picture at 40 bars, the most a picture shows.

The timeline is made here, deterministically: 40 tenures of one office over a century,
in day, month and year precision, every fifth one acting, with gaps, names with accents
and in Cyrillic, the last one still in office. Each sample is one `bot.pictures.draw`
call, from the `Timeline` to the PNG bytes, as the bot's drawing thread runs it. The first
call (which imports matplotlib) is reported on its own and left out of the percentiles.

    python -m bench.pictures [SAMPLES]    # prints the figures as JSON
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time

from bench.timing import stats
from bot.timeline import MAX_BARS, Timeline, for_history
from store.dates import PartialDate
from store.models import Entity, Office, Tenure

TODAY = dt.date(2026, 11, 26)
NAMES = ("José María Aznar-López", "Владимир Сидоренко", "Anna Lindqvist", "Zoë Øvergaard",
         "Jean-Baptiste Dupont de Nemours", "Łukasz Wróblewski", "Ngô Bảo Châu", "Ali Demir")


def timeline(bars: int = MAX_BARS, seed: int = 16) -> Timeline:
    """`bars` tenures of one office, oldest first, ending today."""
    rng = random.Random(seed)
    office = Office(1, Entity(1, "organization", "Bench Council"), "Chair", True, None)
    day, tenures = dt.date(1925, 1, 1), []
    for number in range(bars):
        length = dt.timedelta(days=rng.randint(200, 1600))
        start, end = day, day + length
        precision = rng.choice(("day", "day", "month", "year"))
        tenures.append(Tenure(
            number, office, Entity(100 + number, "person", f"{NAMES[number % len(NAMES)]} "
                                                          f"{number + 1}"),
            _partial(start, precision), None if number == bars - 1 else _partial(end, "day"),
            acting=number % 5 == 4))
        day = end + dt.timedelta(days=rng.choice((1, 1, 1, 30, 200)))
    return for_history("History of the Bench Council", [(office, tenures)], TODAY)


def _partial(day: dt.date, precision: str) -> PartialDate:
    if precision == "year":
        return PartialDate(day.year)
    return PartialDate(day.year, day.month) if precision == "month" else PartialDate.of(day)


def run(samples: int) -> dict:
    """p50/p99 of one drawing at 40 bars, the first drawing, and the picture's size."""
    from bot import pictures

    drawn = timeline()
    started = time.perf_counter()
    first = pictures.draw(drawn)
    first_s = time.perf_counter() - started
    seconds = []
    for _ in range(samples):
        started = time.perf_counter()
        picture = pictures.draw(drawn)
        seconds.append(time.perf_counter() - started)
    assert picture.png == first.png, "the same timeline drew a different picture"
    return {"bars": len(drawn.bars), "draw": stats(seconds, "ms"),
            "first_draw_s": round(first_s, 3), "width": picture.width,
            "height": picture.height, "png_kb": round(len(picture.png) / 1024, 1)}


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 200), indent=2))
