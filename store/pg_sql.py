"""The store's SQL, written once for SQLite, as PostgreSQL reads it.

The store's modules write SQL in the dialect the two engines share, with SQLite's `?`
placeholders. Where SQLite's spelling differs, `translate` rewrites it mechanically:

- `?` becomes `$1`, `$2`, … (and `?1` becomes `$1`); `viewer_scope()` becomes one more
  parameter, the reader's scope;
- `INSERT OR IGNORE` becomes `INSERT … ON CONFLICT DO NOTHING`;
- `x IS ?` / `x IS NOT ?` compare like SQLite's (`IS [NOT] DISTINCT FROM`);
- a parameter only tested for NULL (`? IS NULL`) is sent as text, so it has a type;
- `LIMIT -1` (no limit) becomes `LIMIT ALL`;
- the column `end` is quoted (a reserved word in PostgreSQL; SQL keywords here are upper case);
- `ORDER BY` puts NULLs where SQLite does: first when ascending, last when descending.

What cannot be rewritten mechanically (full-text and trigram search, date arithmetic)
lives in the engines' `dialect` objects instead.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_LITERAL = re.compile(r"'(?:[^']|'')*'")
_MASK = re.compile(r"\x00(\d+)\x00")
_ORDER_BY = re.compile(r"\bORDER BY\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|FOR)\b", re.IGNORECASE)
_EXPLICIT_ID = re.compile(r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)\s*\(\s*\"?id\"?\s*,",
                          re.IGNORECASE)
_RETURNS_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES|PRAGMA)\b|\bRETURNING\b", re.IGNORECASE)
_NUMBERED = re.compile(r"\?(\d+)")
_NULL_TEST = re.compile(r"\$(\d+) IS(?= (?:NOT )?NULL\b)")
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One statement as PostgreSQL takes it."""

    sql: str
    scope_parameter: bool  # the reader's scope goes last among the parameters
    returns_rows: bool
    inserts_into: str | None
    explicit_ids_into: str | None  # a table whose ids this statement chooses itself
    null_tests: frozenset[int] = frozenset()  # parameters only tested for NULL: sent as text


def _mask_literals(sql: str) -> tuple[str, list[str]]:
    literals: list[str] = []

    def keep(match: re.Match) -> str:
        literals.append(match[0])
        return f"\x00{len(literals) - 1}\x00"

    return _LITERAL.sub(keep, sql), literals


def _unmask(sql: str, literals: list[str]) -> str:
    return _MASK.sub(lambda match: literals[int(match[1])], sql)


@functools.cache
def _never_null() -> frozenset[str]:
    """Column names that are NOT NULL in every table of the PostgreSQL schema that has
    them: ordering by them needs no NULLS clause (which would keep an index from serving
    the order)."""
    from importlib import resources

    nullable: set[str] = set()
    required: set[str] = set()
    folder = resources.files("store.schema") / "postgresql"
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        for line in entry.read_text(encoding="utf-8").splitlines():
            if keys := re.match(r"\s*PRIMARY KEY \(([^)]*)\)", line):
                required.update(column.strip() for column in keys[1].split(","))
            elif column := re.match(r'\s+"?(\w+)"? (BIGINT|TEXT|DOUBLE PRECISION)\b', line):
                not_null = re.search(r"NOT NULL|PRIMARY KEY", line)
                (required if not_null else nullable).add(column[1])
    return frozenset(required - nullable)


def _null_order(term: str) -> str:
    stripped = term.rstrip()
    if re.search(r"\bNULLS\s+(FIRST|LAST)$", stripped, re.IGNORECASE):
        return term
    column = re.fullmatch(r"\s*(?:\w+\.)?\"?(\w+)\"?(\s+(?:ASC|DESC))?", stripped,
                          re.IGNORECASE)
    if column and column[1] in _never_null():
        return term
    if re.search(r"\bDESC$", stripped, re.IGNORECASE):
        return f"{stripped} NULLS LAST"
    return f"{stripped} NULLS FIRST"


def _clause_ends_at(sql: str, index: int) -> bool:
    after_word = index == 0 or not (sql[index - 1].isalnum() or sql[index - 1] == "_")
    return after_word and _CLAUSE_END.match(sql, index) is not None


def _order_nulls_as_sqlite(sql: str) -> str:
    """Add NULLS FIRST/LAST to each term of each ORDER BY."""
    out, position = [], 0
    for match in _ORDER_BY.finditer(sql):
        if match.start() < position:
            continue
        out.append(sql[position:match.end()])
        depth, start, index, terms = 0, match.end(), match.end(), []
        while index < len(sql):
            char = sql[index]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                terms.append(sql[start:index])
                start = index + 1
            elif depth == 0 and _clause_ends_at(sql, index):
                break
            index += 1
        terms.append(sql[start:index])
        rewritten = ",".join(_null_order(term) for term in terms)
        out.append(rewritten + (" " if index < len(sql) and sql[index] != ")" else ""))
        position = index
    out.append(sql[position:])
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> Statement:
    """`sql`, written for SQLite, as PostgreSQL takes it."""
    code, literals = _mask_literals(sql)
    inserted = _INSERT.match(code)
    explicit = _EXPLICIT_ID.match(code)
    ignore = re.match(r"^\s*INSERT\s+OR\s+IGNORE\s+", code, re.IGNORECASE) is not None
    code = re.sub(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", code, flags=re.IGNORECASE)
    code = re.sub(r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?", code)
    code = re.sub(r"\bIS\s+\?", "IS NOT DISTINCT FROM ?", code)
    code = re.sub(r"\bLIMIT\s+-1\b", "LIMIT ALL", code)
    code = re.sub(r"(?<![\w\"])end(?![\w\"])", '"end"', code)
    code = _order_nulls_as_sqlite(code)
    if ignore:
        returning = re.search(r"\bRETURNING\b", code, re.IGNORECASE)
        code = (f"{code[:returning.start()]}ON CONFLICT DO NOTHING {code[returning.start():]}"
                if returning else f"{code.rstrip().rstrip(';')} ON CONFLICT DO NOTHING")
    scoped = "viewer_scope()" in code
    if _NUMBERED.search(code):  # SQLite's ?1, ?2: already numbered
        count = max(int(number) for number in _NUMBERED.findall(code))
        code = _NUMBERED.sub(lambda match: f"${match[1]}", code)
    else:
        count = code.count("?")
        numbered = iter(range(1, count + 1))
        code = re.sub(r"\?", lambda _: f"${next(numbered)}", code)
    if scoped:
        code = code.replace("viewer_scope()", f"${count + 1}::bigint")
    null_tests = frozenset(int(number) - 1 for number in _NULL_TEST.findall(code))
    code = _NULL_TEST.sub(lambda match: f"${match[1]}::text IS", code)
    return Statement(_unmask(code, literals), scoped, bool(_RETURNS_ROWS.search(code)),
                     inserted[1].lower() if inserted else None,
                     explicit[1].lower() if explicit else None, null_tests)
