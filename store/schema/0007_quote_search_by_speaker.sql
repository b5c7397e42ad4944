-- Quote search narrowed to one speaker inside the full-text index itself, so that a
-- common word does not first find every quote in the store.

DROP TRIGGER quotes_fts_insert;
DROP TRIGGER quotes_fts_delete;
DROP TRIGGER quotes_fts_update;
DROP TABLE quotes_fts;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, context, speaker_id, content = 'quotes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text, context, speaker_id)
    VALUES (new.id, new.text, new.context, new.speaker_id);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, context, speaker_id)
    VALUES ('delete', old.id, old.text, old.context, old.speaker_id);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, context, speaker_id)
    VALUES ('delete', old.id, old.text, old.context, old.speaker_id);
    INSERT INTO quotes_fts (rowid, text, context, speaker_id)
    VALUES (new.id, new.text, new.context, new.speaker_id);
END;
