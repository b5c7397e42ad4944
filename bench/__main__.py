"""`python -m bench`: Handover at a million facts, side by side with plain SQLite, in one run.

    python -m bench            # full: 100k orgs, 200k people, 1M tenures, 1M quotes
    python -m bench --quick    # CI-sized: a tenth of that and fewer samples, under 2 minutes

The full run writes bench/results.json and the table in docs/benchmarks.md; the quick run
writes bench/.cache/quick/results.json and benchmarks.md, so CI never overwrites the
committed figures. `--out DIR` sends both files to DIR instead.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from bench import (
    botload,
    cache,
    cluster,
    extraction,
    pictures,
    postgres,
    reads,
    report,
    synth,
)
from bench.timing import ratio

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mode:
    """The sizes of one kind of run."""

    name: str
    scale: float
    samples: int
    extraction_s: float
    plan: botload.Plan
    pictures: int = 200  # timeline pictures drawn at 40 bars
    cluster: int = 4000  # interactions per layout of shard processes


FULL = Mode("full", 1.0, 5000, 10.0, botload.Plan())
QUICK = Mode("quick", 0.1, 1000, 3.0, botload.Plan(
    warmup=50, per_concurrency=((1, 300), (16, 1500), (64, 1500)),
    paced=((250, 500), (500, 1000)),
    autocomplete_probes=3), pictures=20, cluster=600)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized run (under 2 minutes)")
    parser.add_argument("--scale", type=float, help="size relative to the full store (1.0)")
    parser.add_argument("--samples", type=int, help="samples per read measurement")
    parser.add_argument("--out", type=Path, help="directory for results.json and benchmarks.md")
    parser.add_argument("--cache", type=Path, default=cache.CACHE_DIR,
                        help="where built stores are kept (default bench/.cache)")
    parser.add_argument("--skip", default="",
                        help="comma-separated: reads, postgresql, cluster, extraction, bot, "
                             "pictures")
    parser.add_argument("--only", default="",
                        help="comma-separated parts to run, the others skipped (e.g. bot); "
                             "the figures go to bench/.cache/only/ unless --out is given")
    parser.add_argument("--phases", default="",
                        help="the bot's phases to run, comma-separated: c1, c16, c64, "
                             "paced250, paced500 (default: all)")
    return parser.parse_args(argv)


def cpu_per_interaction(phase: dict) -> float | None:
    """Milliseconds of the bot process's CPU per interaction answered in a phase."""
    if not phase.get("interactions_per_s") or phase.get("bot_cpu_pct") is None:
        return None
    return round(10 * phase["bot_cpu_pct"] / phase["interactions_per_s"], 3)


def flatten(results: dict) -> dict:
    """The flat keys of results.json from the detailed figures."""
    flat: dict = {}
    if (who := results["details"].get("reads")) and "error" not in who:
        api, floor = who["who_leads"]["all"]["api"], who["who_leads"]["all"]["raw"]
        complete, quotes = who["autocomplete"], who["quotes"]["api"]
        flat |= {
            "who_leads_p50_us": api["p50_us"], "who_leads_p99_us": api["p99_us"],
            "raw_sqlite_p50_us": floor["p50_us"], "raw_sqlite_p99_us": floor["p99_us"],
            "who_leads_ratio_p50": ratio(api["p50_us"], floor["p50_us"]),
            "who_leads_ratio_p99": ratio(api["p99_us"], floor["p99_us"]),
            "who_leads_statements": who["who_leads"]["now"]["statements_per_call"],
            "autocomplete_p50_ms": complete["all"]["p50_ms"],
            "autocomplete_p99_ms": complete["all"]["p99_ms"],
            "autocomplete_prefix_p99_ms": complete["prefix"]["p99_ms"],
            "autocomplete_infix_p99_ms": complete["infix"]["p99_ms"],
            "autocomplete_index_s": complete["index_build_s"],
            "alias_index_mb": complete["index_rss_mb"],
            "quote_search_p50_ms": round(quotes["p50_us"] / 1000, 3),
            "quote_search_p99_ms": round(quotes["p99_us"] / 1000, 3)}
    if (pg := results["details"].get("postgresql")) and "who_leads" in pg:
        api, floor = pg["who_leads"]["all"]["api"], pg["who_leads"]["all"]["raw"]
        flat |= {"pg_who_leads_p50_us": api["p50_us"], "pg_who_leads_p99_us": api["p99_us"],
                 "raw_asyncpg_p50_us": floor["p50_us"], "raw_asyncpg_p99_us": floor["p99_us"],
                 "pg_autocomplete_p50_ms": pg["autocomplete"]["all"]["p50_ms"],
                 "pg_autocomplete_p99_ms": pg["autocomplete"]["all"]["p99_ms"],
                 "pg_quote_search_p50_ms": round(pg["quotes"]["api"]["p50_us"] / 1000, 3),
                 "pg_quote_search_p99_ms": round(pg["quotes"]["api"]["p99_us"] / 1000, 3),
                 "pg_copy_s": pg["copy_s"]}
    if (shards := results["details"].get("cluster")) and "error" not in shards:
        for processes in (1, 2):
            layout = shards[f"processes_{processes}"]
            flat |= {f"cluster_rps_{processes}": layout["interactions_per_s"],
                     f"cluster_p50_ms_{processes}": layout["p50_ms"],
                     f"cluster_p99_ms_{processes}": layout["p99_ms"]}
    if (bot := results["details"].get("bot")) and "error" not in bot:
        for concurrency in (1, 16, 64):
            phase = bot.get(f"c{concurrency}") or {}
            flat |= {f"bot_rps_c{concurrency}": phase.get("interactions_per_s"),
                     f"bot_p50_ms_c{concurrency}": phase.get("p50_ms"),
                     f"bot_p99_ms_c{concurrency}": phase.get("p99_ms"),
                     f"double_cpu_pct_c{concurrency}": phase.get("double_cpu_pct")}
        for who, figures in (("bot", bot), ("floor", bot.get("floor") or {})):
            phase = figures.get("c16") or {}
            flat[f"{who}_cpu_ms_per_interaction_c16"] = cpu_per_interaction(phase)
        flat["floor_rps_c16"] = (bot.get("floor") or {}).get("c16", {}).get("interactions_per_s")
        for rate in (250, 500):
            phase = bot.get(f"paced{rate}") or {}
            flat |= {f"bot_paced{rate}_achieved": phase.get("interactions_per_s"),
                     f"bot_paced{rate}_p50_ms": phase.get("p50_ms"),
                     f"bot_paced{rate}_p99_ms": phase.get("p99_ms"),
                     f"bot_paced{rate}_failures": phase.get("failures"),
                     f"bot_paced{rate}_lag_p99_ms": phase.get("lag_p99_ms"),
                     f"bot_runqueue_paced{rate}": phase.get("bot_runqueue_ms_per_s"),
                     f"double_cpu_pct_paced{rate}": phase.get("double_cpu_pct")}
        paced = bot.get("paced250") or {}
        flat |= {"bot_paced_rate": paced.get("rate"), "bot_paced_p50_ms": paced.get("p50_ms"),
                 "bot_paced_p99_ms": paced.get("p99_ms"),
                 "loop_lag_p99_ms": paced.get("lag_p99_ms")}
        flat |= {"peak_rss_mb": bot["peak_rss_mb"], "cold_start_s": bot["cold_start_s"],
                 "ready_s": bot["ready_s"],
                 "bot_autocomplete_answered": bot["autocomplete"]["answered"]}
    if (found := results["details"].get("extraction")) and "error" not in found:
        flat["extraction_articles_per_s"] = found["articles_per_s"]
    if (drawn := results["details"].get("pictures")) and "error" not in drawn:
        flat |= {"picture_p50_ms": drawn["draw"]["p50_ms"],
                 "picture_p99_ms": drawn["draw"]["p99_ms"],
                 "picture_first_s": drawn["first_draw_s"], "picture_kb": drawn["png_kb"]}
    return flat


def notes(results: dict) -> list[str]:
    """Things a reader of the table should know that are not figures."""
    details = results["details"]
    found = [f"The {name} measurement failed: {part['error']}"
             for name, part in details.items() if isinstance(part, dict) and "error" in part]
    if (error := (details.get("reads") or {}).get("autocomplete", {}).get("index_error")):
        found.append(f"The first autocomplete failed as shipped ({error}); the autocomplete "
                     "figures were measured with the read time limit lifted in the bench.")
    if skipped := (details.get("postgresql") or {}).get("skipped"):
        found.append(f"PostgreSQL was not measured: {skipped}")
    bot = details.get("bot") or {}
    if "error" in bot:
        return found
    if bot.get("double_violations"):
        found.append(f"The Discord double saw contract violations: {bot['double_violations']}")
    if bot and bot["autocomplete"]["answered"] < bot["autocomplete"]["sent"]:
        found.append(f"The bot answered {bot['autocomplete']['answered']} of "
                     f"{bot['autocomplete']['sent']} autocomplete interactions.")
    for phase in ("c1", "c16", "c64", "paced250", "paced500"):
        if (figures := bot.get(phase)) and figures["unanswered"]:
            found.append(f"{figures['unanswered']} interactions went unanswered at {phase}.")
        if figures and figures.get("failures"):
            found.append(f"{figures['failures']} of {figures['sent']} interactions at {phase} "
                         f"were not answered within Discord's 3 s.")
        if figures and "double_cpu_pct" in figures:
            lag = (f"; event-loop lag p50 {figures['lag_p50_ms']} ms, p99 "
                   f"{figures['lag_p99_ms']} ms ({figures['lag_over_10ms']} of "
                   f"{figures['lag_heartbeats']} heartbeats over 10 ms)"
                   if figures.get("lag_heartbeats") else "")
            late = (f"; sends late by up to {figures['send_late_p99_ms']} ms (p99)"
                    if "send_late_p99_ms" in figures else "")
            waited = (f"; waiting for a CPU: bot {figures['bot_runqueue_ms_per_s']} ms/s, "
                      f"double {figures['double_runqueue_ms_per_s']} ms/s"
                      if "bot_runqueue_ms_per_s" in figures else "")
            found.append(f"CPU at {phase}: bot {figures['bot_cpu_pct']} %, double and load "
                         f"generator {figures['double_cpu_pct']} %{waited}{lag}{late}.")
    if bot.get("log_errors"):
        found.append(f"The bot logged {bot['log_errors']} errors during the run.")
    return found


def code_version() -> str:
    """The commit measured, and the files of the product that differed from it."""
    def git(*arguments: str) -> str:
        try:
            return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True,
                                  text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = [line[3:] for line in git("status", "--porcelain", "--", "store", "bot",
                                        "extract").splitlines() if line.strip()]
    return commit + (f" + uncommitted changes to {', '.join(changed)}" if changed else "")


def main(argv: list[str] | None = None) -> int:
    arguments = parse(argv)
    mode = QUICK if arguments.quick else FULL
    scale = synth.Scale().scaled(arguments.scale or mode.scale)
    samples = arguments.samples or mode.samples
    skip = {part.strip() for part in arguments.skip.split(",") if part.strip()}
    only = {part.strip() for part in arguments.only.split(",") if part.strip()}
    phases = frozenset(part.strip() for part in arguments.phases.split(",") if part.strip())
    if phases:
        mode = replace(mode, plan=replace(mode.plan, phases=phases))
    focused = bool(only or phases)
    out = arguments.out or (cache.CACHE_DIR / "quick" if arguments.quick else
                            cache.CACHE_DIR / "only" if focused else ROOT / "bench")
    docs = out / "benchmarks.md" if arguments.quick or arguments.out or focused else \
        ROOT / "docs" / "benchmarks.md"
    started, host = time.perf_counter(), report.machine()

    def step(name: str) -> None:
        print(f"[bench] {name} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    step(f"store: {scale}")
    path, built = cache.cached_store(scale, arguments.cache)
    details: dict = {"build": built}
    sections = {"reads": lambda: asyncio.run(reads.run(path, samples)),
                "postgresql": lambda: asyncio.run(postgres.run(path, max(200, samples // 5))),
                "cluster": lambda: asyncio.run(cluster.run(postgres.URL, path, mode.cluster)),
                "extraction": lambda: extraction.run(mode.extraction_s),
                "bot": lambda: asyncio.run(botload.run(path, mode.plan)),
                "pictures": lambda: pictures.run(mode.pictures)}
    for name, measure in sections.items():
        if name in skip or (only and name not in only):
            continue
        step(name)
        try:
            details[name] = measure()
        except Exception as error:  # one failed part still leaves a report of the others
            traceback.print_exc()
            details[name] = {"error": f"{type(error).__name__}: {error}"}
    results = {"build_s": built["build_s"], "db_mb": built["db_mb"], "details": details}
    results |= flatten(results)
    results["machine"] = host
    results["run"] = {"mode": mode.name, "scale": asdict(scale), "rows": built["rows"],
                      "code": code_version(),
                      "store_from_cache": built["cached"],
                      "command": "python -m bench" + " ".join([""] + (argv or sys.argv[1:])),
                      "finished": dt.datetime.now().isoformat(timespec="seconds"),
                      "duration_s": round(time.perf_counter() - started, 1)}
    results["notes"] = notes(results)
    written = report.write_results(out / "results.json", results)
    report.write_markdown(docs, written)
    step(f"wrote {out / 'results.json'} and {docs}")
    print(json.dumps({key: written[key] for key in report.REQUIRED}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
