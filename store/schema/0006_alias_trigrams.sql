-- Names found by any part: a trigram index over the aliases' lookup forms, for
-- completion inside a name ("lantic" finds NATO's "north atlantic …") and for fuzzy
-- suggestions, without holding every alias in memory.

CREATE VIRTUAL TABLE alias_trigrams USING fts5(
    norm, content = 'aliases', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO alias_trigrams (alias_trigrams) VALUES ('rebuild');

CREATE TRIGGER alias_trigrams_insert AFTER INSERT ON aliases BEGIN
    INSERT INTO alias_trigrams (rowid, norm) VALUES (new.rowid, new.norm);
END;
CREATE TRIGGER alias_trigrams_delete AFTER DELETE ON aliases BEGIN
    INSERT INTO alias_trigrams (alias_trigrams, rowid, norm) VALUES ('delete', old.rowid, old.norm);
END;
CREATE TRIGGER alias_trigrams_update AFTER UPDATE ON aliases BEGIN
    INSERT INTO alias_trigrams (alias_trigrams, rowid, norm) VALUES ('delete', old.rowid, old.norm);
    INSERT INTO alias_trigrams (rowid, norm) VALUES (new.rowid, new.norm);
END;
