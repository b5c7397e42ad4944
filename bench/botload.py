"""The whole bot under load: `handover run` in its own process against the Discord double.

The double (and the load generator) run in this process and the bot in a child process,
started exactly as an operator starts it. That keeps the double's CPU out of the bot's
process and its memory out of the bot's peak RSS, gives the cold start (process start to
first answer) for free, and needs no control channel: the double is driven directly.

Latency is from just before INTERACTION_CREATE is written to the gateway websocket to the
moment the bot's callback request reaches the double's HTTP handler (before the double
validates it). A first run of the bot registers the commands with the double; the second,
measured run finds them unchanged and does not sync, as a restart in production would not.

The double checks every request body against Discord's OpenAPI spec with jsonschema, which
costs it about 5 ms of CPU per callback — more than the bot spends answering. The warm-up
interactions are checked; during the measured phases the check is switched off in this
process (`checking_bodies(False)`), so the figures are the bot's, not the validator's.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import os
import random
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bench.synth import TODAY
from bench.timing import cpu_seconds, proc_status, runqueue_seconds, stats
from bot.looplag import BUCKETS, LoopLag, histogram_quantile
from tests.discord_double import DiscordDouble, Interaction, validation

TOKEN = "bench-token-for-the-double"
SYNC_HASH_KEY = "command_sync_hash"
WINDOW_S = 3.0  # Discord's: an interaction answered later than this has failed
LAG_METRIC = "handover_event_loop_lag_seconds"


@dataclass(frozen=True)
class Plan:
    """How many interactions to send at each concurrency and each paced rate."""

    warmup: int = 200
    per_concurrency: tuple[tuple[int, int], ...] = ((1, 1000), (16, 4000), (64, 4000))
    # open loop: interactions per second, how many
    paced: tuple[tuple[int, int], ...] = ((250, 2500), (500, 5000))
    autocomplete_probes: int = 5
    timeout_s: float = 30.0
    phases: frozenset[str] | None = None  # e.g. {"c16", "paced250"}; None: every phase

    def runs(self, phase: str) -> bool:
        return self.phases is None or phase in self.phases

    def selected(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The closed-loop and the paced phases this plan runs."""
        return ([(c, n) for c, n in self.per_concurrency if self.runs(f"c{c}")],
                [(r, n) for r, n in self.paced if self.runs(f"paced{r}")])


class BenchDouble(DiscordDouble):
    """The Discord double, stamping each interaction's dispatch and callback arrival."""

    def __init__(self, **options) -> None:
        super().__init__(response_deadline=600.0, validate_responses=False, **options)
        self.sent_at: dict[str, float] = {}
        self.arrived_at: dict[str, float] = {}

    async def _send(self, payload: dict[str, Any], label: str) -> Interaction:
        self.sent_at[payload["id"]] = time.perf_counter()
        return await super()._send(payload, label)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        tail = request.match_info["tail"].split("/")
        if len(tail) == 4 and tail[0] == "interactions" and tail[3] == "callback":
            self.arrived_at.setdefault(tail[1], time.perf_counter())
        return await super()._rest(request)

    def latency(self, handle: Interaction) -> float | None:
        arrived = self.arrived_at.get(handle.id)
        return None if arrived is None else arrived - self.sent_at[handle.id]

    def forget(self) -> None:
        """Drop what the double recorded of the interactions so far (a phase's worth):
        kept, it makes every later garbage collection of this process longer."""
        self.requests.clear()
        for table in (self.interactions, self.interactions_by_token, self.messages,
                      self.allowed_mentions, self._channel_log, self.sent_at, self.arrived_at):
            table.clear()


@contextlib.contextmanager
def checking_bodies(enabled: bool) -> Iterator[None]:
    """Switch the double's OpenAPI check of request bodies off (or on) for a while."""
    original = validation.request_errors
    if not enabled:
        validation.request_errors = lambda *_: []
    try:
        yield
    finally:
        validation.request_errors = original


def handover_command() -> list[str]:
    script = Path(sys.executable).parent / "handover"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def start_bot(double: DiscordDouble, db_path: Path | str, workdir: Path,
                    metrics_port: int | None = None, extra: dict[str, str] | None = None,
                    command: list[str] | None = None) -> asyncio.subprocess.Process:
    """`handover run` against the double, in a clean environment (no real token, no .env);
    its metrics (event-loop lag) on `metrics_port`. `HANDOVER_BENCH_*` variables of the
    bench's environment pass through (experiments); `HANDOVER_BENCH_READS` is given to the
    bot as `HANDOVER_READS` (`thread` measures every answer read in the reads thread)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DISCORD_", "HANDOVER_")) or key.startswith("HANDOVER_BENCH_")}
    env.update(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=double.api_base,
               HANDOVER_DB=db_path if isinstance(db_path, str) else str(db_path.resolve()),
               HANDOVER_TODAY=TODAY.isoformat(), HANDOVER_LOG=str(workdir / "handover.log"),
               HANDOVER_LOG_LEVEL="WARNING", PYTHONPATH=str(Path(__file__).parent.parent),
               HANDOVER_WIKIDATA_SYNC_S="0")  # the load is measured, not a sync
    if metrics_port is not None:
        env["HANDOVER_METRICS_PORT"] = str(metrics_port)
    if os.environ.get("HANDOVER_BENCH_READS"):
        env["HANDOVER_READS"] = os.environ["HANDOVER_BENCH_READS"]
    env.update(extra or {})
    return await asyncio.create_subprocess_exec(
        *(command or [*handover_command(), "run"]), env=env, cwd=workdir,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def stop_bot(process: asyncio.subprocess.Process) -> int | None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()
    return process.returncode


def forget_sync(db_path: Path) -> None:
    """Drop the stored command hash, so the bot registers its commands with a new double."""
    with sqlite3.connect(db_path) as db:
        db.execute("DELETE FROM meta WHERE key LIKE ?", (f"{SYNC_HASH_KEY}%",))


def org_names(db_path: Path, count: int, rng: random.Random) -> list[str]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        orgs = db.execute("SELECT count(*) FROM entities WHERE kind = 'organization'"
                          ).fetchone()[0]
        return [db.execute("SELECT name FROM entities WHERE id = ?",
                           (rng.randrange(orgs) + 1,)).fetchone()[0] for _ in range(count)]


def _options(name: str, rng: random.Random) -> dict[str, str]:
    if rng.random() < 0.5:
        return {"org": name}
    return {"org": name, "on": f"{rng.randint(1960, 2026)}-{rng.randint(1, 12):02d}-"
                               f"{rng.randint(1, 28):02d}"}


class LagProbe:
    """The bot's event-loop lag during a phase: its lag histogram scraped from /metrics
    before and after, and the quantiles of the difference (interpolated in the buckets);
    and the same of this process's own loop (`own`), where the double runs."""

    def __init__(self, port: int | None, own: LoopLag | None = None):
        self.port = port
        self.own = own

    async def buckets(self) -> list[tuple[float, float]] | None:
        if self.port is None:
            return None
        try:
            async with aiohttp.ClientSession() as session, session.get(
                    f"http://127.0.0.1:{self.port}/metrics",
                    timeout=aiohttp.ClientTimeout(total=10)) as response:
                text = await response.text()
        except (aiohttp.ClientError, TimeoutError):
            return None
        return [(float(sample.labels["le"]), sample.value)
                for family in text_string_to_metric_families(text) if family.name == LAG_METRIC
                for sample in family.samples if sample.name.endswith("_bucket")]

    @staticmethod
    def between(before: list | None, after: list | None) -> dict:
        if not before or not after:
            return {}
        earlier = dict(before)
        delta = sorted((edge, count - earlier.get(edge, 0.0)) for edge, count in after)
        cumulative = dict(delta)
        total = cumulative.get(math.inf, 0.0)
        figures = {f"lag_{name}_ms": None if (q := histogram_quantile(delta, fraction)) is None
                   else round(q * 1000, 2) for name, fraction in (("p50", .5), ("p99", .99))}
        return {**figures, "lag_heartbeats": int(total),
                "lag_over_10ms": int(total - cumulative.get(0.01, 0.0)),
                "lag_over_50ms": int(total - cumulative.get(0.05, 0.0))}


def _cumulative(counts: list[int]) -> list[tuple[float, float]]:
    edges, total, found = (*BUCKETS, math.inf), 0, []
    for edge, count in zip(edges, counts, strict=True):
        total += count
        found.append((edge, float(total)))
    return found


@contextlib.asynccontextmanager
async def measured(pid: int, probe: LagProbe | None, figures: dict):
    """CPU of the bot and of this process (the double and the load generator), how long
    each waited for a CPU another process had (run-queue delay: the machine is shared),
    and the event-loop lag of both, over the block; added to `figures` at its end. This process
    collects no garbage meanwhile (it does between phases): its pauses, up to 170 ms with
    the double's records of thousands of interactions, delayed sends and the stamping of
    answers, and were counted as the bot's latency."""
    probe = probe or LagProbe(None)
    before = await probe.buckets()
    own_lag = probe.own
    own_before = list(own_lag.counts) if own_lag else None
    gc.collect()
    gc.disable()
    try:
        cpu_bot, cpu_double = cpu_seconds(pid), time.process_time()
        waited_bot, waited_double = runqueue_seconds(pid), runqueue_seconds()
        started = time.perf_counter()
        yield
        wall = time.perf_counter() - started
        cpu_bot, cpu_double = cpu_seconds(pid) - cpu_bot, time.process_time() - cpu_double
        waited_bot = runqueue_seconds(pid) - waited_bot
        waited_double = runqueue_seconds() - waited_double
    finally:
        gc.enable()
    figures |= {"bot_cpu_pct": round(100 * cpu_bot / wall, 1),
                "double_cpu_pct": round(100 * cpu_double / wall, 1),
                "bot_runqueue_ms_per_s": round(1000 * waited_bot / wall, 1),
                "double_runqueue_ms_per_s": round(1000 * waited_double / wall, 1)}
    figures |= LagProbe.between(before, await probe.buckets())
    if own_lag is not None and own_before is not None:
        mine = LagProbe.between(_cumulative(own_before), _cumulative(list(own_lag.counts)))
        figures["double_lag_p99_ms"] = mine.get("lag_p99_ms")


async def load(double: BenchDouble, pid: int, names: list[str], concurrency: int,
               plan: Plan, rng: random.Random, probe: LagProbe | None = None) -> dict:
    """Send `/who-leads` for every name, `concurrency` at a time; throughput and latency."""
    work = iter([_options(name, rng) for name in names])
    latencies: list[float] = []
    unanswered = 0

    async def worker() -> None:
        nonlocal unanswered
        for options in work:
            handle = await double.slash("who-leads", options)
            try:
                await handle.response(plan.timeout_s)
            except TimeoutError:
                unanswered += 1
                continue
            if (seconds := double.latency(handle)) is not None:
                latencies.append(seconds)

    figures: dict = {}
    async with measured(pid, probe, figures):
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return {"interactions_per_s": round(len(latencies) / wall, 1), **stats(latencies, "ms"),
            "unanswered": unanswered, "wall_s": round(wall, 2), **figures}


async def paced(double: BenchDouble, pid: int, names: list[str], rate: float, plan: Plan,
                rng: random.Random, probe: LagProbe | None = None) -> dict:
    """Open loop: one `/who-leads` every 1/`rate` seconds whether or not earlier ones were
    answered, as users arrive. Each latency runs from the moment the interaction was due
    to be sent (so a load generator falling behind is not hidden: no coordinated omission)
    to its callback; every interaction sent counts — one answered after Discord's 3 s, or
    never (counted at the time-out), is a failure, never dropped."""
    latencies: list[float] = []
    late_sends: list[float] = []
    answered_in_time = unanswered = 0

    async def one(options: dict[str, str], due: float) -> None:
        nonlocal answered_in_time, unanswered
        handle = await double.slash("who-leads", options)
        late_sends.append(double.sent_at[handle.id] - due)
        try:
            await handle.response(plan.timeout_s)
        except TimeoutError:
            unanswered += 1
            latencies.append(time.perf_counter() - due)  # at least the time-out
            return
        arrived = double.arrived_at.get(handle.id)
        seconds = plan.timeout_s if arrived is None else arrived - due
        latencies.append(seconds)
        answered_in_time += seconds <= WINDOW_S

    figures: dict = {}
    async with measured(pid, probe, figures):
        tasks = []
        started = time.perf_counter()
        for index, name in enumerate(names):
            due = started + index / rate
            if (delay := due - time.perf_counter()) > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(_options(name, rng), due)))
        sending = time.perf_counter() - started
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
    return {"rate": rate, "sent": len(names),
            "offered_per_s": round(len(names) / max(sending, 1 / rate), 1),
            "interactions_per_s": round(answered_in_time / wall, 1),
            **stats(latencies, "ms"),
            "failures": len(names) - answered_in_time, "unanswered": unanswered,
            "send_late_p99_ms": stats(late_sends, "ms")["p99_ms"], "wall_s": round(wall, 2),
            **figures}


async def autocomplete_probe(double: BenchDouble, names: list[str], plan: Plan) -> dict:
    """A few autocomplete interactions, one at a time: answered or not, and how fast."""
    answered, latencies = 0, []
    for name in names[: plan.autocomplete_probes]:
        handle = await double._command(4, "who-leads", {"org": name[:3]}, "member", None,
                                       None, False, "org", True)
        try:
            await handle.response(5.0)
        except TimeoutError:
            continue
        answered += 1
        latencies.append(double.latency(handle) or 0.0)
    return {"sent": min(len(names), plan.autocomplete_probes), "answered": answered,
            **stats(latencies, "ms")}


async def run(db_path: Path, plan: Plan, seed: int = 13) -> dict:
    """Cold start, throughput at each concurrency, autocomplete, peak RSS of the bot."""
    rng = random.Random(seed)
    closed, opened = plan.selected()
    total = plan.warmup + sum(count for _, count in closed + opened)
    names = org_names(db_path, total + plan.autocomplete_probes, rng)
    double = BenchDouble()
    await double.start()
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as workdir:
        try:
            figures = await _measure(double, db_path, Path(workdir), names, plan, rng)
        finally:
            await double.close()
    if closed:
        figures["floor"] = await floor(names[:plan.warmup + max(n for _, n in closed)], plan,
                                       rng)
    return figures


async def floor(names: list[str], plan: Plan, rng: random.Random) -> dict:
    """The same closed-loop phases against `bench.floor_bot`: discord.py answering with a
    fixed reply, no store. What the bot cannot go below on this machine."""
    double = BenchDouble()
    await double.start()
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="handover-floor-") as workdir:
        bot = await start_bot(double, "unused", Path(workdir),
                              command=[sys.executable, "-m", "bench.floor_bot"])
        try:
            await double.wait_ready(120)
            await double.find_command("who-leads", double.guild(), timeout=120)
            await load(double, bot.pid, names[:plan.warmup], 4, plan, rng)
            double.forget()
            gc.collect()
            gc.freeze()
            with checking_bodies(False):
                for concurrency, count in plan.selected()[0]:
                    figures[f"c{concurrency}"] = await load(
                        double, bot.pid, names[plan.warmup: plan.warmup + count], concurrency,
                        plan, rng)
                    double.forget()
        finally:
            figures["exit_code"] = await stop_bot(bot)
            await double.close()
    return figures


async def _measure(double: BenchDouble, db_path: Path, workdir: Path, names: list[str],
                   plan: Plan, rng: random.Random) -> dict:
    forget_sync(db_path)
    first = await start_bot(double, db_path, workdir)
    try:
        await double.wait_ready(120)
        await double.find_command("who-leads", double.guild(), timeout=120)
    finally:
        await stop_bot(first)
    double.gateway.ready_shards.clear()
    double.gateway.current.clear()  # dispatches wait for the new process's session
    started = time.perf_counter()
    own = LoopLag(CollectorRegistry())
    own.start()
    probe = LagProbe(free_port(), own)
    bot = await start_bot(double, db_path, workdir, probe.port)
    figures: dict = {}
    try:
        await double.wait_ready(120)
        figures["ready_s"] = round(time.perf_counter() - started, 3)
        handle = await double.slash("who-leads", {"org": names[0]})
        await handle.response(120)
        figures["cold_start_s"] = round(double.arrived_at[handle.id] - started, 3)
        figures["rss_after_start_mb"] = round(proc_status(bot.pid).get("VmRSS", 0) / 1024, 1)
        position = plan.warmup
        await load(double, bot.pid, names[1:position], 4, plan, rng)  # bodies checked
        double.forget()
        gc.collect()
        gc.freeze()  # the double's spec and schemas: out of this process's collections
        closed, opened = plan.selected()
        with checking_bodies(False):
            for concurrency, count in closed:
                figures[f"c{concurrency}"] = await load(
                    double, bot.pid, names[position: position + count], concurrency, plan, rng,
                    probe)
                position += count
                double.forget()
            for rate, count in opened:
                figures[f"paced{rate}"] = await paced(
                    double, bot.pid, names[position: position + count], rate, plan, rng, probe)
                position += count
                double.forget()
            figures["autocomplete"] = await autocomplete_probe(double, names[position:], plan)
        memory = proc_status(bot.pid)
        figures["peak_rss_mb"] = round(memory.get("VmHWM", 0) / 1024, 1)
        figures["rss_mb"] = round(memory.get("VmRSS", 0) / 1024, 1)
    finally:
        own.stop()
        figures["exit_code"] = await stop_bot(bot)
    log = workdir / "handover.log"
    logged = log.read_text(errors="replace") if log.exists() else ""
    figures["log_errors"] = logged.count(" ERROR ")
    figures["log_excerpt"] = logged[-1500:] if logged.count(" ERROR ") else ""
    figures["double_violations"] = double.violations[:5]
    return figures
