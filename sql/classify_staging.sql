-- What the staged records will do to the store: counted before they are written.
-- A record older (by datestamp) than the stored one is stale and ignored.
WITH joined AS (
    SELECT s.deleted AS incoming_deleted, s.content_hash AS incoming_hash,
           r.record_id IS NULL AS is_new, r.deleted AS stored_deleted,
           r.content_hash AS stored_hash,
           coalesce(r.datestamp > s.datestamp, FALSE) AS is_stale
    FROM staging s LEFT JOIN records r USING (source, native_id)
)
SELECT
    count(*) FILTER (WHERE is_new AND NOT incoming_deleted) AS new,
    count(*) FILTER (WHERE NOT is_new AND NOT is_stale AND NOT incoming_deleted
                     AND (stored_deleted OR stored_hash <> incoming_hash)) AS updated,
    count(*) FILTER (WHERE incoming_deleted AND NOT is_stale
                     AND (is_new OR NOT stored_deleted)) AS deleted,
    count(*) FILTER (WHERE NOT is_new AND NOT is_stale AND stored_deleted = incoming_deleted
                     AND (incoming_deleted OR stored_hash = incoming_hash)) AS unchanged,
    count(*) FILTER (WHERE is_stale) AS stale,
    count(*) FILTER (WHERE is_new) AS to_insert,
    count(*) FILTER (WHERE NOT is_new AND incoming_deleted AND NOT stored_deleted) AS to_tombstone
FROM joined;
