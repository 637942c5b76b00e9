"""The candidate corpus for screening: live clusters matching the search strategy."""

from __future__ import annotations

import json
from dataclasses import dataclass

from thresher import sql
from thresher.config import SearchConfig
from thresher.screening.search import compile_query
from thresher.store import Store, utcnow

CANDIDATE_COLUMNS = (
    "cluster_id",
    "title",
    "abstract",
    "authors",
    "year",
    "doi",
    "keywords",
    "journal",
    "volume",
    "issue",
    "pages",
    "type",
    "language",
    "url",
    "sources",
    "records",
    "reports",
    "notices",
    "retracted",
)


@dataclass
class CorpusBuild:
    build_id: int
    query: str | None
    clusters_total: int
    clusters_matched: int
    records_total: int

    def line(self) -> str:
        return (
            f"corpus build {self.build_id}: {self.clusters_matched:,} of "
            f"{self.clusters_total:,} clusters match"
            + (f" the search strategy {self.query!r}" if self.query else " (no query: all)")
            + f"; {self.records_total:,} live source records"
        )


def _filtered_sql(search: SearchConfig) -> tuple[str, list]:
    """SELECT over cluster_text for the clusters that match; `?` placeholders for all values."""
    conditions, params = [], []
    if search.query:
        compiled = compile_query(search.query)
        conditions.append(compiled.where)
        params += compiled.params
    if search.year_from is not None:
        conditions.append("year >= ?")
        params.append(search.year_from)
    if search.year_to is not None:
        conditions.append("year <= ?")
        params.append(search.year_to)
    if search.types:
        conditions.append(f"type IN ({', '.join('?' * len(search.types))})")
        params += search.types
    if search.languages:
        conditions.append(f"(language IS NULL OR language IN ({', '.join('?' * len(search.languages))}))")
        params += search.languages
    clause = " AND ".join(conditions) if conditions else "TRUE"
    return f"SELECT cluster_id FROM cluster_text WHERE {clause}", params


def build_corpus(store: Store, search: SearchConfig | None = None) -> CorpusBuild:
    """Record a corpus build: which clusters match the search strategy now (every study when it
    has no query). The same strategy over the same data always gives the same clusters."""
    search = search or SearchConfig()
    con = store.con
    con.execute(sql.query("cluster_text"))
    select, params = _filtered_sql(search)
    filters = search.model_dump(include={"year_from", "year_to", "types", "languages"})
    with store.transaction():
        build_id = con.execute("SELECT nextval('corpus_build_seq')").fetchone()[0]
        con.execute(f"INSERT INTO corpus_members SELECT ?, cluster_id FROM ({select})", [build_id, *params])
        total = con.execute("SELECT count(*), coalesce(sum(records), 0) FROM cluster_text").fetchone()
        matched = con.execute(
            "SELECT count(*) FROM corpus_members WHERE build_id = ?", [build_id]
        ).fetchone()[0]
        con.execute(
            "INSERT INTO corpus_builds VALUES (?, ?, ?, ?, ?, ?, ?)",
            [build_id, utcnow(), search.query, json.dumps(filters), total[0], matched, total[1]],
        )
    return CorpusBuild(build_id, search.query, total[0], matched, int(total[1]))


def latest_build(store: Store) -> int | None:
    row = store.con.execute("SELECT max(build_id) FROM corpus_builds").fetchone()
    return row[0] if row else None


def candidates(store: Store, build_id: int | None = None) -> list[tuple]:
    build_id = build_id or latest_build(store)
    if build_id is None:
        raise LookupError("no corpus built yet: run `thresher corpus` first")
    store.con.execute(sql.query("cluster_text"))
    return store.con.execute(
        f"SELECT {', '.join('t.' + c for c in CANDIDATE_COLUMNS)} FROM cluster_text t "
        "JOIN corpus_members m USING (cluster_id) WHERE m.build_id = ? ORDER BY t.cluster_id",
        [build_id],
    ).fetchall()
