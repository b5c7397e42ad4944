-- Feeds: RSS and Atom feeds polled for articles, and the items already seen in each, kept
-- while an item is still in the feed so it is never taken for new.

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    review INTEGER NOT NULL DEFAULT 1,        -- 1: wait for /review; 0: store at once
    etag TEXT,
    last_modified TEXT,
    next_poll_at REAL NOT NULL DEFAULT 0,     -- unix time
    first_poll_done INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    paused_reason TEXT,
    created_by INTEGER,
    UNIQUE (guild_id, url)
);

CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,                        -- 'guid:…', 'link:…' or 'text:<sha256>'
    first_seen REAL NOT NULL,
    last_in_feed REAL NOT NULL,               -- refreshed at each poll that lists the item
    PRIMARY KEY (feed_id, key)
);
