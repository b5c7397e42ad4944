"""Names users type: exact lookup by alias, completion, and fuzzy suggestions.

Everything is answered from the store's indexes, so a store of millions of names needs
no copy of them in memory: the alias table's index on the lookup form serves exact
lookups and prefixes, and a trigram index (`alias_trigrams`) serves names found by any
part of them and the candidates for fuzzy suggestions.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from store import rows
from store.db import Database, QueryTooSlow
from store.models import Entity, Resolution
from store.normalize import normalize

SUGGESTION_CUTOFF = 75
SUGGESTION_CANDIDATES = 300
SUGGESTION_TIME_LIMIT_S = 0.03  # past this, an answer goes without its suggestions
TRUNCATED_LENGTH = 90  # a name this long may be a cut-off autocomplete value
_LAST = "\U0010ffff"

_ENTITY = rows.entity_columns("entities", "")
_JOIN = ("FROM aliases JOIN entities ON entities.id = aliases.entity_id"
         " AND aliases.scope IN (0, viewer_scope())")
_OF_KIND = "(? IS NULL OR entities.kind = ?)"  # any kind when None


class NameIndex:
    """Lookups over the aliases of every entity."""

    def __init__(self, db: Database):
        self.db = db

    def resolve(self, text: str, kind: str | None = None, *, suggest: bool = True
                ) -> Resolution:
        """Entities whose alias is exactly `text` once normalized; else (unless `suggest`
        is False) close suggestions."""
        norm = normalize(text)
        matches = self._exact(norm, kind)
        if not matches and len(text) >= TRUNCATED_LENGTH:
            starting = self.complete(text, kind, limit=2)
            matches = tuple(starting) if len(starting) == 1 else ()
        if matches or not suggest:
            return Resolution(text, matches)
        return Resolution(text, (), self.suggest(norm, kind))

    def _exact(self, norm: str, kind: str | None) -> tuple[Entity, ...]:
        found = self.db.read(
            f"SELECT DISTINCT {_ENTITY} {_JOIN}"
            f" WHERE aliases.norm = ? AND {_OF_KIND} ORDER BY entities.id",
            (norm, kind, kind))
        return tuple(rows.entity(row) for row in found)

    def suggest(self, norm: str, kind: str | None = None, limit: int = 3) -> tuple[Entity, ...]:
        """Entities with a name close to `norm`, best first; none when finding them takes
        longer than `SUGGESTION_TIME_LIMIT_S`, so that a guess never holds up an answer."""
        if len(norm) < 3:
            return ()
        close, values = self.db.dialect.alias_resembles(norm, SUGGESTION_CANDIDATES)
        try:
            candidates = self.db.read(
                f"SELECT aliases.norm, {_ENTITY} {_JOIN} WHERE {close} AND {_OF_KIND}",
                (*values, kind, kind), time_limit_s=SUGGESTION_TIME_LIMIT_S)
        except QueryTooSlow:
            return ()
        scored = process.extract(norm, [row["norm"] for row in candidates], scorer=fuzz.WRatio,
                                 limit=limit * 4, score_cutoff=SUGGESTION_CUTOFF)
        unique: dict[int, Entity] = {}
        for _, _, position in scored:
            entity = rows.entity(candidates[position])
            unique.setdefault(entity.id, entity)
        return tuple(unique.values())[:limit]

    def complete(self, text: str, kind: str | None = None, limit: int = 25) -> list[Entity]:
        """Entities with an alias starting with `text`, then those containing it."""
        norm = normalize(text)
        found: dict[int, Entity] = {}
        for row in self.db.read(
                f"SELECT {_ENTITY} {_JOIN} WHERE aliases.norm >= ? AND aliases.norm < ?"
                f" AND {_OF_KIND} ORDER BY aliases.norm LIMIT ?",
                (norm, norm + _LAST, kind, kind, limit * 4)):
            found.setdefault(row["id"], rows.entity(row))
        if len(found) < limit and len(norm) >= 3:
            inside, values = self.db.dialect.alias_contains(norm, limit * 4)
            for row in self.db.read(
                    f"SELECT {_ENTITY} {_JOIN} WHERE {inside} AND {_OF_KIND}"
                    " ORDER BY aliases.norm", (*values, kind, kind)):
                found.setdefault(row["id"], rows.entity(row))
        return list(found.values())[:limit]

    def known_name(self, norm: str, kind: str) -> str | None:
        """The name of the one entity of this kind with this lookup form, if only one."""
        found = self._exact(norm, kind)
        return found[0].name if len(found) == 1 else None

    def aliases_of(self, entity_id: int) -> tuple[str, ...]:
        found = self.db.read("SELECT alias FROM aliases WHERE entity_id = ?"
                             " AND scope IN (0, viewer_scope()) ORDER BY alias", (entity_id,))
        return tuple(row["alias"] for row in found)
