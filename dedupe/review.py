"""What a person sees of deduplication: uncertain pairs out and verdicts in, one pair explained,
and the list of every source record with its cluster."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thresher import sql
from thresher.csv_out import write_csv
from thresher.dedupe.decide import ONLY_DOIS_DIFFER
from thresher.dedupe.engine import compare
from thresher.dedupe.model import explain_pair
from thresher.store import Store, utcnow
from thresher.tables import TableError, read_table

REVIEW_HEADER = (
    "pair",
    "decision",
    "rank",
    "evidence_bits",
    "title_similarity",
    "author_similarity",
    "source_1",
    "native_id_1",
    "source_2",
    "native_id_2",
    "title_1",
    "title_2",
    "year_1",
    "year_2",
    "first_author_1",
    "first_author_2",
    "journal_1",
    "journal_2",
    "pages_1",
    "pages_2",
    "doi_1",
    "doi_2",
)
SAME = {"same", "duplicate", "yes", "y", "1", "true", "match"}
DIFFERENT = {"different", "distinct", "no", "n", "0", "false", "not duplicate", "non-match"}


class ReviewError(Exception):
    """The review file cannot be used; nothing from it was applied."""


def resolve(store: Store, ident: str) -> int:
    """A record by its record id, or by 'source:native_id'."""
    if ident.isdigit():
        found = store.con.execute(
            "SELECT record_id FROM records WHERE record_id = ?", [int(ident)]
        ).fetchone()
    else:
        source, _, native = ident.partition(":")
        found = store.con.execute(
            "SELECT record_id FROM records WHERE source = ? AND native_id = ?", [source, native]
        ).fetchone()
    if not found:
        raise ReviewError(f"no record {ident!r} (give a record id or SOURCE:NATIVE_ID)")
    return found[0]


def export_review(store: Store, out: Path, excel_bom: bool = False) -> int:
    rows = store.con.execute(sql.query("review_pairs")).fetchall()
    return write_csv(
        out,
        REVIEW_HEADER,
        (
            (
                f"{r[0]}-{r[1]}",
                "",
                rank,
                round(r[20] or 0.0, 1),
                round(r[6], 3),
                round(r[7], 3),
                *r[2:6],
                *r[8:20],
            )
            for rank, r in enumerate(rows, start=1)
        ),
        excel_bom=excel_bom,
    )


@dataclass
class ReviewImport:
    applied: int = 0
    skipped_blank: int = 0
    problems: list[str] = field(default_factory=list)


def import_review(store: Store, path: Path, reviewer: str | None = None) -> ReviewImport:
    """Apply every row marked same/different; report each bad row with its line. The file may
    have been opened and saved in a spreadsheet (any encoding, delimiter, or Excel)."""
    result = ReviewImport()
    try:
        table = read_table(path)
        pair_column, decision_column = table.column("pair"), table.column("decision")
    except TableError as exc:
        raise ReviewError(str(exc)) from None
    if pair_column is None or decision_column is None:
        missing = [
            name for name, column in (("pair", pair_column), ("decision", decision_column)) if not column
        ]
        raise ReviewError(
            f"{path}: missing column(s) {', '.join(missing)}; use the file `thresher review export` wrote"
        )
    verdicts: dict[tuple[int, int], tuple[bool, int]] = {}
    for line, row in table.rows:
        verdict = (row.get(decision_column) or "").strip().lower()
        if not verdict:
            result.skipped_blank += 1
            continue
        try:
            a, b = (int(x) for x in (row.get(pair_column) or "").split("-"))
        except ValueError:
            result.problems.append(f"{path}:{line}: pair {row.get(pair_column)!r} is not 'A-B'")
            continue
        if verdict not in SAME | DIFFERENT:
            result.problems.append(f"{path}:{line}: decision {verdict!r}: write same or different")
            continue
        pair = (min(a, b), max(a, b))
        same = verdict in SAME
        if pair in verdicts and verdicts[pair][0] != same:
            result.problems.append(
                f"{path}:{line}: pair {a}-{b} is marked both same and different "
                f"(also line {verdicts[pair][1]})"
            )
            continue
        verdicts[pair] = (same, line)
    known = (
        {
            r[0]
            for r in store.con.execute(
                "SELECT record_id FROM records WHERE record_id IN (SELECT unnest(?))",
                [sorted({i for k in verdicts for i in k})],
            ).fetchall()
        }
        if verdicts
        else set()
    )
    good = []
    for (a, b), (same, line) in verdicts.items():
        if a not in known or b not in known:
            result.problems.append(f"{path}:{line}: pair {a}-{b} names a record not in this database")
            continue
        good.append((a, b, same, reviewer, utcnow()))
    with store.transaction():
        store.con.executemany(
            "INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE "
            "SET same = excluded.same, reviewer = excluded.reviewer, "
            "decided_at = excluded.decided_at",
            good,
        )
    result.applied = len(good)
    return result


def explain(store: Store, first: str, second: str) -> str:
    """Why two records are, or are not, in one cluster: the fields, each comparison's evidence
    in bits (the waterfall), and the rule that decided."""
    a, b = sorted((resolve(store, first), resolve(store, second)))
    if a == b:
        raise ReviewError("give two different records")
    con = store.con
    rows = con.execute(
        "SELECT record_id, source, native_id, title, authors, year, doi, container, volume, "
        "issue, pages, type, deleted FROM records WHERE record_id IN (?, ?) ORDER BY record_id",
        [a, b],
    ).fetchall()
    normalised = con.execute("SELECT count(*) FROM dedupe_norm WHERE record_id IN (?, ?)", [a, b]).fetchone()[
        0
    ]
    if normalised < 2:
        raise ReviewError("run `thresher dedupe` first: these records have not been compared yet")
    pairs, evidence, decided, model = compare(store, a, b)
    members = dict(
        con.execute(
            "SELECT record_id, cluster_id || ' (' || role || ')' FROM cluster_members "
            "WHERE record_id IN (?, ?)",
            [a, b],
        ).fetchall()
    )
    clusters = dict(
        con.execute(
            "SELECT record_id, cluster_id FROM cluster_members WHERE record_id IN (?, ?)", [a, b]
        ).fetchall()
    )
    human = con.execute(
        "SELECT same, reviewer, decided_at FROM review_decisions WHERE a = ? AND b = ?", [a, b]
    ).fetchone()
    stored = con.execute("SELECT decision, rule FROM dedupe_pairs WHERE a = ? AND b = ?", [a, b]).fetchone()
    lines = []
    for r in rows:
        lines.append(
            f"record {r[0]} ({r[1]}:{r[2]}){' [deleted]' if r[12] else ''}: cluster {members.get(r[0], '-')}"
        )
        lines.append(
            f"    {r[3]!r} | {r[5]} | {r[7]} {r[8] or ''}({r[9] or ''}) {r[10] or ''} | doi {r[6] or '-'}"
        )
    lines.append("normalised:")
    for name in ("doi", "title", "authors", "year", "start_page", "volume", "issue", "journal", "kind"):
        lines.append(f"    {name:<11} {pairs.x[name][0]!r:<45} {pairs.y[name][0]!r}")
    lines.append(
        f"similarity: title {pairs.title_sim[0]:.3f}, authors in common {pairs.author_overlap[0]:.0%} of the "
        f"shorter list ({', '.join(pairs.authors_matched[0]) or 'none'}); the title is on "
        f"{pairs.x['title_count'][0]} record(s)"
        + (", recurring in its venue" if pairs.x["recurring"][0] else "")
    )
    lines.append("evidence (bits for + or against one publication):")
    lines += explain_pair(model, pairs, evidence)
    report = f"; the report is record {decided.report[0]}" if decided.report[0] else ""
    lines.append(f"rules now: {decided.decision[0]} ({decided.rule[0]}){report}")
    lines.append(
        "last run: "
        + (f"{stored[0]} ({stored[1]})" if stored else "not compared (no blocking key in common)")
    )
    if human:
        lines.append(
            f"a person decided: {'same' if human[0] else 'different'}"
            f" ({human[1] or 'unnamed'}, {human[2]:%Y-%m-%d}); this overrides the rules"
        )
    same_cluster = clusters.get(a) is not None and clusters.get(a) == clusters.get(b)
    lines.append("verdict: " + ("in the same cluster" if same_cluster else "in different clusters"))
    if same_cluster and stored and stored[1] == ONLY_DOIS_DIFFER and not human:
        lines.append(
            "    (the two DOIs' difference is set aside: other copies under these two DOIs agree in "
            "title, authors, venue, volume, issue and first page, so one of the DOIs is wrong)"
        )
    return "\n".join(lines)


def export_clusters(store: Store, out: Path, excel_bom: bool = False) -> int:
    rows = store.con.execute(sql.query("export_clusters")).fetchall()
    return write_csv(
        out,
        (
            "source",
            "native_id",
            "cluster_id",
            "role",
            "record_id",
            "representative",
            "cluster_size",
            "title",
            "year",
            "doi",
            "first_author",
            "journal",
        ),
        rows,
        excel_bom=excel_bom,
    )
