"""How late the event loop runs what is ready: a heartbeat's lateness.

A callback scheduled every `interval_s` notes how long after its time it ran. Anything that
holds the loop — a long callback, a garbage collection, a read run on the loop, a thread
holding the GIL — makes the heartbeat late by that much, so the lateness is what an
interaction arriving at that moment would wait before the bot even looked at it.

The lateness goes into a histogram (`handover_event_loop_lag_seconds` on /metrics, which
the benchmark reads phase by phase), and a summary is logged when the bot closes.
"""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CollectorRegistry, Histogram

log = logging.getLogger("handover.looplag")

INTERVAL_S = 0.01
# Fine below 10 ms, where the goals are; coarse above, where anything is a stall.
BUCKETS = (0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01,
           0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)


class LoopLag:
    """The heartbeat of one event loop, counted in `registry`."""

    def __init__(self, registry: CollectorRegistry, interval_s: float = INTERVAL_S):
        self.interval_s = interval_s
        self.histogram = Histogram(
            "handover_event_loop_lag_seconds",
            f"How late a heartbeat due every {interval_s * 1000:g} ms ran on the event loop",
            buckets=BUCKETS, registry=registry)
        self.counts = [0] * (len(BUCKETS) + 1)  # the same buckets, for the closing summary
        self.worst = 0.0
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Begin beating on `loop` (the running one by default); once is enough."""
        if self._handle is not None:
            return
        self._loop = loop or asyncio.get_running_loop()
        self._schedule(self._loop.time())

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
            if self.samples:
                log.info("event-loop lag: %s", self.summary())

    def _schedule(self, now: float) -> None:
        due = now + self.interval_s
        self._handle = self._loop.call_at(due, self._beat, due)

    def _beat(self, due: float) -> None:
        now = self._loop.time()
        self.record(now - due)
        self._schedule(now)

    def record(self, lateness_s: float) -> None:
        """One heartbeat ran `lateness_s` after its time."""
        lateness_s = max(0.0, lateness_s)
        self.histogram.observe(lateness_s)
        self.counts[_bucket(lateness_s)] += 1
        self.worst = max(self.worst, lateness_s)

    @property
    def samples(self) -> int:
        return sum(self.counts)

    def quantile(self, fraction: float) -> float | None:
        """The upper edge of the bucket holding the `fraction` quantile (None: no samples,
        inf: past the last bucket)."""
        return upper_edge(self.counts, fraction)

    def summary(self) -> str:
        def ms(value: float | None) -> str:
            return "—" if value is None else f"{value * 1000:g} ms"
        return (f"{self.samples} heartbeats every {self.interval_s * 1000:g} ms; "
                f"p50 ≤ {ms(self.quantile(0.5))}, p99 ≤ {ms(self.quantile(0.99))}, "
                f"worst {self.worst * 1000:.1f} ms")


def _bucket(value: float) -> int:
    for index, edge in enumerate(BUCKETS):
        if value <= edge:
            return index
    return len(BUCKETS)


def upper_edge(counts: list[int], fraction: float,
               edges: tuple[float, ...] = BUCKETS) -> float | None:
    total = sum(counts)
    if not total:
        return None
    rank, seen = fraction * total, 0
    for index, count in enumerate(counts):
        seen += count
        if seen >= rank:
            return edges[index] if index < len(edges) else float("inf")
    return float("inf")


def histogram_quantile(buckets: list[tuple[float, float]], fraction: float) -> float | None:
    """A quantile from cumulative Prometheus buckets `(le, count)`, interpolated linearly
    inside its bucket as Prometheus's `histogram_quantile` does (the benchmark uses it on
    the difference of two scrapes)."""
    ordered = sorted(buckets)
    if not ordered or ordered[-1][1] <= 0:
        return None
    rank = fraction * ordered[-1][1]
    lower_edge, lower_count = 0.0, 0.0
    for edge, count in ordered:
        if count >= rank:
            if edge == float("inf"):
                return lower_edge
            inside = count - lower_count
            share = (rank - lower_count) / inside if inside else 1.0
            return lower_edge + (edge - lower_edge) * share
        lower_edge, lower_count = edge, count
    return lower_edge

