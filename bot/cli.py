"""The `handover` command line: a thin layer over the store and the answers."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sqlite3
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import discord

from bot import articles, commands, pictures, text
from bot.client import run_bot, run_sync
from bot.config import SETTINGS, Settings, mask
from bot.console import run_console
from bot.fetch import FetchError
from store import BadDate, PackError, PartialDate, Store, StoreError
from store.wikidata import import_wikidata

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
    sub.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
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
    backup = sub.add_parser("backup", help="copy the store while it is in use")
    backup.add_argument("target", metavar="PATH", type=Path)
    sub.add_parser("doctor", help="check the configuration (the token is masked)")
    return parser


def _date(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except BadDate as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
    store = await Store.open(settings.db_path)
    try:
        result = work(store)
        return await result if asyncio.iscoroutine(result) else result
    finally:
        await store.close()


def _ask(settings: Settings, line: str, as_json: bool,
         image: Path | None = None) -> Callable[[Store], int]:
    def answer(store: Store) -> int:
        reply = commands.ask(store, line, settings.today)
        print(json.dumps(reply.as_json(), ensure_ascii=False, indent=2) if as_json
              else text.render(reply))
        if image is not None and reply.status == "ok":
            return _picture(reply, image)
        return EXIT_CODES[reply.status]
    return answer


def _picture(reply, path: Path) -> int:
    """`ask --image`: the picture Discord would attach, written to `path`."""
    if reply.timeline is None:
        print("handover: this answer has no picture; /history and /profile have one.",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        path.write_bytes(pictures.draw(reply.timeline).png)
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
        report = await import_wikidata(store, files, languages=chosen)
        print(json.dumps(report.as_dict(), ensure_ascii=False) if as_json else report.summary())
        return EXIT_OK
    return load


def _backup(settings: Settings, target: Path) -> int:
    if target.exists():
        print(f"handover: {target} exists; choose a new path.", file=sys.stderr)
        return EXIT_USAGE
    with sqlite3.connect(f"file:{settings.db_path}?mode=ro", uri=True) as source, \
            sqlite3.connect(target) as copy:
        source.backup(copy)
    print(f"Backed up {settings.db_path} to {target}.")
    return EXIT_OK


def _doctor(settings: Settings) -> int:
    problems = []
    print(f"store: {settings.db_path}" + ("" if settings.db_path.exists()
                                           else " (missing; created on first use)"))
    print(f"DISCORD_TOKEN: {mask(settings.token)}")
    print(f"DISCORD_API_BASE: {settings.api_base}")
    if not settings.api_base.startswith(("https://", "http://")):
        problems.append("DISCORD_API_BASE must be an http(s) URL")
    if settings.token and (len(settings.token) < 50 or " " in settings.token):
        problems.append("DISCORD_TOKEN does not look like a bot token")
    for problem in problems:
        print(f"problem: {problem}")
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return EXIT_OK if not problems else EXIT_NOT_FOUND


def _discord(settings: Settings, work: Awaitable[object]) -> int:
    if not settings.token:
        work.close()
        print("handover: DISCORD_TOKEN is not set (environment or .env); "
              "`handover console` works without it.", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = asyncio.run(work)
    except discord.LoginFailure:
        print("handover: Discord refused the token; check DISCORD_TOKEN.", file=sys.stderr)
        return EXIT_NOT_FOUND
    if isinstance(result, int):
        print(f"Registered {result} commands.")
    return EXIT_OK


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
        case "backup":
            return _backup(settings, arguments.target) if settings.db_path.exists() else (
                print(f"handover: no store at {settings.db_path}", file=sys.stderr)
                or EXIT_NOT_FOUND)
        case "doctor":
            return _doctor(settings)
    raise AssertionError(arguments.command)


def configure_logging(settings: Settings) -> None:
    handler = (logging.FileHandler(settings.log_file) if settings.log_file
               else logging.StreamHandler(sys.stderr))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=settings.log_level if settings.log_level in
                        ("DEBUG", "INFO", "WARNING", "ERROR") else "INFO", handlers=[handler])


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    settings = Settings.load(arguments.db)
    configure_logging(settings)
    try:
        return dispatch(arguments, settings)
    except (StoreError, PackError) as error:
        print(f"handover: {error}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130
    except Exception:
        reference = uuid.uuid4().hex[:8]
        log.exception("unexpected error (reference %s)", reference)
        print(f"handover: something went wrong (reference {reference}); the log has details.",
              file=sys.stderr)
        return EXIT_NOT_FOUND


if __name__ == "__main__":
    sys.exit(main())
