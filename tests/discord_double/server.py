"""``DiscordDouble``: an aiohttp Discord API + gateway on 127.0.0.1 for end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import yarl
from aiohttp import hdrs, web

from . import (  # noqa: F401  (rest, publishing and webhooks register routes)
    limits,
    publishing,
    rest,
    validation,
    webhooks,
)
from .actions import InteractionActions
from .faults import Delay, Fault, Faults, route_matches
from .gateway import PRIVILEGED_INTENTS, Gateway
from .interactions import Interaction
from .messages import Upload, link_attachments
from .payloads import BOT_PERMISSIONS, Guild, Member, assign_roles, default_guild, user
from .routing import ROUTER, Call, Reply, error, read_body, to_response


class SpecViolation(AssertionError):
    """Raised by :meth:`DiscordDouble.assert_clean` when the bot broke the API contract."""


@dataclass
class RecordedRequest:
    """One REST request as the double saw it (the token value is never stored here)."""

    method: str
    path: str
    template: str
    query: dict[str, str]
    json: Any
    files: list[tuple[str, str, int]]
    headers: dict[str, str]
    auth_present: bool
    status: int = 0
    response: Any = None
    problems: list[str] = field(default_factory=list)


class SnowflakeDict(dict[int, Any]):
    """A dict keyed by int snowflakes that also accepts ``str`` keys."""

    def __getitem__(self, key: int | str) -> Any:
        return super().__getitem__(int(key))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int | str) and super().__contains__(int(key))

    def get(self, key: int | str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(int(key), default)


class DiscordDouble(InteractionActions):
    """A fake Discord for the real discord.py client. Use as ``async with DiscordDouble()``."""

    def __init__(self, *, app_id: int = 1_200_000_000_000_000_001, bot_id: int | None = None,
                 bot_name: str = "handover", guilds: list[Guild] | None = None,
                 shards: int = 1, expected_token: str | None = None,
                 response_deadline: float = 3.0, nonce_window: float = 180.0,
                 heartbeat_interval: int = 41250, allowed_intents: int = PRIVILEGED_INTENTS,
                 bot_permissions: int = BOT_PERMISSIONS, reject_invalid: bool = True,
                 validate_responses: bool = True, port: int = 0) -> None:
        self.app_id = app_id
        self.bot_id = bot_id or app_id
        self.owner_id = app_id + 99
        self.guilds = guilds if guilds is not None else [default_guild()]
        self.shard_count = shards
        self.expected_token = expected_token
        self.response_deadline = response_deadline
        self.nonce_window = nonce_window
        self.heartbeat_interval = heartbeat_interval
        self.allowed_intents = allowed_intents
        self.reject_invalid = reject_invalid
        self.validate_responses = validate_responses
        self.bot_user_member = Member("bot", self.bot_id, bot_name, bot_permissions, bot=True)
        self._bot_members = {g.id: Member("bot", self.bot_id, bot_name, bot_permissions,
                                          bot=True) for g in self.guilds}
        for g in self.guilds:
            assign_roles(g, self._bot_members[g.id])
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.pings: list[str] = []
        self.errors: list[str] = []
        self.tokens_seen: list[str] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.command_ids: dict[tuple[Any, ...], int] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.allowed_mentions: dict[str, Any] = {}
        self.nonces: dict[tuple[str, str], tuple[str, float]] = {}
        self.interactions: dict[str, Interaction] = {}
        self.interactions_by_token: dict[str, Interaction] = {}
        self.faults = Faults()
        self.gateway = Gateway(self)
        self._channel_log: dict[str, list[str]] = {}
        self.files: dict[str, bytes] = {}
        self.clock: Callable[[], float] = time.time  # for hourly limits; tests may move it
        self.publications: dict[int, list[float]] = {}  # channel → when it published
        self.crossposts: dict[str, int] = {}  # message id → publications accepted
        self.threads: dict[str, dict[str, Any]] = {}  # message id → the thread started on it
        self.expected_pings: set[str] = set()  # mentions a test opted in to, e.g. "<@&1>"
        self.intended_pings: list[str] = []  # pings of those, kept apart from `pings`
        self._runner: web.AppRunner | None = None
        self.port = port  # 0: an ephemeral port, chosen at start

    # -- lifecycle -------------------------------------------------------------------------
    async def __aenter__(self) -> DiscordDouble:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()
        if exc is None:
            self.assert_clean()
        elif self.violations or self.pings:
            exc.add_note("Discord double also recorded:\n" + self._report())

    async def start(self) -> None:
        """Serve on 127.0.0.1, on `port` or else an ephemeral one."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{channel}/{attachment}/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        """Close websockets and stop the server."""
        if self._runner is not None:
            await self.gateway.close_all()
            await self._runner.cleanup()
            self._runner = None

    # -- addresses and state ---------------------------------------------------------------
    @property
    def http_base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE`` / ``DISCORD_API_BASE``."""
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        """``ws://127.0.0.1:PORT/gateway`` (from ``/gateway/bot`` and READY)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def bot_author(self) -> dict[str, Any]:
        """The bot as a message author."""
        return user(self.bot_id, self.bot_user_member.name, bot=True)

    @property
    def channel_messages(self) -> SnowflakeDict:
        """Latest versions of messages posted with ``POST /channels/{id}/messages``."""
        return SnowflakeDict({int(cid): [self.messages[m] for m in ids if m in self.messages]
                              for cid, ids in self._channel_log.items()})

    @property
    def token_used(self) -> str | None:
        """The last token the bot presented (REST ``Bot …`` header, IDENTIFY or RESUME)."""
        return self.tokens_seen[-1] if self.tokens_seen else None

    @property
    def identifies(self) -> list[dict[str, Any]]:
        """IDENTIFY payloads received (token redacted): ``intents``, ``shard``, …"""
        return self.gateway.identifies

    @property
    def resumes(self) -> list[dict[str, Any]]:
        """RESUME payloads received (token redacted)."""
        return self.gateway.resumes

    def bot_member(self, guild: Guild) -> Member:
        """The bot's member object in ``guild``."""
        return self._bot_members.get(guild.id, self.bot_user_member)

    def find_channel(self, channel_id: int | str) -> tuple[Guild, Any] | None:
        """``(guild, channel)`` for a configured channel id."""
        for g in self.guilds:
            for ch in g.channels:
                if str(ch.id) == str(channel_id):
                    return g, ch
        return None

    def store_message(self, msg: dict[str, Any], body: Any = None, *,
                      channel_post: bool = False) -> None:
        """Save the latest version of a message (and its allowed_mentions)."""
        for problem in link_attachments(msg):
            self.violation(f"message {msg['id']}", problem)
        new = msg["id"] not in self.messages
        self.messages[msg["id"]] = msg
        if isinstance(body, dict) and "allowed_mentions" in body:
            self.allowed_mentions[msg["id"]] = body["allowed_mentions"]
        elif new:
            self.allowed_mentions[msg["id"]] = None
        if channel_post:
            self._channel_log.setdefault(msg["channel_id"], []).append(msg["id"])
        if not new:  # an edit, by any route, resolves a deferred interaction on this message
            for h in self.interactions.values():
                if h.original_id == msg["id"] and h.callbacks:
                    h.original_edits += 1
                    h.notify()

    def delete_message(self, message_id: str) -> None:
        """Forget a message."""
        self.messages.pop(message_id, None)
        for ids in self._channel_log.values():
            if message_id in ids:
                ids.remove(message_id)

    def note_pings(self, route: str, body: Any, msg: dict[str, Any]) -> None:
        """Record mentions in ``body`` that would ping somebody."""
        ref = msg.get("message_reference") or {}
        target = self.messages.get(str(ref.get("message_id")))
        replying = bool(ref) and (target is None or target["author"]["id"] != str(self.bot_id))
        found = limits.ping_targets(body, self.allowed_mentions.get(msg["id"]), replying)
        self.intended_pings += [f"{route}: {p}" for p in found if p in self.expected_pings]
        found = [p for p in found if p not in self.expected_pings]
        if found:
            content = str(msg.get("content", ""))[:120]
            self.pings.append(f"{route}: would ping {found} in {content!r}")

    def violation(self, route: str, problem: str) -> None:
        """Record a contract violation (deduplicated)."""
        text = f"{route}: {problem}"
        if text not in self.violations:
            self.violations.append(text)

    def _report(self) -> str:
        lines = [f"  violation: {v}" for v in self.violations]
        return "\n".join(lines + [f"  ping: {p}" for p in self.pings])

    def assert_clean(self) -> None:
        """Raise :class:`SpecViolation` listing every violation and ping recorded so far."""
        if self.violations or self.pings:
            raise SpecViolation("Discord double recorded problems:\n" + self._report())

    def find_requests(self, pattern: str) -> list[RecordedRequest]:
        """Recorded requests matching a route pattern (see :mod:`.faults`)."""
        return [r for r in self.requests
                if route_matches(pattern, r.method, r.path, r.template)]

    # -- faults ----------------------------------------------------------------------------
    def fail_next(self, route_pattern: str, status: int = 429, times: int = 1,
                  retry_after: float = 0.25, is_global: bool = False) -> Fault:
        """Answer the next ``times`` matching requests with 429 (faithful) or a 5xx."""
        fault = Fault(route_pattern, status, times, retry_after, is_global)
        self.faults.failures.append(fault)
        return fault

    def delay(self, route_pattern: str, seconds: float, times: int | None = None) -> Delay:
        """Sleep before answering matching requests (``times=None``: every time)."""
        rule = Delay(route_pattern, seconds, times)
        self.faults.delays.append(rule)
        return rule

    # -- gateway API -----------------------------------------------------------------------
    async def wait_ready(self, timeout: float = 10.0) -> None:
        """Wait until READY and every GUILD_CREATE were sent on every shard."""
        await self.gateway.wait_until(self.gateway.all_ready, timeout, "READY")

    async def wait_resumed(self, timeout: float = 10.0) -> None:
        """Wait for the RESUME that follows the last drop / op 7 / op 9 (true)."""
        gw = self.gateway
        await gw.wait_until(lambda: gw.resumed_count >= gw.resume_target, timeout, "RESUMED")

    async def drop_websocket(self, code: int = 1006, shard: int | None = None) -> None:
        """Drop the gateway connection: 1006 aborts TCP, other codes close with that code."""
        await self.gateway.drop(code, shard)

    async def send_op7_reconnect(self, shard: int | None = None) -> None:
        """Ask the bot to reconnect (it closes and RESUMEs)."""
        await self.gateway.send_op(7, None, shard)

    async def send_invalid_session(self, resumable: bool, shard: int | None = None) -> None:
        """op 9. ``False`` makes discord.py sleep 5 s then IDENTIFY at ``DEFAULT_GATEWAY``:
        wrap the bot in :meth:`default_gateway` so that reconnect comes here."""
        await self.gateway.send_op(9, resumable, shard)

    async def dispatch(self, event: str, data: Any, guild_id: int | str | None = None
                       ) -> dict[str, Any]:
        """Send a gateway dispatch (buffered for replay while the bot is disconnected)."""
        return await self.gateway.dispatch(event, data, guild_id)

    @contextlib.contextmanager
    def default_gateway(self) -> Iterator[None]:
        """Point ``DiscordWebSocket.DEFAULT_GATEWAY`` here (needed only for op 9 d:false)."""
        from discord.gateway import DiscordWebSocket

        old = DiscordWebSocket.DEFAULT_GATEWAY
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            DiscordWebSocket.DEFAULT_GATEWAY = old

    # -- HTTP plumbing ---------------------------------------------------------------------
    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.files.get(request.path)
        return web.Response(status=404) if data is None else web.Response(body=data)

    async def _unknown(self, request: web.Request) -> web.Response:
        self.violation(f"{request.method} {request.path}", "request outside /api/v10")
        return to_response(error(404, 0, "404: Not Found"))

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        method, path = request.method, "/" + request.match_info["tail"]
        body, uploads, problem = await read_body(request)
        match = ROUTER.match(method, path)
        template = match[0].template if match else validation.match_operation(method, path)
        auth = request.headers.get(hdrs.AUTHORIZATION)
        headers = {k: ("<redacted>" if k.lower() == "authorization" else v)
                   for k, v in request.headers.items()}
        rec = RecordedRequest(method, path, template or path, dict(request.query), body,
                              [(u.field, u.filename, len(u.data)) for u in uploads], headers,
                              auth is not None)
        self.requests.append(rec)
        route = f"{method} {rec.template}"
        if problem:
            self.violation(route, problem)
        reply = await self._answer(request, rec, route, match, body, uploads, auth)
        rec.status, rec.response = reply.status, reply.body
        for u in uploads:
            if u.url:
                self.files[yarl.URL(u.url).path] = u.data
        if reply.status >= 400 and not rec.problems:
            self.errors.append(f"{method} {path} -> {reply.status} {reply.body}")
        return to_response(reply)

    async def _answer(self, request: web.Request, rec: RecordedRequest, route: str,
                      match: Any, body: Any, uploads: list[Upload], auth: str | None) -> Reply:
        if match is None:
            known = "in the spec but " if rec.template != rec.path else ""
            self.violation(route, f"unknown route ({known}not implemented by the double)")
            return error(404, 0, "404: Not Found")
        r, params = match
        if auth is not None:
            self.tokens_seen.append(auth.removeprefix("Bot "))
        if r.bot_auth and (auth is None or not auth.startswith("Bot ") or (
                self.expected_token is not None and auth != f"Bot {self.expected_token}")):
            return error(401, 0, "401: Unauthorized")
        problems = validation.request_errors(rec.method, r.template, body)
        problems += limits.semantic_errors(rec.method, r.template, body)
        rec.problems = problems
        for p in problems:
            self.violation(route, p)
        if problems and self.reject_invalid:
            return error(400, 50035, "Invalid Form Body",
                         {"double": {"_errors": [{"code": "INVALID", "message": p}
                                                 for p in problems]}})
        seconds = self.faults.take_delay(rec.method, rec.path, r.template)
        if seconds:
            await asyncio.sleep(seconds)
        fault = self.faults.take_failure(rec.method, rec.path, r.template)
        if fault is not None:
            return Reply(*fault.reply(r.template))
        call = Call(rec.method, rec.path, r.template, params, rec.query, body, uploads)
        try:
            reply = await r.handler(self, call)
        except Exception:
            self.violation(route, "the double crashed:\n" + traceback.format_exc())
            return error(400, 0, "Discord double internal error")
        if self.validate_responses and 200 <= reply.status < 300:
            for p in validation.response_errors(rec.method, r.template, reply.status, reply.body):
                self.violation(route, f"double response drift (bug in the double): {p}")
        return reply
