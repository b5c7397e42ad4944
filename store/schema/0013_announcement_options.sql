-- How each subscription posts (a role to ping, a thread per post, which kinds of
-- transition, one digest a day or a week instead of one post each), and what became of
-- each post after it was made: published to the channel's followers (announcement
-- channels), folded into a summary past Discord's publication limit, a thread opened.

ALTER TABLE subscriptions ADD COLUMN ping_role INTEGER;          -- NULL: nobody is pinged
ALTER TABLE subscriptions ADD COLUMN thread INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN kinds TEXT;                 -- 'took_office,announced'; NULL: all
ALTER TABLE subscriptions ADD COLUMN digest TEXT CHECK (digest IN ('daily', 'weekly'));
ALTER TABLE subscriptions ADD COLUMN digest_hour INTEGER NOT NULL DEFAULT 9;
ALTER TABLE subscriptions ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE subscriptions ADD COLUMN digest_done REAL;           -- unix time of the last digest slot handled

-- A message standing for several deliveries: a digest, or the summary that publishes
-- the posts an announcement channel could not publish within Discord's hourly limit.
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('digest', 'summary')),
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    subscription_id INTEGER REFERENCES subscriptions(id) ON DELETE CASCADE,
    slot REAL,                                 -- a digest's slot (unix time)
    created_at REAL NOT NULL,
    message_id INTEGER,                        -- NULL until posted
    publish TEXT CHECK (publish IN ('wanted', 'published')),
    published_at REAL,
    thread_name TEXT,                          -- a thread to open on it, until opened
    UNIQUE (kind, subscription_id, slot)
);
CREATE INDEX batches_unposted ON batches (message_id) WHERE message_id IS NULL;

-- After a delivery is posted: NULL (not an announcement channel), 'wanted', 'held' (over
-- the hourly limit: waits for a summary), 'published', or 'folded' into batch_id.
ALTER TABLE deliveries ADD COLUMN publish TEXT
    CHECK (publish IN ('wanted', 'held', 'published', 'folded'));
ALTER TABLE deliveries ADD COLUMN published_at REAL;
ALTER TABLE deliveries ADD COLUMN thread_name TEXT;     -- a thread to open on it, until opened
ALTER TABLE deliveries ADD COLUMN batch_id INTEGER REFERENCES batches(id);
CREATE INDEX deliveries_publishing ON deliveries (channel_id)
    WHERE publish IN ('wanted', 'held');
CREATE INDEX deliveries_threads ON deliveries (announcement_id) WHERE thread_name IS NOT NULL;
CREATE INDEX deliveries_published ON deliveries (channel_id, published_at)
    WHERE published_at IS NOT NULL;
