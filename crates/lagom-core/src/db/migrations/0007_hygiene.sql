-- Housekeeping on a schedule: retention rules, the steps they announce, the runs and what
-- each job found.

-- What happens to people of a status held for a purpose after so many months without
-- activity. A person is acted on only when every purpose they are held for has a rule
-- that is due, and then with the mildest of those steps (see hygiene::retention).
CREATE TABLE retention_rules (
    purpose_id    TEXT NOT NULL REFERENCES purposes (id) ON DELETE CASCADE,
    status        TEXT NOT NULL
                  CHECK (status IN ('prospect', 'customer', 'former_customer', 'partner', 'other')),
    action        TEXT NOT NULL CHECK (action IN ('review', 'archive', 'anonymise', 'erase')),
    after_months  INTEGER NOT NULL CHECK (after_months BETWEEN 1 AND 600),
    PRIMARY KEY (purpose_id, status, action)
) WITHOUT ROWID;

-- Steps a rule has made due, waiting for their day: a review shown to the owner, or an
-- archive, anonymisation or erasure announced a grace period ahead.
CREATE TABLE hygiene_steps (
    person_id     TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    action        TEXT NOT NULL CHECK (action IN ('review', 'archive', 'anonymise', 'erase')),
    due_on        TEXT NOT NULL,     -- the day the rule makes it due (YYYY-MM-DD)
    announced_on  TEXT NOT NULL,     -- the day it was first listed
    runs_on       TEXT NOT NULL,     -- due_on, or later so that the full grace period is given
    activity_at   TEXT NOT NULL,     -- the last activity the step was planned from
    announced     INTEGER GENERATED ALWAYS AS (action <> 'review') VIRTUAL
) WITHOUT ROWID;
-- The start screen's two lists, soonest first, and their counts, without a sort.
CREATE INDEX hygiene_steps_by_day ON hygiene_steps (announced, runs_on, person_id);

-- One row per housekeeping run: when, why, and its report (counts and ids, never values).
CREATE TABLE hygiene_runs (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    trigger      TEXT NOT NULL CHECK (trigger IN ('unlock', 'timer', 'manual', 'command')),
    report       TEXT NOT NULL DEFAULT '{}'
);

-- When each job last ran, and what it found in figures.
CREATE TABLE hygiene_jobs (
    job          TEXT PRIMARY KEY,
    last_run_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

-- What the review jobs found, each replaced whole when its job runs again. A finding about
-- a person goes with them.
CREATE TABLE hygiene_findings (
    pk           INTEGER PRIMARY KEY,
    job          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    person_id    TEXT REFERENCES people (id) ON DELETE CASCADE,
    detail       TEXT NOT NULL DEFAULT '{}',
    found_at     TEXT NOT NULL
);
CREATE INDEX hygiene_findings_by_kind ON hygiene_findings (kind, pk);
CREATE INDEX hygiene_findings_by_person ON hygiene_findings (person_id);

-- What an anonymisation keeps: figures for statistics that identify no one.
CREATE TABLE anonymised_people (
    pseudonym       TEXT PRIMARY KEY,
    status          TEXT NOT NULL,
    country         TEXT,
    created_month   TEXT NOT NULL,   -- YYYY-MM
    anonymised_on   TEXT NOT NULL,
    purposes        TEXT NOT NULL DEFAULT '[]',  -- purpose ids
    deals_won       INTEGER NOT NULL DEFAULT 0,
    invoices        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The newest event of a kind (the last backup, the last run) without reading the trail.
CREATE INDEX audit_events_by_kind ON audit_events (kind, seq);

-- The suggested rules, offered at first run and restorable from the settings. The built-in
-- purposes: Sales and service (…101), Customer relationship (…102), E-marketing (…103) and
-- Bookkeeping (…104), whose rules only let the others decide: invoices keep their own clock
-- under the bookkeeping law, and an erasure keeps them under a pseudonym.
INSERT INTO retention_rules (purpose_id, status, action, after_months) VALUES
    ('00000000-0000-7000-8000-000000000101', 'prospect', 'archive', 12),
    ('00000000-0000-7000-8000-000000000101', 'prospect', 'erase', 24),
    ('00000000-0000-7000-8000-000000000101', 'customer', 'review', 36),
    ('00000000-0000-7000-8000-000000000101', 'former_customer', 'archive', 12),
    ('00000000-0000-7000-8000-000000000101', 'former_customer', 'erase', 36),
    ('00000000-0000-7000-8000-000000000101', 'partner', 'review', 24),
    ('00000000-0000-7000-8000-000000000101', 'other', 'review', 12),
    ('00000000-0000-7000-8000-000000000102', 'prospect', 'erase', 12),
    ('00000000-0000-7000-8000-000000000102', 'customer', 'review', 36),
    ('00000000-0000-7000-8000-000000000102', 'former_customer', 'erase', 36),
    ('00000000-0000-7000-8000-000000000102', 'partner', 'review', 24),
    ('00000000-0000-7000-8000-000000000102', 'other', 'review', 12),
    ('00000000-0000-7000-8000-000000000103', 'prospect', 'erase', 24),
    ('00000000-0000-7000-8000-000000000103', 'customer', 'review', 24),
    ('00000000-0000-7000-8000-000000000103', 'former_customer', 'erase', 24),
    ('00000000-0000-7000-8000-000000000103', 'partner', 'review', 24),
    ('00000000-0000-7000-8000-000000000103', 'other', 'erase', 24),
    ('00000000-0000-7000-8000-000000000104', 'prospect', 'erase', 12),
    ('00000000-0000-7000-8000-000000000104', 'customer', 'erase', 36),
    ('00000000-0000-7000-8000-000000000104', 'former_customer', 'erase', 12),
    ('00000000-0000-7000-8000-000000000104', 'partner', 'erase', 24),
    ('00000000-0000-7000-8000-000000000104', 'other', 'erase', 12);
