-- Both sides' normalised fields for the pairs being scored ($pairs: a table of a, b), then how
-- common each side's title, DOI and venue are in the store, whether its title recurs in its
-- venue, and its twin (sql/dedupe_stats.sql). $left: where the a side's fields are (dedupe_norm,
-- or rows from outside the store shaped like it, such as a screening tool's export).
SELECT p.a, p.b,
       x.doi, y.doi, x.title, y.title, x.subject, y.subject, x.title_numbers, y.title_numbers,
       x.authors, y.authors, x.given, y.given, x.first_author, y.first_author, x.year, y.year,
       x.start_page, y.start_page, x.end_page, y.end_page, x.volume, y.volume, x.issue, y.issue,
       x.journal, y.journal, x.kind, y.kind, x.eloc, y.eloc,
       coalesce(tx.n, 1), coalesce(ty.n, 1), coalesce(dx.n, 1), coalesce(dy.n, 1),
       coalesce(jx.n, 1), coalesce(jy.n, 1),
       coalesce(tx.recurring, false), coalesce(ty.recurring, false),
       coalesce(tx.dois, 0), coalesce(ty.dois, 0),
       coalesce(wx.twin, 0), coalesce(wy.twin, 0)
FROM $pairs p
JOIN $left x ON x.record_id = p.a
JOIN dedupe_norm y ON y.record_id = p.b
LEFT JOIN dedupe_title_stats tx ON tx.title = x.title
LEFT JOIN dedupe_title_stats ty ON ty.title = y.title
LEFT JOIN dedupe_doi_stats dx ON dx.doi = x.doi
LEFT JOIN dedupe_doi_stats dy ON dy.doi = y.doi
LEFT JOIN dedupe_venue_stats jx ON jx.journal = x.journal
LEFT JOIN dedupe_venue_stats jy ON jy.journal = y.journal
LEFT JOIN dedupe_twins wx ON wx.record_id = x.record_id
LEFT JOIN dedupe_twins wy ON wy.record_id = y.record_id
ORDER BY p.a, p.b;
