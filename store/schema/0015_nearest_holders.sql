-- Who held an office just before or just after a date: an office's tenures in the order
-- of their last possible end, and of their first possible start. Without them the
-- holder nearest a date was found by checking every tenure of the office for a citation
-- the reader sees, then sorting them; with them, the first tenure seen is the one.
CREATE INDEX tenures_by_end ON tenures (office_id, end_last, id);
CREATE INDEX tenures_by_start ON tenures (office_id, start_first, id);
