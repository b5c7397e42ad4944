"""The operator's port: `/metrics` for Prometheus, `/healthz` and `/readyz` for
orchestrators, served by aiohttp in the bot's own event loop.

- `/healthz`: the process is alive and its store answers — 200, or 503 with the reason.
  While the bot still waits for Discord its store is not open yet; then the file is
  asked directly, so a Discord outage never makes a healthy process look dead.
- `/readyz`: every shard this process runs is connected and READY — 200, or 503 saying
  which are not.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from store import health as store_health

if TYPE_CHECKING:
    from bot.client import Handover

log = logging.getLogger("handover.health")


class PortUnavailable(Exception):
    """The metrics port cannot be listened on; the message says which and why."""


async def store_answers(bot: Handover) -> tuple[bool, str]:
    """(healthy, reason)."""
    if bot.is_closed():
        return False, "closing"
    try:
        if bot.store is not None:
            await bot.read(bot.store.database.read_one, "SELECT 1")
            return True, "store answers"
        location = bot.settings.store_location
        if bot.settings.on_postgresql:
            await asyncio.to_thread(store_health.inspect_postgresql, location)
            return True, "store answers (waiting for Discord)"
        if not location.exists():
            return True, "store not created yet (waiting for Discord)"
        await asyncio.to_thread(store_health.answers, location)
        return True, "store answers (waiting for Discord)"
    except Exception as error:
        log.debug("health check failed", exc_info=True)
        return False, f"store does not answer: {type(error).__name__}: {error}"


def readiness(bot: Handover) -> tuple[bool, str]:
    """(ready, reason)."""
    if bot.is_closed():
        return False, "closing"
    shards = bot.shards
    if not shards:
        return False, "not connected to Discord yet"
    down = sorted(shard_id for shard_id, shard in shards.items() if shard.is_closed())
    if not bot.is_ready():
        return False, f"waiting for READY on shard(s) {', '.join(map(str, sorted(shards)))}"
    if down:
        return False, f"shard(s) {', '.join(map(str, down))} disconnected"
    return True, f"{len(shards)} shard(s) ready"


class HealthServer:
    """`/metrics`, `/healthz` and `/readyz` on `host:port` (port 0: any free one)."""

    def __init__(self, bot: Handover, host: str, port: int):
        self.bot = bot
        self.host = host
        self.port = port
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self.metrics)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await self.runner.cleanup()
            self.runner = None
            raise PortUnavailable(f"cannot serve metrics on {self.host}:{self.port}: "
                                  f"{error.strerror or error}; choose another "
                                  "HANDOVER_METRICS_PORT") from None
        self.port = self.runner.addresses[0][1]
        self.bot.health_port = self.port
        log.info("metrics and health checks on http://%s:%d/metrics", self.host, self.port)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def metrics(self, request: web.Request) -> web.Response:
        await self.bot.metrics.refresh()
        body = generate_latest(self.bot.metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(self, request: web.Request) -> web.Response:
        healthy, reason = await store_answers(self.bot)
        return _status(healthy, reason)

    async def readyz(self, request: web.Request) -> web.Response:
        ready, reason = readiness(self.bot)
        return _status(ready, reason)


def _status(good: bool, reason: str) -> web.Response:
    return web.json_response({"status": "ok" if good else "unavailable", "reason": reason},
                             status=200 if good else 503)
