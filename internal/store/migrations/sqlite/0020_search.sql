-- search_docs is the full-text index (docs/search.md): one row per record
-- a person may find, kept by the store in the transaction of each write.
-- It holds no ID number, phone or ballot, and an anonymous letter without
-- its writer. org_id places the record in the tree (the reader's scope is
-- joined through orgs, so a moved org needs no reindex); perm is the right
-- that reads it beyond org.read ('' for none); party_a and party_b are the
-- people who read it as themselves (a person's own record, the two
-- parties of a talk, the writer of a named letter). grams is the text as
-- bigrams, chars its Chinese characters once each (zhibu.SearchText);
-- tags the words that scope it: its kind (kmeeting), every org on its
-- org's path (o1 o5 o17) and its parties (u42), so that a search finds
-- what the reader may read in the index itself, and the newest hits of a
-- kind are the last rows, read without a sort.
CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    ref_id   INTEGER NOT NULL,
    org_id   INTEGER NOT NULL REFERENCES orgs (id),
    party_a  INTEGER,
    party_b  INTEGER,
    perm     TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    day      TEXT NOT NULL DEFAULT '',
    body     TEXT NOT NULL,
    grams    TEXT NOT NULL,
    chars    TEXT NOT NULL,
    tags     TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_org ON search_docs (org_id);

-- SQLite: an FTS5 index over grams, chars and tags, its content read from
-- search_docs, kept in step by triggers. The unicode61 tokenizer splits on
-- the spaces zhibu.SearchText put there.
CREATE VIRTUAL TABLE search_docs_fts USING fts5 (grams, chars, tags, content = 'search_docs', content_rowid = 'id', tokenize = 'unicode61');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_docs_fts (rowid, grams, chars, tags) VALUES (new.id, new.grams, new.chars, new.tags);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_docs_fts (search_docs_fts, rowid, grams, chars, tags) VALUES ('delete', old.id, old.grams, old.chars, old.tags);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_docs_fts (search_docs_fts, rowid, grams, chars, tags) VALUES ('delete', old.id, old.grams, old.chars, old.tags);
    INSERT INTO search_docs_fts (rowid, grams, chars, tags) VALUES (new.id, new.grams, new.chars, new.tags);
END;

-- search_letters is the same for the mailbox's letters, in pages of their
-- own: no page that holds a letter holds a person's name (an anonymous
-- letter must not sit beside the rows written with it).
CREATE TABLE search_letters (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    ref_id   INTEGER NOT NULL,
    org_id   INTEGER NOT NULL REFERENCES orgs (id),
    party_a  INTEGER,
    party_b  INTEGER,
    perm     TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    day      TEXT NOT NULL DEFAULT '',
    body     TEXT NOT NULL,
    grams    TEXT NOT NULL,
    chars    TEXT NOT NULL,
    tags     TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_letters_org ON search_letters (org_id);

CREATE VIRTUAL TABLE search_letters_fts USING fts5 (grams, chars, tags, content = 'search_letters', content_rowid = 'id', tokenize = 'unicode61');
CREATE TRIGGER search_letters_ai AFTER INSERT ON search_letters BEGIN
    INSERT INTO search_letters_fts (rowid, grams, chars, tags) VALUES (new.id, new.grams, new.chars, new.tags);
END;
CREATE TRIGGER search_letters_ad AFTER DELETE ON search_letters BEGIN
    INSERT INTO search_letters_fts (search_letters_fts, rowid, grams, chars, tags) VALUES ('delete', old.id, old.grams, old.chars, old.tags);
END;
CREATE TRIGGER search_letters_au AFTER UPDATE ON search_letters BEGIN
    INSERT INTO search_letters_fts (search_letters_fts, rowid, grams, chars, tags) VALUES ('delete', old.id, old.grams, old.chars, old.tags);
    INSERT INTO search_letters_fts (rowid, grams, chars, tags) VALUES (new.id, new.grams, new.chars, new.tags);
END;

-- rectification_links are the records that close a remedy (docs/rectification.md),
-- by the kind and id the search index names them with.
CREATE TABLE rectification_links (
    remedy_id  INTEGER NOT NULL REFERENCES rectification_remedies (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    PRIMARY KEY (remedy_id, position)
);
