"""Starting the bot the way an operator needs it: Discord unreachable is waited out,
a refused token stops at once, and signals stop either.

Before discord.py logs in, Handover asks `GET /users/@me` itself. When Discord cannot be
reached (DNS, refused, time-out, 5xx, 429) it logs one line naming the API base and the
cause, and asks again after a wait that doubles up to five minutes. A 401 raises
`TokenRefused`, which the command line turns into one sentence and exit code 2. The
details of each failure go to the log at DEBUG only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import discord

from bot.config import Settings
from bot.health import HealthServer

if TYPE_CHECKING:
    from bot.client import Handover

log = logging.getLogger("handover.startup")

T = TypeVar("T")
MAX_WAIT_S = 300.0
ATTEMPT_TIMEOUT_S = 30.0
TOKEN_REFUSED = ("Discord refused the token: reset it in the Developer Portal "
                 "and set DISCORD_TOKEN")


class TokenRefused(discord.LoginFailure):
    """Discord answered 401: the token is wrong or was reset."""

    def __init__(self) -> None:
        super().__init__(TOKEN_REFUSED)


class Unreachable(Exception):
    """Discord could not be asked, or answered that it cannot answer now; worth retrying."""


class Refused(Exception):
    """Discord (or what `DISCORD_API_BASE` points at) answered with an error that waiting
    will not fix, such as 403 or 404."""


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts: `first`, doubled each time, never more than `cap`."""

    first: float = 1.0
    cap: float = MAX_WAIT_S

    def delays(self) -> Iterator[float]:
        delay = min(self.first, self.cap)
        while True:
            yield delay
            delay = min(self.cap, delay * 2)


def describe(error: BaseException, timeout: float = ATTEMPT_TIMEOUT_S) -> str:
    """Why a request did not get through, in a few words."""
    if isinstance(error, Unreachable | Refused):
        return str(error)
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(error, aiohttp.ClientConnectorError):
        cause = error.os_error
        if isinstance(cause, socket.gaierror) or type(error).__name__.endswith("DNSError"):
            return f"cannot resolve {error.host}"
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {error.host}:{error.port}"
        return f"cannot connect to {error.host}:{error.port} ({cause.strerror or cause})"
    if isinstance(error, aiohttp.ClientError | OSError):
        return f"{type(error).__name__}: {error}".rstrip(": ")
    return type(error).__name__


async def get_json(session: aiohttp.ClientSession, base: str, token: str, path: str
                   ) -> Any:
    """`GET base+path` as the bot. Raises `TokenRefused` (401), `Unreachable` (no answer,
    5xx, 429) or `Refused` (any other error status)."""
    url = base.rstrip("/") + path
    try:
        async with session.get(url, headers={"Authorization": f"Bot {token}"}) as response:
            if response.status == 401:
                raise TokenRefused
            if response.status >= 500 or response.status == 429:
                raise Unreachable(f"Discord answered {response.status} {response.reason}")
            if response.status >= 400:
                raise Refused(f"{path} answered {response.status} {response.reason}")
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                answer = None
            if not isinstance(answer, dict):
                raise Refused(f"{url} did not answer like Discord's API (a "
                              f"{response.content_type or 'page without a type'}); "
                              "check DISCORD_API_BASE")
            return answer
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        raise Unreachable(describe(error, session.timeout.total or ATTEMPT_TIMEOUT_S)) \
            from error


async def _unless_stopped(work: Awaitable[T], stopping: asyncio.Event) -> tuple[bool, T | None]:
    """Run `work` until it ends or `stopping` is set; (stopped, result)."""
    task = asyncio.ensure_future(work)
    stop = asyncio.ensure_future(stopping.wait())
    try:
        await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return True, None
    return False, task.result()


async def wait_for_discord(settings: Settings, stopping: asyncio.Event,
                           backoff: Backoff | None = None,
                           attempt_timeout: float = ATTEMPT_TIMEOUT_S) -> dict | None:
    """Ask Discord who the bot is until it answers; the bot's user, or None when stopped
    first. `TokenRefused` and `Refused` are raised at once."""
    backoff = backoff or Backoff(settings.connect_retry_s)
    base = settings.api_base
    timeout = aiohttp.ClientTimeout(total=attempt_timeout)
    failures = 0
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for delay in backoff.delays():
            try:
                stopped, me = await _unless_stopped(
                    get_json(session, base, settings.token or "", "/users/@me"), stopping)
            except Unreachable as error:
                failures += 1
                log.warning("cannot reach Discord at %s: %s; trying again in %s",
                            base, error, _human(delay))
                log.debug("attempt %d to reach Discord failed", failures,
                          exc_info=error.__cause__ or error)
                stopped, _ = await _unless_stopped(asyncio.sleep(delay), stopping)
                if stopped:
                    return None
                continue
            if stopped:
                return None
            if failures:
                log.info("reached Discord at %s after %d failed attempt(s)", base, failures)
            return me
    return None  # pragma: no cover (the delays never end)


async def _connect(bot: Handover, backoff: Backoff) -> None:
    """Open the gateway; a gateway Discord cannot give yet (5xx, no answer) is waited out
    like an unreachable API, and a stop asked for meanwhile ends it quietly."""
    for delay in backoff.delays():
        try:
            await bot.connect(reconnect=True)
            return
        except (discord.GatewayNotFound, discord.DiscordServerError, aiohttp.ClientError,
                OSError, TimeoutError, RuntimeError) as error:
            if bot.stopping.is_set() or bot.is_closed():
                return
            log.warning("cannot open Discord's gateway from %s: %s; trying again in %s",
                        bot.settings.api_base, describe(error, ATTEMPT_TIMEOUT_S),
                        _human(delay))
            log.debug("gateway connection failed", exc_info=error)
        if (await _unless_stopped(asyncio.sleep(delay), bot.stopping))[0]:
            return


def _human(seconds: float) -> str:
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:.3g} s"


def point_at_api(settings: Settings) -> None:
    """Send REST (and so the gateway lookup) to `DISCORD_API_BASE`."""
    discord.http.Route.BASE = settings.api_base


def close_on_signals(stop: Callable[[], None]) -> list[signal.Signals]:
    """SIGTERM and SIGINT call `stop` (discord.py alone does not close on SIGTERM)."""
    loop = asyncio.get_running_loop()
    installed = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop)
            installed.append(signum)
    return installed


async def serve(bot: Handover, backoff: Backoff | None = None) -> None:
    """Serve health and metrics (when configured), wait for Discord, connect, and serve
    until the bot is closed or sent SIGTERM / SIGINT."""
    settings = bot.settings
    point_at_api(settings)
    installed = close_on_signals(bot.schedule_close)
    health = HealthServer(bot, settings.metrics_host, settings.metrics_port) \
        if settings.metrics_port is not None else None
    try:
        if health:
            await health.start()
        async with bot:
            if await wait_for_discord(settings, bot.stopping, backoff) is not None \
                    and not bot.stopping.is_set():
                await bot.login(settings.token or "")
                await _connect(bot, backoff or Backoff(settings.connect_retry_s))
    finally:
        loop = asyncio.get_running_loop()
        for signum in installed:
            loop.remove_signal_handler(signum)
        if health:
            await health.stop()
