-- Staged records the store has never seen (live ones and bare tombstones): a plain insert,
-- much cheaper than ON CONFLICT. $1 = now, $2 = run id.
INSERT INTO records BY NAME (
    SELECT s.*, $1::TIMESTAMP AS first_seen, $1::TIMESTAMP AS last_seen,
           $1::TIMESTAMP AS updated_at, $2::BIGINT AS last_run_id
    FROM staging s ANTI JOIN records r USING (source, native_id)
);
