-- Schema v1. Forward-only: never edit a migration that has shipped; add the next one.
-- Ids are UUIDv7 text. Tables that the full-text index points into keep an integer `pk`
-- so the index's rowids survive VACUUM.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'sales', 'finance', 'staff')),
    created_at    TEXT NOT NULL
);

CREATE TABLE legal_bases (
    code     TEXT PRIMARY KEY CHECK (code IN ('a', 'b', 'c', 'd', 'e', 'f')),
    name     TEXT NOT NULL,
    article  TEXT NOT NULL
);

INSERT INTO legal_bases (code, name, article) VALUES
    ('a', 'Consent', 'GDPR Art. 6(1)(a)'),
    ('b', 'Contract', 'GDPR Art. 6(1)(b)'),
    ('c', 'Legal obligation', 'GDPR Art. 6(1)(c)'),
    ('d', 'Vital interests', 'GDPR Art. 6(1)(d)'),
    ('e', 'Public task', 'GDPR Art. 6(1)(e)'),
    ('f', 'Legitimate interests', 'GDPR Art. 6(1)(f)');

CREATE TABLE purposes (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description          TEXT NOT NULL DEFAULT '',
    default_legal_basis  TEXT NOT NULL REFERENCES legal_bases (code),
    archived             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL
);

-- Seeded rows have fixed ids so that two vaults agree on them.
INSERT INTO purposes (id, name, description, default_legal_basis, created_at) VALUES
    ('00000000-0000-7000-8000-000000000101', 'Sales and service',
     'Quotes, orders, delivery and support for customers and their contact people.', 'b', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000102', 'Customer relationship',
     'Keeping in touch with existing customers about what they already buy.', 'f', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000103', 'E-marketing',
     'Newsletters and offers by e-mail or text message.', 'a', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000104', 'Bookkeeping',
     'Invoices and accounting records the bookkeeping law requires.', 'c', '1970-01-01T00:00:00Z');

CREATE TABLE sources (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

INSERT INTO sources (id, name, created_at) VALUES
    ('00000000-0000-7000-8000-000000000201', 'manual', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000202', 'web form', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000203', 'e-mail', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000204', 'phone', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000205', 'business card', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000206', 'import', '1970-01-01T00:00:00Z');

CREATE TABLE categories (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  TEXT NOT NULL
);

CREATE TABLE tags (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  TEXT NOT NULL
);

CREATE TABLE organisations (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    org_number   TEXT,
    email        TEXT,
    phone        TEXT,
    website      TEXT,
    address      TEXT,
    postcode     TEXT,
    city         TEXT,
    country      TEXT,
    category_id  TEXT REFERENCES categories (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX organisations_by_name ON organisations (name COLLATE NOCASE);

CREATE TABLE people (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    first_name       TEXT NOT NULL DEFAULT '',
    last_name        TEXT NOT NULL DEFAULT '',
    email            TEXT,
    phone            TEXT,
    title            TEXT,
    organisation_id  TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'prospect'
                     CHECK (status IN ('prospect', 'customer', 'former_customer', 'partner', 'other')),
    owner_id         TEXT REFERENCES users (id),
    category_id      TEXT REFERENCES categories (id) ON DELETE SET NULL,
    address          TEXT,
    postcode         TEXT,
    city             TEXT,
    country          TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX people_by_organisation ON people (organisation_id);
CREATE INDEX people_by_name ON people (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE person_tags (
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag_id     TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE organisation_tags (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    tag_id           TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, tag_id)
) WITHOUT ROWID;

-- Deals and leads: a lead is a deal in the 'lead' stage. Every deal has an owner, which is
-- what "sales see only their own leads" will be checked against.
CREATE TABLE deals (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    person_id        TEXT REFERENCES people (id) ON DELETE SET NULL,
    organisation_id  TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    owner_id         TEXT NOT NULL REFERENCES users (id),
    stage            TEXT NOT NULL DEFAULT 'lead'
                     CHECK (stage IN ('lead', 'qualified', 'proposal', 'won', 'lost')),
    value_minor      INTEGER,
    currency         TEXT,
    expected_close   TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX deals_by_person ON deals (person_id);
CREATE INDEX deals_by_owner ON deals (owner_id);

CREATE TABLE invoices (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    person_id        TEXT REFERENCES people (id) ON DELETE SET NULL,
    organisation_id  TEXT REFERENCES organisations (id) ON DELETE SET NULL,
    deal_id          TEXT REFERENCES deals (id) ON DELETE SET NULL,
    issued_on        TEXT NOT NULL,
    due_on           TEXT,
    amount_minor     INTEGER NOT NULL,
    currency         TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('draft', 'sent', 'paid', 'void')),
    created_at       TEXT NOT NULL
);
CREATE INDEX invoices_by_person ON invoices (person_id);

CREATE TABLE notes (
    id               TEXT PRIMARY KEY,
    person_id        TEXT REFERENCES people (id) ON DELETE CASCADE,
    organisation_id  TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    deal_id          TEXT REFERENCES deals (id) ON DELETE CASCADE,
    body             TEXT NOT NULL,
    private          INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    author_id        TEXT NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (person_id IS NOT NULL OR organisation_id IS NOT NULL OR deal_id IS NOT NULL)
);
CREATE INDEX notes_by_person ON notes (person_id);

-- Why and on what basis we hold a person's data: one row written with every new person.
CREATE TABLE processing_records (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose_id   TEXT NOT NULL REFERENCES purposes (id),
    legal_basis  TEXT NOT NULL REFERENCES legal_bases (code),
    source_id    TEXT NOT NULL REFERENCES sources (id),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX processing_records_by_person ON processing_records (person_id);

-- Deleted ids, without any personal data, so that a deleted person cannot come back from
-- an old copy once copies are synchronised.
CREATE TABLE tombstones (
    entity      TEXT NOT NULL,
    id          TEXT NOT NULL,
    deleted_at  TEXT NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;

-- The search index stores no text of its own (contentless), only the folded terms'
-- postings.
CREATE VIRTUAL TABLE person_search USING fts5 (
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
-- Deleting a row removes its postings at once instead of leaving them in old segments until
-- a merge. (The bare terms can stay in the index's dictionary until it is optimised: erasure
-- has to deal with that.)
INSERT INTO person_search (person_search, rank) VALUES ('secure-delete', 1);

-- The audit trail: append-only, each event's `hash` an HMAC over the previous hash and the
-- event, under a key only an unlocked vault has. No personal data: subjects are ids.
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    actor_id      TEXT,
    kind          TEXT NOT NULL,
    subject_kind  TEXT,
    subject_id    TEXT,
    detail        TEXT NOT NULL DEFAULT '{}',
    prev_hash     BLOB NOT NULL,
    hash          BLOB NOT NULL
);
CREATE INDEX audit_events_by_subject ON audit_events (subject_id);

CREATE TRIGGER audit_events_are_append_only_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE (ABORT, 'audit events cannot be changed');
END;

CREATE TRIGGER audit_events_are_append_only_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE (ABORT, 'audit events cannot be deleted');
END;

-- The chain's head, authenticated, so that removing the newest events is noticed too.
CREATE TABLE audit_head (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    seq   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    mac   BLOB NOT NULL
);

-- The audit chain's key, wrapped under keys derived from the vault key. One row per vault
-- key: a rotation adds the new wrap before the database is re-keyed and drops the old one
-- afterwards, so a crash at any point leaves a wrap for whichever key is in force.
CREATE TABLE audit_key_wraps (
    vault_key_id  BLOB PRIMARY KEY,
    nonce         BLOB NOT NULL,
    wrapped       BLOB NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
