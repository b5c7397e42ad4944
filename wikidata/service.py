"""Asking a SPARQL query service, politely: one query at a time, with a contact.

The Wikidata Query Service's rules (https://www.mediawiki.org/wiki/Wikidata_Query_Service/User_Manual):
a descriptive `User-Agent` with a way to reach the operator, no parallel queries, a
`Retry-After` on 429 obeyed, backing off on errors, and queries that finish inside its
60-second limit. `QueryService` does all of that; its waits and time-out are injectable
so tests run fast.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
from collections.abc import Awaitable, Callable

import aiohttp

log = logging.getLogger("handover.wikidata")

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = "Handover/0.1 (Discord bot of leadership facts; {contact}) aiohttp"
TIMEOUT_S = 55.0  # the service stops a query at 60 s
ATTEMPTS = 6
MAX_WAIT_S = 600.0


class ServiceError(Exception):
    """The query service could not answer; the message is one line for an operator."""


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


class QueryService:
    """A SPARQL endpoint asked one query at a time, retried on 429, 5xx and time-outs.

    `first_wait_s` is the first back-off (doubled at each failure, at most
    `MAX_WAIT_S`); `sleep` is how waiting is done (tests record it).
    """

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, contact: str | None = None, *,
                 session: aiohttp.ClientSession | None = None, timeout_s: float = TIMEOUT_S,
                 attempts: int = ATTEMPTS, first_wait_s: float = 5.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.endpoint = endpoint
        self.user_agent = USER_AGENT.format(contact=contact or "contact not configured")
        self.session = session
        self.timeout_s = timeout_s
        self.attempts = max(1, attempts)
        self.first_wait_s = first_wait_s
        self.sleep = sleep
        self.one_at_a_time = asyncio.Lock()
        self.queries = 0  # requests sent, retries included

    async def query(self, sparql: str) -> dict:
        """The JSON results of one query; `ServiceError` when every attempt failed."""
        async with self.one_at_a_time:
            if self.session is not None:
                return await self._attempts(self.session, sparql)
            async with aiohttp.ClientSession() as session:
                return await self._attempts(session, sparql)

    async def _attempts(self, session: aiohttp.ClientSession, sparql: str) -> dict:
        wait = self.first_wait_s
        reason = "no attempt made"
        for attempt in range(1, self.attempts + 1):
            told: float | None = None
            try:
                self.queries += 1
                async with session.post(
                        self.endpoint, data={"query": sparql},
                        headers={"Accept": "application/sparql-results+json",
                                 "User-Agent": self.user_agent},
                        timeout=aiohttp.ClientTimeout(total=self.timeout_s)) as response:
                    if response.status == 200:
                        return await response.json(content_type=None)
                    reason = f"HTTP {response.status}"
                    if response.status == 429:
                        told = retry_after(response.headers.get("Retry-After"))
                    elif response.status < 500:
                        raise ServiceError(f"the query service at {self.endpoint} refused the "
                                           f"query ({reason})")
            except TimeoutError:
                reason = f"no answer within {self.timeout_s:g} s"
            except aiohttp.ClientConnectorError as error:  # nobody there: say so at once;
                raise ServiceError(                       # the next round tries again
                    f"cannot use the query service at {self.endpoint}: cannot connect "
                    f"({error.os_error.strerror or error.os_error})") from None
            except aiohttp.ClientConnectionError as error:
                reason = str(error) or type(error).__name__
            except (aiohttp.ContentTypeError, ValueError) as error:
                reason = f"not JSON results ({type(error).__name__})"
            if attempt == self.attempts:
                break
            pause = min(MAX_WAIT_S, told if told is not None else wait)
            log.info("query service: %s; trying again in %.1f s", reason, pause)
            await self.sleep(pause)
            wait = min(MAX_WAIT_S, wait * 2)
        raise ServiceError(f"cannot use the query service at {self.endpoint}: {reason}")
