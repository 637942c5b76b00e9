-- Version 8: whether a record's title was cut short ("..." or "…" at its end, as Google Scholar
-- gives long titles): compared as the start of the other's title, its numbers as the first of
-- the other's. Records normalised before have it false until the engine's next version
-- re-normalises them.
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS title_cut BOOLEAN DEFAULT false;
