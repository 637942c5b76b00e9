-- The titles of every candidate pair, and whether something other than the title could still
-- join them (the same DOI; the same first page in the same volume or year): enough to set aside
-- pairs whose titles are unlike, and nothing else agrees, before the full comparison.
SELECT p.a, p.b, coalesce(x.title, ''), coalesce(y.title, ''),
       coalesce(x.doi = y.doi, false)
       OR coalesce(x.start_page = y.start_page AND (x.volume = y.volume OR x.year = y.year), false)
FROM dedupe_candidates p
JOIN dedupe_norm x ON x.record_id = p.a
JOIN dedupe_norm y ON y.record_id = p.b;
