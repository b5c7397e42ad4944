"""Test-side actions: a user runs a slash command, autocompletes, clicks, submits a modal."""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any, cast

from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Interaction,
    check_available,
    command_data,
    envelope,
)
from .messages import custom_ids, find_component
from .payloads import Guild, snowflake

if TYPE_CHECKING:
    from .gateway import Gateway
    from .server import DiscordDouble

SELECTS = (3, 5, 6, 7, 8)


class InteractionActions:
    """Mixin for :class:`~tests.discord_double.server.DiscordDouble` (uses its state)."""

    app_id: int
    guilds: list[Guild]
    commands: dict[int | None, list[dict[str, Any]]]
    messages: dict[str, dict[str, Any]]
    interactions: dict[str, Interaction]
    interactions_by_token: dict[str, Interaction]
    gateway: Gateway

    def guild(self, ref: int | str | None = None) -> Guild:
        """A configured guild by id or name (``None`` → the first)."""
        for g in self.guilds:
            if ref is None or ref in (g.id, str(g.id), g.name):
                return g
        raise LookupError(f"no guild {ref!r}")

    def _lookup(self, name: str, guild: Guild, dm: bool) -> dict[str, Any] | None:
        scopes: list[int | None] = [None, guild.id] if dm else [guild.id, None]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd
        return None

    async def find_command(self, name: str, guild: Guild, dm: bool = False,
                           timeout: float = 5.0) -> dict[str, Any]:
        """The registered slash command ``name`` (guild first), waiting for the bot's sync."""
        try:
            await self.gateway.wait_until(lambda: self._lookup(name, guild, dm) is not None,
                                          timeout, f"command /{name} registered")
        except TimeoutError:
            known = {scope: [c["name"] for c in cmds] for scope, cmds in self.commands.items()}
            raise LookupError(f"/{name} is not registered (scope None = global): {known}") from None
        found = self._lookup(name, guild, dm)
        assert found is not None
        return found

    async def _send(self, payload: dict[str, Any], label: str) -> Interaction:
        h = Interaction(payload, self.messages, label)
        self.interactions[h.id] = h
        self.interactions_by_token[h.token] = h
        await self.gateway.dispatch("INTERACTION_CREATE", payload, payload.get("guild_id"))
        h.created = time.monotonic()
        return h

    async def _command(self, itype: int, name: str, options: dict[str, Any] | None,
                       user: int | str, guild: int | str | None, channel: int | str | None,
                       dm: bool, focused: str | None, force: bool) -> Interaction:
        g = self.guild(guild)
        who = g.member(user)
        top, *path = name.split()
        cmd = await self.find_command(top, g, dm)
        label = f"/{name}"
        if not force:
            check_available(cmd, who, dm, label)
        dd = cast("DiscordDouble", self)
        data = command_data(dd, cmd, path, options or {}, g, focused, label)
        payload = envelope(dd, itype, data, who, g, channel, dm)
        return await self._send(payload, label)

    async def slash(self, name: str, options: dict[str, Any] | None = None, *,
                    user: int | str = "member", guild: int | str | None = None,
                    channel: int | str | None = None, dm: bool = False,
                    force: bool = False) -> Interaction:
        """Run ``/name`` (``"group sub"`` for subcommands) as ``user``; returns its handle.

        Raises ``PermissionError`` when Discord would not offer the command to that user
        (``default_member_permissions``, DM availability) unless ``force=True``.
        """
        return await self._command(APPLICATION_COMMAND, name, options, user, guild, channel,
                                   dm, None, force)

    async def autocomplete(self, name: str, options: dict[str, Any], focused: str, *,
                           user: int | str = "member", guild: int | str | None = None,
                           channel: int | str | None = None, timeout: float = 5.0
                           ) -> list[dict[str, Any]]:
        """Type into option ``focused`` of ``/name``; returns the bot's choices."""
        h = await self._command(AUTOCOMPLETE, name, options, user, guild, channel, False,
                                focused, True)
        await h.response(timeout)
        return h.choices or []

    async def click(self, message: dict[str, Any] | int | str, custom_id: str, *,
                    user: int | str = "member", values: list[str] | None = None
                    ) -> Interaction:
        """Click a button (or pick ``values`` in a select) on a message the bot sent."""
        mid = str(message["id"] if isinstance(message, dict) else message)
        latest = self.messages.get(mid)
        if latest is None:
            raise LookupError(f"message {mid} was never sent by the bot")
        comp = find_component(latest, custom_id)
        if comp is None:
            raise LookupError(f"no component {custom_id!r} in message {mid}; "
                              f"custom_ids: {custom_ids(latest)}")
        if comp.get("disabled"):
            raise PermissionError(f"component {custom_id!r} is disabled")
        g = self.guild(latest.get("guild_id"))
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] in SELECTS:
            data["values"] = list(values or [])
        payload = envelope(cast("DiscordDouble", self), MESSAGE_COMPONENT, data, g.member(user),
                           g, latest["channel_id"], dm=False)
        payload["message"] = copy.deepcopy(latest)
        return await self._send(payload, f"click {custom_id}")

    async def submit_modal(self, opened_by: Interaction, values: dict[str, Any]
                           ) -> Interaction:
        """Submit the modal the bot opened (callback type 9) with ``{custom_id: value}``."""
        first = opened_by.callbacks[0] if opened_by.callbacks else {}
        if first.get("type") != 9:
            raise ValueError(f"{opened_by.label} did not open a modal: {first}")
        modal = first["data"]
        unused = dict(values)

        def answer(comp: dict[str, Any]) -> dict[str, Any]:
            out = {"type": comp["type"], "id": comp.get("id", 0),
                   "custom_id": comp.get("custom_id")}
            value = unused.pop(comp.get("custom_id"), None)
            if comp["type"] in SELECTS:
                out["values"] = list(value or [])
            else:
                out["value"] = "" if value is None else str(value)
            return out

        rows = []
        for top in modal.get("components") or []:
            if top.get("type") == 1:
                rows.append({"type": 1, "components": [answer(c) for c in top["components"]]})
            elif top.get("type") == 18:
                rows.append({"type": 18, "component": answer(top["component"])})
        if unused:
            raise LookupError(f"modal {modal.get('custom_id')!r} has no fields {list(unused)}")
        payload = {**copy.deepcopy(opened_by.payload), "id": str(snowflake()),
                   "token": f"itok-{snowflake()}", "type": MODAL_SUBMIT,
                   "data": {"custom_id": modal["custom_id"], "components": rows}}
        return await self._send(payload, f"modal {modal['custom_id']}")
