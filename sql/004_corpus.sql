-- Version 4: the candidate corpus, screening decisions (history kept), PRISMA inputs.

CREATE SEQUENCE IF NOT EXISTS corpus_build_seq START 1;
CREATE SEQUENCE IF NOT EXISTS decision_id_seq START 1;

-- Every corpus build, so the review can cite exactly what was screened.
CREATE TABLE IF NOT EXISTS corpus_builds (
    build_id        BIGINT PRIMARY KEY,
    built_at        TIMESTAMP NOT NULL,
    query           VARCHAR,
    filters         VARCHAR,            -- JSON: years, types, languages
    clusters_total  BIGINT NOT NULL,
    clusters_matched BIGINT NOT NULL,
    records_total   BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS corpus_members (
    build_id    BIGINT NOT NULL,
    cluster_id  BIGINT NOT NULL,
    PRIMARY KEY (build_id, cluster_id)
);

-- Screening decisions: appended, never overwritten; the latest per (cluster, stage) counts.
CREATE TABLE IF NOT EXISTS screening_decisions (
    decision_id  BIGINT PRIMARY KEY,
    cluster_id   BIGINT NOT NULL,
    stage        VARCHAR NOT NULL,      -- title-abstract, full-text
    decision     VARCHAR NOT NULL,      -- include, exclude, maybe
    reason       VARCHAR,
    reviewer     VARCHAR,
    decided_at   TIMESTAMP NOT NULL,
    file_name    VARCHAR,
    line         BIGINT
);
