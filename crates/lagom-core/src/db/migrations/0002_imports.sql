-- Schema v2: imports as batches that can be undone.

-- One row per committed import. Counts and choices only; the files' contents live in the
-- people they became.
CREATE TABLE import_batches (
    id               TEXT PRIMARY KEY,
    files            TEXT NOT NULL,             -- JSON array of file names
    purpose_id       TEXT NOT NULL REFERENCES purposes (id),
    legal_basis      TEXT NOT NULL REFERENCES legal_bases (code),
    sensitive_basis  TEXT,                      -- why chosen sensitive columns were imported
    counts           TEXT NOT NULL,             -- JSON: rows, created, updated, merged, ...
    audit_seq        INTEGER NOT NULL,          -- the audit event that recorded the commit
    committed_at     TEXT NOT NULL,
    committed_by     TEXT NOT NULL REFERENCES users (id),
    undone_at        TEXT,
    undone_by        TEXT REFERENCES users (id)
);

-- What a batch did, so that it can be undone: rows it created (removed on undo) and the
-- previous values of rows it changed (put back on undo). `entity` is 'person',
-- 'organisation', 'tag', 'source', 'person_tag' ("person id/tag id"), 'processing' or 'note'.
-- People created by the batch take their tags, notes and processing records with them, so
-- those are not listed separately.
CREATE TABLE import_changes (
    batch_id   TEXT NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    previous   TEXT,                            -- JSON of the row before, for 'updated'
    PRIMARY KEY (batch_id, entity, entity_id)
) WITHOUT ROWID;
-- No index by person: a million-row import would pay for it on every row, and the checks
-- before an undo start from the few events and batches after it instead.
