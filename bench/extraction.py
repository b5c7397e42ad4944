"""Extraction speed: articles per second on one core, for articles of about 2 KB.

The articles are made from the plain-text development set (tests/extraction/devset): each
article is followed by the bodies of the next ones until it reaches 2,000 characters, then
cut at the end of a sentence. They go through `read` and `extract` with an empty
gazetteer, as `handover extract` runs them. The process is pinned to one CPU meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from bench.timing import stats
from extract import Gazetteer, extract, read
from store import PartialDate

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "extraction" / "devset"
TARGET_CHARS = 2000
PUBLISHED = PartialDate(2024, 10, 1)


def articles(target: int = TARGET_CHARS) -> list[tuple[str, str]]:
    """`(name, text)` of ~`target`-character articles built from the development set."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEVSET.glob("*.txt"))]
    built = []
    for index, text in enumerate(texts):
        article, following = text.strip(), index + 1
        while len(article) < target:
            body = texts[following % len(texts)].strip().split("\n", 1)[-1].strip()
            article += "\n\n" + body
            following += 1
        cut = article.rfind(". ", target, target + 400)
        built.append((f"article-{index:03d}.txt", article[: cut + 1] if cut > 0 else article))
    return built


@contextlib.contextmanager
def one_core() -> Iterator[None]:
    """Run on a single CPU (where the platform allows it)."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def run(seconds: float = 10.0) -> dict:
    """Extract the articles round after round for about `seconds`; articles per second."""
    batch, gazetteer = articles(), Gazetteer.empty()
    for name, text in batch[:5]:  # warm: compiled patterns, lazy imports
        extract(read(text, PUBLISHED), name, gazetteer)
    each: list[float] = []
    clock = time.perf_counter
    with one_core():
        started = clock()
        while clock() - started < seconds or not each:
            for name, text in batch:
                begun = clock()
                extract(read(text, PUBLISHED), name, gazetteer)
                each.append(clock() - begun)
        wall = clock() - started
    return {"articles_per_s": round(len(each) / wall, 1), "articles": len(each),
            "mean_chars": round(sum(len(text) for _, text in batch) / len(batch)),
            **stats(each, "ms")}
