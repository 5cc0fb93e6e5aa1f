-- A person's life in the register: when they were last used, archived, moved to the recycle
-- bin, and the business's own customer number for them.

-- The business's customer number ("Kundenr.", "Kundnummer", "Customer ID"): found by
-- search, and a strong sign that two records are one person.
ALTER TABLE people ADD COLUMN customer_number TEXT;
CREATE INDEX people_by_customer_number ON people (customer_number)
    WHERE customer_number IS NOT NULL;

-- The last time the person was used: an edit, a note, a deal, an invoice, a consent event,
-- a request or a new processing record. Retention counts from here. The triggers below keep
-- it, so that no path that touches a person can forget to; each takes the time the change
-- itself records (which comes from the core's clock), never SQLite's own clock.
ALTER TABLE people ADD COLUMN last_activity_at TEXT;
-- Archived: kept, but out of lists, default searches and marketing, until brought back.
ALTER TABLE people ADD COLUMN archived_at TEXT;
-- In the recycle bin since: hidden everywhere until restored, purged by erasure when due.
ALTER TABLE people ADD COLUMN binned_at TEXT;
CREATE INDEX people_by_activity ON people (last_activity_at);
CREATE INDEX people_in_bin ON people (binned_at) WHERE binned_at IS NOT NULL;
CREATE INDEX people_archived ON people (archived_at) WHERE archived_at IS NOT NULL;
-- The people list shows the people in use by default: its order and its count come from here
-- without reading the archived or the binned.
CREATE INDEX people_in_use ON people (last_name COLLATE NOCASE, first_name COLLATE NOCASE)
    WHERE archived_at IS NULL AND binned_at IS NULL;

UPDATE people SET last_activity_at = max(
    updated_at,
    coalesce((SELECT max(n.created_at) FROM notes n WHERE n.person_id = people.id), ''),
    coalesce((SELECT max(d.updated_at) FROM deals d WHERE d.person_id = people.id), ''),
    coalesce((SELECT max(i.created_at) FROM invoices i WHERE i.person_id = people.id), ''),
    coalesce((SELECT max(c.recorded_at) FROM consent_events c WHERE c.person_id = people.id), ''),
    coalesce((SELECT max(q.created_at) FROM requests q
              JOIN request_people rp ON rp.request_id = q.id
              WHERE rp.person_id = people.id), ''),
    coalesce((SELECT max(r.recorded_at) FROM processing_records r
              WHERE r.person_id = people.id), '')
);

CREATE TRIGGER activity_on_edit AFTER UPDATE OF updated_at ON people
    WHEN NEW.updated_at > coalesce(OLD.last_activity_at, '')
BEGIN
    UPDATE people SET last_activity_at = NEW.updated_at WHERE pk = NEW.pk;
END;

CREATE TRIGGER activity_on_new_person AFTER INSERT ON people
    WHEN NEW.last_activity_at IS NULL
BEGIN
    UPDATE people SET last_activity_at = NEW.created_at WHERE pk = NEW.pk;
END;

CREATE TRIGGER activity_on_note AFTER INSERT ON notes WHEN NEW.person_id IS NOT NULL
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.created_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_new_deal AFTER INSERT ON deals WHEN NEW.person_id IS NOT NULL
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.updated_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_deal AFTER UPDATE OF updated_at ON deals
    WHEN NEW.person_id IS NOT NULL
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.updated_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_invoice AFTER INSERT ON invoices WHEN NEW.person_id IS NOT NULL
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.created_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_consent AFTER INSERT ON consent_events
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.recorded_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_processing AFTER INSERT ON processing_records
BEGIN
    UPDATE people SET last_activity_at = max(coalesce(last_activity_at, ''), NEW.recorded_at)
     WHERE id = NEW.person_id;
END;

CREATE TRIGGER activity_on_request AFTER INSERT ON request_people
BEGIN
    UPDATE people SET last_activity_at = max(
        coalesce(last_activity_at, ''),
        coalesce((SELECT created_at FROM requests WHERE id = NEW.request_id), ''))
     WHERE id = NEW.person_id;
END;
