-- Both sides' normalised fields for the pairs being scored.
SELECT p.a, p.b,
       x.doi, y.doi, x.title, y.title, x.title_numbers, y.title_numbers, x.authors, y.authors,
       x.first_author, y.first_author, x.year, y.year, x.start_page, y.start_page,
       x.end_page, y.end_page, x.volume, y.volume, x.journal, y.journal, x.kind, y.kind,
       x.eloc, y.eloc
FROM dedupe_compare p
JOIN dedupe_norm x ON x.record_id = p.a
JOIN dedupe_norm y ON y.record_id = p.b
ORDER BY p.a, p.b;
