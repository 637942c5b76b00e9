-- Version 5: the dedupe engine's version is kept with the store. When an upgrade of Thresher
-- changes how records are normalised or pairs decided, the next run re-normalises and re-decides
-- everything once (cluster ids stay stable; people's review decisions are kept).
CREATE TABLE IF NOT EXISTS dedupe_meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- The page is an electronic article number ("e12724", "a1754"), not a printed page.
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS eloc BOOLEAN DEFAULT false;
