-- What a server's moderators bring in is that server's. A fact is seen in a server when
-- it is cited there or everywhere: each citation now has a scope (0: every server, else
-- the server's id). Names and offices a server brought in carry its scope too, and a
-- feed remembers whether an editor (everywhere) or a moderator (one server) added it.

CREATE TABLE fact_sources_scoped (
    fact TEXT NOT NULL CHECK (fact IN
        ('entity', 'tenure', 'transition', 'quote', 'statement', 'note')),
    fact_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    evidence TEXT,
    scope INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fact, fact_id, scope, source_id)
);
INSERT INTO fact_sources_scoped (fact, fact_id, source_id, evidence)
    SELECT fact, fact_id, source_id, evidence FROM fact_sources;
DROP TABLE fact_sources;
ALTER TABLE fact_sources_scoped RENAME TO fact_sources;
CREATE INDEX fact_sources_by_source ON fact_sources (source_id, scope);

ALTER TABLE aliases ADD COLUMN scope INTEGER NOT NULL DEFAULT 0;
ALTER TABLE offices ADD COLUMN scope INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN everywhere INTEGER NOT NULL DEFAULT 0;
