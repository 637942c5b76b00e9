"""Stage 6: one record per cluster (a study).

The representative is the publication (never a notice or companion report while there is one),
the member with the most complete record (sql/dedupe_representatives.sql);
what a study shows for screening is the representative's fields with gaps filled from the other
members, every member's DOI and every source record kept (sql/cluster_text.sql). Both run in
DuckDB, over all clusters at once.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from thresher import sql


def refresh_representatives(
    con: duckdb.DuckDBPyConnection, now: datetime, retired: dict[int, int | None]
) -> None:
    """Write each live cluster's representative and size; retire the ids that lost their
    members, pointing at the cluster that took them (or none, when their records are gone)."""
    con.execute(sql.query("dedupe_representatives"), [now])
    con.execute(sql.query("dedupe_roles"))
    for old, heir in retired.items():
        con.execute(
            "UPDATE clusters SET retired_at = ?, merged_into = ?, size = 0 "
            "WHERE cluster_id = ? AND retired_at IS NULL",
            [now, heir, old],
        )
