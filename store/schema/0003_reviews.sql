-- The review queue: what was extracted from an article, waiting for a moderator to
-- accept (store it) or reject it. Kept in the store so nothing is lost on a restart.

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL CHECK (origin IN ('ingest', 'feed')),
    guild_id INTEGER,
    channel_id INTEGER,
    message_id INTEGER,
    requested_by INTEGER,
    source TEXT NOT NULL,       -- JSON: where the article came from, its text included
    extraction TEXT NOT NULL,   -- JSON: the extraction, in the contract's shape
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_by INTEGER,
    decided_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX reviews_pending ON reviews (guild_id, status, id);
