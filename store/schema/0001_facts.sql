-- The first schema: entities and their names, offices, tenures, transitions,
-- quotes, statements, and the sources every fact cites.

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,            -- 'text:<sha256>' for a text, 'url:<url>' for a link
    kind TEXT NOT NULL CHECK (kind IN ('article', 'pack', 'manual')),
    title TEXT,
    publisher TEXT,
    url TEXT,
    file TEXT,
    published TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD
    text_hash TEXT,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    name TEXT NOT NULL,
    org_type TEXT,                       -- international, country, company, …
    qid TEXT UNIQUE,
    description TEXT
);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (norm, entity_id)
);

CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL,
    principal INTEGER NOT NULL DEFAULT 0,
    coverage TEXT,
    UNIQUE (org_id, role)
);

CREATE TABLE tenures (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    person_id INTEGER NOT NULL REFERENCES entities(id),
    start TEXT,                          -- YYYY, YYYY-MM or YYYY-MM-DD; the precision is its length
    start_first TEXT,                    -- earliest day start can mean (YYYY-MM-DD)
    start_last TEXT,                     -- latest day start can mean
    end TEXT,
    end_first TEXT,
    end_last TEXT,
    acting INTEGER NOT NULL DEFAULT 0,
    end_scheduled INTEGER NOT NULL DEFAULT 0,
    unverified INTEGER NOT NULL DEFAULT 0,
    span TEXT,                           -- a length the source gives instead of dates: '14 years'
    note TEXT
);
CREATE UNIQUE INDEX tenures_identity ON tenures (office_id, person_id, coalesce(start, ''));
CREATE INDEX tenures_by_person ON tenures (person_id);

CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    outgoing_id INTEGER REFERENCES entities(id),
    incoming_id INTEGER NOT NULL REFERENCES entities(id),
    effective TEXT,
    effective_first TEXT,
    kind TEXT NOT NULL DEFAULT 'took_office' CHECK (kind IN
        ('took_office', 'sworn_in', 'appointed', 'elected', 'announced', 'stepped_down')),
    place TEXT,
    occasion TEXT
);
CREATE UNIQUE INDEX transitions_identity ON transitions (office_id, incoming_id, coalesce(effective, ''));
CREATE INDEX transitions_by_date ON transitions (effective_first);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES entities(id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'partial')),
    said_on TEXT,
    context TEXT,
    UNIQUE (speaker_id, text)
);

CREATE TABLE quote_topics (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (quote_id, entity_id)
);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES entities(id),
    kind TEXT NOT NULL CHECK (kind IN ('priority', 'stance', 'accusation')),
    text TEXT NOT NULL,
    target_id INTEGER REFERENCES entities(id),
    said_on TEXT,
    UNIQUE (person_id, kind, text)
);

CREATE TABLE fact_sources (
    fact TEXT NOT NULL CHECK (fact IN
        ('entity', 'tenure', 'transition', 'quote', 'statement')),
    fact_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    evidence TEXT,
    PRIMARY KEY (fact, fact_id, source_id)
);
