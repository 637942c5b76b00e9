-- Version 2: file imports. Every file read is a batch; entries that could not be read are kept
-- as rejects with their raw text; each record remembers the file or endpoint it came from.

ALTER TABLE records ADD COLUMN origin VARCHAR;

CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1;

CREATE TABLE IF NOT EXISTS import_batches (
    batch_id      BIGINT PRIMARY KEY,
    run_id        BIGINT NOT NULL,
    source        VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    file_path     VARCHAR NOT NULL,
    file_size     BIGINT NOT NULL,
    sha256        VARCHAR NOT NULL,
    format        VARCHAR,
    encoding      VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,       -- running, ok, unchanged-file, failed
    entries       BIGINT NOT NULL DEFAULT 0,
    records_new   BIGINT NOT NULL DEFAULT 0,
    records_updated BIGINT NOT NULL DEFAULT 0,
    records_unchanged BIGINT NOT NULL DEFAULT 0,
    rejected      BIGINT NOT NULL DEFAULT 0,
    error         VARCHAR
);

CREATE TABLE IF NOT EXISTS rejects (
    batch_id   BIGINT NOT NULL,
    source     VARCHAR NOT NULL,
    file_name  VARCHAR NOT NULL,
    line       BIGINT,
    native_id  VARCHAR,
    error      VARCHAR NOT NULL,
    raw        VARCHAR
);
