"""Settings from the environment and `.env`; the token is never shown."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from store import Store
from store.db import is_url, masked

DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_DB = "handover.db"
DEFAULT_WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"

SETTINGS = {
    "DISCORD_TOKEN": "the bot's token; without it `make run` opens the console",
    "DISCORD_API_BASE": f"REST base URL (default {DEFAULT_API_BASE}); a proxy or a test double",
    "HANDOVER_DB": f"the store: a SQLite file's path (default ./{DEFAULT_DB}) or a"
                   " postgresql:// URL; created with the bundled packs",
    "HANDOVER_LOG": "file the log goes to (default: standard error)",
    "HANDOVER_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default INFO)",
    "HANDOVER_LOG_FORMAT": "`text` (default) or `json`: one JSON object per line for log "
                           "shippers",
    "HANDOVER_METRICS_PORT": "serve Prometheus metrics, /healthz and /readyz on this port "
                             "(default: not served)",
    "HANDOVER_METRICS_HOST": "address the metrics port listens on (default 127.0.0.1; "
                             "0.0.0.0 in a container)",
    "HANDOVER_CONNECT_RETRY_S": "first wait before trying Discord again when it cannot be "
                                "reached at start-up; doubles up to 5 minutes (default 1)",
    "HANDOVER_TODAY": "pretend today is this date, YYYY-MM-DD (for tests and demos)",
    "HANDOVER_FEED_INTERVAL_S": "seconds between polls of each feed, jittered by 10% "
                                "(default 900)",
    "HANDOVER_EDITORS": "comma-separated Discord user IDs trusted with what every server sees, "
                        "besides the application's owners (default: none)",
    "HANDOVER_HOME_GUILD": "a server ID whose moderators are editors too (a private bot: "
                           "your own server) (default: none)",
    "HANDOVER_WIKIDATA_ENDPOINT": "the SPARQL endpoint `wikidata-sync` asks (default "
                                  "https://query.wikidata.org/sparql)",
    "HANDOVER_CONTACT": "how the query service's operators can reach you (an e-mail or URL), "
                        "sent in the User-Agent (default: none; set it before syncing)",
    "HANDOVER_WIKIDATA_SYNC_S": "seconds between the bot's Wikidata syncs, and `wikidata-sync`'s"
                                " without --once (default 3600; 0 turns the bot's off)",
    "HANDOVER_WIKIDATA_RETRY_S": "first wait before asking the query service again after a "
                                 "5xx or a time-out; doubles at each failure (default 5)",
    "HANDOVER_SHARDS": "the shards this process runs, e.g. `0-3` or `0,2,5-7` (default: "
                       "all of them); needs HANDOVER_SHARD_COUNT. Also `run --shards`",
    "HANDOVER_SHARD_COUNT": "how many shards the whole bot has, across every process (default: "
                            "what Discord recommends). Also `run --shard-count`",
    "HANDOVER_LEASE_S": "seconds a process holds the lease to sync commands, announce and "
                        "poll feeds without renewing it; when it dies another takes over "
                        "within about 1.25 times this (default 20)",
    "HANDOVER_FETCH_ALLOW_HOSTS": "comma-separated hosts that may be fetched even though they "
                                  "are private or local addresses (default: none)",
    "HANDOVER_READS": "`loop` (default): a SQLite store's answers are read on the event loop "
                      "first, stopped after 10 ms (by SQLite, or by an alarm for a store "
                      "that sleeps or waits) and then read in the reads thread; `thread`: "
                      "every answer is read in the thread, for a store on a disk that may "
                      "stop answering altogether (10-20 % fewer answers a second at full "
                      "load); PostgreSQL is always read in the thread",
}


def _interval(text: str | None, default: float) -> float:
    """Seconds between rounds; 0 turns them off."""
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return 0.0 if value <= 0 else max(1.0, value)


def _seconds(text: str | None, default: float) -> float:
    try:
        return max(1.0, float(text)) if text else default
    except ValueError:
        return default


class SettingsError(ValueError):
    """A setting that cannot be used, said in one line."""


def _date(name: str, text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise SettingsError(f"{name} must be a date, YYYY-MM-DD (got {text.strip()[:40]!r})"
                            ) from None


def _ids(name: str, text: str | None) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in (text or "").replace(" ", "").split(",") if part)
    except ValueError:
        raise SettingsError(f"{name} must be Discord IDs separated by commas "
                            f"(got {(text or '').strip()[:40]!r})") from None


def _retry(text: str | None, default: float = 1.0) -> float:
    """The first retry delay: fractions allowed (tests use them), at most 5 minutes."""
    try:
        return min(300.0, max(0.01, float(text))) if text else default
    except ValueError:
        return default


def _port(text: str | None) -> int | None:
    try:
        port = int(text) if text else None
    except ValueError:
        return None
    return port if port is not None and 0 <= port <= 65535 else None


def shard_plan(shards: str | None, count: str | None, *, shards_name: str = "HANDOVER_SHARDS",
               count_name: str = "HANDOVER_SHARD_COUNT"
               ) -> tuple[tuple[int, ...] | None, int | None]:
    """The shard ids this process runs and how many the bot has: `0-3`, `0,2,5-7`; both
    None when neither is given (discord.py then runs every shard Discord recommends)."""
    total = None
    if count is not None and count.strip():
        try:
            total = int(count.strip())
        except ValueError:
            total = 0
        if total < 1:
            raise SettingsError(f"{count_name} must be a whole number of shards, 1 or more "
                                f"(got {count.strip()[:40]!r})")
    if shards is None or not shards.strip():
        return (tuple(range(total)) if total else None), total
    ids: set[int] = set()
    for part in shards.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        try:
            low, high = int(first), int(last) if dash else int(first)
        except ValueError:
            low, high = 0, -1
        if not part or low < 0 or high < low:
            raise SettingsError(f"{shards_name} must be shard numbers or ranges such as 0-3 "
                                f"or 0,2,5-7 (got {shards.strip()[:40]!r})")
        ids.update(range(low, high + 1))
    if total is None:
        raise SettingsError(f"{shards_name} needs {count_name}: how many shards the whole bot "
                            "has, across every process")
    if max(ids) >= total:
        raise SettingsError(f"{shards_name} names shard {max(ids)}, but shards are numbered "
                            f"0 to {total - 1} with {count_name} {total}")
    return tuple(sorted(ids)), total


def _lease(text: str | None) -> float:
    if text is None or not text.strip():
        return 20.0
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1.0 <= value <= 3600.0:
        raise SettingsError(f"HANDOVER_LEASE_S must be seconds between 1 and 3600 "
                            f"(got {text.strip()[:40]!r})")
    return value


def mask(secret: str | None) -> str:
    """A secret as `set (…4 characters hidden)`, never its value."""
    return f"set ({len(secret)} characters, hidden)" if secret else "not set"


def _reads(text: str | None) -> bool:
    where = (text or "loop").strip().lower()
    if where not in ("thread", "loop"):
        raise SettingsError(f"HANDOVER_READS must be `thread` or `loop`, not {text!r}")
    return where == "loop"


def _store_location(text: str) -> Path | str:
    return text if is_url(text) else Path(text)


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    api_base: str = DEFAULT_API_BASE
    store_location: Path | str = Path(DEFAULT_DB)  # a SQLite file, or a postgresql:// URL
    log_file: Path | None = None
    log_level: str = "INFO"
    today_override: dt.date | None = None
    fetch_allow_hosts: frozenset[str] = frozenset()
    feed_interval_s: float = 900.0
    editors: frozenset[int] = frozenset()
    home_guild: int | None = None
    log_format: str = "text"
    metrics_port: int | None = None  # 0: any free port (tests)
    metrics_host: str = "127.0.0.1"
    connect_retry_s: float = 1.0
    wikidata_endpoint: str = DEFAULT_WIKIDATA_ENDPOINT
    contact: str | None = None
    wikidata_sync_s: float = 3600.0  # 0: the bot does not sync
    wikidata_retry_s: float = 5.0
    shards: tuple[int, ...] | None = None  # the shards this process runs; None: all
    shard_count: int | None = None  # how many the bot has; None: Discord's recommendation
    lease_s: float = 20.0  # the leader's lease (commands, announcer, feeds, Wikidata)
    reads_on_loop: bool = True  # answers tried on the event loop before the reads thread

    def __repr__(self) -> str:
        return (f"Settings(token={mask(self.token)!r}, api_base={self.api_base!r}, "
                f"store={masked(str(self.store_location))!r})")

    @property
    def on_postgresql(self) -> bool:
        return is_url(self.store_location)

    @property
    def today(self) -> dt.date:
        """`HANDOVER_TODAY` when set, else the calendar's today."""
        return self.today_override or dt.date.today()

    async def open_store(self, clock: Callable[[], dt.date] | None = None) -> Store:
        """The store at `store_location`, created with the bundled packs if missing, whose "today"
        is this configuration's (or `clock`'s). Every command opens its store here."""
        return await Store.open(self.store_location, clock=clock or (lambda: self.today))

    @classmethod
    def load(cls, db: str | None = None, env_file: Path = Path(".env")) -> Settings:
        """The environment wins over `.env`; `--db` wins over both."""
        values = {**dotenv_values(env_file), **os.environ} if env_file.exists() else {
            **os.environ}
        log_file = values.get("HANDOVER_LOG")
        shards, shard_count = shard_plan(values.get("HANDOVER_SHARDS"),
                                         values.get("HANDOVER_SHARD_COUNT"))
        return cls(
            shards=shards,
            shard_count=shard_count,
            lease_s=_lease(values.get("HANDOVER_LEASE_S")),
            token=values.get("DISCORD_TOKEN") or None,
            api_base=(values.get("DISCORD_API_BASE") or DEFAULT_API_BASE).rstrip("/"),
            store_location=_store_location(db or values.get("HANDOVER_DB") or DEFAULT_DB),
            log_file=Path(log_file) if log_file else None,
            log_level=(values.get("HANDOVER_LOG_LEVEL") or "INFO").upper(),
            today_override=_date("HANDOVER_TODAY", values.get("HANDOVER_TODAY")),
            feed_interval_s=_seconds(values.get("HANDOVER_FEED_INTERVAL_S"), 900.0),
            editors=_ids("HANDOVER_EDITORS", values.get("HANDOVER_EDITORS")),
            home_guild=next(iter(_ids("HANDOVER_HOME_GUILD", values.get("HANDOVER_HOME_GUILD"))),
                            None),
            log_format="json" if (values.get("HANDOVER_LOG_FORMAT") or "").strip().lower()
            == "json" else "text",
            metrics_port=_port(values.get("HANDOVER_METRICS_PORT")),
            metrics_host=values.get("HANDOVER_METRICS_HOST") or "127.0.0.1",
            connect_retry_s=_retry(values.get("HANDOVER_CONNECT_RETRY_S")),
            wikidata_endpoint=(values.get("HANDOVER_WIKIDATA_ENDPOINT") or "").strip()
            or DEFAULT_WIKIDATA_ENDPOINT,
            contact=(values.get("HANDOVER_CONTACT") or "").strip() or None,
            wikidata_sync_s=_interval(values.get("HANDOVER_WIKIDATA_SYNC_S"), 3600.0),
            wikidata_retry_s=_retry(values.get("HANDOVER_WIKIDATA_RETRY_S"), 5.0),
            reads_on_loop=_reads(values.get("HANDOVER_READS")),
            fetch_allow_hosts=frozenset(
                host.strip() for host in (values.get("HANDOVER_FETCH_ALLOW_HOSTS") or "")
                .split(",") if host.strip()),
        )
