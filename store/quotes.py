"""Quotes by a person: all of them, about a topic, or matching words (full-text search)."""

from __future__ import annotations

import re
from collections import defaultdict

from store import rows
from store.dates import parse_optional
from store.db import Database
from store.models import Entity, Quote, Statement

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    """The words of a search; operators in the text are inert."""
    return _WORD.findall(text)


def quotes(db: Database, speaker: Entity, *, about: list[Entity] = (), about_text: str = "",
           search: str = "") -> list[Quote]:
    """The speaker's quotes, newest first, narrowed by topic and by words."""
    where = ["quotes.speaker_id = ?", rows.seen("quote", "quotes.id")]
    parameters: list = [speaker.id]
    if about:
        marks = ",".join("?" * len(about))
        where.append("quotes.id IN (SELECT quote_id FROM quote_topics"
                     f" WHERE entity_id IN ({marks}))")
        parameters.extend(entity.id for entity in about)
    for words in ([] if about else [about_text]) + [search]:
        if words:
            condition, values = db.dialect.quote_has_words(speaker.id, _words(words))
            where.append(condition)
            parameters.extend(values)
    found = db.read(
        "SELECT quotes.*, " + rows.entity_columns("speakers", "speaker_")
        + " FROM quotes JOIN entities AS speakers ON speakers.id = quotes.speaker_id"
        f" WHERE {' AND '.join(where)} ORDER BY quotes.said_on DESC, quotes.id",
        tuple(parameters),
    )
    return _hydrate(db, found)


def _hydrate(db: Database, found: list) -> list[Quote]:
    ids = [row["id"] for row in found]
    cited = rows.sources_for(db, "quote", ids)
    topics: dict[int, list[Entity]] = defaultdict(list)
    if ids:
        marks = ",".join("?" * len(ids))
        for row in db.read(
            "SELECT quote_topics.quote_id, " + rows.entity_columns("entities", "")
            + " FROM quote_topics JOIN entities ON entities.id = quote_topics.entity_id"
            f" WHERE quote_topics.quote_id IN ({marks}) ORDER BY entities.name", tuple(ids),
        ):
            topics[row["quote_id"]].append(rows.entity(row))
    return [
        Quote(row["id"], rows.entity(row, "speaker_"), row["text"], row["kind"],
              parse_optional(row["said_on"]), row["context"], tuple(topics[row["id"]]),
              cited.get(row["id"], ()))
        for row in found
    ]


def statements(db: Database, person: Entity) -> list[Statement]:
    found = db.read(
        "SELECT statements.*, " + rows.entity_columns("targets", "target_")
        + " FROM statements LEFT JOIN entities AS targets ON targets.id = statements.target_id"
        f" WHERE statements.person_id = ? AND {rows.seen('statement', 'statements.id')}"
        " ORDER BY statements.kind, statements.id",
        (person.id,),
    )
    cited = rows.sources_for(db, "statement", [row["id"] for row in found])
    return [
        Statement(row["id"], person, row["kind"], row["text"], rows.entity(row, "target_"),
                  parse_optional(row["said_on"]), cited.get(row["id"], ()))
        for row in found
    ]
