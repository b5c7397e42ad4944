"""Interaction handles and the INTERACTION_CREATE payloads the double sends (recipe §4)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import payloads
from .messages import EPHEMERAL
from .payloads import Guild, Member, snowflake

if TYPE_CHECKING:
    from .server import DiscordDouble

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


class Interaction:
    """Handle on one interaction sent to the bot; the bot's answers are recorded here."""

    def __init__(self, payload: dict[str, Any], messages: dict[str, dict[str, Any]],
                 label: str) -> None:
        self.payload = payload
        self.id: str = payload["id"]
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.label = label
        self.created = time.monotonic()
        self.callbacks: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []
        self.original_id: str | None = (payload.get("message") or {}).get("id")
        self.followup_ids: list[str] = []
        self.original_edits = 0
        self.original_deleted = False
        self._messages = messages
        self._event = asyncio.Event()

    def __repr__(self) -> str:
        return f"<Interaction {self.label} id={self.id} callbacks={len(self.callbacks)}>"

    def notify(self) -> None:
        """Wake everyone waiting on this handle (called by the REST handlers)."""
        self._event.set()
        self._event = asyncio.Event()

    async def _wait(self, probe: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            event = self._event
            result = probe()
            if result is not None:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.label}: no {what} within {timeout}s ({self!r})")
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                continue

    async def rejection(self, timeout: float = 5.0) -> dict[str, Any]:
        """The first callback the double refused (``{"body", "status", "error"}``), e.g.
        a late response (404, code 10062) or a second one (400, code 40060)."""
        return await self._wait(lambda: self.rejected[0] if self.rejected else None,
                                timeout, "refused callback")

    async def response(self, timeout: float = 5.0) -> dict[str, Any]:
        """The initial callback body the bot sent (``{"type": 4, "data": …}`` etc.)."""
        return await self._wait(lambda: self.callbacks[0] if self.callbacks else None,
                                timeout, "initial response")

    def _final(self) -> dict[str, Any] | None:
        if not self.callbacks:
            return None
        kind = self.callbacks[0].get("type")
        if kind in (1, 8, 9):
            raise ValueError(f"{self.label}: callback type {kind} creates no message")
        if kind in (4, 7) or self.original_edits:
            return self.original
        return self.followups[0] if self.followup_ids else None

    async def final_message(self, timeout: float = 5.0) -> dict[str, Any]:
        """The visible message: the reply (4/7), or after a defer (5/6) the edited original
        or the first followup, whichever comes first. Returns the latest version."""
        return await self._wait(self._final, timeout, "final message")

    @property
    def acknowledged(self) -> bool:
        """Whether the bot sent an initial response."""
        return bool(self.callbacks)

    @property
    def original(self) -> dict[str, Any] | None:
        """Latest version of the original response (or of the clicked message)."""
        if self.original_id is None or self.original_deleted:
            return None
        return self._messages.get(self.original_id)

    @property
    def followups(self) -> list[dict[str, Any]]:
        """Latest versions of the followup messages, oldest first."""
        return [self._messages[i] for i in self.followup_ids if i in self._messages]

    @property
    def ephemeral(self) -> bool:
        """Whether the initial response (or the updated message) is ephemeral."""
        original = self.original
        if original is not None:
            return bool(original["flags"] & EPHEMERAL)
        data = (self.callbacks[0].get("data") or {}) if self.callbacks else {}
        return bool(int(data.get("flags") or 0) & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices from a type-8 callback, if any."""
        if self.callbacks and self.callbacks[0].get("type") == 8:
            return (self.callbacks[0].get("data") or {}).get("choices", [])
        return None


def _dm_channel(user: dict[str, Any]) -> dict[str, Any]:
    channel_id = str(int(user["id"]) + 7)
    return {"id": channel_id, "type": 1, "recipients": [user], "last_message_id": None,
            "flags": 0}


def envelope(dd: DiscordDouble, itype: int, data: dict[str, Any], who: Member,
             guild: Guild, channel_ref: int | str | None, dm: bool) -> dict[str, Any]:
    """A complete INTERACTION_CREATE payload (traps 3 and 10: full channel object etc.)."""
    payload: dict[str, Any] = {
        "id": str(snowflake()), "application_id": str(dd.app_id), "type": itype,
        "token": f"itok-{snowflake()}", "version": 1, "data": data, "locale": "en-US",
        "entitlements": [], "attachment_size_limit": 10 * 1024 * 1024,
    }
    if dm:
        user = payloads.user(who.user_id, who.name, who.bot)
        channel = _dm_channel(user)
        payload.update(user=user, channel=channel, channel_id=channel["id"], context=1,
                       app_permissions=str(dd.bot_member(guild).effective_permissions),
                       authorizing_integration_owners={"0": "0"})
        return payload
    ch = guild.channel(channel_ref)
    payload.update(
        guild_id=str(guild.id), channel_id=str(ch.id), channel=payloads.channel(ch, guild.id),
        guild={"id": str(guild.id), "locale": "en-US", "features": []},
        member=payloads.member(who, with_permissions=True), guild_locale="en-US",
        app_permissions=str(dd.bot_member(guild).effective_permissions),
        authorizing_integration_owners={"0": str(guild.id)}, context=0,
    )
    return payload


def _value(dd: DiscordDouble, guild: Guild, otype: int, value: Any,
           resolved: dict[str, dict[str, Any]]) -> Any:
    if otype == 4:
        return int(value)
    if otype == 10:
        return float(value)
    if otype == 5:
        return bool(value)
    if otype in (6, 9):
        m = guild.member(value)
        resolved.setdefault("users", {})[str(m.user_id)] = payloads.user(m.user_id, m.name)
        member = payloads.member(m, with_permissions=True)
        del member["user"]
        resolved.setdefault("members", {})[str(m.user_id)] = member
        return str(m.user_id)
    if otype == 7:
        ch = guild.channel(value)
        resolved.setdefault("channels", {})[str(ch.id)] = {
            **payloads.channel(ch, guild.id), "permissions": str(payloads.ALL_PERMISSIONS)}
        return str(ch.id)
    if otype == 8:
        r = guild.role(value)
        resolved.setdefault("roles", {})[str(r.id)] = payloads.role(r)
        return str(r.id)
    if otype == 11:
        return _attachment(dd, value, resolved)
    return str(value) if otype == 3 else value


def _attachment(dd: DiscordDouble, value: Any, resolved: dict[str, dict[str, Any]]) -> str:
    """An uploaded file: `value` is `(filename, bytes, content_type)`; the double serves it."""
    filename, content, content_type = value
    attachment_id = str(snowflake())
    path = f"/attachments/0/{attachment_id}/{filename}"
    dd.files[path] = content
    url = f"{dd.http_base}{path}"
    resolved.setdefault("attachments", {})[attachment_id] = {
        "id": attachment_id, "filename": filename, "size": len(content), "url": url,
        "proxy_url": url, "content_type": content_type}
    return attachment_id


def _leaf_options(dd: DiscordDouble, guild: Guild, spec: list[dict[str, Any]],
                  given: dict[str, Any], focused: str | None,
                  resolved: dict[str, dict[str, Any]], label: str) -> list[dict[str, Any]]:
    by_name = {o["name"]: o for o in spec}
    out = []
    for name, value in given.items():
        if name not in by_name:
            raise ValueError(f"{label}: no option {name!r}; options: {sorted(by_name)}")
        opt = by_name[name]
        if name == focused:
            out.append({"name": name, "type": opt["type"], "value": str(value),
                        "focused": True})
            continue
        choices = [c["value"] for c in opt.get("choices") or []]
        if choices and value not in choices:
            raise ValueError(f"{label}: {name}={value!r} is not one of the choices {choices}")
        out.append({"name": name, "type": opt["type"],
                    "value": _value(dd, guild, opt["type"], value, resolved)})
    if focused is None:
        missing = [o["name"] for o in spec if o.get("required") and o["name"] not in given]
        if missing:
            raise ValueError(f"{label}: required options missing: {missing}")
    elif focused not in given:
        raise ValueError(f"{label}: focused option {focused!r} has no value in options")
    return out


def command_data(dd: DiscordDouble, command: dict[str, Any], path: list[str],
                 options: dict[str, Any], guild: Guild, focused: str | None,
                 label: str) -> dict[str, Any]:
    """``data`` for a type-2/4 interaction, nesting subcommand groups and subcommands."""
    resolved: dict[str, dict[str, Any]] = {}
    spec = command.get("options") or []
    chain: list[tuple[str, int]] = []
    for part in path:
        sub = next((o for o in spec if o["name"] == part and o["type"] in (1, 2)), None)
        if sub is None:
            raise ValueError(f"{label}: no subcommand {part!r}")
        chain.append((part, sub["type"]))
        spec = sub.get("options") or []
    if any(o["type"] in (1, 2) for o in spec):
        names = [o["name"] for o in spec]
        raise ValueError(f"{label}: pick a subcommand ({names}), e.g. '{label} {names[0]}'")
    opts = _leaf_options(dd, guild, spec, options, focused, resolved, label)
    for name, otype in reversed(chain):
        opts = [{"name": name, "type": otype, "options": opts}]
    data: dict[str, Any] = {"id": command["id"], "name": command["name"],
                            "type": command.get("type", 1)}
    if opts:
        data["options"] = opts
    if resolved:
        data["resolved"] = resolved
    if "guild_id" in command:
        data["guild_id"] = command["guild_id"]  # trap 8
    return data


def check_available(command: dict[str, Any], who: Member, dm: bool, label: str) -> None:
    """Raise ``PermissionError`` if Discord would not offer this command to ``who``."""
    perms = command.get("default_member_permissions")
    if not dm and perms is not None and int(perms) & ~who.effective_permissions:
        raise PermissionError(f"{label}: {who.key} lacks default_member_permissions {perms}")
    contexts = command.get("contexts")
    dm_allowed = 1 in contexts if contexts else command.get("dm_permission", True)
    if dm and ("guild_id" in command or not dm_allowed):
        raise PermissionError(f"{label}: command is not available in DMs")
