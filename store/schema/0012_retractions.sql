-- A retracted fact stops being answered and announced but keeps its history: its
-- citations are marked, not removed, and an undo unmarks them.

ALTER TABLE fact_sources ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0;
