-- Each record's normalised fields, for the records in $ids (a table of record_id), in record_id
-- order, with how common its title, DOI and venue are in the store, whether its title recurs in
-- its venue, its twin, and its title's acronyms that another record's title has too
-- (sql/dedupe_stats.sql). A pair's two sides are taken from these rows,
-- read once however many pairs a record is in. $records: dedupe_norm, or rows from outside the
-- store shaped like it (a screening tool's export).
SELECT x.record_id,
       x.doi, x.title, x.subject, x.title_numbers, x.authors, x.given, x.first_author, x.year,
       x.start_page, x.end_page, x.volume, x.issue, x.journal, x.kind, x.eloc, x.title_cut,
       x.marked_retracted, coalesce(k.known, ''),
       coalesce(t.n, 1), coalesce(d.n, 1), coalesce(j.n, 1), coalesce(t.recurring, false),
       coalesce(t.dois, 0), coalesce(w.twin, 0)
FROM $records x
SEMI JOIN $ids i ON i.record_id = x.record_id
LEFT JOIN dedupe_title_stats t ON t.title = x.title
LEFT JOIN dedupe_doi_stats d ON d.doi = x.doi
LEFT JOIN dedupe_venue_stats j ON j.journal = x.journal
LEFT JOIN dedupe_twins w ON w.record_id = x.record_id
LEFT JOIN dedupe_acronyms k ON k.record_id = x.record_id
ORDER BY x.record_id;
