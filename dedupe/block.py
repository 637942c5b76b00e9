"""Stage 2: candidate pairs from cheap exact keys, computed in DuckDB (no all-pairs loop)."""

from __future__ import annotations

import duckdb

from thresher import sql

MAX_BLOCK = 200  # beyond this many records sharing a key, each is paired with its neighbours only
MAX_WEAK_BLOCK = 25  # the same for the weak first-author + year key
WINDOW = 8  # the neighbours (in title order) each record of an oversized key is paired with
MAX_TITLE_BLOCK = 30  # beyond this many records sharing a title's start or end, it is a topic's
# A record's id that is its database's accession number (RE2, for DuckDB's regexp_full_match):
# ERIC's ED/EJ, Web of Science's UT (WOS: or the older ISI:), a Scopus EID, a PsycINFO AN. One
# record exported twice under two source names shares it, whatever the database changed.
ACCESSION_PATTERN = r"(?i)E[DJ]\d{6,7}|(?:WOS|ISI):[0-9A-Z]{15}|2-s2\.0-\d{10,11}|\d{4}-\d{5}-\d{3}"
# Or, where its id is none, ERIC's number in a link to ERIC's record of it (eric.ed.gov/?id=ED...,
# its full text at files.eric.ed.gov/fulltext/ED....pdf, EBSCO's ...&db=eric&AN=ED...): the row
# Google Scholar or a reference manager made of that ERIC record.
ERIC_LINK_PATTERN = (
    r"(?i)(?:eric\.ed\.gov/(?:\?(?:[^ ]*&)?id=|fulltext/)|[?&]db=eric&(?:[^ ]*&)?an=)(E[DJ]\d{6,7})\b"
)


def accession_sql(record: str) -> str:
    """The SQL for the accession number of the record aliased `record` (a row of records): from
    its id, one form for each (Web of Science's older ISI: as WOS:), or from a link to ERIC's
    record; NULL where there is none."""
    native_id, links = f"{record}.native_id", f"array_to_string({record}.urls, ' ')"
    return (
        f"coalesce(CASE WHEN regexp_full_match({native_id}, '{ACCESSION_PATTERN}') "
        f"THEN regexp_replace(upper({native_id}), '^ISI:', 'WOS:') END, "
        f"nullif(upper(regexp_extract({links}, '{ERIC_LINK_PATTERN}', 1)), ''))"
    )


def candidate_pairs(
    con: duckdb.DuckDBPyConnection,
    max_block: int = MAX_BLOCK,
    max_weak: int = MAX_WEAK_BLOCK,
    window: int = WINDOW,
    max_title: int = MAX_TITLE_BLOCK,
) -> int:
    """Fill the temp table dedupe_candidates(a, b) from dedupe_norm and dedupe_fresh."""
    query = sql.query("dedupe_block")
    for name, value in (
        ("$max_block", max_block),
        ("$max_weak", max_weak),
        ("$window", window),
        ("$max_title", max_title),
    ):
        query = query.replace(name, str(int(value)))
    query = query.replace("$accession", accession_sql("r"))
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_candidates AS " + query)
    return con.execute("SELECT count(*) FROM dedupe_candidates").fetchone()[0]
