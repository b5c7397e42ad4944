"""Percentiles of latencies, and the process figures the report needs."""

from __future__ import annotations

import contextlib
import gc
import math
import os
from collections.abc import Iterator
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of `values` (`fraction` 0.5 is the median); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def stats(seconds: list[float], unit: str = "us") -> dict[str, float | int | None]:
    """p50, p99, mean and max of latencies given in seconds, in `unit` (us or ms)."""
    scale = 1e6 if unit == "us" else 1e3

    def scaled(value: float | None) -> float | None:
        return None if value is None else round(value * scale, 3 if unit == "ms" else 1)

    return {f"p50_{unit}": scaled(percentile(seconds, 0.50)),
            f"p99_{unit}": scaled(percentile(seconds, 0.99)),
            f"mean_{unit}": scaled(sum(seconds) / len(seconds) if seconds else None),
            f"max_{unit}": scaled(max(seconds, default=None)), "n": len(seconds)}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """`VmRSS` and `VmHWM` (peak RSS) of a process, in kB, from /proc."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    except OSError:
        pass
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def runqueue_seconds(pid: int | str = "self") -> float:
    """How long a process's threads have waited, runnable, for a CPU so far (the kernel's
    schedstat run delay): time another process had the CPU it needed."""
    total = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0.0
    for task in tasks:
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


@contextlib.contextmanager
def collected_as_in_the_bot(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """Garbage collection as the bot runs it once started: what exists so far frozen out of
    collections, and the bot's thresholds. Restored afterwards."""
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
