-- One row per live source record with its cluster (a study) and its role there: the
-- publication, a duplicate of it, a notice about it, a companion report (for `thresher export
-- clusters`).
SELECT r.source, r.native_id, m.cluster_id, m.role, r.record_id,
       (c.representative = r.record_id) AS representative, c.size AS cluster_size,
       r.title, r.year, r.doi, r.authors[1] AS first_author, r.container
FROM records r
JOIN cluster_members m USING (record_id)
JOIN clusters c USING (cluster_id)
WHERE NOT r.deleted
ORDER BY m.cluster_id, (c.representative = r.record_id) DESC, m.role, r.source, r.native_id;
