-- The search index again, as an ordinary contentless table. Schema 1's had
-- `contentless_delete`, under which a deleted row only leaves a tombstone and its terms stay
-- in the index's pages until they are merged, so that erasing one person meant merging the
-- whole index. Here a removal names the row's terms (FTS5's 'delete' command, with the terms
-- made from the stored row), and with secure-delete FTS5 takes them out of its pages at once,
-- a term whose last entry that was included. The index's page keys that can still hold a
-- fragment of such a term are cleared before the transaction commits (store/search.rs).
--
-- The ascii tokenizer splits only at ASCII punctuation and spaces: the terms are already
-- folded and split into words in Rust, so what FTS5 stores is exactly those words, and a
-- removal can name them.
--
-- The migration fills the table from the people table after this script.
DROP TABLE person_search;
CREATE VIRTUAL TABLE person_search USING fts5 (
    terms,
    content = '',
    tokenize = 'ascii',
    prefix = '2 3'
);
INSERT INTO person_search (person_search, rank) VALUES ('secure-delete', 1);

-- People are found by e-mail (`lagom erase someone@example.com`, a subject request): without
-- an index that reads every row, which at a million people is most of an erasure's time.
CREATE INDEX IF NOT EXISTS people_by_email ON people (email);
