"""Score the extractor on the real-news set (`tests/extraction/realnews/`).

The labels are committed; the page text lives in the git-ignored `realnews/cache/`. With
the cache present, this extracts each excerpt in this process (with its publication date
given, as the held-out evaluation does) and prints the development and test splits'
scores; without it, it says which texts are missing and how to rebuild them::

    .venv/bin/python -m tests.extraction.news                 # both splits
    .venv/bin/python -m tests.extraction.news --split development --details
    .venv/bin/python -m tests.extraction.news --split development --half B   # one half
    .venv/bin/python -m tests.extraction.news --json
    .venv/bin/python -m tests.extraction.news --save < results.json   # rebuild the cache
    .venv/bin/python -m tests.extraction.news --save --split development < results.json

Rebuilding the cache: the texts come from the workplace's `search` tool (corpus `pages`),
which a script cannot call. Run the search with each label's `query` (the missing ones
are listed, grouped by query, when the cache is incomplete), keep the result whose `url`
is the label's, and pipe `--save` a JSON object mapping that url (or the excerpt's name)
to the result's `excerpt` string, or the tool's whole answer (its `results` list). It
writes `cache/NAME.txt` for every excerpt whose text has the label's sha256 and says
which did not match.
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
             "the label's query. Run each query below, then pipe the answers (or a JSON object",
             "{url: excerpt}) to `python -m tests.extraction.news --save`, which writes",
             "cache/NAME.txt when the text's sha256 is the label's:"]
    by_query: dict[str, list[Excerpt]] = {}
    for excerpt in absent:
        by_query.setdefault(excerpt.label["query"], []).append(excerpt)
    for query, excerpts in by_query.items():
        lines.append(f"  query {query!r}:")
        lines += [f"    {e.name}: {e.label['url']}" for e in excerpts]
    return "\n".join(lines)


def _pasted(data: Any) -> list[tuple[str, str]]:
    """(url or name, excerpt) pairs from a search answer, a list of them, or a mapping."""
    if isinstance(data, list):
        return [pair for item in data for pair in _pasted(item)]
    if isinstance(data, dict) and "results" in data:
        return [(r["url"], r["excerpt"]) for r in data["results"] if r.get("url")]
    if isinstance(data, dict) and "url" in data and "excerpt" in data:
        return [(data["url"], data["excerpt"])]
    if isinstance(data, dict):
        return [(key, value) for key, value in data.items() if isinstance(value, str)]
    return []


def save(data: Any, split: str | None = None) -> tuple[list[str], list[str]]:
    """Write the pasted excerpts (of one split, if given) whose sha256 is their label's;
    (saved, mismatched) names. A split keeps a rebuild of the development texts from
    saving the held-out test pages that a search answer also holds."""
    excerpts = load(split)
    by_key = {e.label["url"]: e for e in excerpts} | {e.name: e for e in excerpts}
    saved, mismatched = [], []
    for key, text in _pasted(data):
        excerpt = by_key.get(key)
        if excerpt is None:
            continue
        raw = text.encode()
        if hashlib.sha256(raw).hexdigest() != excerpt.label["sha256"]:
            mismatched.append(excerpt.name)   # kept aside, to see how it differs
            excerpt.cached.parent.mkdir(exist_ok=True)
            excerpt.cached.with_suffix(".unverified.txt").write_bytes(raw)
            continue
        excerpt.cached.parent.mkdir(exist_ok=True)
        excerpt.cached.write_bytes(raw)
        saved.append(excerpt.name)
    return saved, mismatched


def half(name: str) -> str:
    """The development split's half of an excerpt: A when the sha256 of its name is even,
    B when odd (68 and 87 of the 155). Rules are drawn from half A and checked on half B."""
    return "A" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0 else "B"


def scores_for(split: str, which: str | None = None) -> tuple[Scores, int]:
    excerpts = [e for e in load(split) if e.text() is not None
                and (which is None or half(e.name) == which)]
    pairs = [(e.label, extract(e, e.text())) for e in excerpts]
    return score(pairs), len(excerpts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, help="one split only (default: both)")
    parser.add_argument("--json", action="store_true", help="the scores as JSON")
    parser.add_argument("--details", action="store_true", help="per-excerpt misses")
    parser.add_argument("--half", choices=("A", "B"),
                        help="only that half (sha256 of the name even: A, odd: B)")
    parser.add_argument("--save", action="store_true",
                        help="read search answers (JSON) on stdin and rebuild the cache")
    args = parser.parse_args(argv)
    if args.save:
        saved, mismatched = save(json.loads(sys.stdin.read()), args.split)
        print(f"saved {len(saved)}: {' '.join(saved)}")
        if mismatched:
            print(f"sha256 differs, not saved: {' '.join(mismatched)}", file=sys.stderr)
        return 1 if mismatched else 0
    absent = missing(load(args.split))
    if absent:
        print(rebuild_instructions(absent), file=sys.stderr)
        if len(absent) == len(load(args.split)):
            return 1
    results = {}
    for split in [args.split] if args.split else SPLITS:
        scores, count = scores_for(split, args.half)
        results[split] = {"excerpts": count, **scores.as_dict()}
        if not args.json:
            print(f"== {split}{f' half {args.half}' if args.half else ''}: {count} excerpts ==")
            print(scores.summary(details=args.details))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
