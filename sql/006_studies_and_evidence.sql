-- Version 6: a cluster is a study. Each member has a role (the publication that represents it,
-- a duplicate of it, a notice about it, a companion report of the same work); each decided pair
-- keeps the evidence in bits and, for a link between reports, which record is the report.
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS subject VARCHAR;  -- a notice's title without "Erratum:"
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS given VARCHAR;    -- the authors' given names
ALTER TABLE dedupe_pairs ADD COLUMN IF NOT EXISTS weight DOUBLE;
ALTER TABLE dedupe_pairs ADD COLUMN IF NOT EXISTS report BIGINT;
ALTER TABLE cluster_members ADD COLUMN IF NOT EXISTS role VARCHAR DEFAULT 'duplicate';
