"""`handover doctor`: the configuration, Discord's view of the token, and the store.

It prints what it found, one line each, and one line per problem saying what to do;
the exit code is 1 when there is any problem. The token is never printed: it is shown
as `mask(token)` and sent only to `DISCORD_API_BASE`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from dataclasses import dataclass, field

import aiohttp
import discord

from bot.config import Settings, mask
from bot.startup import Refused, TokenRefused, Unreachable, get_json
from store import health
from store.db import StoreError, masked

CHECK_TIMEOUT_S = 10.0
STALE_BACKLOG_DAYS = 1
INVITE = "https://discord.com/oauth2/authorize"

# What the commands need in a channel: answer, show embeds, attach timelines, be used.
PERMISSIONS = discord.Permissions(send_messages=True, embed_links=True, attach_files=True,
                                  use_application_commands=True,
                                  create_public_threads=True)  # /announce … thread:true


@dataclass
class Report:
    """What `doctor` says: lines to show and problems, each with what to do."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def problem(self, line: str) -> None:
        self.problems.append(line)


def invite_url(application_id: int | str) -> str:
    """The URL that adds the bot to a server with the permissions its commands need."""
    return (f"{INVITE}?client_id={application_id}&scope=bot+applications.commands"
            f"&permissions={PERMISSIONS.value}")


def check_settings(settings: Settings, report: Report) -> None:
    report.say(f"DISCORD_TOKEN: {mask(settings.token)}")
    report.say(f"DISCORD_API_BASE: {settings.api_base}")
    if not settings.api_base.startswith(("https://", "http://")):
        report.problem("DISCORD_API_BASE must be an http(s) URL: fix it or leave it empty "
                       "for Discord's own API")
    if settings.token and (len(settings.token) < 50 or " " in settings.token):
        report.problem("DISCORD_TOKEN does not look like a bot token: copy it again from "
                       "the Developer Portal (Bot → Reset Token)")
    if settings.metrics_port is not None:
        report.say(f"metrics and health checks: http://{settings.metrics_host}:"
                   f"{settings.metrics_port}/metrics, /healthz, /readyz")


async def check_discord(settings: Settings, report: Report) -> None:
    """Ask Discord who the token belongs to and which application it is."""
    if not settings.token:
        report.say("Discord: not asked (DISCORD_TOKEN is not set; `handover console` works "
                   "without it)")
        return
    if not settings.api_base.startswith(("https://", "http://")):
        return
    timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_S)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            me = await get_json(session, settings.api_base, settings.token, "/users/@me")
            app = await get_json(session, settings.api_base, settings.token,
                                 "/applications/@me")
    except TokenRefused as error:
        report.problem(str(error))
        return
    except Unreachable as error:
        report.problem(f"cannot reach Discord at {settings.api_base}: {error}; check the "
                       "network, a proxy, or DISCORD_API_BASE")
        return
    except Refused as error:
        report.problem(f"Discord at {settings.api_base} refused: {error}; check "
                       "DISCORD_API_BASE")
        return
    name = me.get("username", "?")
    if me.get("discriminator") not in (None, "0", "0000"):
        name += f"#{me['discriminator']}"
    report.say(f"Discord: the token belongs to {name} (user {me.get('id')}), application "
               f"{app.get('name', '?')} ({app.get('id')})")
    if not me.get("bot", False):
        report.problem("the token is not a bot's: use the token from the application's "
                       "Bot page")
    report.say("Message Content intent: not needed (Handover answers slash commands "
               "only); leave it off")
    report.say(f"invite: {invite_url(app.get('id') or me.get('id'))}")
    report.say("  permissions: Send Messages, Embed Links, Attach Files, "
               f"Use Application Commands ({PERMISSIONS.value})")


def _check_postgresql(url: str, report: Report, today: dt.date) -> None:
    report.say(f"store: {masked(url)} (PostgreSQL)")
    try:
        found = health.inspect_postgresql(url)
    except StoreError as error:
        report.problem(f"the store cannot be reached: {error}")
        return
    report.say(f"  reachable: {found.server}")
    _report_schema_and_backlog(found, report, today)


def check_store(settings: Settings, report: Report) -> None:
    """Integrity, schema version and announcement backlog, without changing the file."""
    if settings.on_postgresql:
        return _check_postgresql(str(settings.store_location), report, settings.today)
    path = settings.store_location
    if not path.exists():
        report.say(f"store: {path} (missing; created with the bundled packs on first use)")
        return
    report.say(f"store: {path}")
    try:
        found = health.inspect(path)
    except sqlite3.Error as error:
        report.problem(f"the store cannot be read ({error}): restore it from a backup "
                       "(`handover backup` makes them)")
        return
    if found.integrity != "ok":
        report.problem(f"the store is damaged (quick_check: {found.integrity}): stop the "
                       "bot and restore the latest backup")
    else:
        report.say("  integrity: ok (PRAGMA quick_check)")
    _report_schema_and_backlog(found, report, settings.today)


def _report_schema_and_backlog(found: health.Inspection, report: Report,
                               today: dt.date) -> None:
    if found.version > found.latest:
        report.problem(f"the store's schema is version {found.version}, newer than this "
                       f"Handover knows ({found.latest}): upgrade Handover")
    elif found.version < found.latest:
        report.say(f"  schema: version {found.version}; upgraded to {found.latest} "
                   "when the bot next opens it")
    else:
        report.say(f"  schema: version {found.version} (current)")
    backlog = found.backlog
    if backlog is None:
        return
    age = backlog.oldest_age_days(today)
    if not backlog.pending:
        report.say("  announcements: none waiting")
        return
    report.say(f"  announcements: {backlog.pending} waiting, the oldest due "
               f"{backlog.oldest_due} ({age} day(s) ago)")
    if age > STALE_BACKLOG_DAYS:
        report.problem(f"{backlog.pending} announcement(s) have waited up to {age} days: "
                       "is the bot running, and may it post in those channels? "
                       "(`/announce list` shows paused ones)")


async def diagnose(settings: Settings) -> Report:
    """Every check, in the order shown."""
    report = Report()
    check_settings(settings, report)
    await check_discord(settings, report)
    await asyncio.to_thread(check_store, settings, report)
    return report


def run(settings: Settings) -> int:
    """Print the report; 0 when all is well, 1 when there is a problem."""
    report = asyncio.run(diagnose(settings))
    for line in report.lines:
        print(line)
    for problem in report.problems:
        print(f"problem: {problem}")
    print("ok" if not report.problems else f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0
