-- Version 3: deduplication. Normalised fields per record, every compared pair with its
-- decision, people's decisions on uncertain pairs, and clusters with ids that never move.

CREATE TABLE IF NOT EXISTS dedupe_norm (
    record_id     BIGINT PRIMARY KEY,
    content_hash  VARCHAR NOT NULL,     -- the record version these fields were made from
    doi           VARCHAR,
    title         VARCHAR,
    title_key     VARCHAR,
    title_tail    VARCHAR,
    title_numbers VARCHAR,
    authors       VARCHAR,
    first_author  VARCHAR,
    year          INTEGER,
    start_page    VARCHAR,
    end_page      VARCHAR,
    volume        VARCHAR,
    issue         VARCHAR,
    journal       VARCHAR,
    kind          VARCHAR
);

-- Candidate pairs (a < b) and what the rules made of them.
CREATE TABLE IF NOT EXISTS dedupe_pairs (
    a             BIGINT NOT NULL,
    b             BIGINT NOT NULL,
    decision      VARCHAR NOT NULL,     -- match, maybe, non-match
    rule          VARCHAR NOT NULL,
    title_sim     DOUBLE,
    author_sim    DOUBLE,
    decided_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (a, b)
);

-- A person's verdict on a pair: overrides the rules on every later run.
CREATE TABLE IF NOT EXISTS review_decisions (
    a             BIGINT NOT NULL,
    b             BIGINT NOT NULL,
    same          BOOLEAN NOT NULL,
    reviewer      VARCHAR,
    decided_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (a, b)
);

CREATE SEQUENCE IF NOT EXISTS cluster_id_seq START 1;

CREATE TABLE IF NOT EXISTS clusters (
    cluster_id      BIGINT PRIMARY KEY,
    representative  BIGINT,             -- the member whose fields are most complete
    size            INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    retired_at      TIMESTAMP,          -- set when the cluster merged into another or emptied
    merged_into     BIGINT
);

CREATE TABLE IF NOT EXISTS cluster_members (
    record_id   BIGINT PRIMARY KEY,
    cluster_id  BIGINT NOT NULL,
    joined_at   TIMESTAMP NOT NULL
);
