-- A connection-local staging table shaped like one page or batch of incoming records.
CREATE TEMP TABLE IF NOT EXISTS staging (
    source VARCHAR, native_id VARCHAR, title VARCHAR, authors VARCHAR[], year INTEGER,
    doi VARCHAR, container VARCHAR, volume VARCHAR, issue VARCHAR, pages VARCHAR,
    issn VARCHAR[], isbn VARCHAR[], abstract VARCHAR, keywords VARCHAR[], type VARCHAR,
    language VARCHAR, urls VARCHAR[], datestamp TIMESTAMP, deleted BOOLEAN,
    raw_format VARCHAR, raw VARCHAR, set_specs VARCHAR[], origin VARCHAR,
    content_hash VARCHAR
);
