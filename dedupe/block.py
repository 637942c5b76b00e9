"""Stage 2: candidate pairs from cheap exact keys, computed in DuckDB (no all-pairs loop)."""

from __future__ import annotations

import duckdb

from thresher import sql

MAX_BLOCK = 200  # a key shared by more records than this says nothing about any two of them
MAX_WEAK_BLOCK = 25  # the same for the weak first-author + year key


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, max_block: int = MAX_BLOCK, max_weak: int = MAX_WEAK_BLOCK
) -> int:
    """Fill the temp table dedupe_candidates(a, b) from dedupe_norm and dedupe_fresh."""
    query = sql.query("dedupe_block").replace("$max_block", str(int(max_block)))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE dedupe_candidates AS " + query.replace("$max_weak", str(int(max_weak)))
    )
    return con.execute("SELECT count(*) FROM dedupe_candidates").fetchone()[0]
