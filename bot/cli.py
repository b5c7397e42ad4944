"""The `handover` command line: a thin layer over the store and the answers."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import logging
import os
import sqlite3
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import discord

from bot import answers, articles, commands, doctor, facts, pictures, startup, text
from bot.client import run_bot, run_sync
from bot.config import SETTINGS, Settings, SettingsError, shard_plan
from bot.console import run_console
from bot.fetch import FetchError
from bot.health import PortUnavailable
from bot.logs import configure_logging
from bot.wikidata_sync import query_service
from store import OPERATOR, BadDate, PackError, PartialDate, Store, StoreError, copying
from store.db import masked
from wikidata import import_wikidata
from wikidata.service import ServiceError
from wikidata.sync import sync as wikidata_sync

log = logging.getLogger("handover")

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2
EXIT_CODES = {"ok": EXIT_OK, "not_found": EXIT_NOT_FOUND, "usage": EXIT_USAGE}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handover",
        description="Who leads what, since when, and what they said — with sources.",
        epilog="Settings: " + "; ".join(f"{name}: {what}" for name, what in SETTINGS.items()),
    )
    parser.add_argument("--db", metavar="PATH", help="the store (default: $HANDOVER_DB or "
                        "./handover.db); a missing store is created with the bundled packs")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("start", help="the bot on Discord when DISCORD_TOKEN is set, else the console")
    run = sub.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    run.add_argument("--shards", metavar="IDS",
                     help="run only these shards: 0-3 or 0,2,5-7 (default: $HANDOVER_SHARDS, "
                     "else all); several processes share one PostgreSQL store")
    run.add_argument("--shard-count", metavar="N",
                     help="how many shards the whole bot has (default: "
                     "$HANDOVER_SHARD_COUNT, else Discord's recommendation)")
    sync = sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, metavar="ID",
                      help="register in this server only: instant, for development")
    sub.add_parser("console", help="type slash commands at a prompt (or pipe them in)")
    ask = sub.add_parser("ask", help='answer one command: handover ask "/who-leads nato"')
    ask.add_argument("line", help="a slash command as you would type it")
    ask.add_argument("--json", action="store_true", help="print the structured answer")
    ask.add_argument("--image", metavar="PATH", type=Path,
                     help="also write the answer's timeline picture (PNG) to PATH")
    extract = sub.add_parser("extract", help="extract facts from articles; writes nothing")
    extract.add_argument("files", nargs="+", metavar="FILE", type=Path)
    extract.add_argument("--published", metavar="YYYY-MM-DD", type=_date,
                         help="publication date for articles that do not give their own")
    extract.add_argument("--json", action="store_true", help="one JSON object per file")
    ingest = sub.add_parser("ingest", help="extract facts from articles and store them")
    ingest.add_argument("targets", nargs="+", metavar="FILE_OR_URL")
    ingest.add_argument("--published", metavar="YYYY-MM-DD", type=_date,
                        help="publication date for articles that do not give their own")
    load = sub.add_parser("import", help="load a facts pack into the store")
    load.add_argument("packs", nargs="+", metavar="PACK", type=Path)
    wikidata = sub.add_parser("import-wikidata",
                              help="load leadership histories from Wikidata dumps or SPARQL JSON")
    wikidata.add_argument("files", nargs="+", metavar="FILE", type=Path)
    wikidata.add_argument("--languages", default="en", metavar="en,fi",
                          help="label and alias languages, comma-separated (default en)")
    wikidata.add_argument("--json", action="store_true", help="print the report as JSON")
    syncing = sub.add_parser("wikidata-sync", help="apply what changed in Wikidata since the "
                             "last sync, from $HANDOVER_WIKIDATA_ENDPOINT")
    syncing.add_argument("--once", action="store_true",
                         help="sync once and exit (else every $HANDOVER_WIKIDATA_SYNC_S s)")
    syncing.add_argument("--json", action="store_true", help="print each report as JSON")
    backup = sub.add_parser("backup", help="copy the store while it is in use")
    backup.add_argument("target", metavar="PATH", type=Path)
    moving = sub.add_parser("copy-store", help="copy every table from one store to another "
                            "(SQLite file or postgresql:// URL); run again to resume")
    moving.add_argument("source", metavar="SRC")
    moving.add_argument("target", metavar="DST")
    moving.add_argument("--batch", type=int, default=copying.BATCH_ROWS, metavar="ROWS",
                        help=f"rows per transaction (default {copying.BATCH_ROWS})")
    sub.add_parser("doctor", help="check the configuration, Discord and the store "
                   "(the token is masked)")
    _fact_parser(sub)
    log_ = sub.add_parser("audit", help="the audit log: every change, who made it and where")
    log_.add_argument("--since", metavar="YYYY-MM-DD", type=_day, help="from this day on")
    log_.add_argument("--guild", type=int, metavar="ID", help="changes made in this server")
    log_.add_argument("--json", action="store_true", help="one JSON object per line")
    return parser


def _date(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except BadDate as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _fact_parser(sub: argparse._SubParsersAction) -> None:
    fact = sub.add_parser("fact", help="show and correct facts: handover fact show nato")
    action = fact.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = action.add_parser("show", help="a fact (tenure:12) or the facts about a name")
    show.add_argument("target", metavar="FACT_OR_NAME")
    show.add_argument("--json", action="store_true")
    history = action.add_parser("history", help="every change to a fact")
    history.add_argument("target", metavar="FACT")
    history.add_argument("--json", action="store_true")
    correct = action.add_parser("correct", help="set fields: handover fact correct tenure:12 "
                                "start=2024-10-01 holder='Mark Rutte'")
    correct.add_argument("target", metavar="FACT")
    correct.add_argument("changes", nargs="+", metavar="FIELD=VALUE")
    correct.add_argument("--reason")
    retract = action.add_parser("retract", help="stop answering and announcing a fact")
    retract.add_argument("target", metavar="FACT")
    retract.add_argument("--reason", required=True)
    publish = action.add_parser("publish", help="make a server's fact every server's")
    publish.add_argument("target", metavar="FACT")
    alias = action.add_parser("alias", help="add or remove a name: alias add entity:7 OTAN")
    alias.add_argument("how", choices=("add", "remove"))
    alias.add_argument("target", metavar="ENTITY")
    alias.add_argument("name")
    merge = action.add_parser("merge", help="entity GONE is entity KEEP: merge it in")
    merge.add_argument("target", metavar="KEEP")
    merge.add_argument("gone", metavar="GONE")
    merge.add_argument("--reason")
    undo = action.add_parser("undo", help="undo a change, by its number in the audit log")
    undo.add_argument("change", type=int, metavar="CHANGE")


def _fact(arguments: argparse.Namespace) -> Callable[[Store], Awaitable[int]]:
    async def run(store: Store) -> int:
        target = getattr(arguments, "target", "")
        match arguments.action:
            case "show":
                reply = facts.show(store, target, OPERATOR)
            case "history":
                reply = facts.history(store, target, OPERATOR)
            case "correct":
                pairs = [change.partition("=") for change in arguments.changes]
                if any(not sep for _, sep, _ in pairs):
                    print("handover: give changes as FIELD=VALUE, e.g. start=2024-10-01",
                          file=sys.stderr)
                    return EXIT_USAGE
                reply = await facts.correct(store, target, {key.strip(): value for key, _, value
                                                            in pairs}, OPERATOR,
                                            arguments.reason)
            case "retract":
                reply = await facts.retract(store, target, arguments.reason, OPERATOR)
            case "publish":
                reply = await facts.publish(store, target, OPERATOR)
            case "alias":
                reply = await facts.alias(store, target, arguments.name, OPERATOR,
                                          remove=arguments.how == "remove")
            case "merge":
                reply = await facts.merge(store, target, arguments.gone, OPERATOR,
                                          arguments.reason)
            case "undo":
                reply = await facts.undo(store, arguments.change, OPERATOR)
        as_json = getattr(arguments, "json", False)
        print(json.dumps(reply.as_json(), ensure_ascii=False, indent=2) if as_json
              else text.render(reply))
        return EXIT_CODES[reply.status]
    return run


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day; use YYYY-MM-DD") from None


def _audit(since: str | None, guild: int | None, as_json: bool) -> Callable[[Store], int]:
    def show(store: Store) -> int:
        for entry in store.audit_log(since=since, guild_id=guild, limit=1_000_000):
            if as_json:
                print(json.dumps(entry.as_json(), ensure_ascii=False))
                continue
            who = f"{entry.actor_role} {entry.actor_id}" if entry.actor_id else entry.actor_role
            where = f" in {entry.guild_id}" if entry.guild_id else ""
            change = json.dumps(entry.after if entry.after is not None else entry.before,
                                ensure_ascii=False)
            print(f"{entry.at} #{entry.id} {who}{where}: {entry.action} {entry.target or ''}"
                  f" {change}" + (f" — {entry.reason}" if entry.reason else ""))
        return EXIT_OK
    return show


def _extract(files: list[Path], published: PartialDate | None, as_json: bool) -> int:
    code = EXIT_OK
    for path in files:
        try:
            article = articles.from_file(path)
        except OSError as error:
            print(f"handover: cannot read {path}: {error.strerror}", file=sys.stderr)
            code = EXIT_NOT_FOUND
            continue
        extraction, _ = articles.run_extraction(article, published, articles.gazetteer(None))
        if as_json:
            print(json.dumps(extraction.as_json(), ensure_ascii=False))
        else:
            print(summary(extraction))
    return code


def summary(extraction) -> str:
    found = extraction.as_json()
    counts = ", ".join(f"{len(found[key])} {key.replace('_', ' ')}"
                       for key in ("transitions", "prior_roles", "quotes", "statements"))
    lines = [f"{extraction.file}: {counts}"]
    lines += [f"  {t['incoming'] or '?'} → {t['role'] or '?'} of {t['org'] or '?'}"
              + (f", from {t['outgoing']}" if t["outgoing"] else "")
              + (f", {t['effective']}" if t["effective"] else "")
              for t in found["transitions"]]
    return "\n".join(lines)


def _ingest(settings: Settings, targets: list[str], published: PartialDate | None
            ) -> Callable[[Store], Awaitable[int]]:
    async def run(store: Store) -> int:
        code = EXIT_OK
        async with aiohttp.ClientSession() as session:
            for target in targets:
                try:
                    article = (await articles.from_url(session, target,
                                                       settings.fetch_allow_hosts)
                               if articles.is_url(target) else articles.from_file(Path(target)))
                except (OSError, FetchError) as error:
                    reason = error.strerror if isinstance(error, OSError) else str(error)
                    print(f"handover: cannot read {target}: {reason}", file=sys.stderr)
                    code = EXIT_NOT_FOUND
                    continue
                extraction, report = await articles.ingest(store, article, published)
                if report.already_known:
                    print(f"{article.name}: already ingested; nothing added.")
                else:
                    print(summary(extraction) + " — stored.")
        return code
    return run


async def _with_store(settings: Settings, work: Callable[[Store], Awaitable[int] | int]) -> int:
    store = await settings.open_store()
    try:
        result = work(store)
        return await result if asyncio.iscoroutine(result) else result
    finally:
        await store.close()


def _ask(settings: Settings, line: str, as_json: bool,
         image: Path | None = None) -> Callable[[Store], int]:
    def answer(store: Store) -> int:
        reply = commands.ask(store, line, store.clock())
        print(json.dumps(reply.as_json(), ensure_ascii=False, indent=2) if as_json
              else text.render(reply))
        if image is not None and reply.status == "ok":
            return _picture(store, reply, image)
        return EXIT_CODES[reply.status]
    return answer


def _picture(store: Store, reply, path: Path) -> int:
    """`ask --image`: the picture Discord would attach, written to `path`."""
    drawn = reply.timeline or (answers.marked_history(store, *reply.marked, store.clock())
                               if reply.marked else None)
    if drawn is None:
        print("handover: this answer has no picture; /history, /profile and /who-leads "
              "with on: have one.", file=sys.stderr)
        return EXIT_USAGE
    try:
        path.write_bytes(pictures.draw(drawn).png)
    except OSError as error:
        print(f"handover: cannot write {path}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _import(packs: list[Path]) -> Callable[[Store], Awaitable[int]]:
    async def load(store: Store) -> int:
        for pack in packs:
            before = store.counts()
            kind = await store.import_pack(pack)
            added = {t: n - before[t] for t, n in store.counts().items() if n != before[t]}
            summary = ", ".join(f"{n} {t}" for t, n in added.items()) or "nothing new"
            print(f"{pack.name}: {kind} pack loaded — {summary}.")
        return EXIT_OK
    return load


def _import_wikidata(files: list[Path], languages: str, as_json: bool
                     ) -> Callable[[Store], Awaitable[int]]:
    async def load(store: Store) -> int:
        chosen = tuple(code.strip() for code in languages.split(",") if code.strip()) or ("en",)
        report = await import_wikidata(store, files, languages=chosen, today=store.clock())
        print(json.dumps(report.as_dict(), ensure_ascii=False) if as_json else report.summary())
        return EXIT_OK
    return load


def _wikidata_sync(settings: Settings, once: bool, as_json: bool
                   ) -> Callable[[Store], Awaitable[int]]:
    async def run(store: Store) -> int:
        async with aiohttp.ClientSession() as session:
            service = query_service(settings, session)
            while True:
                try:
                    report = await wikidata_sync(store, service)
                except ServiceError as error:
                    print(f"handover: {error}", file=sys.stderr)
                    if once:
                        return EXIT_NOT_FOUND
                else:
                    print(json.dumps(report.as_dict()) if as_json else report.summary(),
                          flush=True)
                    if once:
                        return EXIT_OK
                await asyncio.sleep(settings.wikidata_sync_s or 3600.0)
    return run


def _backup(settings: Settings, target: Path) -> int:
    if target.exists():
        print(f"handover: {target} exists; choose a new path.", file=sys.stderr)
        return EXIT_USAGE
    with sqlite3.connect(f"file:{settings.store_location}?mode=ro", uri=True) as source, \
            sqlite3.connect(target) as copy:
        source.backup(copy)
    print(f"Backed up {settings.store_location} to {target}.")
    return EXIT_OK


async def _copy_store(source: str, target: str, batch: int) -> int:
    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    copies = await copying.copy_store(source, target, progress, batch=batch)
    for copy in copies:
        verdict = "checksum ok" if copy.matches else "MISMATCH"
        print(f"{copy.table}: {copy.rows:,} rows ({copy.copied:,} copied now), {verdict}")
    failed = [copy.table for copy in copies if not copy.matches]
    if failed:
        print(f"handover: {', '.join(failed)} differ between {masked(source)} and "
              f"{masked(target)}: the target held other rows", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(f"Copied {masked(source)} to {masked(target)}: "
          f"{sum(copy.rows for copy in copies):,} rows in {len(copies)} tables, all checked.")
    return EXIT_OK


def _discord(settings: Settings, work: Awaitable[object]) -> int:
    if not settings.token:
        work.close()
        print("handover: DISCORD_TOKEN is not set (environment or .env); "
              "`handover console` works without it.", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = asyncio.run(work)
    except PortUnavailable as error:
        return _stop(settings, str(error), EXIT_NOT_FOUND)
    except discord.LoginFailure:
        log.debug("login failed", exc_info=True)
        return _stop(settings, f"{startup.TOKEN_REFUSED}.", EXIT_USAGE)
    except (startup.Refused, aiohttp.ClientError) as error:
        log.debug("Discord could not be used", exc_info=True)
        return _stop(settings, f"cannot use Discord at {settings.api_base}: "
                     f"{startup.describe(error)}", EXIT_NOT_FOUND)
    if isinstance(result, int):
        print(f"Registered {result} commands.")
    return EXIT_OK


def _stop(settings: Settings, reason: str, code: int) -> int:
    """Why the bot cannot start: one line on standard error, and in a log file or a JSON
    log too (which would otherwise never say)."""
    print(f"handover: {reason}", file=sys.stderr)
    if settings.log_file or settings.log_format == "json":
        log.error("%s", reason)
    return code


def dispatch(arguments: argparse.Namespace, settings: Settings) -> int:
    match arguments.command:
        case "ask":
            return asyncio.run(_with_store(settings, _ask(settings, arguments.line,
                                                          arguments.json, arguments.image)))
        case "console":
            return asyncio.run(_with_store(settings, lambda store: run_console(store, settings)))
        case "start" if settings.token:
            return _discord(settings, run_bot(settings))
        case "start":
            return asyncio.run(_with_store(settings, lambda store: run_console(store, settings)))
        case "run":
            return _discord(settings, run_bot(settings))
        case "sync":
            return _discord(settings, run_sync(settings, arguments.guild))
        case "extract":
            return _extract(arguments.files, arguments.published, arguments.json)
        case "ingest":
            return asyncio.run(_with_store(settings, _ingest(settings, arguments.targets,
                                                             arguments.published)))
        case "import":
            return asyncio.run(_with_store(settings, _import(arguments.packs)))
        case "import-wikidata":
            return asyncio.run(_with_store(settings, _import_wikidata(
                arguments.files, arguments.languages, arguments.json)))
        case "wikidata-sync":
            return asyncio.run(_with_store(settings, _wikidata_sync(
                settings, arguments.once, arguments.json)))
        case "backup":
            if settings.on_postgresql:
                print("handover: backup copies a SQLite file; for PostgreSQL use pg_dump, or"
                      " `handover copy-store` to a SQLite file", file=sys.stderr)
                return EXIT_USAGE
            return _backup(settings, arguments.target) if settings.store_location.exists() \
                else (print(f"handover: no store at {settings.store_location}", file=sys.stderr)
                      or EXIT_NOT_FOUND)
        case "copy-store":
            return asyncio.run(_copy_store(arguments.source, arguments.target,
                                           max(1, arguments.batch)))
        case "doctor":
            return doctor.run(settings)
        case "fact":
            return asyncio.run(_with_store(settings, _fact(arguments)))
        case "audit":
            return asyncio.run(_with_store(settings, _audit(
                arguments.since, arguments.guild, arguments.json)))
    raise AssertionError(arguments.command)


def with_shards(settings: Settings, arguments: argparse.Namespace) -> Settings:
    """`run --shards/--shard-count` win over the environment's; one not given is the
    environment's."""
    shards, count = getattr(arguments, "shards", None), getattr(arguments, "shard_count", None)
    if shards is None and count is None:
        return settings
    if shards is None and count is not None and settings.shards is not None:
        shards = ",".join(map(str, settings.shards))
    if count is None and settings.shard_count is not None:
        count = str(settings.shard_count)
    ids, total = shard_plan(shards, count, shards_name="--shards", count_name="--shard-count")
    return dataclasses.replace(settings, shards=ids, shard_count=total)


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        settings = with_shards(Settings.load(arguments.db), arguments)
    except SettingsError as error:
        print(f"handover: {error}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings)
    try:
        return dispatch(arguments, settings)
    except (StoreError, PackError) as error:
        print(f"handover: {error}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`handover … | head`): nothing to tell
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("unexpected error (reference %s)", reference,
                      extra={"reference": reference})
        print(f"handover: something went wrong (reference {reference}); the log has details.",
              file=sys.stderr)
        return EXIT_NOT_FOUND


if __name__ == "__main__":
    sys.exit(main())
