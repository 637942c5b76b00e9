-- One row per live source record with its cluster (for `thresher export clusters`).
SELECT r.source, r.native_id, m.cluster_id, r.record_id,
       (c.representative = r.record_id) AS representative, c.size AS cluster_size,
       r.title, r.year, r.doi, r.authors[1] AS first_author, r.container
FROM records r
JOIN cluster_members m USING (record_id)
JOIN clusters c USING (cluster_id)
WHERE NOT r.deleted
ORDER BY m.cluster_id, r.source, r.native_id;
