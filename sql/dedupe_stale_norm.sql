-- Records whose normalised fields are missing or out of date (new, changed, or deleted).
SELECT r.record_id, r.title, r.authors, r.year, r.doi, r.container, r.volume, r.issue,
       r.pages, r.type, r.content_hash
FROM records r LEFT JOIN dedupe_norm n USING (record_id)
WHERE NOT r.deleted AND (n.record_id IS NULL OR n.content_hash <> r.content_hash);
