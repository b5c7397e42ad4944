"""Built stores kept under `bench/.cache/`, keyed by what determines their content.

The key hashes the builder's parameters, the builder's own source and the schema files,
so a change to any of them builds a new store instead of reusing a stale one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from importlib import resources
from pathlib import Path

from bench import synth, vocab

CACHE_DIR = Path(__file__).resolve().parent / ".cache"


def key(scale: synth.Scale) -> str:
    digest = hashlib.sha256(json.dumps(dataclasses.asdict(scale), sort_keys=True).encode())
    for module in (synth, vocab):
        digest.update(Path(module.__file__).read_bytes())
    for entry in sorted(resources.files("store.schema").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def cached_store(scale: synth.Scale, cache_dir: Path = CACHE_DIR) -> tuple[Path, dict]:
    """The store for `scale`, built on first use; returns its path and its build report
    (`build_s`, `db_mb`, `rows`, `cached`)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    name = f"store-{key(scale)}"
    path, report_path = cache_dir / f"{name}.db", cache_dir / f"{name}.json"
    if path.exists() and report_path.exists():
        return path, {**json.loads(report_path.read_text()), "cached": True}
    partial = cache_dir / f"{name}.building.db"
    for leftover in cache_dir.glob(f"{name}.building.db*"):
        leftover.unlink()
    started = time.perf_counter()
    rows = synth.build(partial, scale)
    build_s = time.perf_counter() - started
    partial.rename(path)
    report = {"scale": dataclasses.asdict(scale), "build_s": round(build_s, 2),
              "db_mb": round(path.stat().st_size / 2**20, 1), "rows": rows}
    report_path.write_text(json.dumps(report, indent=2) + "\n")
    return path, {**report, "cached": False}
