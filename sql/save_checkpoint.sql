-- The harvest checkpoint for one scope: written in the same transaction as the page it follows.
INSERT INTO harvest_state (source, metadata_prefix, set_spec, complete_until, window_from,
                           window_until, resumption_token, pages_done, records_done, run_id,
                           updated_at)
VALUES ($source, $prefix, $set_spec, $complete_until, $window_from, $window_until, $token,
        $pages_done, $records_done, $run_id, $now)
ON CONFLICT (source, metadata_prefix, set_spec) DO UPDATE SET
    complete_until = excluded.complete_until, window_from = excluded.window_from,
    window_until = excluded.window_until, resumption_token = excluded.resumption_token,
    pages_done = excluded.pages_done, records_done = excluded.records_done,
    run_id = excluded.run_id, updated_at = excluded.updated_at;
