-- Schema v3: indexes for filtering and sorting the people list, and for counting the
-- filters' choices, so that they stay fast with a hundred thousand people.

CREATE INDEX people_by_status ON people (status);
CREATE INDEX people_by_owner ON people (owner_id);
CREATE INDEX people_by_category ON people (category_id);
CREATE INDEX people_by_created ON people (created_at);
CREATE INDEX people_by_updated ON people (updated_at);
-- The primary key starts with the person; filtering by tag starts with the tag.
CREATE INDEX person_tags_by_tag ON person_tags (tag_id, person_id);
CREATE INDEX processing_records_by_source ON processing_records (source_id, person_id);
CREATE INDEX organisations_by_category ON organisations (category_id);
