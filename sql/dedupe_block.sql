-- Candidate pairs: records sharing any cheap exact key, at least one of them fresh (new or
-- changed since the last run). Keys shared by more than $max_block records are skipped: they
-- say nothing (an empty journal, a very common title start).
WITH fresh AS (SELECT record_id FROM dedupe_fresh),
keyed AS (
    SELECT record_id, 'doi' AS k, doi AS v FROM dedupe_norm WHERE doi IS NOT NULL
    UNION ALL SELECT record_id, 'tk', title_key FROM dedupe_norm WHERE length(title_key) >= 10
    UNION ALL SELECT record_id, 'tt', title_tail FROM dedupe_norm WHERE length(title_tail) >= 10
    UNION ALL SELECT record_id, 'ay', first_author || '|' || year FROM dedupe_norm
        WHERE first_author <> '' AND year IS NOT NULL
    UNION ALL SELECT record_id, 'jvp', journal || '|' || volume || '|' || start_page
        FROM dedupe_norm WHERE journal <> '' AND volume IS NOT NULL AND start_page IS NOT NULL
    UNION ALL SELECT record_id, 'yp', year || '|' || start_page || '|' || end_page
        FROM dedupe_norm WHERE year IS NOT NULL AND start_page IS NOT NULL
            AND end_page IS NOT NULL
),
sized AS (
    -- "Smith|2020" is shared by many different works: the weak author+year key gets a
    -- tighter cap than keys that nearly identify a work.
    SELECT k, v FROM keyed GROUP BY k, v
    HAVING count(*) >= 2 AND count(*) <= CASE WHEN k = 'ay' THEN $max_weak ELSE $max_block END
),
members AS (
    SELECT keyed.* FROM keyed JOIN sized USING (k, v)
)
SELECT DISTINCT least(x.record_id, y.record_id) AS a, greatest(x.record_id, y.record_id) AS b
FROM members x JOIN members y ON x.k = y.k AND x.v = y.v AND x.record_id < y.record_id
WHERE x.record_id IN (SELECT record_id FROM fresh) OR y.record_id IN (SELECT record_id FROM fresh);
