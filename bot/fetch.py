"""Fetching articles by URL: timeouts, a size limit, text content types only, and no
requests to private, loopback or link-local addresses unless a setting allows the host."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp

MAX_BYTES = 2_000_000
TIMEOUT_S = 15
MAX_REDIRECTS = 5
TEXT_TYPES = ("text/html", "text/plain", "application/xhtml+xml", "application/xml",
              "text/xml", "application/rss+xml", "application/atom+xml")


class FetchError(Exception):
    """A URL that could not be fetched; the message is fit to show a user."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    text: str
    content_type: str
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None

    @property
    def unchanged(self) -> bool:
        return self.status == 304


async def _check_address(host: str, allowed_hosts: frozenset[str]) -> None:
    if host in allowed_hosts:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None,
                                                             type=socket.SOCK_STREAM)
    except OSError:
        raise FetchError(f"cannot resolve {host}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            raise FetchError(f"{host} is a private or local address; not fetched")


async def fetch(session: aiohttp.ClientSession, url: str,
                allowed_hosts: frozenset[str] = frozenset(), max_bytes: int | None = None,
                timeout_s: float | None = None, headers: dict[str, str] | None = None
                ) -> Fetched:
    """GET a text document, checking every redirect target like the first URL.
    `headers` may make it conditional (If-None-Match, If-Modified-Since): a 304 comes back
    as an unchanged, empty document."""
    max_bytes = max_bytes or MAX_BYTES
    timeout_s = timeout_s or TIMEOUT_S
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("only http and https URLs can be fetched")
        await _check_address(parts.hostname, allowed_hosts)
        try:
            async with session.get(url, allow_redirects=False, headers=headers or {},
                                   timeout=aiohttp.ClientTimeout(total=timeout_s)) as response:
                if response.status in (301, 302, 303, 307, 308):
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status == 304:
                    return Fetched(url, "", "", 304)
                if response.status != 200:
                    raise FetchError(f"the server answered {response.status}")
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
                if content_type and content_type.lower() not in TEXT_TYPES:
                    raise FetchError(f"not a text document ({content_type})")
                if (response.content_length or 0) > max_bytes:
                    raise FetchError(f"larger than {max_bytes // 1000} kB")
                body = await response.content.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise FetchError(f"larger than {max_bytes // 1000} kB")
                charset = response.charset or "utf-8"
                return Fetched(url, body.decode(charset, errors="replace"), content_type,
                               etag=response.headers.get("ETag"),
                               last_modified=response.headers.get("Last-Modified"))
        except TimeoutError:
            raise FetchError(f"no answer within {timeout_s:g} s") from None
        except aiohttp.ClientError as error:
            raise FetchError(f"could not connect ({type(error).__name__})") from None
    raise FetchError("too many redirects")
