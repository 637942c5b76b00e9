-- Per source: records, deleted, the last successful run and the last error.
WITH counts AS (
    SELECT source, count(*) FILTER (WHERE NOT deleted) AS live,
           count(*) FILTER (WHERE deleted) AS deleted, max(last_seen) AS last_seen
    FROM records GROUP BY source
), names AS (
    SELECT source FROM counts UNION SELECT name FROM sources UNION SELECT source FROM runs
), last_ok AS (
    SELECT source, max(finished_at) AS finished_at FROM runs WHERE status = 'ok' GROUP BY source
), last_error AS (
    SELECT source, arg_max(error, started_at) AS error, max(started_at) AS at
    FROM runs WHERE status IN ('failed', 'interrupted') GROUP BY source
)
SELECT n.source, coalesce(c.live, 0), coalesce(c.deleted, 0), o.finished_at,
       CASE WHEN e.at > coalesce(o.finished_at, TIMESTAMP '1970-01-01') THEN e.error END,
       CASE WHEN e.at > coalesce(o.finished_at, TIMESTAMP '1970-01-01') THEN e.at END,
       (SELECT count(*) FROM harvest_state h WHERE h.source = n.source
          AND h.resumption_token IS NOT NULL) AS unfinished
FROM names n LEFT JOIN counts c ON c.source = n.source
LEFT JOIN last_ok o ON o.source = n.source LEFT JOIN last_error e ON e.source = n.source
ORDER BY n.source;
