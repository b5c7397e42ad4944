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
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bench.synth import TODAY
from bench.timing import cpu_seconds, proc_status, stats
from tests.discord_double import DiscordDouble, Interaction, validation

TOKEN = "bench-token-for-the-double"
SYNC_HASH_KEY = "command_sync_hash"


@dataclass(frozen=True)
class Plan:
    """How many interactions to send at each concurrency."""

    warmup: int = 200
    per_concurrency: tuple[tuple[int, int], ...] = ((1, 1000), (16, 4000), (64, 4000))
    paced: tuple[int, int] = (250, 2500)  # open loop: interactions per second, how many
    autocomplete_probes: int = 5
    timeout_s: float = 30.0


class BenchDouble(DiscordDouble):
    """The Discord double, stamping each interaction's dispatch and callback arrival."""

    def __init__(self) -> None:
        super().__init__(response_deadline=600.0, validate_responses=False)
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


async def start_bot(double: DiscordDouble, db_path: Path, workdir: Path
                    ) -> asyncio.subprocess.Process:
    """`handover run` against the double, in a clean environment (no real token, no .env)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DISCORD_", "HANDOVER_"))}
    env.update(DISCORD_TOKEN=TOKEN, DISCORD_API_BASE=double.api_base,
               HANDOVER_DB=str(db_path.resolve()),
               HANDOVER_TODAY=TODAY.isoformat(), HANDOVER_LOG=str(workdir / "handover.log"),
               HANDOVER_LOG_LEVEL="WARNING", PYTHONPATH=str(Path(__file__).parent.parent),
               HANDOVER_WIKIDATA_SYNC_S="0")  # the load is measured, not a sync
    return await asyncio.create_subprocess_exec(
        *handover_command(), "run", env=env, cwd=workdir, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL)


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


async def load(double: BenchDouble, pid: int, names: list[str], concurrency: int,
               plan: Plan, rng: random.Random) -> dict:
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

    cpu_bot, cpu_double = cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return {"interactions_per_s": round(len(latencies) / wall, 1), **stats(latencies, "ms"),
            "unanswered": unanswered, "wall_s": round(wall, 2),
            "bot_cpu_pct": round(100 * (cpu_seconds(pid) - cpu_bot) / wall, 1),
            "double_cpu_pct": round(100 * (time.process_time() - cpu_double) / wall, 1)}


async def paced(double: BenchDouble, pid: int, names: list[str], rate: float, plan: Plan,
                rng: random.Random) -> dict:
    """Open loop: one `/who-leads` every 1/`rate` seconds whether or not earlier ones were
    answered, as users arrive; latency without the queueing a closed loop adds."""
    latencies: list[float] = []
    unanswered = 0

    async def one(options: dict[str, str]) -> None:
        nonlocal unanswered
        handle = await double.slash("who-leads", options)
        try:
            await handle.response(plan.timeout_s)
        except TimeoutError:
            unanswered += 1
            return
        if (seconds := double.latency(handle)) is not None:
            latencies.append(seconds)

    cpu_bot, tasks = cpu_seconds(pid), []
    started = time.perf_counter()
    for index, name in enumerate(names):
        if (delay := started + index / rate - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(_options(name, rng))))
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    return {"rate": rate, "interactions_per_s": round(len(latencies) / wall, 1),
            **stats(latencies, "ms"), "unanswered": unanswered,
            "bot_cpu_pct": round(100 * (cpu_seconds(pid) - cpu_bot) / wall, 1)}


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
    total = plan.warmup + sum(count for _, count in plan.per_concurrency) + plan.paced[1]
    names = org_names(db_path, total + plan.autocomplete_probes, rng)
    double = BenchDouble()
    await double.start()
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as workdir:
        try:
            return await _measure(double, db_path, Path(workdir), names, plan, rng)
        finally:
            await double.close()


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
    bot = await start_bot(double, db_path, workdir)
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
        with checking_bodies(False):
            for concurrency, count in plan.per_concurrency:
                figures[f"c{concurrency}"] = await load(
                    double, bot.pid, names[position: position + count], concurrency, plan, rng)
                position += count
            rate, count = plan.paced
            figures["paced"] = await paced(double, bot.pid, names[position: position + count],
                                           rate, plan, rng)
            position += count
            figures["autocomplete"] = await autocomplete_probe(double, names[position:], plan)
        memory = proc_status(bot.pid)
        figures["peak_rss_mb"] = round(memory.get("VmHWM", 0) / 1024, 1)
        figures["rss_mb"] = round(memory.get("VmRSS", 0) / 1024, 1)
    finally:
        figures["exit_code"] = await stop_bot(bot)
    log = workdir / "handover.log"
    logged = log.read_text(errors="replace") if log.exists() else ""
    figures["log_errors"] = logged.count(" ERROR ")
    figures["log_excerpt"] = logged[-1500:] if logged.count(" ERROR ") else ""
    figures["double_violations"] = double.violations[:5]
    return figures
