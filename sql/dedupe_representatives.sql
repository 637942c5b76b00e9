-- Each cluster's representative: the member with the most complete record (DOI and abstract
-- count most), ties to the longer abstract, then the oldest record.
SELECT m.cluster_id,
       arg_max(r.record_id,
               (r.doi IS NOT NULL)::INT * 8 + (r.abstract IS NOT NULL)::INT * 4
               + (r.title IS NOT NULL)::INT * 2 + (len(r.authors) > 0)::INT
               + (r.year IS NOT NULL)::INT + (r.container IS NOT NULL)::INT
               + (r.pages IS NOT NULL)::INT + (r.volume IS NOT NULL)::INT
               + least(coalesce(length(r.abstract), 0), 100000) / 1e6
               - r.record_id / 1e12) AS representative,
       count(*) AS size
FROM cluster_members m JOIN records r USING (record_id)
GROUP BY m.cluster_id;
