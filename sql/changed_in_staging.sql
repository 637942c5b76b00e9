-- Native ids of staged records that will replace a different stored version (for reports).
SELECT s.native_id
FROM staging s JOIN records r USING (source, native_id)
WHERE NOT coalesce(r.datestamp > s.datestamp, FALSE)
  AND (r.deleted <> s.deleted OR r.content_hash <> s.content_hash)
ORDER BY s.native_id
LIMIT 1000;
