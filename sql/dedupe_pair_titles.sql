-- The titles of every candidate pair, and whether they share a DOI: enough to set aside pairs
-- whose titles are unlike before the full comparison.
SELECT p.a, p.b, coalesce(x.title, ''), coalesce(y.title, ''), coalesce(x.doi = y.doi, false)
FROM dedupe_candidates p
JOIN dedupe_norm x ON x.record_id = p.a
JOIN dedupe_norm y ON y.record_id = p.b;
