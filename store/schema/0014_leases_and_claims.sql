-- Several bot processes on one store: a lease names the one process that does a job
-- (syncing commands, announcing, polling feeds) until it expires; a delivery is claimed
-- by the process posting it until its claim expires, so a process killed mid fan-out
-- leaves its claims to run out and another posts them (with the same nonce).
-- Times are seconds on the database's own clock (`dialect.now_s()`), so every process
-- sharing a PostgreSQL store measures leases against one clock.

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,            -- host:pid:random of the process holding it
    expires_at REAL NOT NULL,
    taken_at REAL NOT NULL           -- when this holder took it (renewals keep it)
);

ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;      -- the last claimer: after a post, who posted it
ALTER TABLE deliveries ADD COLUMN claimed_until REAL;
