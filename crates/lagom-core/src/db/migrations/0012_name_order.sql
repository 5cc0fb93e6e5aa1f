-- Names in the reader's alphabetical order (see db/collation.rs): a sort key per order for
-- every person (last name, then first name) and organisation, plain BLOBs that any SQLite
-- reader compares and indexes without our code. The keys are filled after this migration by
-- the core (`collation::refresh`), which also makes them again when the collation changes;
-- `name_order` holds the fingerprint of the collation that made them.
ALTER TABLE people ADD COLUMN sort_en BLOB;
ALTER TABLE people ADD COLUMN sort_nb BLOB;
ALTER TABLE people ADD COLUMN sort_sv BLOB;
ALTER TABLE organisations ADD COLUMN sort_en BLOB;
ALTER TABLE organisations ADD COLUMN sort_nb BLOB;
ALTER TABLE organisations ADD COLUMN sort_sv BLOB;

CREATE TABLE name_order (fingerprint BLOB NOT NULL);

-- The people list's first page in name order comes from these without sorting; the key
-- ends with the rowid (pk), the list's tie-break.
CREATE INDEX people_by_sort_en ON people (sort_en);
CREATE INDEX people_by_sort_nb ON people (sort_nb);
CREATE INDEX people_by_sort_sv ON people (sort_sv);
CREATE INDEX organisations_by_sort_en ON organisations (sort_en);
CREATE INDEX organisations_by_sort_nb ON organisations (sort_nb);
CREATE INDEX organisations_by_sort_sv ON organisations (sort_sv);

-- Every write of a name makes its keys, whichever path wrote it. A writer without the
-- function (another tool) fails here rather than leave a key that disagrees with the name.
CREATE TRIGGER sort_keys_on_new_person AFTER INSERT ON people
BEGIN
    UPDATE people SET
        sort_en = lagom_sort_key('en', NEW.last_name, NEW.first_name),
        sort_nb = lagom_sort_key('nb', NEW.last_name, NEW.first_name),
        sort_sv = lagom_sort_key('sv', NEW.last_name, NEW.first_name)
    WHERE pk = NEW.pk;
END;
CREATE TRIGGER sort_keys_on_renamed_person AFTER UPDATE OF first_name, last_name ON people
BEGIN
    UPDATE people SET
        sort_en = lagom_sort_key('en', NEW.last_name, NEW.first_name),
        sort_nb = lagom_sort_key('nb', NEW.last_name, NEW.first_name),
        sort_sv = lagom_sort_key('sv', NEW.last_name, NEW.first_name)
    WHERE pk = NEW.pk;
END;
CREATE TRIGGER sort_keys_on_new_organisation AFTER INSERT ON organisations
BEGIN
    UPDATE organisations SET
        sort_en = lagom_sort_key('en', NEW.name),
        sort_nb = lagom_sort_key('nb', NEW.name),
        sort_sv = lagom_sort_key('sv', NEW.name)
    WHERE pk = NEW.pk;
END;
CREATE TRIGGER sort_keys_on_renamed_organisation AFTER UPDATE OF name ON organisations
BEGIN
    UPDATE organisations SET
        sort_en = lagom_sort_key('en', NEW.name),
        sort_nb = lagom_sort_key('nb', NEW.name),
        sort_sv = lagom_sort_key('sv', NEW.name)
    WHERE pk = NEW.pk;
END;
