-- Each record's normalised fields, for the records in $ids (a table of record_id), in record_id
-- order, with how common its title, DOI and venue are in the store, whether its title recurs in
-- its venue, and its twin (sql/dedupe_stats.sql). A pair's two sides are taken from these rows,
-- read once however many pairs a record is in. $records: dedupe_norm, or rows from outside the
-- store shaped like it (a screening tool's export). Of a title's acronyms, those another record
-- of the store has too ($own: 1 where the rows are the store's own, each counted once already).
-- The record's id where it is a database's accession number (ERIC ED/EJ, a Scopus EID, a Web of
-- Science UT, a PsycINFO AN): one record exported twice, under two source names, is one record.
-- Its ISBNs (a book's, a proceedings' or a chapter's book's), and its type as its source gives it. Its page an article number where
-- its source gives the venue's pages so (dedupe_numbered_venues, sql/dedupe_stats.sql).
WITH known AS (
    SELECT a.record_id, string_agg(a.word, ' ' ORDER BY a.word) AS known
    FROM (
        SELECT x.record_id, unnest(string_split(x.acronyms, ' ')) AS word
        FROM $records x SEMI JOIN $ids i ON i.record_id = x.record_id
        WHERE x.acronyms <> ''
    ) a
    JOIN dedupe_acronym_words w ON w.word = a.word AND w.n >= 1 + $own
    GROUP BY a.record_id
)
SELECT x.record_id,
       x.doi, x.title, x.subject, x.title_numbers, x.authors, x.given, x.first_author, x.year,
       x.start_page, x.end_page, x.volume, x.issue, x.journal, x.kind,
       x.eloc OR (v.source IS NOT NULL AND x.end_page IS NULL AND length(x.start_page) <= 3), x.title_cut,
       x.marked_retracted, coalesce(k.known, ''),
       $accession,
       -- The ISBNs the record gives, by the nine digits an ISBN-10 and its ISBN-13 share.
       nullif(array_to_string(list_sort(list_distinct(list_transform(r.isbn, lambda i: CASE
           WHEN length(i) = 10 THEN i[1:9] WHEN i LIKE '978%' THEN i[4:12] ELSE i END))), ' '), ''),
       r.type,
       coalesce(t.n, 1), coalesce(d.n, 1), coalesce(j.n, 1), coalesce(t.recurring, false),
       coalesce(t.dois, 0), coalesce(w.twin, 0)
FROM $records x
SEMI JOIN $ids i ON i.record_id = x.record_id
LEFT JOIN dedupe_title_stats t ON t.title = x.title
LEFT JOIN dedupe_doi_stats d ON d.doi = x.doi
LEFT JOIN dedupe_venue_stats j ON j.journal = x.journal
LEFT JOIN dedupe_twins w ON w.record_id = x.record_id
LEFT JOIN known k ON k.record_id = x.record_id
LEFT JOIN records r ON r.record_id = x.record_id AND $own = 1
LEFT JOIN dedupe_numbered_venues v ON v.source = r.source AND v.journal = x.journal
ORDER BY x.record_id;
