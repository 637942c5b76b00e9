-- One merged row per live cluster: the representative's fields, gaps filled from the other
-- members, keywords of all members, and every source record as provenance.
CREATE OR REPLACE TEMP VIEW cluster_text AS
SELECT m.cluster_id,
       first(r.title ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.title IS NOT NULL) AS title,
       first(r.abstract ORDER BY (r.record_id = c.representative) DESC, length(r.abstract) DESC)
           FILTER (WHERE r.abstract IS NOT NULL) AS abstract,
       first(array_to_string(r.authors, '; ') ORDER BY (r.record_id = c.representative) DESC,
             len(r.authors) DESC) FILTER (WHERE len(r.authors) > 0) AS authors,
       first(r.year ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.year IS NOT NULL) AS year,
       first(r.doi ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.doi IS NOT NULL) AS doi,
       first(r.container ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.container IS NOT NULL) AS journal,
       first(r.volume ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.volume IS NOT NULL) AS volume,
       first(r.issue ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.issue IS NOT NULL) AS issue,
       first(r.pages ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.pages IS NOT NULL) AS pages,
       first(r.type ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.type IS NOT NULL) AS type,
       first(r.language ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.language IS NOT NULL) AS language,
       first(r.urls[1] ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE len(r.urls) > 0) AS url,
       array_to_string(list_sort(list_distinct(flatten(list(r.keywords)))), '; ') AS keywords,
       string_agg(r.source || ':' || r.native_id, '; ' ORDER BY r.source, r.native_id) AS sources,
       string_agg(DISTINCT r.doi, '; ') AS dois,
       count(*) AS records
FROM cluster_members m
JOIN clusters c USING (cluster_id)
JOIN records r USING (record_id)
WHERE NOT r.deleted AND c.retired_at IS NULL
GROUP BY m.cluster_id;
