-- Full-text search over quotes (kept in step by triggers), and a key-value table
-- for the store's own settings, such as the hash of the last command sync.

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, context, content = 'quotes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text, context) VALUES (new.id, new.text, new.context);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, context)
    VALUES ('delete', old.id, old.text, old.context);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, context)
    VALUES ('delete', old.id, old.text, old.context);
    INSERT INTO quotes_fts (rowid, text, context) VALUES (new.id, new.text, new.context);
END;

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
