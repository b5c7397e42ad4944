"""Start-up as an operator meets it: Discord unreachable is waited out with one line per
attempt, a refused token stops with exit code 2, SIGTERM stops either at once, and the
health port says 503 until every shard is READY, then 200."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import time

import aiohttp
import discord

from bot.client import Handover
from tests.conftest import TODAY, closed_port
from tests.discord_double import DiscordDouble
from tests.running_bot import embed_text, running_bot
from tests.test_discord_process import HANDOVER
from tests.web import serving

TOKEN = "startup-test-token"
UNREACHABLE = "cannot reach Discord at"
REFUSED = ("Discord refused the token: reset it in the Developer Portal and set "
           "DISCORD_TOKEN")


class Process:
    """`handover run` in a subprocess, its standard error collected line by line."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while line := await self.process.stderr.readline():
            self.lines.append(line.decode())

    @property
    def err(self) -> str:
        return "".join(self.lines)

    async def wait_for_line(self, text: str, count: int = 1, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.process.returncode is None, f"exited early:\n{self.err}"
            assert time.monotonic() < deadline, f"no {text!r} on stderr:\n{self.err}"
            await asyncio.sleep(0.05)

    async def stop(self, timeout: float = 15) -> int:
        """SIGTERM; the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        finally:
            await self.reader

    async def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader


async def start(store_path, tmp_path, api_base: str, **env: str) -> Process:
    environment = {**{key: value for key, value in os.environ.items()
                      if key != "HANDOVER_LOG"},
                   "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": api_base,
                   "HANDOVER_DB": str(store_path), "HANDOVER_TODAY": TODAY,
                   "HANDOVER_CONNECT_RETRY_S": "0.1", **env}
    process = await asyncio.create_subprocess_exec(
        HANDOVER, "run", env=environment, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    return Process(process)


async def probe(port: int, path: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, \
            session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, json.loads(await response.text())


async def eventually(check, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await check()
        except (AssertionError, aiohttp.ClientError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def test_unreachable_discord_is_retried_until_the_double_comes_up(store_path, tmp_path):
    port, health_port = closed_port(), closed_port()
    api_base = f"http://127.0.0.1:{port}/api/v10"
    bot = await start(store_path, tmp_path, api_base, HANDOVER_METRICS_PORT=str(health_port))
    try:
        await bot.wait_for_line(UNREACHABLE, count=3)
        first = next(line for line in bot.lines if UNREACHABLE in line)
        assert f"{UNREACHABLE} {api_base}: connection refused by 127.0.0.1:{port}" in first
        assert "trying again in 0.1 s" in first
        assert "trying again in 0.2 s" in bot.err  # the wait doubles

        async def waiting() -> None:
            assert (await probe(health_port, "/healthz"))[0] == 200
            status, body = await probe(health_port, "/readyz")
            assert (status, body["reason"]) == (503, "not connected to Discord yet")
        await eventually(waiting)

        async with DiscordDouble(port=port) as double:
            await double.wait_ready(timeout=30)

            async def ready() -> None:
                status, body = await probe(health_port, "/readyz")
                assert status == 200, body
                assert body == {"status": "ok", "reason": "1 shard(s) ready"}
            await eventually(ready)
            interaction = await double.slash("who-leads", {"org": "nato"})
            assert "Mark Rutte" in embed_text(await interaction.final_message(timeout=10))
            assert await bot.stop() == 0
    finally:
        await bot.kill()
    assert "reached Discord at" in bot.err
    assert "Traceback" not in bot.err
    assert "voice will NOT be supported" not in bot.err
    assert TOKEN not in bot.err


async def test_sigterm_stops_the_wait_for_discord_at_once(store_path, tmp_path):
    api_base = f"http://127.0.0.1:{closed_port()}/api/v10"
    bot = await start(store_path, tmp_path, api_base, HANDOVER_CONNECT_RETRY_S="120")
    try:
        await bot.wait_for_line(UNREACHABLE)
        assert "trying again in 2 min" in bot.err
        began = time.monotonic()
        assert await bot.stop() == 0
        assert time.monotonic() - began < 5
    finally:
        await bot.kill()
    assert "Traceback" not in bot.err


async def test_a_refused_token_exits_2_at_once_with_what_to_do(store_path, tmp_path):
    async with DiscordDouble(expected_token="the-token-discord-knows") as double:
        bot = await start(store_path, tmp_path, double.api_base)
        try:
            code = await asyncio.wait_for(bot.process.wait(), 30)
            await bot.reader
        finally:
            await bot.kill()
        assert code == 2
        assert bot.err.strip().splitlines()[-1] == f"handover: {REFUSED}."
        assert len(double.find_requests("GET /users/@me")) == 1  # no retry
    assert "Traceback" not in bot.err
    assert TOKEN not in bot.err
    assert "voice will NOT be supported" not in bot.err


async def test_discord_answering_5xx_at_start_is_waited_out(store_path, caplog):
    double = DiscordDouble()
    double.fail_next("GET /users/@me", status=502, times=2)
    with caplog.at_level(logging.WARNING, logger="handover.startup"):
        async with running_bot(store_path, double, connect_retry_s=0.05) as running:
            _, message = await running.ask("who-leads", {"org": "nato"})
            assert "Mark Rutte" in embed_text(message)
    waits = [r.getMessage() for r in caplog.records if UNREACHABLE in r.getMessage()]
    assert len(waits) == 2
    assert f"{UNREACHABLE} {double.api_base}: Discord answered 502 Bad Gateway" in waits[0]
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)


async def test_a_metrics_port_in_use_is_named_with_what_to_do(store_path, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await start(store_path, tmp_path, "http://127.0.0.1:1/api/v10",
                          HANDOVER_METRICS_PORT=str(port))
        try:
            assert await asyncio.wait_for(bot.process.wait(), 30) == 1
            await bot.reader
        finally:
            await bot.kill()
    assert f"handover: cannot serve metrics on 127.0.0.1:{port}" in bot.err
    assert "choose another HANDOVER_METRICS_PORT" in bot.err
    assert "Traceback" not in bot.err


async def test_a_gateway_failing_at_start_is_waited_out(store_path, caplog, monkeypatch):
    """discord.py retries a 5xx itself a few times, then gives up with GatewayNotFound:
    that is what reaches Handover (given here at once), and it is waited out too."""
    failures = iter([discord.GatewayNotFound(), OSError("network is down")])
    connect = Handover.connect

    async def flaky(self, *, reconnect: bool = True) -> None:
        if (failure := next(failures, None)) is not None:
            raise failure
        await connect(self, reconnect=reconnect)

    monkeypatch.setattr(Handover, "connect", flaky)
    double = DiscordDouble()
    with caplog.at_level(logging.WARNING):
        async with running_bot(store_path, double, connect_retry_s=0.05) as running:
            _, message = await running.ask("who-leads", {"org": "nato"})
            assert "Mark Rutte" in embed_text(message)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert sum("cannot open Discord's gateway from" in line for line in said) == 2
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)


async def test_a_refused_command_sync_does_not_stop_the_bot(store_path, caplog):
    double = DiscordDouble()
    double.fail_next("PUT /applications/{application_id}/commands", status=403, times=1)
    with caplog.at_level(logging.WARNING):
        async with running_bot(store_path, double, connect_retry_s=0.05) as running:
            assert running.double.gateway.identifies  # it connected and runs on
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("could not register the slash commands (403 Forbidden" in line
               for line in said)
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)


async def test_an_api_base_that_is_not_discord_is_one_clear_line(store_path, tmp_path):
    async with serving({"/api/v10/users/@me": ("<html>Log in to the Wi-Fi</html>",
                                               "text/html")}) as base:
        bot = await start(store_path, tmp_path, f"{base}/api/v10")
        code = await asyncio.wait_for(bot.process.wait(), 20)
        await bot.reader
    assert code != 0
    assert "did not answer like Discord's API (a text/html); check DISCORD_API_BASE" in bot.err
    assert "Traceback" not in bot.err and "something went wrong" not in bot.err


async def test_a_refused_token_is_in_the_json_log_too(store_path, tmp_path):
    log = tmp_path / "handover.log"
    async with DiscordDouble(expected_token="the-token-discord-knows") as double:
        bot = await start(store_path, tmp_path, double.api_base, HANDOVER_LOG=str(log),
                          HANDOVER_LOG_FORMAT="json")
        try:
            assert await asyncio.wait_for(bot.process.wait(), 30) == 2
            await bot.reader
        finally:
            await bot.kill()
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(record["level"] == "ERROR" and REFUSED in record["message"]
               for record in records)
    assert TOKEN not in log.read_text()
