-- Version 1: sources, records with provenance, harvest state and runs, import batches.

CREATE SEQUENCE IF NOT EXISTS record_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS run_id_seq START 1;

-- Every record from every source, in the one shared shape, keyed by (source, native_id).
CREATE TABLE IF NOT EXISTS records (
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
    raw           VARCHAR,            -- the original metadata, verbatim
    set_specs     VARCHAR[],
    content_hash  VARCHAR NOT NULL,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    last_run_id   BIGINT,
    UNIQUE (source, native_id)
);

-- What a source is and what it said of itself in Identify.
CREATE TABLE IF NOT EXISTS sources (
    name                VARCHAR PRIMARY KEY,
    kind                VARCHAR NOT NULL,
    base_url            VARCHAR,
    repository_name     VARCHAR,
    granularity         VARCHAR,
    earliest_datestamp  VARCHAR,
    deleted_record      VARCHAR,
    updated_at          TIMESTAMP NOT NULL
);

-- One row per harvest scope (source, metadata prefix, set). `complete_until` is the end of the
-- last window harvested to the end; the window_* and resumption_token columns are the
-- checkpoint of a window in progress, committed in the same transaction as each page's records.
CREATE TABLE IF NOT EXISTS harvest_state (
    source            VARCHAR NOT NULL,
    metadata_prefix   VARCHAR NOT NULL,
    set_spec          VARCHAR NOT NULL,   -- '' for the whole repository
    complete_until    VARCHAR,            -- a datestamp in the server's granularity
    window_from       VARCHAR,
    window_until      VARCHAR,
    resumption_token  VARCHAR,
    pages_done        INTEGER NOT NULL DEFAULT 0,
    records_done      BIGINT NOT NULL DEFAULT 0,
    run_id            BIGINT,
    updated_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (source, metadata_prefix, set_spec)
);

-- Every harvest or import run, with its summary.
CREATE TABLE IF NOT EXISTS runs (
    run_id          BIGINT PRIMARY KEY,
    kind            VARCHAR NOT NULL,      -- harvest, import, ...
    source          VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,      -- running, ok, failed, interrupted
    detail          VARCHAR,               -- window, URL, set, ...
    pages           INTEGER NOT NULL DEFAULT 0,
    records_new     BIGINT NOT NULL DEFAULT 0,
    records_updated BIGINT NOT NULL DEFAULT 0,
    records_deleted BIGINT NOT NULL DEFAULT 0,
    records_unchanged BIGINT NOT NULL DEFAULT 0,
    records_stale   BIGINT NOT NULL DEFAULT 0,
    cleaned_bytes   BIGINT NOT NULL DEFAULT 0,
    retries         INTEGER NOT NULL DEFAULT 0,
    error           VARCHAR
);

-- Raw pages kept for re-parsing (optional archive; the bytes live in content-addressed files).
CREATE TABLE IF NOT EXISTS raw_pages (
    sha256      VARCHAR NOT NULL,
    run_id      BIGINT NOT NULL,
    source      VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    page        INTEGER NOT NULL,
    fetched_at  TIMESTAMP NOT NULL,
    bytes       BIGINT NOT NULL,
    PRIMARY KEY (run_id, page)
);
