-- The titles of every candidate pair, and whether something other than the title could still
-- join them (the same DOI; the same first author, year, volume and first page, as a record with a
-- garbled title still has): enough to set aside pairs whose titles are unlike, and nothing else
-- agrees, before the full comparison.
SELECT p.a, p.b, coalesce(x.title, ''), coalesce(y.title, ''),
       coalesce(x.doi = y.doi, false)
       OR coalesce(x.start_page = y.start_page AND x.first_author = y.first_author AND x.year = y.year
                   AND (x.volume = y.volume OR x.volume IS NULL OR y.volume IS NULL), false)
FROM dedupe_candidates p
JOIN dedupe_norm x ON x.record_id = p.a
JOIN dedupe_norm y ON y.record_id = p.b;
