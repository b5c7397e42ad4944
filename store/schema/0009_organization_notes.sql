-- What sources say about an organization that no row of dates can: a succession not yet
-- decided, an announced resignation not yet confirmed (the reference pack's `uncertain`).
-- Notes cite their sources like every other fact, so fact_sources learns the kind 'note'.

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    status TEXT,
    detail TEXT,
    UNIQUE (org_id, topic)
);

CREATE TABLE fact_sources_with_notes (
    fact TEXT NOT NULL CHECK (fact IN
        ('entity', 'tenure', 'transition', 'quote', 'statement', 'note')),
    fact_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    evidence TEXT,
    PRIMARY KEY (fact, fact_id, source_id)
);
INSERT INTO fact_sources_with_notes SELECT fact, fact_id, source_id, evidence FROM fact_sources;
DROP TABLE fact_sources;
ALTER TABLE fact_sources_with_notes RENAME TO fact_sources;
