-- The latest decision per (cluster, stage), with the study, and how many records joined the
-- cluster after that decision (to be looked at again, never silently screened).
-- $1 = stage or NULL, $2 = decision or NULL.
WITH latest AS (
    SELECT * FROM screening_decisions
    QUALIFY row_number() OVER (PARTITION BY cluster_id, stage
                               ORDER BY decided_at DESC, decision_id DESC) = 1
), late AS (
    SELECT l.decision_id, count(m.record_id) AS joined
    FROM latest l JOIN cluster_members m ON m.cluster_id = l.cluster_id
    WHERE m.joined_at > l.decided_at
    GROUP BY l.decision_id
)
SELECT l.cluster_id, l.stage, l.decision, l.reason, l.reviewer, l.decided_at,
       coalesce(late.joined, 0), t.title, t.authors, t.year, t.doi, t.journal, t.sources
FROM latest l
LEFT JOIN late USING (decision_id)
LEFT JOIN cluster_text t USING (cluster_id)
WHERE ($1::VARCHAR IS NULL OR l.stage = $1) AND ($2::VARCHAR IS NULL OR l.decision = $2)
ORDER BY l.cluster_id, l.stage;
