-- Schema v4: GDPR at work. Consent with its evidence, subscriptions, restriction and
-- objection, the register of data subject requests, erasure with pseudonymised invoices.

-- How long a purpose keeps data, for the privacy notice and the subject-access bundle.
-- NULL: as long as the customer relationship lasts.
ALTER TABLE purposes ADD COLUMN retention_months INTEGER CHECK (retention_months > 0);
UPDATE purposes SET retention_months = 36 WHERE id = '00000000-0000-7000-8000-000000000102';
UPDATE purposes SET retention_months = 24 WHERE id = '00000000-0000-7000-8000-000000000103';

-- Art. 18 restriction and Art. 21 objection: while set, the person is left out of lists,
-- exports and processing. The reason is what the person or the request said.
ALTER TABLE people ADD COLUMN restricted_at TEXT;
ALTER TABLE people ADD COLUMN restriction_reason TEXT;
ALTER TABLE people ADD COLUMN objected_at TEXT;
ALTER TABLE people ADD COLUMN objection_reason TEXT;
-- The language the person is written to in (en, nb, sv, da); NULL: the vault's language.
ALTER TABLE people ADD COLUMN language TEXT CHECK (language IN ('en', 'nb', 'sv', 'da'));

-- The words a person agreed to, kept word for word. A text is never changed: a new wording
-- is a new version.
CREATE TABLE consent_texts (
    id          TEXT PRIMARY KEY,
    purpose_id  TEXT NOT NULL REFERENCES purposes (id),
    language    TEXT NOT NULL CHECK (language IN ('en', 'nb', 'sv', 'da')),
    version     INTEGER NOT NULL CHECK (version > 0),
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,               -- hex of the body's UTF-8 bytes
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    UNIQUE (purpose_id, language, version)
);

-- The privacy notice versions a person may have been shown, kept the same way.
CREATE TABLE privacy_notices (
    id          TEXT PRIMARY KEY,
    language    TEXT NOT NULL CHECK (language IN ('en', 'nb', 'sv', 'da')),
    version     INTEGER NOT NULL CHECK (version > 0),
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    UNIQUE (language, version)
);

CREATE TRIGGER consent_texts_are_kept BEFORE UPDATE ON consent_texts
BEGIN
    SELECT RAISE (ABORT, 'a consent text cannot be changed; add a new version');
END;
CREATE TRIGGER privacy_notices_are_kept BEFORE UPDATE ON privacy_notices
BEGIN
    SELECT RAISE (ABORT, 'a privacy notice cannot be changed; add a new version');
END;

-- Kinds of e-mail a person can be on or off for, each under a purpose.
CREATE TABLE subscription_types (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    purpose_id  TEXT NOT NULL REFERENCES purposes (id),
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

INSERT INTO subscription_types (id, name, purpose_id, created_at) VALUES
    ('00000000-0000-7000-8000-000000000301', 'Newsletter',
     '00000000-0000-7000-8000-000000000103', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000302', 'Offers',
     '00000000-0000-7000-8000-000000000103', '1970-01-01T00:00:00Z'),
    ('00000000-0000-7000-8000-000000000303', 'Events',
     '00000000-0000-7000-8000-000000000103', '1970-01-01T00:00:00Z');

-- The consent ledger: one row per thing that happened, never changed except that a pending
-- row is marked confirmed or expired. A person's consent for a purpose is their newest row
-- for it; 'pending' counts for nothing until confirmed.
CREATE TABLE consent_events (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    person_id           TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose_id          TEXT NOT NULL REFERENCES purposes (id),
    state               TEXT NOT NULL CHECK (state IN ('pending', 'given', 'withdrawn')),
    method              TEXT NOT NULL
                        CHECK (method IN ('web_form', 'email', 'phone', 'in_person', 'import')),
    occurred_at         TEXT NOT NULL,       -- when the person did it
    recorded_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL REFERENCES users (id),
    consent_text_id     TEXT REFERENCES consent_texts (id),
    privacy_notice_id   TEXT REFERENCES privacy_notices (id),
    evidence            TEXT NOT NULL DEFAULT '',  -- form, message id, who took the call
    -- Double opt-in: the code's hash (never the code), when it was sent and how it ended.
    confirmation_hash   BLOB,
    confirmation_sent   TEXT,
    confirmed_at        TEXT,
    confirmed_how       TEXT CHECK (confirmed_how IN ('code', 'reply')),
    confirmed_by_event  TEXT                 -- the 'given' row the confirmation wrote
);
CREATE INDEX consent_events_by_person ON consent_events (person_id, purpose_id, pk);
CREATE INDEX consent_events_by_purpose ON consent_events (purpose_id, person_id);

-- Which subscriptions a person is on; off is the absence of a row.
CREATE TABLE person_subscriptions (
    person_id             TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    subscription_type_id  TEXT NOT NULL REFERENCES subscription_types (id),
    since                 TEXT NOT NULL,
    PRIMARY KEY (person_id, subscription_type_id)
) WITHOUT ROWID;
CREATE INDEX person_subscriptions_by_type ON person_subscriptions (subscription_type_id, person_id);

-- The register of data subject requests. Personal data stays with the person; once they are
-- erased a request keeps only the pseudonym in `request_people`.
CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    number          INTEGER NOT NULL UNIQUE,  -- shown as R-0001
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure',
                                                   'restriction', 'portability', 'objection')),
    received_on     TEXT NOT NULL,            -- a date, YYYY-MM-DD
    due_on          TEXT NOT NULL,
    extended_on     TEXT,
    extension_reason TEXT,
    identity        TEXT NOT NULL DEFAULT 'unchecked'
                    CHECK (identity IN ('unchecked', 'verified', 'failed')),
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'done', 'refused', 'withdrawn')),
    channel         TEXT NOT NULL DEFAULT '',  -- how it came in: e-mail, letter, phone …
    description     TEXT NOT NULL DEFAULT '',
    closed_on       TEXT,
    outcome         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX requests_by_status ON requests (status, due_on);

CREATE TABLE request_people (
    request_id  TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL,               -- no foreign key: the person may be erased
    pseudonym   TEXT,                        -- set when the person is erased
    PRIMARY KEY (request_id, person_id)
) WITHOUT ROWID;
CREATE INDEX request_people_by_person ON request_people (person_id);

-- Every action taken on a request, in order: identity checked, bundle exported, record
-- rectified, person erased, extended, closed.
CREATE TABLE request_actions (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor_id    TEXT NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'   -- JSON; ids and counts, no personal data
);
CREATE INDEX request_actions_by_request ON request_actions (request_id, at);

-- Invoices outlive their person for as long as the bookkeeping law says. An erased person's
-- invoices keep a pseudonym instead of a link.
ALTER TABLE invoices ADD COLUMN pseudonym TEXT;
ALTER TABLE invoices ADD COLUMN country TEXT;  -- whose bookkeeping law applies; NULL: the vault's

-- Erasures, without personal data: the person's id and the pseudonym their invoices and
-- requests carry. A copy of this list lives beside the vault, so that a backup restored
-- later can be brought up to date.
CREATE TABLE erasures (
    person_id   TEXT PRIMARY KEY,
    pseudonym   TEXT NOT NULL UNIQUE,
    erased_at   TEXT NOT NULL,
    request_id  TEXT REFERENCES requests (id)
) WITHOUT ROWID;

-- Lawful basis and consent: a double opt-in ends after five wrong codes or thirty days
-- unconfirmed. The wrong codes tried are counted on the pending row, and when it ended so.
ALTER TABLE consent_events ADD COLUMN confirmation_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent_events ADD COLUMN expired_at TEXT;

-- Erasure: notes on an erased person's deals go with them; they are found through the deals,
-- so through this index rather than by reading every note.
CREATE INDEX notes_by_deal ON notes (deal_id);
