-- Several bot processes on one store: leases and delivery claims (see the SQLite file of
-- the same number). Times are seconds on the database server's clock.

CREATE TABLE leases (
    name TEXT COLLATE "C" PRIMARY KEY,
    holder TEXT COLLATE "C" NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    taken_at DOUBLE PRECISION NOT NULL
);

ALTER TABLE deliveries ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE deliveries ADD COLUMN claimed_until DOUBLE PRECISION;
