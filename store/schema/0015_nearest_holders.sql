-- Who held an office just before or just after a date: an office's tenures in the order
-- of their last possible end, and of their first possible start, so that the nearest
-- holder is the first tenure the reader sees, read without sorting the office's tenures.
CREATE INDEX tenures_by_end ON tenures (office_id, end_last, id);
CREATE INDEX tenures_by_start ON tenures (office_id, start_first, id);
