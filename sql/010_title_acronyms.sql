-- Version 10: the words a record's title writes as acronyms ("IoT", "MOOCs", "B2B"), folded and
-- space-joined, where the title's letter case says so (not in a title written all in capitals).
-- Two near-identical titles naming different acronyms ("... in MOOCs" / "... in SPOCs") are two
-- works. Records normalised before have none until the engine's next version re-normalises them.
ALTER TABLE dedupe_norm ADD COLUMN IF NOT EXISTS acronyms VARCHAR DEFAULT '';
