-- Schema v11: the purposes, sources and subscription types Lagom ships with are known by a
-- key, so that each reader sees them in their own language (src/words.rs holds the names).
-- `name` keeps the English name, by which commands and imports still find them. A row the
-- owner made, or a built-in one the owner renamed, has no key: its name is shown as written.
ALTER TABLE purposes ADD COLUMN key TEXT;
ALTER TABLE sources ADD COLUMN key TEXT;
ALTER TABLE subscription_types ADD COLUMN key TEXT;

CREATE UNIQUE INDEX purposes_key ON purposes (key);
CREATE UNIQUE INDEX sources_key ON sources (key);
CREATE UNIQUE INDEX subscription_types_key ON subscription_types (key);

-- Only a seeded row still called by its seeded name gets its key: one the owner renamed is
-- the owner's text now. The name is compared exactly, so a change of case counts as a rename.
UPDATE purposes SET key = CASE id
        WHEN '00000000-0000-7000-8000-000000000101' THEN 'sales_and_service'
        WHEN '00000000-0000-7000-8000-000000000102' THEN 'customer_relationship'
        WHEN '00000000-0000-7000-8000-000000000103' THEN 'e_marketing'
        WHEN '00000000-0000-7000-8000-000000000104' THEN 'bookkeeping' END
 WHERE (id, name COLLATE BINARY) IN (VALUES
        ('00000000-0000-7000-8000-000000000101', 'Sales and service'),
        ('00000000-0000-7000-8000-000000000102', 'Customer relationship'),
        ('00000000-0000-7000-8000-000000000103', 'E-marketing'),
        ('00000000-0000-7000-8000-000000000104', 'Bookkeeping'));

UPDATE sources SET key = CASE id
        WHEN '00000000-0000-7000-8000-000000000201' THEN 'manual'
        WHEN '00000000-0000-7000-8000-000000000202' THEN 'web_form'
        WHEN '00000000-0000-7000-8000-000000000203' THEN 'email'
        WHEN '00000000-0000-7000-8000-000000000204' THEN 'phone'
        WHEN '00000000-0000-7000-8000-000000000205' THEN 'business_card'
        WHEN '00000000-0000-7000-8000-000000000206' THEN 'import' END
 WHERE (id, name COLLATE BINARY) IN (VALUES
        ('00000000-0000-7000-8000-000000000201', 'manual'),
        ('00000000-0000-7000-8000-000000000202', 'web form'),
        ('00000000-0000-7000-8000-000000000203', 'e-mail'),
        ('00000000-0000-7000-8000-000000000204', 'phone'),
        ('00000000-0000-7000-8000-000000000205', 'business card'),
        ('00000000-0000-7000-8000-000000000206', 'import'));

UPDATE subscription_types SET key = CASE id
        WHEN '00000000-0000-7000-8000-000000000301' THEN 'newsletter'
        WHEN '00000000-0000-7000-8000-000000000302' THEN 'offers'
        WHEN '00000000-0000-7000-8000-000000000303' THEN 'events' END
 WHERE (id, name COLLATE BINARY) IN (VALUES
        ('00000000-0000-7000-8000-000000000301', 'Newsletter'),
        ('00000000-0000-7000-8000-000000000302', 'Offers'),
        ('00000000-0000-7000-8000-000000000303', 'Events'));
