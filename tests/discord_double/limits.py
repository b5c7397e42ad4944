"""Limits Discord enforces that the OpenAPI spec cannot express, and ping detection.

Every function returns a list of readable problems (empty when the body is fine).
"""

from __future__ import annotations

import re
from typing import Any

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
LABEL_MAX = 80
CUSTOM_ID_MAX = 100
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMAND_NAME = re.compile(r"[\w'-]{1,32}")
COMMAND_TEXT_TOTAL = 4000
IS_COMPONENTS_V2 = 1 << 15
MENTION = re.compile(r"@everyone|@here|<@!?(\d+)>|<@&(\d+)>")


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def embed_errors(embeds: list[Any]) -> list[str]:
    """Per-embed limits plus the 6000-character total across all embeds of a message."""
    problems: list[str] = []
    if len(embeds) > EMBEDS_MAX:
        problems.append(f"{len(embeds)} embeds > {EMBEDS_MAX}")
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        for key, limit in EMBED_LIMITS.items():
            n = len(_s(embed.get(key)))
            total += n
            if n > limit:
                problems.append(f"embeds/{i}/{key}: {n} chars > {limit}")
        footer = _s((embed.get("footer") or {}).get("text"))
        author = _s((embed.get("author") or {}).get("name"))
        total += len(footer) + len(author)
        if len(footer) > FOOTER_MAX:
            problems.append(f"embeds/{i}/footer/text: {len(footer)} chars > {FOOTER_MAX}")
        if len(author) > AUTHOR_MAX:
            problems.append(f"embeds/{i}/author/name: {len(author)} chars > {AUTHOR_MAX}")
        fields = embed.get("fields") or []
        if len(fields) > FIELDS_MAX:
            problems.append(f"embeds/{i}/fields: {len(fields)} fields > {FIELDS_MAX}")
        for j, field in enumerate(fields):
            name, value = _s(field.get("name")), _s(field.get("value"))
            total += len(name) + len(value)
            if not name or len(name) > FIELD_NAME_MAX:
                problems.append(f"embeds/{i}/fields/{j}/name: {len(name)} chars (1..256)")
            if not value or len(value) > FIELD_VALUE_MAX:
                problems.append(f"embeds/{i}/fields/{j}/value: {len(value)} chars (1..1024)")
    if total > EMBED_TOTAL_MAX:
        problems.append(f"embeds: {total} chars in total > {EMBED_TOTAL_MAX}")
    return problems


def _component_errors(comp: dict[str, Any], where: str) -> list[str]:
    problems = []
    label = _s(comp.get("label"))
    if comp.get("type") == 2 and len(label) > LABEL_MAX:
        problems.append(f"{where}/label: {len(label)} chars > {LABEL_MAX}")
    custom_id = comp.get("custom_id")
    if custom_id is not None and not 1 <= len(_s(custom_id)) <= CUSTOM_ID_MAX:
        problems.append(f"{where}/custom_id: {len(_s(custom_id))} chars (1..{CUSTOM_ID_MAX})")
    return problems


def component_errors(components: list[Any], flags: int = 0) -> list[str]:
    """Action-row limits (legacy components); Components V2 messages get custom_id checks."""
    problems: list[str] = []
    legacy = not flags & IS_COMPONENTS_V2
    if legacy and len(components) > ROWS_MAX:
        problems.append(f"components: {len(components)} action rows > {ROWS_MAX}")
    stack = [(c, f"components/{i}") for i, c in enumerate(components)]
    while stack:
        comp, where = stack.pop()
        if not isinstance(comp, dict):
            continue
        problems += _component_errors(comp, where)
        children = comp.get("components") or []
        if comp.get("type") == 1 and legacy:
            buttons = sum(1 for c in children if isinstance(c, dict) and c.get("type") == 2)
            if buttons > BUTTONS_PER_ROW:
                problems.append(f"{where}: {buttons} buttons > {BUTTONS_PER_ROW}")
        stack += [(c, f"{where}/components/{j}") for j, c in enumerate(children)]
        if isinstance(comp.get("accessory"), dict):
            stack.append((comp["accessory"], f"{where}/accessory"))
    return problems


def message_errors(body: Any) -> list[str]:
    """Limits for any message-shaped body (channel message, webhook, callback data)."""
    if not isinstance(body, dict):
        return []
    problems = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_MAX:
        problems.append(f"content: {len(content)} chars > {CONTENT_MAX}")
    if isinstance(body.get("embeds"), list):
        problems += embed_errors(body["embeds"])
    if isinstance(body.get("components"), list):
        problems += component_errors(body["components"], int(body.get("flags") or 0))
    return problems


def choice_errors(choices: Any) -> list[str]:
    """Autocomplete / option choices: ≤ 25, name 1..100, string value ≤ 100."""
    if not isinstance(choices, list):
        return []
    problems = []
    if len(choices) > CHOICES_MAX:
        problems.append(f"choices: {len(choices)} > {CHOICES_MAX}")
    for i, choice in enumerate(choices):
        name = _s(choice.get("name"))
        if not 1 <= len(name) <= CHOICE_NAME_MAX:
            problems.append(f"choices/{i}/name: {len(name)} chars (1..{CHOICE_NAME_MAX})")
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_VALUE_MAX:
            problems.append(f"choices/{i}/value: {len(value)} chars > {CHOICE_VALUE_MAX}")
    return problems


def _name_errors(name: Any, where: str, slash: bool) -> list[str]:
    if not isinstance(name, str) or not name:
        return [f"{where}/name missing"]
    if slash and (not COMMAND_NAME.fullmatch(name) or name != name.lower()):
        return [f"{where}/name {name!r} must be 1-32 lowercase letters, digits, - _ '"]
    if len(name) > 32:
        return [f"{where}/name {name!r} longer than 32"]
    return []


def _option_errors(options: list[Any], where: str) -> tuple[list[str], int]:
    problems: list[str] = []
    chars = 0
    seen_optional = False
    for i, opt in enumerate(options):
        at = f"{where}/options/{i}"
        problems += _name_errors(opt.get("name"), at, slash=True)
        desc = _s(opt.get("description"))
        chars += len(_s(opt.get("name"))) + len(desc)
        if not 1 <= len(desc) <= 100:
            problems.append(f"{at}/description: {len(desc)} chars (1..100)")
        if opt.get("type") in (1, 2):
            sub_problems, sub_chars = _option_errors(opt.get("options") or [], at)
            problems += sub_problems
            chars += sub_chars
            continue
        if opt.get("required"):
            if seen_optional:
                problems.append(f"{at}: required option after an optional one")
        else:
            seen_optional = True
        problems += [f"{at}/{p}" for p in choice_errors(opt.get("choices"))]
        for choice in opt.get("choices") or []:
            chars += len(_s(choice.get("name"))) + len(str(choice.get("value", "")))
    if len(options) > 25:
        problems.append(f"{where}/options: {len(options)} > 25")
    return problems, chars


def command_errors(commands: Any) -> list[str]:
    """Names, descriptions and option rules for a bulk command overwrite body."""
    if not isinstance(commands, list):
        return []
    problems: list[str] = []
    seen: set[tuple[Any, Any]] = set()
    for i, cmd in enumerate(commands):
        where = f"commands/{i}({cmd.get('name')!r})"
        ctype = cmd.get("type") or 1
        if (cmd.get("name"), ctype) in seen:
            problems.append(f"{where}: duplicate name")
        seen.add((cmd.get("name"), ctype))
        problems += _name_errors(cmd.get("name"), where, slash=ctype == 1)
        desc = _s(cmd.get("description"))
        if ctype == 1 and not 1 <= len(desc) <= 100:
            problems.append(f"{where}/description: {len(desc)} chars (1..100)")
        if ctype != 1 and desc:
            problems.append(f"{where}/description must be empty for context-menu commands")
        sub_problems, chars = _option_errors(cmd.get("options") or [], where)
        problems += sub_problems
        if len(_s(cmd.get("name"))) + len(desc) + chars > COMMAND_TEXT_TOTAL:
            problems.append(f"{where}: more than {COMMAND_TEXT_TOTAL} characters in total")
    return problems


def _text(body: dict[str, Any]) -> str:
    parts = [_s(body.get("content"))]
    stack = list(body.get("components") or [])
    while stack:
        comp = stack.pop()
        if isinstance(comp, dict):
            if comp.get("type") == 10:
                parts.append(_s(comp.get("content")))
            stack += comp.get("components") or []
    return "\n".join(parts)


def ping_targets(body: Any, allowed: Any, replying_to_user: bool) -> list[str]:
    """Mentions in ``body`` that ``allowed`` (its allowed_mentions, or None) would ping."""
    if not isinstance(body, dict):
        return []
    parse = set(allowed.get("parse") or []) if isinstance(allowed, dict) else None
    users = {str(u) for u in (allowed or {}).get("users") or []}
    roles = {str(r) for r in (allowed or {}).get("roles") or []}
    found = []
    for m in MENTION.finditer(_text(body)):
        user, role = m.group(1), m.group(2)
        if user:
            ok = parse is None or "users" in parse or user in users
        elif role:
            ok = parse is None or "roles" in parse or role in roles
        else:
            ok = parse is None or "everyone" in parse
        if ok:
            found.append(m.group())
    if replying_to_user and (allowed is None or (allowed or {}).get("replied_user")):
        found.append("<replied user>")
    return found


def modal_errors(data: Any) -> list[str]:
    """Modal (callback type 9): title 1..45, custom_id 1..100, 1..5 top-level components."""
    if not isinstance(data, dict):
        return []
    problems = []
    title = _s(data.get("title"))
    if not 1 <= len(title) <= 45:
        problems.append(f"title: {len(title)} chars (1..45)")
    if not 1 <= len(_s(data.get("custom_id"))) <= CUSTOM_ID_MAX:
        problems.append("custom_id: must be 1..100 chars")
    if not 1 <= len(data.get("components") or []) <= 5:
        problems.append("components: a modal needs 1..5 components")
    return problems


def semantic_errors(method: str, template: str, body: Any) -> list[str]:
    """The checks above that apply to one request, chosen by route."""
    if not isinstance(body, (dict, list)):
        return []
    if template == "/interactions/{interaction_id}/{interaction_token}/callback":
        data = body.get("data") or {} if isinstance(body, dict) else {}
        kind = body.get("type") if isinstance(body, dict) else None
        if kind in (4, 7):
            return message_errors(data)
        if kind == 8:
            return choice_errors(data.get("choices"))
        return modal_errors(data) if kind == 9 else []
    if method == "PUT" and template.endswith("/commands"):
        return command_errors(body)
    if method in ("POST", "PATCH") and (
        template.startswith("/webhooks/") or template.startswith("/channels/{channel_id}/messages")
    ):
        return message_errors(body)
    return []
