"""Stage 2: candidate pairs from cheap exact keys, computed in DuckDB (no all-pairs loop)."""

from __future__ import annotations

import duckdb

from thresher import sql

MAX_BLOCK = 200  # a key shared by more records than this says nothing about any two of them


def candidate_pairs(con: duckdb.DuckDBPyConnection, max_block: int = MAX_BLOCK) -> int:
    """Fill the temp table dedupe_candidates(a, b) from dedupe_norm and dedupe_fresh."""
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_candidates AS "
                + sql.query("dedupe_block").replace("$max_block", str(int(max_block))))
    return con.execute("SELECT count(*) FROM dedupe_candidates").fetchone()[0]
