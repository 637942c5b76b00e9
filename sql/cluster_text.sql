-- One merged row per live cluster (a study): the representative's fields, gaps filled from
-- its copies (never from a notice about it, unless the study is only notices: a retraction note
-- whose article the search did not find), keywords of all members, every source record as
-- provenance, its reports (the publication and its companion reports, distinct works of the
-- study) and the notices about it (a retraction must be seen by whoever screens the study,
-- whether a notice says so or the article itself is marked "RETRACTED").
CREATE OR REPLACE TEMP VIEW cluster_text AS
SELECT m.cluster_id,
       first(r.title ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.title IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS title,
       first(r.abstract ORDER BY (r.record_id = c.representative) DESC, length(r.abstract) DESC)
           FILTER (WHERE r.abstract IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS abstract,
       first(array_to_string(r.authors, '; ') ORDER BY (r.record_id = c.representative) DESC,
             len(r.authors) DESC) FILTER (WHERE len(r.authors) > 0 AND (m.role <> 'notice' OR NOT p.has_publication)) AS authors,
       first(r.year ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.year IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS year,
       first(r.doi ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.doi IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS doi,
       first(r.container ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.container IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS journal,
       first(r.volume ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.volume IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS volume,
       first(r.issue ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.issue IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS issue,
       first(r.pages ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.pages IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS pages,
       first(r.type ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.type IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS type,
       first(r.language ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE r.language IS NOT NULL AND (m.role <> 'notice' OR NOT p.has_publication)) AS language,
       first(r.urls[1] ORDER BY (r.record_id = c.representative) DESC, r.record_id)
           FILTER (WHERE len(r.urls) > 0 AND (m.role <> 'notice' OR NOT p.has_publication)) AS url,
       array_to_string(list_sort(list_distinct(flatten(list(r.keywords)))), '; ') AS keywords,
       string_agg(r.source || ':' || r.native_id, '; ' ORDER BY r.source, r.native_id) AS sources,
       string_agg(DISTINCT r.doi, '; ') AS dois,
       count(*) AS records,
       -- Copies of one report (the same role and title) count once.
       count(DISTINCT m.role || '|' || coalesce(n.title, r.title, ''))
           FILTER (WHERE m.role IN ('publication', 'companion')) AS reports,
       string_agg(DISTINCT CASE WHEN n.marked_retracted THEN 'retraction' ELSE n.kind END, '; '
                  ORDER BY CASE WHEN n.marked_retracted THEN 'retraction' ELSE n.kind END)
           FILTER (WHERE m.role = 'notice') AS notices,
       -- A retraction notice about it, or a member marked retracted (the article itself).
       coalesce(bool_or((n.kind = 'retraction' AND m.role = 'notice')
                        OR (n.marked_retracted AND m.role <> 'companion')), false)
           AS retracted
FROM cluster_members m
JOIN clusters c USING (cluster_id)
JOIN (SELECT cluster_id, bool_or(role <> 'notice') AS has_publication FROM cluster_members GROUP BY cluster_id) p
    USING (cluster_id)
JOIN records r USING (record_id)
LEFT JOIN dedupe_norm n USING (record_id)
WHERE NOT r.deleted AND c.retired_at IS NULL
GROUP BY m.cluster_id;
