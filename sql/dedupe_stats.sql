-- How common values are in the store, counted in works rather than records (copies of one work
-- sharing a value say nothing about chance agreement): per title, the first author and year
-- pairs that carry it; per DOI, the titles; per venue, the records. And the titles that recur
-- in one venue: in more records there than a work has copies in this store ($copies), or in two
-- years two or more apart, each with a fair share of its records (a column such as "Editor's
-- Notes" in every issue, a review's updates; not a paper cited now and then with a wrong year):
-- more records than copies counts only where a quarter of them or more lie outside the title's
-- main year (a much-copied paper keeps to its year; a column does not). $short: the copies a
-- work usually has here, for short titles. (A notice titled like its article, "Retracted: X", a
-- year or two after it in its journal, does not make the article's title one that recurs.)
CREATE OR REPLACE TEMP TABLE dedupe_title_stats AS
WITH per_year AS (
    SELECT title, journal, year, count(*) AS n,
           coalesce(list(DISTINCT doi) FILTER (WHERE doi IS NOT NULL), []) AS dois
    FROM dedupe_norm
    WHERE title <> '' AND journal <> '' AND year IS NOT NULL
      AND NOT coalesce(marked_retracted, false) AND kind NOT IN ('erratum', 'retraction', 'concern')
    GROUP BY title, journal, year
),
per_venue AS (
    SELECT title, journal, arg_max(year, n) AS top_year, max(n) AS top_n, sum(n) AS n
    FROM per_year GROUP BY title, journal
),
recurring AS (
    SELECT title FROM per_venue WHERE n > $copies AND top_n * 4 <= n * 3
    UNION
    -- A short title (three words or fewer) in more records than a work has copies, over years:
    -- "Research centers", "Articles" by one editor.
    SELECT title FROM per_venue
    WHERE n > $short AND top_n * 4 <= n * 3 AND length(title) - length(replace(title, ' ', '')) <= 2
    UNION
    -- (Not a year whose records carry DOIs of the main year's records only: one paper, online two
    -- years before its issue.)
    SELECT p.title FROM per_year p JOIN per_venue t USING (title, journal)
    JOIN per_year m ON m.title = p.title AND m.journal = p.journal AND m.year = t.top_year
    WHERE abs(p.year - t.top_year) >= 2 AND p.n * 4 >= t.top_n
      AND NOT (len(p.dois) > 0 AND len(list_intersect(p.dois, m.dois)) = len(p.dois))
)
-- (A copy that names no author, a crawler's, is no other work: it is not counted, unless no
-- record of the title names one, when its years count.)
SELECT title, CASE WHEN bool_or(first_author <> '')
    THEN count(DISTINCT first_author || '|' || coalesce(year::VARCHAR, '')) FILTER (WHERE first_author <> '')
    ELSE count(DISTINCT coalesce(year::VARCHAR, '')) END AS n,
       title IN (SELECT title FROM recurring) AS recurring, count(DISTINCT doi) AS dois
FROM dedupe_norm WHERE title <> '' GROUP BY title;
CREATE OR REPLACE TEMP TABLE dedupe_doi_stats AS
SELECT doi, count(DISTINCT title_key) AS n FROM dedupe_norm WHERE doi IS NOT NULL GROUP BY doi;
CREATE OR REPLACE TEMP TABLE dedupe_venue_stats AS
SELECT journal, count(*) AS n FROM dedupe_norm WHERE journal <> '' GROUP BY journal;
-- The two records, and only two, that carry one title in one year under one set of authors'
-- family names, catalogued differently (the venue or the title written otherwise: two
-- databases' copies): each is the other's twin. Two instalments of a column by its editor in
-- one year come from one database written alike, or are four records once two databases carry
-- them.
CREATE OR REPLACE TEMP TABLE dedupe_twins AS
SELECT record_id, min_id + max_id - record_id AS twin FROM (
    SELECT n.record_id, count(*) OVER w AS n, min(n.record_id) OVER w AS min_id,
           max(n.record_id) OVER w AS max_id,
           min(coalesce(r.container, '') || '|' || r.title) OVER w AS low,
           max(coalesce(r.container, '') || '|' || r.title) OVER w AS high
    FROM dedupe_norm n JOIN records r USING (record_id)
    WHERE n.title <> '' AND n.authors <> '' AND n.year IS NOT NULL
      -- only where a title can be a column's: recurring, or six words at most (a section's name)
      AND (length(n.title) - length(replace(n.title, ' ', '')) <= 5
           OR n.title IN (SELECT title FROM dedupe_title_stats WHERE recurring))
    WINDOW w AS (PARTITION BY n.title, n.year,
        list_sort(list_distinct(list_transform(string_split(n.authors, ';'), lambda s: split_part(s, ',', 1)))))
) WHERE n = 2 AND low <> high;
-- The venues whose pages one source gives as article numbers: three records or more of the venue
-- from that source, four in five of them a lone number of three digits at most (DBLP's "pages =
-- {5}" for the fifth article of a volume of a journal that numbers its articles), where other
-- sources' records of the same titles give printed ranges, and hardly one in five of those
-- ranges starts at the number. A database that gives only the first page (a journal paged by
-- issue, in small numbers) gives the page the other copies' ranges start with; where no other
-- source has a copy, nothing says which it is, and the number stays a page.
-- (sql/dedupe_record_fields.sql reads such a page as the article number it is.)
CREATE OR REPLACE TEMP TABLE dedupe_numbered_venues AS
WITH paged AS (
    SELECT r.source, n.journal, n.title, n.start_page,
           n.end_page IS NULL AND length(n.start_page) <= 3 AS lone,
           coalesce(n.end_page <> n.start_page, false) AS ranged
    FROM dedupe_norm n JOIN records r USING (record_id)
    WHERE n.journal <> '' AND n.start_page IS NOT NULL AND NOT n.eloc
),
venues AS (
    SELECT source, journal FROM paged GROUP BY source, journal
    HAVING count(*) FILTER (WHERE lone) >= 3 AND count(*) FILTER (WHERE lone) * 5 >= count(*) * 4
),
copies AS (
    SELECT l.source, l.journal, bool_or(l.start_page = g.start_page) AS starts
    FROM paged l SEMI JOIN venues v ON v.source = l.source AND v.journal = l.journal
    JOIN paged g ON g.title = l.title AND g.source <> l.source AND g.ranged
    WHERE l.lone AND l.title <> ''
    GROUP BY l.source, l.journal, l.title, l.start_page
)
SELECT source, journal FROM copies GROUP BY source, journal
HAVING count(*) FILTER (WHERE starts) * 5 < count(*);
-- How many records' titles write each acronym ("moocs": 12): one that another record's title has
-- too is a real acronym, not one database's slip ("XJML" for "XML"), which only its own record
-- carries (sql/dedupe_record_fields.sql).
CREATE OR REPLACE TEMP TABLE dedupe_acronym_words AS
SELECT word, count(DISTINCT record_id) AS n FROM (
    SELECT record_id, unnest(string_split(acronyms, ' ')) AS word FROM dedupe_norm WHERE acronyms <> ''
) GROUP BY word;
