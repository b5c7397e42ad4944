"""Interaction callback and interaction-webhook routes (no Authorization header, recipe §5)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .interactions import APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT, Interaction
from .messages import EPHEMERAL, LOADING, build_message, edit_message
from .routing import ROUTER, Call, Reply, error, no_content, ok

if TYPE_CHECKING:
    from .server import DiscordDouble

TOKEN_TTL = 15 * 60.0
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    5: {4, 5, 6, 7},  # modal submit
}


def _body(call: Call) -> dict[str, Any]:
    return call.body if isinstance(call.body, dict) else {}


@ROUTER.route("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
              bot_auth=False)
async def callback(dd: DiscordDouble, call: Call) -> Reply:
    """The initial response: one per interaction, within ``dd.response_deadline`` seconds."""
    h = dd.interactions.get(call.params["interaction_id"])
    if h is None or h.token != call.params["interaction_token"]:
        return error(404, 10062, "Unknown interaction")
    body = _body(call)
    kind = body.get("type")
    refusal = None
    if h.callbacks:
        refusal = error(400, 40060, "Interaction has already been acknowledged.")
    elif time.monotonic() - h.created > dd.response_deadline:
        refusal = error(404, 10062, "Unknown interaction")
    elif kind not in ALLOWED_CALLBACKS.get(h.type, set()):
        dd.violation(f"POST {call.template}", f"callback type {kind} is not valid for "
                     f"interaction type {h.type} ({h.label})")
        refusal = error(400, 50035, "Invalid Form Body")
    if refusal is not None:
        h.rejected.append({"body": body, "status": refusal.status, "error": refusal.body})
        h.notify()
        return refusal
    h.callbacks.append(body)
    result = _respond(dd, h, kind, body.get("data") or {}, call)
    h.notify()
    return result


def _respond(dd: DiscordDouble, h: Interaction, kind: int, data: dict[str, Any],
             call: Call) -> Reply:
    info: dict[str, Any] = {"id": h.id, "type": h.type}
    if kind in (8, 9):
        return ok({"interaction": info})
    channel_id = h.payload["channel_id"]
    guild_id = h.payload.get("guild_id")
    if kind in (4, 5):
        flags = int(data.get("flags") or 0) & EPHEMERAL | (LOADING if kind == 5 else 0)
        msg_type = 20 if h.type == APPLICATION_COMMAND else 0
        msg = build_message(data if kind == 4 else {}, channel_id=channel_id,
                            author=dd.bot_author, uploads=call.uploads, base_url=dd.http_base,
                            flags=flags, msg_type=msg_type, guild_id=guild_id,
                            webhook_id=str(dd.app_id))
        h.original_id = msg["id"]
    elif h.original_id is not None and h.original_id in dd.messages:  # 6, 7
        old = dd.messages[h.original_id]
        msg = edit_message(old, data, call.uploads, dd.http_base) if kind == 7 else old
    else:
        return error(404, 10008, "Unknown Message")
    if kind != 6:  # 6 only acknowledges; the message changes when the bot edits it
        dd.store_message(msg, data if kind in (4, 7) else None)
    if kind in (4, 7):
        dd.note_pings(f"POST {call.template} (type {kind})", data, msg)
    info.update(response_message_id=msg["id"], response_message_loading=kind == 5,
                response_message_ephemeral=bool(msg["flags"] & EPHEMERAL))
    if kind in (4, 7):
        return ok({"interaction": info, "resource": {"type": kind, "message": msg}})
    return ok({"interaction": info})


def _interaction(dd: DiscordDouble, call: Call) -> Interaction | Reply:
    h = dd.interactions_by_token.get(call.params["webhook_token"])
    if call.params["webhook_id"] != str(dd.app_id) or h is None or not h.callbacks:
        return error(404, 10015, "Unknown Webhook")
    if time.monotonic() - h.created > TOKEN_TTL:
        return error(401, 50027, "Invalid Webhook Token")
    return h


@ROUTER.route("POST", "/webhooks/{webhook_id}/{webhook_token}", bot_auth=False)
async def followup(dd: DiscordDouble, call: Call) -> Reply:
    """A followup message (``wait`` is forced true by discord.py for interactions)."""
    h = _interaction(dd, call)
    if isinstance(h, Reply):
        return h
    body = _body(call)
    original = dd.messages.get(h.original_id or "")
    if original is not None and original["flags"] & LOADING:
        # The first followup after a type-5 defer resolves the loading message; its
        # ephemeral flag comes from the defer (discord-api-docs #2742, #3466).
        msg = edit_message(original, body, call.uploads, dd.http_base)
    else:
        flags = int(body.get("flags") or 0) & EPHEMERAL
        msg = build_message(body, channel_id=h.payload["channel_id"], author=dd.bot_author,
                            uploads=call.uploads, base_url=dd.http_base, flags=flags,
                            guild_id=h.payload.get("guild_id"), webhook_id=str(dd.app_id))
    dd.store_message(msg, body)
    dd.note_pings(f"POST {call.template}", body, msg)
    h.followup_ids.append(msg["id"])
    h.notify()
    wait = call.query.get("wait", "false").lower() in ("1", "true")
    return ok(msg) if wait else no_content()


def _target(dd: DiscordDouble, call: Call) -> tuple[Interaction, str] | Reply:
    h = _interaction(dd, call)
    if isinstance(h, Reply):
        return h
    mid = call.params.get("message_id", "@original")
    if mid == "@original":
        if h.original_id is None or h.original_deleted or h.original_id not in dd.messages:
            return error(404, 10008, "Unknown Message")
        return h, h.original_id
    if mid not in h.followup_ids or mid not in dd.messages:
        return error(404, 10008, "Unknown Message")
    return h, mid


@ROUTER.route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
              bot_auth=False)
@ROUTER.route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
              bot_auth=False)
async def get_webhook_message(dd: DiscordDouble, call: Call) -> Reply:
    """Fetch the original response or a followup."""
    target = _target(dd, call)
    return target if isinstance(target, Reply) else ok(dd.messages[target[1]])


@ROUTER.route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
              bot_auth=False)
@ROUTER.route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
              bot_auth=False)
async def patch_webhook_message(dd: DiscordDouble, call: Call) -> Reply:
    """Edit the original response (resolves a defer) or a followup."""
    target = _target(dd, call)
    if isinstance(target, Reply):
        return target
    h, mid = target
    body = _body(call)
    msg = edit_message(dd.messages[mid], body, call.uploads, dd.http_base)
    dd.store_message(msg, body)
    dd.note_pings(f"PATCH {call.template}", body, msg)
    h.notify()
    return ok(msg)


@ROUTER.route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
              bot_auth=False)
@ROUTER.route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
              bot_auth=False)
async def delete_webhook_message(dd: DiscordDouble, call: Call) -> Reply:
    """Delete the original response or a followup."""
    target = _target(dd, call)
    if isinstance(target, Reply):
        return target
    h, mid = target
    if mid == h.original_id:
        h.original_deleted = True
    dd.delete_message(mid)
    h.notify()
    return no_content()
