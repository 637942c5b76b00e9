-- Staged records identical to what is stored: only seen again. $1 = now, $2 = run id.
UPDATE records SET last_seen = $1, last_run_id = $2,
    datestamp = greatest(records.datestamp, s.datestamp)
FROM staging s
WHERE records.source = s.source AND records.native_id = s.native_id
  AND records.deleted = s.deleted AND (s.deleted OR records.content_hash = s.content_hash);
