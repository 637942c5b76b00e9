-- Candidate pairs: records sharing any cheap exact key, at least one of them fresh (new or
-- changed since the last run). Within a strong key shared by more records than $max_block,
-- every record is paired with its $window nearest neighbours in title order instead of with all:
-- a work copied hundreds of times still connects, and a key that many unrelated records share
-- (a common title start) does not explode into all pairs. The weak author keys ("Smith|2020",
-- two co-authors "Lee|Smith") are not used at all beyond $max_weak records: they say nothing
-- then. A title's start or end shared by more than $max_title records is a topic's phrase ("... haemolytic uraemic syndrome")
-- more than a work's: there two records are paired only when their years are within one or
-- their first authors agree (copies of one work do; papers on one topic mostly do not).
WITH keyed AS (
    SELECT record_id, 'doi' AS k, doi AS v FROM dedupe_norm WHERE doi IS NOT NULL
    UNION ALL SELECT record_id, 'tk', title_key FROM dedupe_norm WHERE length(title_key) >= 8
    UNION ALL SELECT record_id, 'tt', title_tail FROM dedupe_norm WHERE length(title_tail) >= 10
    UNION ALL SELECT record_id, 'ay', first_author || '|' || year FROM dedupe_norm
        WHERE first_author <> '' AND year IS NOT NULL
    -- The same authors in another order: the alphabetically first family name, and the year.
    UNION ALL SELECT record_id, 'my',
        list_min(list_transform(string_split(authors, ';'), lambda e: split_part(e, ', ', 1))) || '|' || year
        FROM dedupe_norm WHERE authors <> '' AND year IS NOT NULL
    -- Two authors together, in any order (the two alphabetically first family names), where one
    -- record has no year (a web page's or a citation's copy often has none), or their years are
    -- at most one apart: a preprint or a meeting's paper and the article it became a year later,
    -- retitled at both ends ("Students' acceptance of X in three universities" / "Student
    -- acceptance of X at three universities"), share no title key.
    UNION ALL SELECT record_id, 'mm', array_to_string(list_sort(list_distinct(
        list_transform(string_split(authors, ';'), lambda e: split_part(e, ', ', 1))))[1:2], '|')
        FROM dedupe_norm WHERE contains(authors, ';')
    UNION ALL SELECT record_id, 'jvp', journal || '|' || volume || '|' || start_page
        FROM dedupe_norm WHERE journal <> '' AND volume IS NOT NULL AND start_page IS NOT NULL
    UNION ALL SELECT record_id, 'yp', year || '|' || start_page || '|' || end_page
        FROM dedupe_norm WHERE year IS NOT NULL AND start_page IS NOT NULL
            AND end_page IS NOT NULL
    -- One database's record exported twice, under two source names: its accession number.
    -- ($accession: the id as an accession number, or NULL; dedupe/block.py.)
    UNION ALL SELECT * FROM (
        SELECT n.record_id, 'acc' AS k, $accession AS v FROM dedupe_norm n JOIN records r USING (record_id)
    ) WHERE v IS NOT NULL
),
members AS (
    SELECT keyed.record_id, k, v, d.year, d.first_author,
           count(*) OVER (PARTITION BY k, v) AS n,
           row_number() OVER (PARTITION BY k, v ORDER BY d.title, keyed.record_id) AS pos,
           keyed.record_id IN (SELECT record_id FROM dedupe_fresh) AS fresh
    FROM keyed JOIN dedupe_norm d USING (record_id)
),
small AS (SELECT * FROM members WHERE n >= 2 AND n <= CASE WHEN k IN ('ay', 'my', 'mm') THEN $max_weak ELSE $max_block END),
big AS (SELECT * FROM members WHERE n > $max_block AND k NOT IN ('ay', 'my', 'mm'))
SELECT least(x.record_id, y.record_id) AS a, greatest(x.record_id, y.record_id) AS b
FROM small x JOIN small y ON x.k = y.k AND x.v = y.v AND x.record_id < y.record_id
WHERE (x.fresh OR y.fresh)
  AND (x.k <> 'mm' OR x.year IS NULL OR y.year IS NULL OR abs(x.year - y.year) <= 1)
  AND (x.n <= $max_title OR x.k NOT IN ('tk', 'tt') OR abs(x.year - y.year) <= 1
       OR (x.first_author = y.first_author AND x.first_author <> '') OR x.year IS NULL OR y.year IS NULL)
UNION
SELECT least(x.record_id, y.record_id), greatest(x.record_id, y.record_id)
FROM big x JOIN big y ON x.k = y.k AND x.v = y.v AND y.pos > x.pos AND y.pos <= x.pos + $window
WHERE x.fresh OR y.fresh;
