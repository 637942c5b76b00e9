-- Works (titles) per author family name: how common a name is, for weighing shared authors.
SELECT family, count(DISTINCT title_key) FROM (
    SELECT title_key, split_part(unnest(string_split(authors, ';')), ', ', 1) AS family
    FROM dedupe_norm WHERE authors <> ''
)
GROUP BY family;
