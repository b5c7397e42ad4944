-- Every change, one row each, never changed or removed: who, where, when, what, the
-- record before and after, and why.

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                  -- UTC, YYYY-MM-DDTHH:MM:SSZ
    actor_id INTEGER,                  -- the Discord user; NULL for the operator's command line
    actor_role TEXT NOT NULL,          -- operator, editor or moderator
    guild_id INTEGER,                  -- the server it was done in
    action TEXT NOT NULL,              -- ingest, accept, reject, subscribe, feed-add, …
    target TEXT,                       -- what it changed: 'review:3', 'source:7', …
    before TEXT,                       -- JSON
    after TEXT,                        -- JSON
    reason TEXT
);
CREATE INDEX audit_by_guild ON audit (guild_id, id);

CREATE TRIGGER audit_keeps_its_rows BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_keeps_every_row BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
