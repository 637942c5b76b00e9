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
# Or, where its id is none, ERIC's number in a link to ERIC's page of the record
# (eric.ed.gov/?id=ED..., EBSCO's ...db=eric&AN=ED...): the row Google Scholar or a reference
# manager made of that ERIC record. Not a link to a full text (files.eric.ed.gov/fulltext/...):
# one PDF, a whole proceedings', is many works' full text. And an ERIC record can itself be a
# whole proceedings: the number from a link says one record only where the titles agree too
# (dedupe/decide.py), so it is marked as a link's (LINKED).
ERIC_PAGE_PATTERN = r"(?i)eric\.ed\.gov/\?(?:[^ ]*&)?id=(E[DJ]\d{6,7})\b"
EBSCO_ERIC_PATTERN = r"(?i)[?&]an=(E[DJ]\d{6,7})\b"  # in a link with db=eric, wherever
LINKED = "link:"


def accession_sql(record: str, marked: bool = True) -> str:
    """The SQL for the accession number of the record aliased `record` (a row of records): from
    its id, one form for each (Web of Science's older ISI: as WOS:), or from a link to ERIC's
    page of it (marked LINKED unless `marked` is False: the blocking key is the number alone);
    NULL where there is none."""
    native_id, links = f"{record}.native_id", f"array_to_string({record}.urls, ' ')"
    linked = (
        f"nullif(upper(coalesce(nullif(regexp_extract({links}, '{ERIC_PAGE_PATTERN}', 1), ''), "
        f"CASE WHEN {links} ILIKE '%db=eric%' "
        f"THEN regexp_extract({links}, '{EBSCO_ERIC_PATTERN}', 1) END)), '')"
    )
    return (
        f"coalesce(CASE WHEN regexp_full_match({native_id}, '{ACCESSION_PATTERN}') "
        f"THEN regexp_replace(upper({native_id}), '^ISI:', 'WOS:') END, "
        + (f"'{LINKED}' || {linked})" if marked else f"{linked})")
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
    query = query.replace("$accession", accession_sql("r", marked=False))
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_candidates AS " + query)
    return con.execute("SELECT count(*) FROM dedupe_candidates").fetchone()[0]
