"""Score the extractor on the real-news set (`tests/extraction/realnews/`).

The labels are committed; the page text lives in the git-ignored `realnews/cache/`. With
the cache present, this extracts each excerpt in this process (with its publication date
given, as the held-out evaluation does) and prints the development and test splits'
scores; without it, it says which texts are missing and how to rebuild them::

    .venv/bin/python -m tests.extraction.news                 # both splits
    .venv/bin/python -m tests.extraction.news --split development --details
    .venv/bin/python -m tests.extraction.news --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.extraction.scoring import Scores, score

REALNEWS = Path(__file__).resolve().parent / "realnews"
SPLITS = ("development", "test")


@dataclass(frozen=True)
class Excerpt:
    name: str
    label: dict[str, Any]

    @property
    def cached(self) -> Path:
        return REALNEWS / "cache" / f"{self.name}.txt"

    def text(self) -> str | None:
        """The cached page text, if it is there and is the text that was labelled."""
        if not self.cached.exists():
            return None
        raw = self.cached.read_bytes()
        return raw.decode() if hashlib.sha256(raw).hexdigest() == self.label["sha256"] else None


def load(split: str | None = None) -> list[Excerpt]:
    """The labelled excerpts of one split (or all), by name."""
    names = json.loads((REALNEWS / "split.json").read_text())
    chosen = set(names[split]) if split else set(names["development"]) | set(names["test"])
    return [Excerpt(path.stem, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted((REALNEWS / "labels").glob("*.json")) if path.stem in chosen]


def extract(excerpt: Excerpt, text: str) -> dict[str, Any]:
    """What `handover extract --published DATE --json` prints for the excerpt."""
    from bot import articles
    from store import PartialDate

    published = excerpt.label.get("published_arg")
    article = articles.Article(f"{excerpt.name}.txt", text, file=f"{excerpt.name}.txt")
    extraction, _ = articles.run_extraction(
        article, PartialDate.parse(published) if published else None, articles.gazetteer(None))
    return extraction.as_json()


def missing(excerpts: list[Excerpt]) -> list[Excerpt]:
    return [excerpt for excerpt in excerpts if excerpt.text() is None]


def rebuild_instructions(absent: list[Excerpt]) -> str:
    lines = [f"{len(absent)} excerpt text(s) are not in {REALNEWS / 'cache'} (git-ignored).",
             "Each is the page as the workplace's search tool (corpus 'pages') returns it for",
             "the label's query; save it as cache/NAME.txt (UTF-8) and check its sha256:"]
    lines += [f"  {e.name}: {e.label['url']}  (query: {e.label['query']!r})" for e in absent]
    return "\n".join(lines)


def scores_for(split: str) -> tuple[Scores, int]:
    excerpts = [e for e in load(split) if e.text() is not None]
    pairs = [(e.label, extract(e, e.text())) for e in excerpts]
    return score(pairs), len(excerpts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, help="one split only (default: both)")
    parser.add_argument("--json", action="store_true", help="the scores as JSON")
    parser.add_argument("--details", action="store_true", help="per-excerpt misses")
    args = parser.parse_args(argv)
    absent = missing(load(args.split))
    if absent:
        print(rebuild_instructions(absent), file=sys.stderr)
        if len(absent) == len(load(args.split)):
            return 1
    results = {}
    for split in [args.split] if args.split else SPLITS:
        scores, count = scores_for(split)
        results[split] = {"excerpts": count, **scores.as_dict()}
        if not args.json:
            print(f"== {split}: {count} excerpts ==")
            print(scores.summary(details=args.details))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
