-- Version 9: whether a record's title is marked retracted or withdrawn ("RETRACTED: ...",
-- "RETRACTED ARTICLE: ...", "Notice of Retraction: ...", "WITHDRAWN: ..."), its title kept
-- without the mark. The article itself marked is a copy of it (and flags its study retracted);
-- a marked record under a DOI of its own is a notice about it. Records normalised before have
-- it false until the engine's next version re-normalises them.
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS marked_retracted BOOLEAN DEFAULT false;
