"""Names users type: exact lookup by alias, fuzzy suggestions, and completion.

The alias table is the index for exact lookups. Suggestions and completion use an
in-memory copy of the aliases, rebuilt when another connection has written.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from store import rows
from store.db import Database
from store.models import Entity, Resolution
from store.normalize import normalize

SUGGESTION_CUTOFF = 75
TRUNCATED_LENGTH = 90  # a name this long may be a cut-off autocomplete value


@dataclass
class _Alias:
    norm: str
    entity: Entity


class NameIndex:
    """The aliases of every entity, sorted by lookup form, kept in memory."""

    def __init__(self, db: Database):
        self.db = db
        self._version: int | None = None
        self._aliases: list[_Alias] = []
        self._norms: list[str] = []

    def _fresh(self) -> list[_Alias]:
        version = self.db.read("PRAGMA data_version")[0][0]
        if version != self._version:
            found = self.db.read(
                "SELECT aliases.norm, " + rows.entity_columns("entities", "")
                + " FROM aliases JOIN entities ON entities.id = aliases.entity_id"
                " ORDER BY aliases.norm, entities.name"
            )
            self._aliases = [_Alias(row["norm"], rows.entity(row)) for row in found]
            self._norms = [alias.norm for alias in self._aliases]
            self._version = version
        return self._aliases

    def resolve(self, text: str, kind: str | None = None) -> Resolution:
        """Entities whose alias is exactly `text` once normalized; else close suggestions."""
        norm = normalize(text)
        matches = self._exact(norm, kind)
        if not matches and len(text) >= TRUNCATED_LENGTH:
            starting = self.complete(text, kind, limit=2)
            matches = tuple(starting) if len(starting) == 1 else ()
        if matches:
            return Resolution(text, matches)
        return Resolution(text, (), self.suggest(norm, kind))

    def _exact(self, norm: str, kind: str | None) -> tuple[Entity, ...]:
        found = self.db.read(
            "SELECT DISTINCT " + rows.entity_columns("entities", "")
            + " FROM aliases JOIN entities ON entities.id = aliases.entity_id"
            " WHERE aliases.norm = ? AND (? IS NULL OR entities.kind = ?) ORDER BY entities.id",
            (norm, kind, kind),
        )
        return tuple(rows.entity(row) for row in found)

    def suggest(self, norm: str, kind: str | None = None, limit: int = 3) -> tuple[Entity, ...]:
        if not norm:
            return ()
        aliases = [a for a in self._fresh() if kind is None or a.entity.kind == kind]
        scored = process.extract(norm, [a.norm for a in aliases], scorer=fuzz.WRatio,
                                 limit=limit * 4, score_cutoff=SUGGESTION_CUTOFF)
        unique: dict[int, Entity] = {}
        for _, _, position in scored:
            unique.setdefault(aliases[position].entity.id, aliases[position].entity)
        return tuple(unique.values())[:limit]

    def complete(self, text: str, kind: str | None = None, limit: int = 25) -> list[Entity]:
        """Entities with an alias starting with `text`, then those containing it."""
        aliases = self._fresh()
        norm = normalize(text)
        found: dict[int, Entity] = {}
        start = bisect.bisect_left(self._norms, norm)
        for alias in aliases[start:]:
            if not alias.norm.startswith(norm) or len(found) >= limit:
                break
            if kind is None or alias.entity.kind == kind:
                found.setdefault(alias.entity.id, alias.entity)
        if len(found) < limit and norm:
            for alias in aliases:
                if norm in alias.norm and (kind is None or alias.entity.kind == kind):
                    found.setdefault(alias.entity.id, alias.entity)
                    if len(found) >= limit:
                        break
        return list(found.values())

    def lookup_forms(self, kind: str) -> dict[str, str]:
        """Every alias of an entity of this kind, in lookup form, with the entity's name."""
        return {alias.norm: alias.entity.name for alias in self._fresh()
                if alias.entity.kind == kind}

    def aliases_of(self, entity_id: int) -> tuple[str, ...]:
        found = self.db.read("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                             (entity_id,))
        return tuple(row["alias"] for row in found)
