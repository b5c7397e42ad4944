"""Where sources disagree: two people holding one office on the same days (beyond a
handover day, neither acting), or one takeover dated more than a day apart. Answers show
both accounts; `conflicts` lists them for editors to settle with a correction or a
retraction."""

from __future__ import annotations

from dataclasses import dataclass

from store import rows
from store.db import Database, Dialect
from store.models import Tenure, Transition


def _rival_tenures(dialect: Dialect) -> str:
    apart = dialect.days_after("a.end_first", "b.start_last")
    return (
        "SELECT a.id AS first, b.id AS second FROM tenures AS a JOIN tenures AS b"
        " ON b.office_id = a.office_id AND b.person_id != a.person_id"
        " AND (a.start_first < b.start_first OR (a.start_first = b.start_first AND a.id < b.id))"
        " WHERE a.acting = 0 AND b.acting = 0 AND a.end_first IS NOT NULL"
        f" AND b.start_last IS NOT NULL AND {apart} > 1"
        f" AND {rows.seen('tenure', 'a.id')} AND {rows.seen('tenure', 'b.id')}"
        " ORDER BY b.start_first DESC LIMIT ?"
    )


def _same_takeover(dialect: Dialect) -> str:
    """One takeover dated twice: no one else took the office between the two dates."""
    apart = dialect.days_after("a.effective_first", "b.effective_first")
    return (
        "b.office_id = a.office_id AND b.incoming_id = a.incoming_id AND b.id != a.id"
        f" AND abs({apart}) > 1"
        " AND NOT EXISTS (SELECT 1 FROM tenures AS between_them"
        "   WHERE between_them.office_id = a.office_id"
        "   AND between_them.person_id != a.incoming_id"
        "   AND ((between_them.start_first > a.effective_first"
        "         AND between_them.start_first < b.effective_first)"
        "     OR (between_them.start_first > b.effective_first"
        "         AND between_them.start_first < a.effective_first))"
        f"  AND {rows.seen('tenure', 'between_them.id')})"
        f" AND {rows.seen('transition', 'b.id')}"
    )


def _rival_dates(dialect: Dialect) -> str:
    return (
        "SELECT a.id AS first, b.id AS second FROM transitions AS a JOIN transitions AS b"
        f" ON {_same_takeover(dialect)} AND a.id < b.id WHERE {rows.seen('transition', 'a.id')}"
        " ORDER BY b.effective_first DESC LIMIT ?"
    )


@dataclass(frozen=True)
class Conflict:
    """Two facts that cannot both be true, by their names (`tenure:12`)."""

    kind: str  # holders or dates
    first: Tenure | Transition
    second: Tenure | Transition

    @property
    def facts(self) -> tuple[str, str]:
        kind = "tenure" if self.kind == "holders" else "transition"
        return f"{kind}:{self.first.id}", f"{kind}:{self.second.id}"


def conflicts(db: Database, limit: int = 25) -> list[Conflict]:
    """Disagreements the reader's view holds, the latest first."""
    found = []
    for kind, sql, read in (("holders", _rival_tenures, rows.tenures),
                            ("dates", _rival_dates, rows.transitions)):
        pairs = db.read(sql(db.dialect), (limit,))
        ids = sorted({row[column] for row in pairs for column in ("first", "second")})
        if not ids:
            continue
        table = "tenures" if kind == "holders" else "transitions"
        facts = {fact.id: fact for fact in read(
            db, f"{table}.id IN ({','.join('?' * len(ids))})", tuple(ids))}
        found += [Conflict(kind, facts[row["first"]], facts[row["second"]]) for row in pairs
                  if row["first"] in facts and row["second"] in facts]
    return found[:limit]


def other_dates(db: Database, transitions: list[Transition]
                ) -> dict[int, tuple[Transition, ...]]:
    """For each transition, the same takeover as other sources date it (more than a day
    apart), by transition id."""
    if not transitions:
        return {}
    marks = ",".join("?" * len(transitions))
    same_takeover = _same_takeover(db.dialect)
    pairs = db.read(f"SELECT a.id AS first, b.id AS second FROM transitions AS a"
                    f" JOIN transitions AS b ON {same_takeover} WHERE a.id IN ({marks})",
                    tuple(t.id for t in transitions))
    if not pairs:
        return {}
    ids = sorted({row["second"] for row in pairs})
    found = {t.id: t for t in rows.transitions(
        db, f"transitions.id IN ({','.join('?' * len(ids))})", tuple(ids))}
    others: dict[int, tuple[Transition, ...]] = {}
    for row in pairs:
        if row["second"] in found:
            others[row["first"]] = (*others.get(row["first"], ()), found[row["second"]])
    return others
