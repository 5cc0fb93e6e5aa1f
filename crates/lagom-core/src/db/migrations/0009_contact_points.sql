-- Schema v9: a person's e-mail addresses and phone numbers, any number of each, each with a
-- kind and one of each channel marked primary. people.email and people.phone stay, holding
-- the primary values (lists, marketing and look-ups by address read them there); the core
-- writes both in the same transaction (people/contacts.rs), never one without the other.
CREATE TABLE contact_points (
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
    -- An e-mail address in lower case; a phone number in E.164 (+4791234567), or as written
    -- when its country could not be told.
    value       TEXT NOT NULL CHECK (value <> ''),
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('work', 'private', 'mobile', 'other')),
    -- One per person and channel, the one their row holds (kept so by people/contacts/sql.rs,
    -- which clears the old before it sets the new; a unique index would cost every insert of
    -- an import another tree to write).
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    -- The order the person's addresses were recorded in: the next primary when one goes.
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    -- Keyed by person: the table itself is the index a person's card, search terms and
    -- duplicate keys read, and the erasure's cascade deletes by.
    PRIMARY KEY (person_id, channel, value)
) WITHOUT ROWID;
-- Who has this further address or number (look-ups by address, duplicates); a primary one
-- is found on the person's row (people_by_email), so an import of people with one address
-- each writes nothing here.
CREATE INDEX contact_points_by_value ON contact_points (channel, value) WHERE is_primary = 0;

-- Today's single values become each person's primary ones, with the kind unknown. Ids are
-- random UUIDs (version 4), as SQL can make them.
INSERT INTO contact_points (id, person_id, channel, value, kind, is_primary, position, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
       || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       id, 'email', email, 'other', 1, 0, created_at
FROM people WHERE email IS NOT NULL AND email <> '';
INSERT INTO contact_points (id, person_id, channel, value, kind, is_primary, position, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
       || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       id, 'phone', phone, 'other', 1, 0, created_at
FROM people WHERE phone IS NOT NULL AND phone <> '';

-- A consent may name the address it was given for (one of the person's); marketing writes
-- to it instead of the primary one. Empty for every consent recorded before.
ALTER TABLE consent_events ADD COLUMN email TEXT;
