-- Each member's role in its study. A notice or companion report keeps its role while the study
-- has a publication (a member that is neither); the representative of such a study is that
-- publication, and its other copies are duplicates of it. A study with no publication in the
-- store (a preprint alone, a report and its copy) is represented by its report: companions
-- there are the publication and its copies.
WITH provisional AS (
    SELECT m.record_id, m.cluster_id, m.role,
           bool_or(m.role NOT IN ('notice', 'companion')) OVER (PARTITION BY m.cluster_id) AS has_publication
    FROM cluster_members m
),
decided AS (
    SELECT p.record_id,
           CASE
               WHEN p.role = 'notice' AND p.has_publication THEN 'notice'
               WHEN p.role = 'companion' AND p.has_publication THEN 'companion'
               WHEN p.record_id = c.representative AND p.role <> 'notice' THEN 'publication'
               WHEN p.role = 'notice' THEN 'notice'
               ELSE 'duplicate'
           END AS role
    FROM provisional p JOIN clusters c USING (cluster_id)
)
UPDATE cluster_members m SET role = d.role
FROM decided d
WHERE m.record_id = d.record_id AND m.role IS DISTINCT FROM d.role;
