-- Version 11: each record's verbatim metadata (`raw`, most of a harvested store's bytes) is kept
-- zstd-compressed. DuckDB's default choice for long text spent more time compressing it at each
-- checkpoint than the rest of a harvest's writing, and kept it five times larger. A column's
-- compression is fixed when its table is made, so the table is rebuilt once, rows, ids and all.
CREATE TABLE records_v11 (
    record_id     BIGINT PRIMARY KEY DEFAULT nextval('record_id_seq'),
    source        VARCHAR NOT NULL,
    native_id     VARCHAR NOT NULL,
    title         VARCHAR,
    authors       VARCHAR[],
    year          INTEGER,
    doi           VARCHAR,
    container     VARCHAR,
    volume        VARCHAR,
    issue         VARCHAR,
    pages         VARCHAR,
    issn          VARCHAR[],
    isbn          VARCHAR[],
    abstract      VARCHAR,
    keywords      VARCHAR[],
    type          VARCHAR,
    language      VARCHAR,
    urls          VARCHAR[],
    datestamp     TIMESTAMP,          -- the source's own datestamp (OAI header), UTC
    deleted       BOOLEAN NOT NULL DEFAULT FALSE,
    raw_format    VARCHAR,            -- oai_dc, rioxx, bibtex, ...
    raw           VARCHAR USING COMPRESSION zstd,  -- the original metadata, verbatim
    set_specs     VARCHAR[],
    content_hash  VARCHAR NOT NULL,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    last_run_id   BIGINT,
    origin        VARCHAR,            -- the file or endpoint the record was read from
    UNIQUE (source, native_id)
);
INSERT INTO records_v11 BY NAME (SELECT * FROM records);
DROP TABLE records;
ALTER TABLE records_v11 RENAME TO records;
