"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, op 8.

Frames are plain TEXT JSON (discord.py decompresses only BINARY frames, recipe §1).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import payloads

if TYPE_CHECKING:
    from .server import DiscordDouble

PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content
REPLAY_LIMIT = 1000


@dataclass(eq=False)
class Connection:
    """One websocket connection from the bot."""

    ws: web.WebSocketResponse
    request: web.Request
    session: Session | None = None


@dataclass(eq=False)
class Session:
    """A gateway session (survives reconnects; RESUME re-attaches a connection)."""

    id: str
    shard: list[int]
    intents: int
    token: str
    seq: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)
    conn: Connection | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Gateway state of one :class:`DiscordDouble`."""

    def __init__(self, dd: DiscordDouble) -> None:
        self.dd = dd
        self.sessions: dict[str, Session] = {}
        self.current: dict[int, Session] = {}
        self.connections: set[Connection] = set()
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.presence_updates: list[dict[str, Any]] = []
        self.heartbeats = 0
        self.ready_shards: set[int] = set()
        self.resumed_count = 0
        self.resume_target = 1
        self._event = asyncio.Event()

    # -- waiting ---------------------------------------------------------------------------
    def _pulse(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, probe: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait until ``probe()`` is true, or raise ``TimeoutError`` naming ``what``."""
        deadline = time.monotonic() + timeout
        while True:
            event = self._event
            if probe():
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"gateway: {what} not reached within {timeout}s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)

    def all_ready(self) -> bool:
        """Whether every shard got READY and its GUILD_CREATEs."""
        return len(self.ready_shards) >= self.dd.shard_count

    # -- connection loop -------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for ``/gateway``."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, request)
        self.connections.add(conn)
        if request.query.get("v") != "10" or request.query.get("encoding") != "json":
            self.dd.violation("GATEWAY connect", f"expected ?v=10&encoding=json, got "
                              f"{dict(request.query)}")
        hello = {"heartbeat_interval": self.dd.heartbeat_interval}
        await self._send(conn, {"op": 10, "d": hello, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_text(conn, msg.data)
                elif msg.type is WSMsgType.BINARY:
                    self.dd.violation("GATEWAY", "client sent a binary frame")
        finally:
            self.connections.discard(conn)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._pulse()
        return ws

    async def _send(self, conn: Connection, frame: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await conn.ws.send_str(json.dumps(frame))

    async def _on_text(self, conn: Connection, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            self.dd.violation("GATEWAY", f"undecodable frame {text[:80]!r}")
            await conn.ws.close(code=4002, message=b"Error while decoding payload.")
            return
        op, d = msg.get("op"), msg.get("d")
        if op == 1:
            self.heartbeats += 1
            await self._send(conn, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, d)
        elif op == 6:
            await self._resume(conn, d)
        elif op == 8:
            await self._chunk(conn, d)
        elif op == 3:
            self.presence_updates.append(d)
        elif op != 4:
            self.dd.violation("GATEWAY", f"unknown opcode {op}")
            await conn.ws.close(code=4001, message=b"Unknown opcode.")

    # -- IDENTIFY / RESUME -----------------------------------------------------------------
    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        token = d.get("token", "")
        self.dd.tokens_seen.append(token)
        self.identifies.append({**d, "token": "<redacted>"})
        count = self.dd.shard_count
        shard = d.get("shard") or [0, 1]
        expected = self.dd.expected_token
        if expected is not None and token not in (expected, f"Bot {expected}"):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
        elif conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
        elif shard[1] != count or not 0 <= shard[0] < count:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
        elif int(d.get("intents", 0)) & PRIVILEGED_INTENTS & ~self.dd.allowed_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
        else:
            await self._start_session(conn, d, token, shard)

    async def _start_session(self, conn: Connection, d: dict[str, Any], token: str,
                             shard: list[int]) -> None:
        dd = self.dd
        session = Session(secrets.token_hex(16), shard, int(d.get("intents", 0)), token)
        self.sessions[session.id] = session
        self.current[shard[0]] = session
        session.conn, conn.session = conn, session
        guilds = [g for g in dd.guilds if self.shard_of(g.id) == shard[0]]
        bot = dd.bot_member(dd.guilds[0]) if dd.guilds else dd.bot_user_member
        ready = payloads.ready(bot, dd.app_id, guilds, session.id, dd.gateway_url, shard)
        await self.send_dispatch(session, "READY", ready)
        for guild in guilds:
            await self.send_dispatch(session, "GUILD_CREATE",
                                     payloads.guild_create(guild, dd.bot_member(guild)))
        self.ready_shards.add(shard[0])
        self._pulse()

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        self.dd.tokens_seen.append(d.get("token", ""))
        self.resumes.append({**d, "token": "<redacted>"})
        session = self.sessions.get(d.get("session_id", ""))
        if session is None or session.token != d.get("token") or conn.session is not None:
            await self._send(conn, {"op": 9, "d": False, "s": None, "t": None})
            return
        async with session.lock:
            if session.conn is not None and session.conn is not conn:
                await session.conn.ws.close(code=4000)
            session.conn, conn.session = conn, session
            seq = d.get("seq") or 0
            for frame in session.frames:
                if frame["s"] > seq:
                    await self._send(conn, frame)
            await self._dispatch_locked(session, "RESUMED", {})
        self.resumed_count += 1
        self._pulse()

    async def _chunk(self, conn: Connection, d: dict[str, Any]) -> None:
        guild = next((g for g in self.dd.guilds if str(g.id) == str(d.get("guild_id"))), None)
        if guild is None or conn.session is None:
            self.dd.violation("GATEWAY op 8", f"unknown guild or no session: {d}")
            return
        everyone = [*guild.members, self.dd.bot_member(guild)]
        ids = {str(u) for u in d.get("user_ids") or []}
        query = (d.get("query") or "").lower()
        if ids:
            found = [m for m in everyone if str(m.user_id) in ids]
        else:
            found = [m for m in everyone if m.name.lower().startswith(query)]
        if d.get("limit"):
            found = found[: int(d["limit"])]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id), "members": [payloads.member(m) for m in found],
            "chunk_index": 0, "chunk_count": 1, "not_found": [],
        }
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        if d.get("presences"):
            chunk["presences"] = []
        await self.send_dispatch(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # -- dispatching -----------------------------------------------------------------------
    def shard_of(self, guild_id: int | str | None) -> int:
        """The shard that receives events for ``guild_id`` (shard 0 for DMs)."""
        return 0 if guild_id is None else (int(guild_id) >> 22) % self.dd.shard_count

    async def send_dispatch(self, session: Session, event: str, data: Any) -> dict[str, Any]:
        """Send (or buffer, while disconnected) one op-0 dispatch with the next sequence."""
        async with session.lock:
            return await self._dispatch_locked(session, event, data)

    async def _dispatch_locked(self, session: Session, event: str, data: Any) -> dict[str, Any]:
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.frames.append(frame)
        del session.frames[:-REPLAY_LIMIT]
        if session.conn is not None:
            await self._send(session.conn, frame)
        return frame

    async def dispatch(self, event: str, data: Any, guild_id: int | str | None = None,
                       timeout: float = 10.0) -> dict[str, Any]:
        """Dispatch to the shard owning ``guild_id``, waiting for READY first if needed."""
        shard = self.shard_of(guild_id)
        await self.wait_until(lambda: shard in self.current, timeout, f"shard {shard} READY")
        return await self.send_dispatch(self.current[shard], event, data)

    # -- server-side events ----------------------------------------------------------------
    def _conns(self, shard: int | None) -> list[Connection]:
        return [c for c in self.connections if c.session is not None
                and (shard is None or c.session.shard[0] == shard)]

    async def drop(self, code: int = 1006, shard: int | None = None) -> None:
        """Drop the bot's connection(s): 1006 aborts TCP, other codes send a close frame."""
        self.resume_target = self.resumed_count + 1
        for conn in self._conns(shard):
            if code == 1006:
                transport = conn.request.transport
                if transport is not None:
                    transport.abort()
            else:
                await conn.ws.close(code=code, message=b"closed by the double")

    async def send_op(self, op: int, d: Any, shard: int | None = None) -> None:
        """Send a raw non-dispatch opcode to the connected shard(s)."""
        if op == 7 or (op == 9 and d):
            self.resume_target = self.resumed_count + 1
        if op == 9 and not d:
            for conn in self._conns(shard):
                assert conn.session is not None
                self.ready_shards.discard(conn.session.shard[0])
        for conn in self._conns(shard):
            await self._send(conn, {"op": op, "d": d, "s": None, "t": None})

    async def close_all(self) -> None:
        """Close every connection when the double shuts down.

        A bot still connected at this point would reconnect, and discord.py's fallback for a
        failed reconnect is the real ``DEFAULT_GATEWAY`` (``shard.py`` ``reconnect()``).
        Close code 4004 is non-resumable, so such a bot stops instead of going online.
        """
        for conn in list(self.connections):
            if conn.session is not None:
                self.dd.violation("GATEWAY", "the bot was still connected when the double "
                                  "shut down; close the bot first")
            await conn.ws.close(code=4004, message=b"Discord double shut down")
