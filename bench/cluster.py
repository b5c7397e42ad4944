"""The bot on PostgreSQL as one process and as two: how far shard processes carry it.

Two servers, one on each of two shards, ask `/who-leads` sixteen at a time, half each.
First one `handover run` serves both shards; then two processes serve one shard each,
sharing the PostgreSQL copy of the million-fact store (see `bench.postgres`). Figures are
interactions per second and latency from the double's dispatch to the callback's arrival,
as in `bench.botload`.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

import asyncpg

from bench import botload
from bench.timing import stats
from tests.discord_double import Guild, default_guild

SHARD_COUNT = 2
FIRST_GUILD = 1_300_000_000_000_000_000 & ~((1 << 23) - 1)  # (id >> 22) % 2 == 0: shard 0
GUILDS = (FIRST_GUILD, FIRST_GUILD + (1 << 22))  # shard 0, shard 1
LAYOUTS = {1: ("0-1",), 2: ("0", "1")}  # processes → the shards each one runs


def _guild(guild_id: int) -> Guild:
    made = default_guild(guild_id)
    return Guild(id=guild_id, owner_id=made.owner_id, members=made.members,
                 channels=made.channels)


async def _forget_sync(url: str) -> None:
    """A new double knows no commands: make the first process register them."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DELETE FROM meta WHERE key = $1", botload.SYNC_HASH_KEY)
    finally:
        await connection.close()


async def _start(double: botload.BenchDouble, url: str, workdir: Path, shards: str
                 ) -> asyncio.subprocess.Process:
    return await botload.start_bot(double, url, workdir, extra={
        "HANDOVER_SHARDS": shards, "HANDOVER_SHARD_COUNT": str(SHARD_COUNT),
        "HANDOVER_LOG": str(workdir / f"handover-{shards}.log")})


async def _closed_loop(double: botload.BenchDouble, names: list[str], concurrency: int,
                       timeout_s: float) -> dict:
    work = iter(enumerate(names))
    latencies: list[float] = []
    unanswered = 0

    async def worker() -> None:
        nonlocal unanswered
        for number, name in work:
            handle = await double.slash("who-leads", {"org": name},
                                        guild=GUILDS[number % len(GUILDS)])
            try:
                await handle.response(timeout_s)
            except TimeoutError:
                unanswered += 1
                continue
            if (seconds := double.latency(handle)) is not None:
                latencies.append(seconds)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return {"interactions_per_s": round(len(latencies) / wall, 1), **stats(latencies, "ms"),
            "unanswered": unanswered}


async def _one_layout(url: str, processes: int, names: list[str], warmup: int,
                      concurrency: int) -> dict:
    await _forget_sync(url)
    double = botload.BenchDouble(guilds=[_guild(guild) for guild in GUILDS],
                                 shards=SHARD_COUNT)
    await double.start()
    started: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory(prefix="handover-cluster-") as folder:
            for shards in LAYOUTS[processes]:
                started.append(await _start(double, url, Path(folder), shards))
            await double.wait_ready(180)
            for guild in GUILDS:
                await double.find_command("who-leads", double.guild(guild), timeout=120)
            await _closed_loop(double, names[:warmup], 4, 30.0)
            double.forget()
            with botload.checking_bodies(False):
                return await _closed_loop(double, names[warmup:], concurrency, 30.0)
    finally:
        for process in started:
            await botload.stop_bot(process)
        await double.close()


async def run(url: str, sqlite_path: Path, count: int, concurrency: int = 16,
              seed: int = 17) -> dict:
    """Interactions per second with one process and with two, on the same store."""
    rng = random.Random(seed)
    warmup = max(50, count // 10)
    names = botload.org_names(sqlite_path, 2 * (warmup + count), rng)
    figures = {}
    for processes in sorted(LAYOUTS):
        chosen = names[(processes - 1) * (warmup + count): processes * (warmup + count)]
        figures[f"processes_{processes}"] = await _one_layout(url, processes, chosen, warmup,
                                                              concurrency)
    return figures
