-- Pairs the rules could not settle and nobody has judged yet (for `thresher review export`),
-- the most likely to be one publication first.
SELECT p.a, p.b, x.source, x.native_id, y.source, y.native_id, p.title_sim, p.author_sim,
       x.title, y.title, x.year, y.year, x.authors[1], y.authors[1], x.container, y.container,
       x.pages, y.pages, x.doi, y.doi, p.weight
FROM dedupe_pairs p
JOIN records x ON x.record_id = p.a
JOIN records y ON y.record_id = p.b
WHERE p.decision = 'maybe' AND NOT x.deleted AND NOT y.deleted
  AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.a = p.a AND d.b = p.b)
ORDER BY p.weight DESC NULLS LAST, p.title_sim DESC, p.a, p.b;
