"""Request/response types, the REST route table and body (de)serialisation."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, hdrs, web

from .messages import Upload
from .validation import template_regex

if TYPE_CHECKING:
    from .server import DiscordDouble


@dataclass
class Call:
    """One parsed REST request, as handlers see it."""

    method: str
    path: str
    template: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    uploads: list[Upload]


@dataclass
class Reply:
    """A handler's answer; ``body=None`` means no body (e.g. 204)."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def ok(body: Any) -> Reply:
    """200 with a JSON body."""
    return Reply(200, body)


def no_content() -> Reply:
    """204 without a body."""
    return Reply(204)


def error(status: int, code: int, message: str, errors: Any = None) -> Reply:
    """A Discord-style JSON error (``{"code", "message"[, "errors"]}``)."""
    body: dict[str, Any] = {"code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    return Reply(status, body)


Handler = Callable[["DiscordDouble", Call], Awaitable[Reply]]


@dataclass
class Route:
    """A method + path template bound to a handler; ``bot_auth`` routes need a Bot token."""

    method: str
    template: str
    handler: Handler
    bot_auth: bool
    regex: re.Pattern[str]


class Router:
    """Route table; literal templates win over parametrised ones (``@original``)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, template: str, bot_auth: bool = True
              ) -> Callable[[Handler], Handler]:
        """Decorator registering ``handler`` for ``method template``."""

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method, template, handler, bot_auth,
                                     template_regex(template)))
            self.routes.sort(key=lambda r: (r.template.count("{"), r.template))
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and path parameters for a request, or ``None``."""
        for r in self.routes:
            m = r.regex.fullmatch(path)
            if m and r.method == method:
                return r, m.groupdict()
        return None


ROUTER = Router()


def to_response(reply: Reply) -> web.Response:
    """Serialise a reply; JSON bodies get exactly ``application/json`` (trap 1)."""
    if reply.body is None:
        return web.Response(status=reply.status, headers=reply.headers)
    headers = {**reply.headers, "Content-Type": "application/json"}
    return web.Response(status=reply.status, body=json.dumps(reply.body).encode(),
                        headers=headers)


async def read_body(request: web.Request) -> tuple[Any, list[Upload], str | None]:
    """Decode a JSON or multipart (``payload_json`` + ``files[N]``) body."""
    if not request.body_exists:
        return None, [], None
    if request.content_type == "multipart/form-data":
        body, uploads = None, []
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader):
                return None, [], "nested multipart body"
            data = bytes(await part.read(decode=False))
            if part.name == "payload_json":
                try:
                    body = json.loads(data)
                except ValueError:
                    return None, [], "payload_json is not valid JSON"
            elif part.filename:
                ctype = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
                uploads.append(Upload(part.name or "", part.filename, ctype, data))
        return body, uploads, None
    raw = await request.read()
    if request.content_type != "application/json":
        return None, [], f"unexpected Content-Type {request.content_type!r}"
    try:
        return json.loads(raw), [], None
    except ValueError:
        return None, [], "request body is not valid JSON"
