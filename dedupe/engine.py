"""The deduplication run: normalise -> block -> score -> decide -> cluster -> stable ids -> merge.

Incremental: only records that are new or changed since the last run are normalised and compared;
clusters and their ids are brought up to date with everything stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from thresher import sql
from thresher.dedupe import ENGINE_VERSION
from thresher.dedupe.block import candidate_pairs
from thresher.dedupe.cluster import assign_ids, cluster
from thresher.dedupe.decide import VETOES, decide
from thresher.dedupe.merge import refresh_representatives
from thresher.dedupe.normalise import normalise
from thresher.dedupe.score import from_rows, score, unlike_titles
from thresher.store import Store, utcnow

SCORE_BATCH = 200_000
DEDUPE_MEMORY_MB = 4096


@dataclass
class DedupeSummary:
    records: int = 0
    normalised: int = 0
    candidates: int = 0  # pairs sharing a blocking key
    pairs: int = 0  # of those, compared by the rules (the rest have unlike titles)
    matches: int = 0
    maybes: int = 0
    clusters: int = 0
    duplicates: int = 0
    refused_links: int = 0
    engine_upgraded: bool = False
    new_clusters: int = 0
    retired_clusters: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # normalise, block, ...

    def line(self) -> str:
        upgraded = (
            "the dedupe engine changed since the last run: every record re-normalised "
            "and every pair decided again; "
            if self.engine_upgraded
            else ""
        )
        return (
            f"dedupe: {upgraded}{self.records:,} records -> {self.clusters:,} clusters "
            f"({self.duplicates:,} duplicates); {self.normalised:,} records (re)normalised, "
            f"{self.pairs:,} of {self.candidates:,} candidate pairs compared: "
            f"{self.matches:,} match, {self.maybes:,} maybe (for review); "
            f"{self.refused_links} links refused by the chaining guard; "
            f"{self.new_clusters} new and {self.retired_clusters} retired cluster ids; "
            f"{self.seconds:.1f} s"
        )


def _upgrade_engine(store: Store) -> bool:
    """Forget normalised fields and rule decisions made by another engine version."""
    con = store.con
    stored = con.execute("SELECT value FROM dedupe_meta WHERE key = 'engine'").fetchone()
    if stored and stored[0] == str(ENGINE_VERSION):
        return False
    had_work = con.execute("SELECT count(*) FROM dedupe_norm").fetchone()[0] > 0
    con.execute("DELETE FROM dedupe_norm")
    con.execute("DELETE FROM dedupe_pairs")
    con.execute(
        "INSERT INTO dedupe_meta VALUES ('engine', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(ENGINE_VERSION)],
    )
    return had_work


def _normalise_stale(store: Store) -> int:
    con = store.con
    con.execute(
        "DELETE FROM dedupe_norm WHERE record_id NOT IN (SELECT record_id FROM records WHERE NOT deleted)"
    )
    # Pairs with a record that was deleted (tombstoned) since are no longer evidence.
    con.execute(
        "DELETE FROM dedupe_pairs WHERE a NOT IN (SELECT record_id FROM dedupe_norm) "
        "OR b NOT IN (SELECT record_id FROM dedupe_norm)"
    )
    stale = con.execute(sql.query("dedupe_stale_norm")).fetchall()
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_fresh (record_id BIGINT)")
    if not stale:
        return 0
    ids = [row[0] for row in stale]
    con.execute("INSERT INTO dedupe_fresh SELECT unnest(?)", [ids])
    con.execute("DELETE FROM dedupe_norm WHERE record_id IN (SELECT record_id FROM dedupe_fresh)")
    appender = con.appender("dedupe_norm")
    rows = []
    for rid, title, authors, year, doi, container, volume, issue, pages, kind, digest in stale:
        n = normalise(rid, title, authors, year, doi, container, volume, issue, pages, kind)
        rows.append(
            (
                rid,
                digest,
                n.doi,
                n.title,
                n.title_key,
                n.title_tail,
                n.title_numbers,
                n.authors,
                n.first_author,
                n.year,
                n.start_page,
                n.end_page,
                n.volume,
                n.issue,
                n.journal,
                n.kind,
                n.eloc,
            )
        )
        if len(rows) >= 50_000:
            appender.append_rows(rows)
            rows.clear()
    appender.append_rows(rows)
    appender.flush()
    # Pairs touching a changed record are decided again.
    con.execute(
        "DELETE FROM dedupe_pairs WHERE a IN (SELECT record_id FROM dedupe_fresh) "
        "OR b IN (SELECT record_id FROM dedupe_fresh)"
    )
    return len(stale)


def _score_candidates(store: Store, summary: DedupeSummary) -> None:
    con = store.con
    started = time.monotonic()
    summary.candidates = candidate_pairs(con)
    # A blocking key shared by chance (same year and pages, same author and year) brings
    # pairs whose titles are unlike; they are settled here, cheaply, and not stored.
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_compare (a BIGINT, b BIGINT)")
    cursor = con.execute(sql.query("dedupe_pair_titles"))
    appender = con.appender("dedupe_compare")
    while rows := cursor.fetchmany(SCORE_BATCH):
        a, b, x, y, same_doi = zip(*rows, strict=True)
        keep = ~unlike_titles(x, y) | np.array(same_doi, dtype=bool)
        appender.append_rows([(a[i], b[i]) for i in np.flatnonzero(keep).tolist()])
    appender.flush()
    summary.pairs = con.execute("SELECT count(*) FROM dedupe_compare").fetchone()[0]
    summary.stage_seconds["block"] = time.monotonic() - started
    cursor = con.execute(sql.query("dedupe_pair_fields"))
    appender = con.appender("dedupe_pairs")
    now = utcnow()
    while rows := cursor.fetchmany(SCORE_BATCH):
        pairs = score(from_rows(rows))
        decision, rule = decide(pairs)
        appender.append_rows(
            list(
                zip(
                    pairs.a.tolist(),
                    pairs.b.tolist(),
                    decision.tolist(),
                    rule.tolist(),
                    pairs.title_sim.round(4).tolist(),
                    pairs.author_sim.round(4).tolist(),
                    [now] * len(pairs),
                    strict=True,
                )
            )
        )
    appender.flush()


def _cluster(store: Store, summary: DedupeSummary) -> None:
    con = store.con
    nodes = [r[0] for r in con.execute("SELECT record_id FROM dedupe_norm").fetchall()]
    doi_of = dict(con.execute("SELECT record_id, doi FROM dedupe_norm WHERE doi IS NOT NULL").fetchall())
    reviewed = con.execute("SELECT a, b, same FROM review_decisions").fetchall()
    same = [(a, b) for a, b, s in reviewed if s]
    apart = [(a, b) for a, b, s in reviewed if not s]
    apart += con.execute(
        "SELECT a, b FROM dedupe_pairs WHERE decision = 'non-match' AND rule IN "
        f"({', '.join('?' * len(VETOES))})",
        list(VETOES),
    ).fetchall()
    reviewed_pairs = {(a, b) for a, b, _ in reviewed}
    matches = [
        (a, b)
        for a, b in con.execute(
            "SELECT a, b FROM dedupe_pairs WHERE decision = 'match' "
            "ORDER BY (rule = 'same DOI, same title') DESC, title_sim DESC, a, b"
        ).fetchall()
        if (a, b) not in reviewed_pairs
    ]
    summary.matches = con.execute("SELECT count(*) FROM dedupe_pairs WHERE decision = 'match'").fetchone()[0]
    summary.maybes = con.execute(
        "SELECT count(*) FROM dedupe_pairs p WHERE decision = 'maybe' AND NOT EXISTS "
        "(SELECT 1 FROM review_decisions d WHERE d.a = p.a AND d.b = p.b)"
    ).fetchone()[0]
    groups, summary.refused_links = cluster(nodes, same, matches, apart, doi_of)
    previous = dict(con.execute("SELECT record_id, cluster_id FROM cluster_members").fetchall())
    # New ids count up from the largest ever given (retired ones included): never reused.
    last_id = con.execute("SELECT coalesce(max(cluster_id), 0) FROM clusters").fetchone()[0]

    def new_id() -> int:
        nonlocal last_id
        summary.new_clusters += 1
        last_id += 1
        return last_id

    assignment, retired = assign_ids(groups, previous, new_id)
    now = utcnow()
    with store.transaction():
        con.execute("CREATE OR REPLACE TEMP TABLE new_members (record_id BIGINT, cluster_id BIGINT)")
        appender = con.appender("new_members")
        appender.append_rows(list(assignment.items()))
        appender.flush()
        con.execute("DELETE FROM cluster_members WHERE record_id NOT IN (SELECT record_id FROM new_members)")
        con.execute(
            "INSERT INTO cluster_members SELECT n.record_id, n.cluster_id, ? FROM new_members n "
            "ON CONFLICT (record_id) DO UPDATE SET cluster_id = excluded.cluster_id, "
            "joined_at = CASE WHEN cluster_members.cluster_id = excluded.cluster_id "
            "THEN cluster_members.joined_at ELSE excluded.joined_at END",
            [now],
        )
        refresh_representatives(con, now, retired)
    summary.retired_clusters = len(retired)
    summary.records = len(nodes)
    summary.clusters = len(groups)
    summary.duplicates = summary.records - summary.clusters


def run_dedupe(store: Store) -> DedupeSummary:
    """Bring clusters up to date with the store; only new or changed records are compared."""
    started = time.monotonic()
    summary = DedupeSummary()
    store.set_memory_limit(DEDUPE_MEMORY_MB)
    stages = summary.stage_seconds
    with store.transaction():
        summary.engine_upgraded = _upgrade_engine(store)
        summary.normalised = _normalise_stale(store)
        stages["normalise"] = time.monotonic() - started
        if summary.normalised:
            _score_candidates(store, summary)
    stages["score, decide"] = time.monotonic() - started - sum(stages.values())
    _cluster(store, summary)
    summary.seconds = time.monotonic() - started
    stages["cluster, ids, merge"] = summary.seconds - sum(stages.values())
    return summary
