-- Schema v10: an erased person stays erased. Each erasure leaves a suppression entry: keyed
-- hashes (HMAC-SHA256 under a key derived from the audit key) of every e-mail address and
-- phone number the person had, never the values, so that the importer and the new-person
-- form recognise them if they come back (src/suppression). An entry is lifted, not deleted,
-- when the person is registered again on purpose: it stays as the proof of the erasure.
-- Erasures made before this schema left no entry: their addresses were gone already.
CREATE TABLE suppressions (
    -- The erased person's id (random; it names nobody any more), as in erasures.
    person_id      TEXT PRIMARY KEY,
    erased_at      TEXT NOT NULL,
    -- The number (R-0004) of the request the erasure answered, if any.
    request        TEXT,
    -- Set when the person was registered again on purpose: when, by whom, why, as whom.
    lifted_at      TEXT,
    lifted_by      TEXT,
    lifted_reason  TEXT,
    registered_as  TEXT,
    CHECK ((lifted_at IS NULL) = (lifted_by IS NULL)),
    CHECK ((lifted_at IS NULL) = (lifted_reason IS NULL))
);
-- People registered again after an erasure (the subject-access bundle names the entry).
CREATE INDEX suppressions_by_registered_as ON suppressions (registered_as)
    WHERE registered_as IS NOT NULL;

CREATE TABLE suppression_hashes (
    -- Lower-case hex of HMAC-SHA256(key, tag || 0x00 || canonical form).
    hash       TEXT NOT NULL CHECK (length(hash) = 64),
    person_id  TEXT NOT NULL REFERENCES suppressions (person_id) ON DELETE CASCADE,
    PRIMARY KEY (hash, person_id)
) WITHOUT ROWID;
