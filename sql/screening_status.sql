-- Where each study stands at each stage: the latest batch (one imported file, or files imported
-- together) that decided it counts. Reviewers in that batch who disagree make a conflict: the
-- study is 'maybe', with "conflict: Ana include; Ben exclude (wrong population)" as its reason,
-- until a later batch decides it. Every decision stays in screening_decisions.
CREATE OR REPLACE TEMP VIEW screening_status AS
WITH batches AS (
    SELECT cluster_id, stage, batch, max(decided_at) AS decided_at
    FROM screening_decisions GROUP BY cluster_id, stage, batch
), latest AS (
    SELECT cluster_id, stage, batch FROM batches
    QUALIFY row_number() OVER (PARTITION BY cluster_id, stage ORDER BY decided_at DESC, batch DESC) = 1
), votes AS (
    SELECT d.* FROM screening_decisions d JOIN latest USING (cluster_id, stage, batch)
)
SELECT cluster_id, stage, batch,
       CASE WHEN count(DISTINCT decision) > 1 THEN 'maybe' ELSE any_value(decision) END AS decision,
       count(DISTINCT decision) > 1 AS conflict,
       CASE WHEN count(DISTINCT decision) > 1
            THEN 'conflict: ' || string_agg(
                     coalesce(reviewer, 'unnamed') || ' ' || decision
                     || coalesce(' (' || reason || ')', ''), '; ' ORDER BY reviewer, decision_id)
            ELSE string_agg(DISTINCT reason, '; ' ORDER BY reason) END AS reason,
       string_agg(DISTINCT reviewer, '; ' ORDER BY reviewer) AS reviewer,
       max(decided_at) AS decided_at,
       string_agg(DISTINCT labels, '; ' ORDER BY labels) AS labels,
       string_agg(DISTINCT note, '; ' ORDER BY note) AS note,
       string_agg(DISTINCT tool, '; ' ORDER BY tool) AS tool,
       string_agg(DISTINCT file_name, '; ' ORDER BY file_name) AS file_name
FROM votes
GROUP BY cluster_id, stage, batch;
