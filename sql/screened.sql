-- Each study's standing per stage (sql/screening_status.sql), with the study, and how many
-- records joined it after that decision (to be looked at again, never silently screened).
-- $1 = stage or NULL, $2 = decision or NULL.
WITH late AS (
    SELECT s.cluster_id, s.stage, count(m.record_id) AS joined
    FROM screening_status s JOIN cluster_members m ON m.cluster_id = s.cluster_id
    WHERE m.joined_at > s.decided_at
    GROUP BY ALL
)
SELECT s.cluster_id, s.stage, s.decision, s.reason, s.reviewer, s.decided_at,
       coalesce(late.joined, 0), s.conflict, s.labels, s.note, s.tool,
       t.title, t.authors, t.year, t.doi, t.journal, t.sources
FROM screening_status s
LEFT JOIN late USING (cluster_id, stage)
LEFT JOIN cluster_text t USING (cluster_id)
WHERE ($1::VARCHAR IS NULL OR s.stage = $1) AND ($2::VARCHAR IS NULL OR s.decision = $2)
ORDER BY s.cluster_id, s.stage;
