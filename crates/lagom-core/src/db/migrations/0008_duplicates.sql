-- Schema v8: the same person recorded twice. A queue of pairs to review, the pairs someone
-- said are two people, and merges with what undoing them needs. After this script the search
-- index is filled again (db/mod.rs): a person's customer number is among their terms now.

-- Pairs a scan of the register found alike, waiting for someone to merge or dismiss them.
-- Ids only, and the matcher's reasons (which fields agree or differ, never their values).
-- The two ids are stored in order, so a pair is one row whichever way it was found.
CREATE TABLE duplicate_pairs (
    person_a   TEXT NOT NULL,
    person_b   TEXT NOT NULL,
    score      REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    reasons    TEXT NOT NULL DEFAULT '[]',
    -- The matcher found them safe to merge unasked (an identifier in common, names that
    -- agree, nothing that differs).
    automatic  INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    found_at   TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;
CREATE INDEX duplicate_pairs_by_b ON duplicate_pairs (person_b);
CREATE INDEX duplicate_pairs_by_score ON duplicate_pairs (score DESC, person_a, person_b);

-- "Not the same person": never proposed again, also after a refresh or a merge (a merge
-- copies the merged person's dismissals to the person kept).
CREATE TABLE duplicate_dismissals (
    person_a      TEXT NOT NULL,
    person_b      TEXT NOT NULL,
    dismissed_at  TEXT NOT NULL,
    dismissed_by  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_by_b ON duplicate_dismissals (person_b);

-- Each merge of one person into another. `undo` holds both people's rows as they were (so
-- it is personal data): it is dropped once the merge can no longer be undone, when the
-- person kept is deleted, erased or merged away, or the merge is undone. `state_after` is a
-- SHA-256 over everything the person kept had right after the merge: undo is allowed while
-- it still matches, so no later change is lost.
CREATE TABLE merges (
    id           TEXT PRIMARY KEY,
    kept_id      TEXT NOT NULL,
    merged_id    TEXT NOT NULL,
    merged_at    TEXT NOT NULL,
    merged_by    TEXT NOT NULL REFERENCES users (id),
    automatic    INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1)),
    fields       TEXT NOT NULL DEFAULT '[]',  -- JSON: names of fields taken from the other
    state_after  BLOB,
    undo         TEXT,
    undone_at    TEXT,
    undone_by    TEXT REFERENCES users (id)
);
CREATE INDEX merges_by_kept ON merges (kept_id);
CREATE INDEX merges_by_merged ON merges (merged_id);
CREATE INDEX merges_by_time ON merges (merged_at);

-- Whatever removes a person (delete, erasure, an import's undo, a merge) takes them out of
-- the queue and makes merges into them final, so no path can leave a pair naming nobody or
-- undo data outliving the person it was kept for.
CREATE TRIGGER duplicates_forget_removed_person AFTER DELETE ON people
BEGIN
    DELETE FROM duplicate_pairs WHERE person_a = OLD.id OR person_b = OLD.id;
    UPDATE merges SET undo = NULL, state_after = NULL
     WHERE kept_id = OLD.id AND undo IS NOT NULL;
END;
