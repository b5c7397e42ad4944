"""A small web server on 127.0.0.1 serving articles, redirects and misbehaving pages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web


@contextlib.asynccontextmanager
async def serving(routes: dict[str, web.StreamResponse | tuple]) -> AsyncIterator[str]:
    """Serve `path → (body, content_type)` or a ready Response; yield the base URL."""
    app = web.Application()

    async def handle(request: web.Request) -> web.StreamResponse:
        found = routes.get(request.path)
        if found is None:
            return web.Response(status=404, text="not found")
        if callable(found):
            return await found(request)
        body, content_type = found
        return web.Response(body=body.encode() if isinstance(body, str) else body,
                            content_type=content_type, charset="utf-8")

    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(5)
    return web.Response(text="too late")
