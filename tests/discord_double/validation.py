"""Validate request and response bodies against Discord's OpenAPI spec (recipe §8).

The spec (``spec/openapi.json``, MIT, from discord/discord-api-spec) is loaded once per
process into a :mod:`referencing` registry. Bodies are validated with jsonschema's
Draft 2020-12 validator against ``#/paths/<path>/<method>/requestBody/...`` refs, so
nested ``#/components/...`` refs resolve inside the spec. ``SnowflakeType`` is widened to
accept integers, because discord.py sends integer snowflakes in a few places (trap 11).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).parent / "spec" / "openapi.json"
SPEC_URN = "urn:discord-openapi"
_PARAM = re.compile(r"\{[^/{}]+\}")


@functools.cache
def load_spec() -> tuple[dict[str, Any], Registry]:
    """Load the spec once, widen ``SnowflakeType`` and return ``(spec, registry)``."""
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [
            {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
            {"type": "integer", "minimum": 0},
        ]
    }
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    return spec, Registry().with_resource(SPEC_URN, resource)


def template_regex(template: str) -> re.Pattern[str]:
    """Compile a path template such as ``/channels/{channel_id}`` into a full-match regex."""
    pattern = ""
    pos = 0
    for m in _PARAM.finditer(template):
        pattern += re.escape(template[pos : m.start()]) + f"(?P<{m.group()[1:-1]}>[^/]+)"
        pos = m.end()
    return re.compile(pattern + re.escape(template[pos:]))


@functools.cache
def _spec_paths() -> list[tuple[str, re.Pattern[str]]]:
    """All spec path templates, literal ones (fewest ``{params}``) first."""
    spec, _ = load_spec()
    paths = sorted(spec["paths"], key=lambda p: (len(_PARAM.findall(p)), p))
    return [(p, template_regex(p)) for p in paths]


def match_operation(method: str, path: str) -> str | None:
    """Return the spec path template for ``method path``, or ``None`` if the spec lacks it."""
    spec, _ = load_spec()
    for template, regex in _spec_paths():
        if regex.fullmatch(path) and method.lower() in spec["paths"][template]:
            return template
    return None


def _pointer(template: str) -> str:
    return template.replace("~", "~0").replace("/", "~1")


@functools.cache
def _validator(ref: str) -> Draft202012Validator | None:
    """A validator for ``ref`` (a JSON pointer into the spec), or None if it doesn't exist."""
    spec, registry = load_spec()
    node: Any = spec
    for part in ref.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return Draft202012Validator({"$ref": f"{SPEC_URN}#{ref}"}, registry=registry)


def _leaves(error: ValidationError) -> list[ValidationError]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def _format(error: ValidationError) -> str:
    """One line per error; for anyOf/oneOf, the deepest failing branch explains it best."""
    detail = max(_leaves(error), key=lambda e: len(e.absolute_path))
    where = "/".join(str(p) for p in detail.absolute_path) or "<body>"
    msg = detail.message if len(detail.message) <= 300 else detail.message[:300] + "…"
    return f"at {where}: {msg}"


def _errors(ref: str, body: Any) -> list[str]:
    validator = _validator(ref)
    if validator is None:
        return [f"spec has no schema at {ref}"]
    return [_format(e) for e in validator.iter_errors(body)]


def request_errors(method: str, template: str, body: Any) -> list[str]:
    """Spec errors for a request body (already decoded; multipart → its ``payload_json``)."""
    spec, _ = load_spec()
    operation = spec["paths"].get(template, {}).get(method.lower())
    if operation is None:
        return [f"{method} {template} is not in the spec"]
    if "requestBody" not in operation:
        return [] if body is None else ["the spec defines no request body for this route"]
    if body is None:
        required = operation["requestBody"].get("required", False)
        return ["the spec requires a request body"] if required else []
    base = f"/paths/{_pointer(template)}/{method.lower()}"
    return _errors(f"{base}/requestBody/content/application~1json/schema", body)


def response_errors(method: str, template: str, status: int, body: Any) -> list[str]:
    """Spec errors for a JSON response the double produced (catches drift in the double)."""
    base = f"/paths/{_pointer(template)}/{method.lower()}/responses/{status}"
    if _validator(base) is None:
        return [f"spec lists no {status} response"]
    if body is None:
        return []
    return _errors(f"{base}/content/application~1json/schema", body)


def schema_errors(schema_name: str, body: Any) -> list[str]:
    """Validate ``body`` against ``#/components/schemas/<schema_name>``."""
    return _errors(f"/components/schemas/{schema_name}", body)
