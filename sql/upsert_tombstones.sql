-- Deleted staged records for stored live ones become tombstones: flagged, dated, everything
-- known about them kept. $1 = now, $2 = run id.
INSERT INTO records BY NAME (
    SELECT s.*, $1::TIMESTAMP AS first_seen, $1::TIMESTAMP AS last_seen,
           $1::TIMESTAMP AS updated_at, $2::BIGINT AS last_run_id
    FROM staging s JOIN records r USING (source, native_id)
    WHERE s.deleted AND NOT r.deleted
)
ON CONFLICT (source, native_id) DO UPDATE SET
    deleted = TRUE, datestamp = excluded.datestamp, content_hash = excluded.content_hash,
    last_seen = excluded.last_seen,
    updated_at = CASE WHEN records.deleted THEN records.updated_at ELSE excluded.updated_at END,
    last_run_id = excluded.last_run_id
WHERE records.datestamp IS NULL OR excluded.datestamp IS NULL
   OR excluded.datestamp >= records.datestamp;
