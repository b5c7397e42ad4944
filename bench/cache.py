"""Built stores kept under `bench/.cache/`, keyed by what determines their content.

The key hashes the builder's parameters, the builder's code (its syntax tree without
docstrings, so comments and wording do not count) and the schema files, so a change to
any of them builds a new store instead of reusing a stale one.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import time
from importlib import resources
from pathlib import Path

from bench import synth, vocab

CACHE_DIR = Path(__file__).resolve().parent / ".cache"


def _code(path: Path) -> bytes:
    """A module's code as its syntax tree, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def key(scale: synth.Scale) -> str:
    digest = hashlib.sha256(json.dumps(dataclasses.asdict(scale), sort_keys=True).encode())
    for module in (synth, vocab):
        digest.update(_code(Path(module.__file__)))
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
    _prune(cache_dir, name, report["scale"])
    return path, {**report, "cached": False}


def _prune(cache_dir: Path, keep: str, scale: dict, idle_s: float = 3600.0) -> None:
    """Remove stores of the same scale built by older code or schemas, once nothing has
    touched them for an hour (another bench may still be using one)."""
    for sidecar in cache_dir.glob("store-*.json"):
        if sidecar.stem == keep:
            continue
        try:
            stale = json.loads(sidecar.read_text()).get("scale") == scale
        except ValueError:
            stale = False
        files = [sidecar, *cache_dir.glob(f"{sidecar.stem}.db*")]
        if stale and all(time.time() - f.stat().st_mtime > idle_s for f in files):
            for leftover in files:
                leftover.unlink(missing_ok=True)
