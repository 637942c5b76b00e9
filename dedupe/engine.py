"""The deduplication run: normalise -> block -> score -> weigh -> decide -> cluster -> ids -> merge.

Incremental: only records that are new or changed since the last run are normalised and compared;
clusters and their ids are brought up to date with everything stored. The evidence model is
estimated from the store and kept with it; when the store has grown by a quarter since, it is
estimated again and every pair decided again (ids stay where they were).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import numpy.random  # noqa: F401 - numpy loads it on first use: load it with the engine

from thresher import sql
from thresher.dedupe import ENGINE_VERSION
from thresher.dedupe.block import accession_sql, candidate_pairs
from thresher.dedupe.cluster import assign_ids, cluster
from thresher.dedupe.decide import (
    CITES_THE_REPORT,
    CITES_THE_THESIS,
    ONLY_DOIS_DIFFER,
    SAME_RECORD,
    SLIPS,
    VENUES_AND_YEARS,
    VETOES,
    WRONG_DOI,
    YEARS_APART,
    Decisions,
    decide,
    is_school,
)
from thresher.dedupe.merge import refresh_representatives
from thresher.dedupe.model import (
    SAMPLE_PAIRS,
    STRATA,
    Evidence,
    Model,
    candidate_prior,
    estimate,
    learn,
    shared_values,
    weigh,
)
from thresher.dedupe.normalise import COMPANION_KINDS, CONFERENCE, NOTICE_KINDS, normalise
from thresher.dedupe.score import (
    FIELDS,
    STATS,
    Pairs,
    apply_aliases,
    from_sides,
    objects,
    score,
    unlike_titles,
)
from thresher.store import Store, utcnow

SCORE_BATCH = 200_000
DEDUPE_MEMORY_MB = 2048  # DuckDB spills to disk beyond it; the process stays under 4 GB
REESTIMATE_GROWTH = 1.25  # the model is estimated again when the store has grown by a quarter
REVIEW_SHARE = 0.01  # "maybe" pairs left for a person: at most 1 % of the records
LEARN_PAIRS = 20_000  # candidate pairs sampled to learn m and venue aliases
ALL_FIELDS_RECORDS = 50_000  # a store this small has every record's fields read once per run
STRATUM_PAIRS = 800  # random pairs among those sharing a first author (or a first page)

Fields = tuple[np.ndarray, dict[str, np.ndarray]]  # record ids in order, {field: values} (_record_fields)


@dataclass
class DedupeSummary:
    records: int = 0
    normalised: int = 0
    candidates: int = 0  # pairs sharing a blocking key
    pairs: int = 0  # of those, compared (the rest have unlike titles and nothing else in common)
    matches: int = 0
    links: int = 0  # notices and companion reports joined to their study
    maybes: int = 0
    clusters: int = 0
    duplicates: int = 0
    roles: dict[str, int] = field(default_factory=dict)  # members per role
    refused_links: int = 0
    engine_upgraded: bool = False
    model_estimated: bool = False  # the evidence model was (re)estimated from the store
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
        estimated = "evidence weights estimated from the store; " if self.model_estimated else ""
        reports = ", ".join(
            f"{n:,} {role}" for role, n in sorted(self.roles.items()) if role != "publication"
        )
        return (
            f"dedupe: {upgraded}{estimated}{_count(self.records, 'record')} -> "
            f"{_count(self.clusters, 'study', 'studies')} "
            f"({reports or 'no duplicates'}); {self.normalised:,} records (re)normalised, "
            f"{self.pairs:,} of {self.candidates:,} candidate pairs compared: "
            f"{_count(self.matches, 'pair')} of copies, {_count(self.links, 'pair')} of a study's notice or "
            f"companion report and another report of it, {_count(self.maybes, 'pair')} for a person to "
            f"decide; {_count(self.refused_links, 'join')} refused because they would put two works in "
            "one study; "
            f"{self.new_clusters} new and {self.retired_clusters} retired cluster ids; "
            f"{self.seconds:.1f} s"
        )


def _count(n: int, one: str, many: str | None = None) -> str:
    """'1 pair', '3 pairs'."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _upgrade_engine(store: Store) -> bool:
    """Forget normalised fields, the model and rule decisions made by another engine version."""
    con = store.con
    stored = con.execute("SELECT value FROM dedupe_meta WHERE key = 'engine'").fetchone()
    if stored and stored[0] == str(ENGINE_VERSION):
        return False
    had_work = con.execute("SELECT count(*) FROM dedupe_norm").fetchone()[0] > 0
    con.execute("DELETE FROM dedupe_norm")
    con.execute("DELETE FROM dedupe_pairs")
    con.execute("DELETE FROM dedupe_meta WHERE key = 'model'")
    _set_meta(store, "engine", str(ENGINE_VERSION))
    return had_work


def _set_meta(store: Store, key: str, value: str) -> None:
    store.con.execute(
        "INSERT INTO dedupe_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


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
            (rid, digest, n.doi, n.title, n.title_key, n.title_tail, n.title_numbers, n.authors,
             n.first_author, n.year, n.start_page, n.end_page, n.volume, n.issue, n.journal, n.kind,
             n.eloc, n.subject, n.given, n.title_cut, n.marked_retracted, n.acronyms)
        )  # fmt: skip
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


def _pair_fields(store: Store, table: str, left: str = "dedupe_norm", fields: Fields | None = None) -> Pairs:
    """The pairs in `table` (a, b), in (a, b) order, with both sides' fields: the a side's from
    `left` (dedupe_norm, or rows shaped like it from outside the store), the b side's from
    dedupe_norm. Each record's fields are read once, however many pairs it is in; not at all
    where the run has read every record's already (`fields`, from _all_fields)."""
    drawn = store.con.execute(f"SELECT a, b FROM {table} ORDER BY a, b").fetchnumpy()
    return _with_fields(
        store, np.asarray(drawn["a"], dtype=np.int64), np.asarray(drawn["b"], dtype=np.int64), left, fields
    )


def _with_fields(
    store: Store, a: np.ndarray, b: np.ndarray, left: str = "dedupe_norm", fields: Fields | None = None
) -> Pairs:
    """The pairs (a, b), in the order given, with both sides' fields (as _pair_fields)."""
    if left == "dedupe_norm":
        both = fields if fields is not None else _record_fields(store, left, np.union1d(a, b))
        return from_sides(a, b, both, both)
    return from_sides(
        a, b, _record_fields(store, left, np.unique(a)), _record_fields(store, "dedupe_norm", np.unique(b))
    )


def _records(store: Store) -> int:
    return store.con.execute("SELECT count(*) FROM dedupe_norm").fetchone()[0]


def _all_fields(store: Store) -> Fields:
    """Every record's fields (as _record_fields)."""
    ids = store.con.execute("SELECT record_id FROM dedupe_norm ORDER BY record_id").fetchnumpy()["record_id"]
    return _record_fields(store, "dedupe_norm", np.asarray(ids, dtype=np.int64))


def _record_fields(store: Store, records: str, ids: np.ndarray) -> Fields:
    """(the ids found, in order; {field: values}) of the records `ids` in `records`."""
    con = store.con
    con.register("dedupe_ids", {"record_id": ids})
    try:
        query = (
            sql.query("dedupe_record_fields")
            .replace("$records", records)
            .replace("$ids", "dedupe_ids")
            .replace("$own", "1" if records == "dedupe_norm" else "0")
            .replace("$accession", accession_sql("r"))
        )
        columns = list(con.execute(query).fetchnumpy().values())
    finally:
        con.unregister("dedupe_ids")
    return np.asarray(columns[0], dtype=np.int64), {
        name: objects(values) for name, values in zip(FIELDS + STATS, columns[1:], strict=True)
    }


# Each record's values of a stratum (sql: record_id, key): its authors' family names, its first page.
STRATUM_KEYS = {
    "authors": "SELECT record_id, split_part(unnest(string_split(authors, ';')), ',', 1) AS key "
    "FROM dedupe_norm",
    "pages": "SELECT record_id, start_page AS key FROM dedupe_norm",
}


def _ordered(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distinct pairs (lower id first) of two id arrays, as rows, sorted; a record with itself dropped."""
    keep = a != b
    low, high = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    width = int(high.max()) + 1 if len(high) else 1
    keys = np.unique(low * width + high)  # one number per pair: sorted as (low, high) rows would be
    return np.stack([keys // width, keys % width], axis=1)


def _draw_stratum(store: Store, name: str, count: int, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """`count` random pairs among those whose records share a value of the stratum (each value
    drawn as often as it makes pairs), and how many pairs share a value, counted per value."""
    rows = store.con.execute(
        "SELECT record_id, dense_rank() OVER (ORDER BY key) - 1 AS g FROM (SELECT DISTINCT record_id, key "
        f"FROM ({STRATUM_KEYS[name]}) WHERE coalesce(key, '') <> '')"
    ).fetchnumpy()
    # Each value's records together (values in order, each value's records by id).
    ids, group_of = np.asarray(rows["record_id"], dtype=np.int64), np.asarray(rows["g"], dtype=np.int64)
    ids = ids[np.lexsort((ids, group_of))]
    sizes = np.bincount(group_of).astype(float)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    shared = sizes * (sizes - 1) / 2
    if not len(sizes) or shared.sum() <= 0:
        return np.zeros((0, 2), dtype=np.int64), 0.0
    group = rng.choice(np.arange(len(sizes), dtype=np.int64), size=count, p=shared / shared.sum())
    size = sizes[group].astype(np.int64)
    first = rng.integers(0, size)
    second = rng.integers(0, size - 1)
    second = second + (second >= first)
    return _ordered(ids[starts[group] + first], ids[starts[group] + second]), float(shared.sum())


def estimation_sample(
    store: Store, count: int, seed: int = 20261130, fields: Fields | None = None
) -> tuple[Pairs, dict[str, tuple[Pairs, np.ndarray, float]]]:
    """The pairs the model is estimated from, scored in one pass: `count` random pairs of the
    store's records (what unrelated records look like here), and for each stratum (model.STRATA)
    random pairs among those that share a value, each with its weight (1 / the values it shares:
    a pair sharing two names is drawn twice as often) and the share of all pairs that share one.
    `fields`: every record's fields, where the run has read them already (_all_fields)."""
    con = store.con
    ids = con.execute("SELECT record_id FROM dedupe_norm").fetchnumpy()["record_id"].astype(np.int64)
    rng = np.random.default_rng(seed)
    drawn = {"": _ordered(ids[rng.integers(0, len(ids), count)], ids[rng.integers(0, len(ids), count)])}
    totals = {}
    if len(ids) >= 2:
        for name in STRATA:
            drawn[name], totals[name] = _draw_stratum(store, name, STRATUM_PAIRS, rng)
    union = np.unique(np.concatenate(list(drawn.values())), axis=0)  # in (a, b) order
    scored = score(_with_fields(store, union[:, 0], union[:, 1], fields=fields), fuzzy_names=False)
    width = int(union.max()) + 1 if len(union) else 1
    keys = scored.a * width + scored.b

    def part(rows: np.ndarray) -> Pairs:
        return scored.subset(np.searchsorted(keys, rows[:, 0] * width + rows[:, 1]))

    everything = len(ids) * (len(ids) - 1) / 2
    strata = {}
    for name, total in totals.items():
        pairs = part(drawn[name])
        weights = 1.0 / np.maximum(shared_values(name, pairs), 1)
        share = total * float(weights.mean()) / everything if len(pairs) and everything else 0.0
        strata[name] = (pairs, weights, share)
    return part(drawn[""]), strata


def _stored_model_in_date(store: Store) -> Model | None:
    """The stored model, unless there is none or the store has grown (or shrunk) by a quarter
    since it was estimated."""
    con = store.con
    records = _records(store)
    row = con.execute("SELECT value FROM dedupe_meta WHERE key = 'model'").fetchone()
    if row is not None:
        model = Model.from_json(row[0])
        if (
            records <= max(model.records, 1) * REESTIMATE_GROWTH
            and records * REESTIMATE_GROWTH >= model.records
        ):
            return model
    return None


def _estimate_model(
    store: Store,
    summary: DedupeSummary,
    names: dict[str, int],
    candidates: Pairs | None = None,
    fields: Fields | None = None,
) -> Model:
    """u from random pairs (estimation_sample); m, venue aliases and the prior from the candidate
    pairs (`candidates` when all of them are already scored, else a sample of dedupe_compare);
    kept in dedupe_meta. `fields`: every record's fields, where the run has read them already."""
    con = store.con
    records = _records(store)
    uniform, strata = estimation_sample(store, min(SAMPLE_PAIRS, 2_000 + records // 2), fields=fields)
    model = estimate(uniform, records, strata)
    if model.estimated:
        if candidates is None:
            con.execute(
                # A sample by hash, the same on every run (a reservoir sample is not, in parallel).
                "CREATE OR REPLACE TEMP TABLE dedupe_learn AS SELECT a, b FROM dedupe_compare "
                f"ORDER BY hash(a, b, 1130), a, b LIMIT {int(LEARN_PAIRS)}"
            )
            candidates = score(_pair_fields(store, "dedupe_learn"))
        learn(model, candidates)
        model.prior = candidate_prior(model, candidates, names, summary.pairs)
    _set_meta(store, "model", model.to_json())
    summary.model_estimated = True
    return model


def value_stats(store: Store) -> None:
    """The temp tables of how common titles, DOIs and venues are (sql/dedupe_stats.sql)."""
    copies = store.con.execute(sql.query("dedupe_copies")).fetchone()[0]
    query = sql.query("dedupe_stats").replace("$copies", str(max(4, 2 * int(copies))))
    store.con.execute(query.replace("$short", str(max(2, int(copies)))))


def family_counts(store: Store) -> dict[str, int]:
    return dict(store.con.execute(sql.query("dedupe_family_counts")).fetchall())


def _score_candidates(store: Store, model: Model | None, summary: DedupeSummary) -> None:
    """Block, set aside pairs with nothing in common, estimate the model if it is due, then
    score, weigh and decide every remaining pair."""
    con = store.con
    started = time.monotonic()
    summary.candidates = candidate_pairs(con)
    # A blocking key shared by chance (same year and pages, same author and year) brings
    # pairs whose titles are unlike and that share nothing else: settled here, cheaply, unstored.
    con.execute("CREATE OR REPLACE TEMP TABLE dedupe_compare (a BIGINT, b BIGINT)")
    cursor = con.execute(sql.query("dedupe_pair_titles"))
    appender = con.appender("dedupe_compare")
    while rows := cursor.fetchmany(SCORE_BATCH):
        a, b, x, y, other_evidence = zip(*rows, strict=True)
        keep = ~unlike_titles(x, y) | np.array(other_evidence, dtype=bool)
        appender.append_rows([(a[i], b[i]) for i in np.flatnonzero(keep).tolist()])
    appender.flush()
    summary.pairs = con.execute("SELECT count(*) FROM dedupe_compare").fetchone()[0]
    summary.stage_seconds["block"] = time.monotonic() - started
    names = family_counts(store)
    if model is None and summary.pairs <= LEARN_PAIRS:
        # Every pair fits in one batch: scored once, learned from, then decided. In a small store
        # the pairs and the random sample the model is estimated from cover most records: each
        # record's fields are read once for both.
        fields = _all_fields(store) if _records(store) <= ALL_FIELDS_RECORDS else None
        pairs = score(_pair_fields(store, "dedupe_compare", fields=fields))
        model = _estimate_model(store, summary, names, pairs, fields)
        batches: Iterator[Pairs] = iter([apply_aliases(pairs, frozenset(map(tuple, model.aliases)))])
    else:
        model = model or _estimate_model(store, summary, names)
        batches = _scored(store, frozenset(map(tuple, model.aliases)))
    now = utcnow()
    for pairs in batches:
        evidence = weigh(model, pairs, names)
        decided = decide(pairs, model, evidence)
        # The batch's columns as they are (numpy), read by DuckDB without a tuple per row.
        batch = {
            "a": pairs.a,
            "b": pairs.b,
            "decision": decided.decision,
            "rule": decided.rule,
            "title_sim": pairs.title_sim.round(4),
            "author_overlap": pairs.author_overlap.round(4),
            "weight": decided.weight.round(3),
            "report": decided.report,
        }
        con.register("dedupe_batch", batch)
        try:
            con.execute(
                "INSERT INTO dedupe_pairs (a, b, decision, rule, title_sim, author_sim, decided_at, "
                "weight, report) SELECT a, b, decision, rule, title_sim, author_overlap, ?, weight, "
                "nullif(report, 0) FROM dedupe_batch",
                [now],
            )
        finally:
            con.unregister("dedupe_batch")


def _scored(store: Store, aliases: frozenset) -> Iterator[Pairs]:
    """The compared pairs, scored batch by batch: a page at a time in (a, b) order, each read
    whole, so the decisions can be written between pages."""
    last_a, last_b = -1, -1
    while True:
        page = (
            f"(SELECT a, b FROM dedupe_compare WHERE a > {last_a} OR (a = {last_a} AND b > {last_b}) "
            f"ORDER BY a, b LIMIT {SCORE_BATCH})"
        )
        pairs = _pair_fields(store, page)
        if not len(pairs):
            return
        last_a, last_b = int(pairs.a[-1]), int(pairs.b[-1])
        yield score(pairs, aliases)


def _cluster(store: Store, summary: DedupeSummary) -> None:
    con = store.con
    nodes = [r[0] for r in con.execute("SELECT record_id FROM dedupe_norm").fetchall()]
    kinds = dict(con.execute("SELECT record_id, kind FROM dedupe_norm").fetchall())
    reviewed = con.execute("SELECT a, b, same FROM review_decisions").fetchall()
    reviewed_pairs = {(a, b) for a, b, _ in reviewed}
    same = [(a, b) for a, b, s in reviewed if s]
    apart = [(a, b) for a, b, s in reviewed if not s]
    vetoed = con.execute(
        "SELECT a, b, rule FROM dedupe_pairs WHERE decision = 'non-match' "
        f"AND rule IN ({', '.join('?' * len(VETOES))})",
        list(VETOES),
    ).fetchall()
    slips = [(a, b) for a, b, rule in vetoed if rule in SLIPS]
    matches = [
        (a, b, rule)
        for a, b, rule in con.execute(
            "SELECT a, b, rule FROM dedupe_pairs WHERE decision = 'match' ORDER BY weight DESC, a, b"
        ).fetchall()
        if (a, b) not in reviewed_pairs
    ]
    # Copies under two DOIs, one of them wrong (decide.py): joined after the other matches,
    # whatever DOIs their groups hold; and those two DOIs' difference alone (nothing else
    # differing) no longer keeps other copies apart. A person's "different" always does.
    same_record = [(a, b) for a, b, rule in matches if rule == SAME_RECORD]
    # A citation that says no more matched to the thesis or report it cites (its venue may be
    # the organisation's name): that report's copy, not the article the report became.
    cites_a_report = {
        r for a, b, rule in matches if rule in (CITES_THE_THESIS, CITES_THE_REPORT) for r in (a, b)
    }
    despite = [(a, b) for a, b, rule in matches if rule == WRONG_DOI]
    matches = [(a, b) for a, b, rule in matches if rule != WRONG_DOI]
    doi_at = dict(con.execute("SELECT record_id, doi FROM dedupe_norm WHERE doi IS NOT NULL").fetchall())
    if despite:
        mended = {frozenset((doi_at[a], doi_at[b])) for a, b in despite}
        vetoed = [
            (a, b, rule)
            for a, b, rule in vetoed
            if not (rule == ONLY_DOIS_DIFFER and frozenset((doi_at.get(a), doi_at.get(b))) in mended)
        ]
    apart += [(a, b) for a, b, _ in vetoed]
    link_rows = con.execute(
        # A notice's closest title first (under a title two sibling papers nearly share, it joins
        # the paper it names, not the one whose venue it shares), then the strongest evidence.
        "SELECT a, b, decision, report FROM dedupe_pairs WHERE decision IN ('notice', 'companion') "
        "ORDER BY CASE WHEN decision = 'notice' THEN round(title_sim, 2) ELSE 0 END DESC NULLS LAST, "
        "weight DESC, a, b"
    ).fetchall()
    links = [(a, b) for a, b, _, _ in link_rows if (a, b) not in reviewed_pairs]
    # Which records are reports of a study rather than copies of its publication.
    report_role = {r: "notice" for r, k in kinds.items() if k in NOTICE_KINDS}
    report_role |= {r: "companion" for r, k in kinds.items() if k in COMPANION_KINDS}
    for _, _, decision, report in link_rows:
        report_role.setdefault(report, decision)
    doi_of = {r: d for r, d in doi_at.items() if r not in report_role}
    summary.matches = con.execute("SELECT count(*) FROM dedupe_pairs WHERE decision = 'match'").fetchone()[0]
    summary.links = len(link_rows)
    summary.maybes = con.execute(
        "SELECT count(*) FROM dedupe_pairs p WHERE decision = 'maybe' AND NOT EXISTS "
        "(SELECT 1 FROM review_decisions d WHERE d.a = p.a AND d.b = p.b)"
    ).fetchone()[0]
    # A bare citation (Google Scholar's untyped record: no DOI, volume, issue or pages, and no
    # venue but a university's or a meeting's) kept from a publication by its year alone (or its
    # meeting's name and year): where it is a copy of a linked report (a meeting paper or
    # abstract, a thesis, two years before the article), it is that report.
    bare_venue = dict(
        con.execute(
            "SELECT record_id, journal FROM dedupe_norm WHERE kind = 'article' AND doi IS NULL "
            "AND volume IS NULL AND issue IS NULL AND start_page IS NULL"
        ).fetchall()
    )
    # (A row naming a meeting only where untyped and of a linked report's own year: the
    # report's copy, not the full paper the report became, which a proceedings' record types.)
    met = [r for r, journal in bare_venue.items() if journal and CONFERENCE in journal.split()]
    copies_of_reports: set[int] = set()
    if met:
        kinds_list = ", ".join(f"'{k}'" for k in sorted(COMPANION_KINDS))
        copies_of_reports = {
            row[0]
            for row in con.execute(
                # (Each companion pair both ways round: an equi-join, not a join on IN (a, b).)
                "WITH p AS (SELECT a AS x, b AS y FROM dedupe_pairs WHERE decision = 'companion' "
                "UNION ALL SELECT b, a FROM dedupe_pairs WHERE decision = 'companion') "
                "SELECT DISTINCT n.record_id FROM dedupe_norm n JOIN records r USING (record_id) "
                "JOIN p ON p.x = n.record_id JOIN dedupe_norm o ON o.record_id = p.y "
                f"WHERE n.record_id IN (SELECT unnest(?::BIGINT[])) AND r.type IS NULL "
                f"AND o.kind IN ({kinds_list}) AND o.year = n.year",
                [met],
            ).fetchall()
        }
    bare = {r for r, journal in bare_venue.items() if not journal or is_school(journal)} | copies_of_reports
    bare |= cites_a_report.intersection(bare_venue)
    # One database's record, twice (its accession number: an export and Google Scholar's row
    # linking to it) is one report: a meeting paper's row, which places itself nowhere (no DOI,
    # volume, issue or pages), is the meeting paper, not its article.
    for a, b in same_record:
        for r, other in ((a, b), (b, a)):
            if r in report_role and other not in report_role and other in bare_venue:
                report_role[other] = report_role[r]
    bare_vetoes = [
        (a, b)
        for a, b, rule in vetoed
        if rule in (YEARS_APART, VENUES_AND_YEARS)
        and (a in bare or b in bare)
        and (a, b) not in reviewed_pairs
    ]
    companions = {r for r, k in kinds.items() if k in COMPANION_KINDS}
    # The records their sources type an editorial, and those (not reports) they type as
    # anything else: a study whose typed copies are mostly typed editorial is an editorial, and
    # no companion report links to it. (Untyped records, Google Scholar's rows, say nothing.)
    typed_editorial = {
        r[0]
        for r in con.execute(
            "SELECT record_id FROM records WHERE type = 'editorial' "
            "AND record_id IN (SELECT record_id FROM dedupe_norm WHERE kind = 'article')"
        ).fetchall()
    }
    typed_otherwise: set[int] = set()
    if typed_editorial:
        typed_otherwise = {
            r[0]
            for r in con.execute(
                "SELECT record_id FROM records WHERE type IS NOT NULL AND type <> 'editorial' "
                "AND record_id IN (SELECT record_id FROM dedupe_norm)"
            ).fetchall()
            if r[0] not in report_role
        }
    # (A report is a companion by its kind, or by the link that made it one: a one-page
    # abstract of the article, earlier in the volume.)
    companion_reports = {r for r, role in report_role.items() if role == "companion"}
    editorials = (typed_editorial, typed_otherwise, companion_reports)
    groups, summary.refused_links = cluster(
        nodes,
        same,
        matches,
        apart,
        doi_of,
        links,
        slips,
        despite,
        (bare, companions, bare_vetoes),
        editorials,
        (
            set(report_role),
            {(a, b) for a, b, decision, _ in link_rows if decision == "notice"},
            set(bare_venue),
        ),
    )
    # Such a citation in one study with the publication its year keeps it from (not another bare
    # citation, nor a report) is a copy of the report.
    group_of = {r: n for n, group in enumerate(groups) for r in group}
    for a, b in bare_vetoes:
        if group_of.get(a) == group_of.get(b):
            for r, other in ((a, b), (b, a)):
                if r in bare and other not in bare and other not in companions and r not in report_role:
                    report_role[r] = "companion"
    # What a link's report is about is the study's publication where the study has no member
    # that is not a report: a dissertation with its entry in Dissertation Abstracts.
    reports = {report for _, _, _, report in link_rows}
    about = {b if report == a else a for a, b, _, report in link_rows} - reports
    for group in groups:
        if about.intersection(group) and all(r in report_role for r in group):
            for r in about.intersection(group):
                del report_role[r]
    # Nor is a bare citation of a report, thesis, preprint or abstract (Google Scholar's untyped
    # record, a screening tool's row: without DOI, volume or pages, and a venue only a
    # university's or the report's or thesis's own organisation's) its publication: where the
    # study has no other, the report represents it. (A journal's record under the venue an
    # abstract was printed in is that journal's item, not a citation of the abstract.)
    place_of = dict(
        con.execute(
            "SELECT record_id, journal FROM dedupe_norm WHERE kind IN ('report', 'thesis') AND journal <> ''"
        ).fetchall()
    )
    for group in groups:
        written = [r for r in group if report_role.get(r) == "companion" and kinds.get(r) in COMPANION_KINDS]
        if not written:
            continue
        places = [place_of[w] for w in written if w in place_of]
        if all(
            r in bare_venue and (r in bare or bare_venue[r] in places) for r in group if r not in report_role
        ):
            for r in written:
                del report_role[r]
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
    con.execute(
        "CREATE OR REPLACE TEMP TABLE new_members (record_id BIGINT, cluster_id BIGINT, role VARCHAR)"
    )
    appender = con.appender("new_members")
    appender.append_rows([(r, c, report_role.get(r, "duplicate")) for r, c in assignment.items()])
    appender.flush()
    con.execute("DELETE FROM cluster_members WHERE record_id NOT IN (SELECT record_id FROM new_members)")
    con.execute(
        "INSERT INTO cluster_members SELECT n.record_id, n.cluster_id, ?, n.role FROM new_members n "
        "ON CONFLICT (record_id) DO UPDATE SET cluster_id = excluded.cluster_id, role = excluded.role, "
        "joined_at = CASE WHEN cluster_members.cluster_id = excluded.cluster_id "
        "THEN cluster_members.joined_at ELSE excluded.joined_at END",
        [now],
    )
    refresh_representatives(con, now, retired)
    summary.retired_clusters = len(retired)
    summary.records = len(nodes)
    summary.clusters = len(groups)
    summary.duplicates = summary.records - summary.clusters
    summary.roles = dict(con.execute("SELECT role, count(*) FROM cluster_members GROUP BY role").fetchall())


def _review_budget(store: Store) -> None:
    """Keep the "maybe" list one a person can finish: the most likely pairs, at most 1 % of the
    records; the rest are decided as not the same (a missed duplicate costs a click, a false
    merge a study)."""
    con = store.con
    budget = max(1, int(_records(store) * REVIEW_SHARE))
    con.execute(
        "UPDATE dedupe_pairs SET decision = 'non-match', "
        "rule = 'beyond the review list (less likely than those kept)' "
        "WHERE (a, b) IN (SELECT (a, b) FROM (SELECT a, b, "
        "row_number() OVER (ORDER BY weight DESC, a, b) AS rank "
        "FROM dedupe_pairs p WHERE decision = 'maybe' AND NOT EXISTS "
        "(SELECT 1 FROM review_decisions d WHERE d.a = p.a AND d.b = p.b)) WHERE rank > ?)",
        [budget],
    )


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Objects that exist before the run (modules, imported records, caches) outlive it: they are
    kept out of the cyclic garbage collector's way while it runs. Each full collection walked all
    of them again, about a tenth of a small store's run; what the run itself makes is collected as
    usual, and the older objects go back to the collector afterwards. Where the process froze
    objects of its own, it is left as it is."""
    if gc.get_freeze_count():
        yield
        return
    gc.collect(1)  # the young garbage first: not kept until the run ends
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_dedupe(store: Store, model: Model | None = None) -> DedupeSummary:
    """Bring clusters up to date with the store; only new or changed records are compared.

    `model`, when given, is used (and kept) instead of one estimated from this store: to decide
    with weights learnt elsewhere (the benchmark's leave-one-field-out check)."""
    with _older_objects_frozen():
        return _run(store, model)


def _run(store: Store, model: Model | None) -> DedupeSummary:
    started = time.monotonic()
    summary = DedupeSummary()
    store.set_memory_limit(DEDUPE_MEMORY_MB)
    stages = summary.stage_seconds
    with store.transaction():
        summary.engine_upgraded = _upgrade_engine(store)
        summary.normalised = _normalise_stale(store)
        stages["normalise"] = time.monotonic() - started
        value_stats(store)
        given = model is not None
        if given:
            _set_meta(store, "model", model.to_json())
        else:
            model = _stored_model_in_date(store)
        if model is None or given:
            _decide_everything_again(store)
        if _has_fresh(store):
            _score_candidates(store, model, summary)
            _review_budget(store)
        stages["score, decide"] = time.monotonic() - started - sum(stages.values())
        # Decisions and the clusters made of them are stored together, or not at all.
        _cluster(store, summary)
    summary.seconds = time.monotonic() - started
    stages["cluster, ids, merge"] = summary.seconds - sum(stages.values())
    return summary


def stored_model(store: Store) -> Model:
    row = store.con.execute("SELECT value FROM dedupe_meta WHERE key = 'model'").fetchone()
    return Model.from_json(row[0]) if row else Model()


def compare(store: Store, a: int, b: int) -> tuple[Pairs, Evidence, Decisions, Model]:
    """One pair (a < b, both normalised) compared, weighed and decided as the last run would."""
    store.con.execute("CREATE OR REPLACE TEMP TABLE dedupe_one (a BIGINT, b BIGINT)")
    store.con.execute("INSERT INTO dedupe_one VALUES (?, ?)", [a, b])
    return judge(store, "dedupe_one")


def judge(
    store: Store, pairs_table: str, left: str = "dedupe_norm"
) -> tuple[Pairs, Evidence, Decisions, Model]:
    """The pairs in `pairs_table` (a, b) compared, weighed and decided as the last run would;
    the a side's fields from `left`, a table shaped like dedupe_norm (records from outside the
    store, such as a screening tool's rows, are judged against the store's this way)."""
    value_stats(store)
    model = stored_model(store)
    pairs = score(_pair_fields(store, pairs_table, left), frozenset(map(tuple, model.aliases)))
    evidence = weigh(model, pairs, family_counts(store))
    return pairs, evidence, decide(pairs, model, evidence), model


def _decide_everything_again(store: Store) -> None:
    """A new model: every pair is decided again (cluster ids stay where they were)."""
    store.con.execute("DELETE FROM dedupe_pairs")
    store.con.execute(
        "INSERT INTO dedupe_fresh SELECT record_id FROM dedupe_norm EXCEPT SELECT record_id FROM dedupe_fresh"
    )


def _has_fresh(store: Store) -> bool:
    return store.con.execute("SELECT count(*) FROM dedupe_fresh").fetchone()[0] > 0
