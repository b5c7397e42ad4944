"""Build and edit spec-valid ``MessageResponse`` objects from request bodies."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .payloads import now_iso, snowflake

EPHEMERAL = 1 << 6
LOADING = 1 << 7
EDITABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15)  # SUPPRESS_EMBEDS, SUPPRESS_NOTIFS, V2


@dataclass
class Upload:
    """A file part of a multipart request (``files[N]``)."""

    field: str
    filename: str
    content_type: str
    data: bytes
    url: str | None = None


def _number_components(components: list[Any]) -> list[Any]:
    """Copy components, giving every one a numeric ``id`` and response-required fields."""
    out = copy.deepcopy(components)
    used = {c.get("id") for c in _walk(out) if isinstance(c.get("id"), int)}
    next_id = 1
    for comp in _walk(out):
        if not isinstance(comp.get("id"), int):
            while next_id in used:
                next_id += 1
            comp["id"] = next_id
            used.add(next_id)
        if comp.get("type") in (3, 5, 6, 7, 8):
            comp.setdefault("min_values", 1)
            comp.setdefault("max_values", 1)
            if comp["type"] == 3:
                comp.setdefault("options", [])
        if comp.get("type") == 4:
            comp.setdefault("min_length", 0)
            comp.setdefault("max_length", 4000)
    return out


def _walk(components: list[Any]) -> list[dict[str, Any]]:
    """All components, depth first (rows, containers, sections and accessories)."""
    found: list[dict[str, Any]] = []
    stack = list(reversed(components))
    while stack:
        comp = stack.pop()
        if not isinstance(comp, dict):
            continue
        found.append(comp)
        children = list(comp.get("components") or [])
        if isinstance(comp.get("accessory"), dict):
            children.append(comp["accessory"])
        stack += reversed(children)
    return found


def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
    """The component with ``custom_id`` in a stored message, if any."""
    for comp in _walk(message.get("components") or []):
        if comp.get("custom_id") == custom_id:
            return comp
    return None


def custom_ids(message: dict[str, Any]) -> list[str]:
    """Every custom_id in a stored message (for error messages)."""
    return [c["custom_id"] for c in _walk(message.get("components") or []) if "custom_id" in c]


def _embeds(embeds: list[Any]) -> list[dict[str, Any]]:
    out = []
    for embed in copy.deepcopy(embeds):
        embed.setdefault("type", "rich")
        for f in embed.get("fields") or []:
            f.setdefault("inline", False)
        out.append({k: v for k, v in embed.items() if v is not None})
    return out


def _attachments(wanted: list[Any] | None, old: list[dict[str, Any]], uploads: list[Upload],
                 base_url: str, channel_id: str) -> list[dict[str, Any]]:
    """Resolve ``attachments`` (kept ids + new ``files[N]``) into response attachments."""
    by_field = {u.field: u for u in uploads}
    old_by_id = {a["id"]: a for a in old}
    if wanted is None:
        wanted = [{"id": a["id"]} for a in old] + [{"id": i} for i in range(len(uploads))]
    out = []
    for i, item in enumerate(wanted):
        key = str(item.get("id", i))
        if key in old_by_id:
            out.append(old_by_id[key])
            continue
        upload = by_field.get(f"files[{key}]") or (uploads[i] if i < len(uploads) else None)
        if upload is None:
            continue
        att_id = str(snowflake())
        url = f"{base_url}/attachments/{channel_id}/{att_id}/{upload.filename}"
        upload.url = url
        att = {"id": att_id, "filename": item.get("filename") or upload.filename,
               "size": len(upload.data), "url": url, "proxy_url": url,
               "content_type": upload.content_type}
        if item.get("description"):
            att["description"] = item["description"]
        out.append(att)
    return out


def link_attachments(msg: dict[str, Any]) -> list[str]:
    """Point ``attachment://NAME`` URLs in a message's embeds at its attachment NAME, as
    Discord does; the problems are references to files the message does not carry."""
    files = {a["filename"]: a for a in msg.get("attachments") or []}
    problems = []
    for i, embed in enumerate(msg.get("embeds") or []):
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url") or ""
            if not url.startswith("attachment://"):
                continue
            found = files.get(url.removeprefix("attachment://"))
            if found is None:
                problems.append(f"embeds/{i}/{key}: {url} names no attachment of the message")
                continue
            embed[key] = {"url": found["url"], "proxy_url": found["proxy_url"]}
    return problems


def build_message(body: dict[str, Any], *, channel_id: str, author: dict[str, Any],
                  uploads: list[Upload], base_url: str, flags: int = 0, msg_type: int = 0,
                  guild_id: str | None = None, webhook_id: str | None = None) -> dict[str, Any]:
    """A new ``MessageResponse`` from a create body (channel post, webhook or callback)."""
    msg: dict[str, Any] = {
        "id": str(snowflake()), "channel_id": channel_id, "type": msg_type,
        "content": body.get("content") or "", "author": author, "timestamp": now_iso(),
        "edited_timestamp": None, "tts": bool(body.get("tts")), "mention_everyone": False,
        "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "components": [], "pinned": False,
        "flags": flags | (int(body.get("flags") or 0) & (EDITABLE_FLAGS | EPHEMERAL)),
    }
    if guild_id is not None:
        msg["guild_id"] = guild_id
    if webhook_id is not None:
        msg["webhook_id"] = msg["application_id"] = webhook_id
    if body.get("nonce") is not None:
        msg["nonce"] = body["nonce"]
    ref = body.get("message_reference")
    if isinstance(ref, dict) and ref.get("message_id") is not None:
        msg["type"] = 19
        msg["message_reference"] = {
            "type": 0, "message_id": str(ref["message_id"]),
            "channel_id": str(ref.get("channel_id") or channel_id),
        }
    msg["embeds"] = _embeds(body.get("embeds") or [])
    msg["components"] = _number_components(body.get("components") or [])
    msg["attachments"] = _attachments(body.get("attachments"), [], uploads, base_url, channel_id)
    return msg


def edit_message(old: dict[str, Any], body: dict[str, Any], uploads: list[Upload],
                 base_url: str) -> dict[str, Any]:
    """A new version of ``old`` with the fields in an edit body replaced."""
    msg = copy.deepcopy(old)
    if "content" in body:
        msg["content"] = body["content"] or ""
    if "embeds" in body:
        msg["embeds"] = _embeds(body["embeds"] or [])
    if "components" in body:
        msg["components"] = _number_components(body["components"] or [])
    if body.get("flags") is not None:
        keep = msg["flags"] & ~EDITABLE_FLAGS & ~LOADING
        msg["flags"] = keep | (int(body["flags"]) & EDITABLE_FLAGS)
    msg["flags"] &= ~LOADING
    if "attachments" in body or uploads:
        msg["attachments"] = _attachments(body.get("attachments"), old["attachments"], uploads,
                                          base_url, old["channel_id"])
    if old["flags"] & LOADING:
        msg["timestamp"] = now_iso()
    else:
        msg["edited_timestamp"] = now_iso()
    return msg
