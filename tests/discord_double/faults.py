"""Injected faults: one-shot 429/5xx answers and per-route delays.

A route pattern is an :func:`fnmatch.fnmatch` glob matched against ``"METHOD /path"`` and
``"METHOD /template"`` (for example ``"POST /channels/*/messages"`` or
``"POST /channels/{channel_id}/messages"``). A pattern without a method matches any method.
Paths are relative to ``/api/v10`` and exclude the query string.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def route_matches(pattern: str, method: str, path: str, template: str) -> bool:
    """Whether ``pattern`` selects this request (see module docstring)."""
    if pattern.split(" ", 1)[0].upper() not in METHODS:
        pattern = "* " + pattern
    method_pat, path_pat = pattern.split(" ", 1)
    if not fnmatchcase(method, method_pat.upper()):
        return False
    return fnmatchcase(path, path_pat) or fnmatchcase(template, path_pat)


@dataclass
class Fault:
    """Answer the next ``times`` matching requests with ``status``."""

    pattern: str
    status: int
    times: int = 1
    retry_after: float = 0.25
    is_global: bool = False

    def reply(self, template: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        """``(status, json body, headers)`` for this fault (recipe §6 for 429)."""
        if self.status != 429:
            reason = {500: "Internal Server Error", 502: "Bad Gateway",
                      503: "Service Unavailable", 504: "Gateway Timeout"}
            text = reason.get(self.status, "Error")
            return self.status, {"message": f"{self.status}: {text}", "code": 0}, {}
        bucket = hashlib.sha1(template.encode()).hexdigest()[:32]
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(math.ceil(self.retry_after)),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": "global" if self.is_global else "user",
        }
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": self.retry_after,
                "global": self.is_global, "code": 0}
        return 429, body, headers


@dataclass
class Delay:
    """Sleep ``seconds`` before answering matching requests (``times=None``: always)."""

    pattern: str
    seconds: float
    times: int | None = None


class Faults:
    """The fault and delay rules of one double."""

    def __init__(self) -> None:
        self.failures: list[Fault] = []
        self.delays: list[Delay] = []

    def take_failure(self, method: str, path: str, template: str) -> Fault | None:
        """Consume and return the first failure rule matching this request."""
        for fault in self.failures:
            if fault.times > 0 and route_matches(fault.pattern, method, path, template):
                fault.times -= 1
                return fault
        return None

    def take_delay(self, method: str, path: str, template: str) -> float:
        """Seconds to wait before answering this request (0 if no rule matches)."""
        for delay in self.delays:
            if delay.times != 0 and route_matches(delay.pattern, method, path, template):
                if delay.times is not None:
                    delay.times -= 1
                return delay.seconds
        return 0.0
