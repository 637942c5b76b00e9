-- Each cluster's representative and size, written into clusters. The representative is the
-- publication itself, never a notice or companion report while the study has a publication;
-- among its copies, one whose title no database marked "RETRACTED" (the flag says so; its
-- DOI and other fields fill the gaps), then the most complete record (DOI and abstract count
-- most, then the title and a type the database gave it: a screening tool's untyped row is not
-- the thesis it copies; ties to the longer abstract, then the oldest record). A copy under a
-- DOI fewer of the study's copies carry than another (one source's wrong DOI) comes after the
-- copies under the DOI most carry. Retired ids that come back to life lose their retirement.
-- $1 = now.
INSERT INTO clusters
WITH votes AS (
    SELECT m.cluster_id, r.doi, count(*) AS copies
    FROM cluster_members m JOIN records r USING (record_id)
    WHERE r.doi IS NOT NULL AND m.role NOT IN ('notice', 'companion')
    GROUP BY ALL
),
outvoted AS (
    SELECT cluster_id, doi FROM votes
    QUALIFY copies < max(copies) OVER (PARTITION BY cluster_id)
)
SELECT cluster_id, representative, size, $1::TIMESTAMP, $1::TIMESTAMP, NULL, NULL
FROM (
    SELECT m.cluster_id,
           arg_max(r.record_id,
                   (m.role NOT IN ('notice', 'companion'))::INT * 1000
                   - coalesce(n.marked_retracted, false)::INT * 100
                   - (o.doi IS NOT NULL)::INT * 50
                   + (r.doi IS NOT NULL)::INT * 8 + (r.abstract IS NOT NULL)::INT * 4
                   + (r.title IS NOT NULL)::INT * 2 + (coalesce(r.type, 'other') <> 'other')::INT * 2
                   + (len(r.authors) > 0)::INT
                   + (r.year IS NOT NULL)::INT + (r.container IS NOT NULL)::INT
                   + (r.pages IS NOT NULL)::INT + (r.volume IS NOT NULL)::INT
                   + least(coalesce(length(r.abstract), 0), 100000) / 1e6
                   - r.record_id / 1e12) AS representative,
           count(*) AS size
    FROM cluster_members m JOIN records r USING (record_id) LEFT JOIN dedupe_norm n USING (record_id)
    LEFT JOIN outvoted o ON o.cluster_id = m.cluster_id AND o.doi = r.doi
    GROUP BY m.cluster_id
)
ON CONFLICT (cluster_id) DO UPDATE SET
    representative = excluded.representative, size = excluded.size,
    updated_at = CASE WHEN clusters.size = excluded.size
                       AND clusters.representative = excluded.representative
                      THEN clusters.updated_at ELSE excluded.updated_at END,
    retired_at = NULL, merged_into = NULL;
