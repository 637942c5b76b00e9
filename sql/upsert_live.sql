-- Live (not deleted) staged records that changed: replace every field of the stored record,
-- unless the stored one carries a later datestamp. $1 = now, $2 = run id.
INSERT INTO records BY NAME (
    SELECT s.*, $1::TIMESTAMP AS first_seen, $1::TIMESTAMP AS last_seen,
           $1::TIMESTAMP AS updated_at, $2::BIGINT AS last_run_id
    FROM staging s JOIN records r USING (source, native_id)
    WHERE NOT s.deleted
      AND (r.deleted OR r.content_hash <> s.content_hash)
)
ON CONFLICT (source, native_id) DO UPDATE SET
    title = excluded.title, authors = excluded.authors, year = excluded.year,
    doi = excluded.doi, container = excluded.container, volume = excluded.volume,
    issue = excluded.issue, pages = excluded.pages, issn = excluded.issn, isbn = excluded.isbn,
    abstract = excluded.abstract, keywords = excluded.keywords, type = excluded.type,
    language = excluded.language, urls = excluded.urls, datestamp = excluded.datestamp,
    deleted = FALSE, raw_format = excluded.raw_format, raw = excluded.raw,
    set_specs = excluded.set_specs, origin = excluded.origin,
    content_hash = excluded.content_hash,
    last_seen = excluded.last_seen,
    updated_at = CASE WHEN records.content_hash = excluded.content_hash AND NOT records.deleted
                      THEN records.updated_at ELSE excluded.updated_at END,
    last_run_id = excluded.last_run_id
WHERE records.datestamp IS NULL OR excluded.datestamp IS NULL
   OR excluded.datestamp >= records.datestamp;
