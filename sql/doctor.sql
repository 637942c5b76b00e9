-- Checks `thresher doctor` runs: (name, count, what it means). Each count should be 0.
SELECT 'cluster members whose record is gone', count(*),
       'rerun thresher dedupe: it rebuilds memberships from the records'
FROM cluster_members m LEFT JOIN records r USING (record_id) WHERE r.record_id IS NULL
UNION ALL
SELECT 'cluster members pointing at no cluster', count(*), 'rerun thresher dedupe'
FROM cluster_members m LEFT JOIN clusters c USING (cluster_id) WHERE c.cluster_id IS NULL
UNION ALL
SELECT 'live clusters without members', count(*), 'rerun thresher dedupe (it retires them)'
FROM clusters c WHERE c.retired_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.cluster_id)
UNION ALL
SELECT 'deleted records still in a cluster', count(*), 'rerun thresher dedupe'
FROM cluster_members m JOIN records r USING (record_id) WHERE r.deleted
UNION ALL
SELECT 'records not yet deduplicated', count(*), 'run thresher dedupe'
FROM records r WHERE NOT r.deleted
  AND NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.record_id = r.record_id)
UNION ALL
SELECT 'unfinished harvest windows', count(*),
       'the next thresher harvest of that source resumes them'
FROM harvest_state WHERE window_until IS NOT NULL
UNION ALL
SELECT 'runs that did not finish (killed or crashed)', count(*),
       'informational: their committed pages are kept; see thresher status'
FROM runs WHERE status = 'interrupted'
UNION ALL
SELECT 'screening decisions on retired clusters', count(*),
       'the study merged into another cluster: thresher export screened shows where'
FROM screening_decisions d JOIN clusters c USING (cluster_id) WHERE c.retired_at IS NOT NULL
UNION ALL
SELECT 'screening decisions on unknown clusters', count(*), 'these decisions attach to nothing'
FROM screening_decisions d LEFT JOIN clusters c USING (cluster_id) WHERE c.cluster_id IS NULL;
