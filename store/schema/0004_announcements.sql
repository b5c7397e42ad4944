-- Announcements: which channels asked for which organizations' transitions, the outbox of
-- what is to be announced (a new transition, and again on the day it takes effect), and
-- one delivery per announcement and channel, so nothing is posted twice.

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    org_id INTEGER REFERENCES entities(id),    -- NULL: every organization
    created_on TEXT NOT NULL,                  -- YYYY-MM-DD: older transitions are history
    created_by INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,       -- consecutive failed deliveries
    paused_reason TEXT                         -- set when deliveries keep failing
);
CREATE UNIQUE INDEX subscriptions_identity ON subscriptions (channel_id, coalesce(org_id, 0));

CREATE TABLE announcements (
    id INTEGER PRIMARY KEY,
    transition_id INTEGER NOT NULL REFERENCES transitions(id),
    occasion TEXT NOT NULL CHECK (occasion IN ('reported', 'effective')),
    due_on TEXT NOT NULL,                      -- YYYY-MM-DD: not posted before this day
    reported_on TEXT NOT NULL,                 -- YYYY-MM-DD: when the store learned of it
    UNIQUE (transition_id, occasion)
);
CREATE INDEX announcements_due ON announcements (due_on);

CREATE TABLE deliveries (
    announcement_id INTEGER NOT NULL REFERENCES announcements(id),
    channel_id INTEGER NOT NULL,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,   -- unix time
    message_id INTEGER,
    last_error TEXT,
    PRIMARY KEY (announcement_id, channel_id)
);
CREATE INDEX deliveries_pending ON deliveries (status, next_attempt_at);
