"""Files for the screening tools: the candidate corpus and the screened set, as CSV (a sheet, or
Rayyan's and Covidence's CSV import), RIS (Rayyan, Covidence, EndNote, Zotero) or ASReview LAB's
CSV with the decisions so far as prior labels (`included` 1 or 0), so that a second round of
screening, or the next stage, starts from the first one's decisions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from thresher import sql
from thresher.csv_out import atomic_file, write_csv
from thresher.screening.corpus import CANDIDATE_COLUMNS, candidates
from thresher.screening.decisions import SCREENED_COLUMNS, screened
from thresher.store import Store

FORMATS = ("csv", "ris", "asreview")
ASREVIEW_LABEL = {"include": 1, "exclude": 0}

RIS_TYPES = {
    "article": "JOUR",
    "review": "JOUR",
    "conference": "CPAPER",
    "conference-abstract": "ABST",
    "chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "thesis": "THES",
    "dataset": "DATA",
    "software": "COMP",
    "preprint": "UNPB",
    "erratum": "JOUR",
    "retraction": "JOUR",
    "concern": "JOUR",
    "letter": "JOUR",
    "editorial": "JOUR",
}


def format_for(out: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file name says (.ris, else CSV)."""
    if fmt:
        return fmt
    return "ris" if out.suffix.lower() in (".ris", ".txt") else "csv"


def _ris_value(value: object) -> str:
    # One line per tag: RIS has no way to continue a value, so line breaks become spaces.
    return " ".join(str(value).split())


def _ris_record(r: dict, notes: Iterable[str] = ()) -> str:
    lines = [f"TY  - {RIS_TYPES.get(r['type'] or '', 'GEN')}", f"ID  - cluster-{r['cluster_id']}"]
    if r["title"]:
        lines.append(f"TI  - {_ris_value(r['title'])}")
    for author in (r["authors"] or "").split("; "):
        if author.strip():
            lines.append(f"AU  - {_ris_value(author)}")
    for tag, name in (
        ("PY", "year"),
        ("T2", "journal"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("DO", "doi"),
        ("AB", "abstract"),
        ("LA", "language"),
        ("UR", "url"),
    ):
        if r[name] not in (None, ""):
            lines.append(f"{tag}  - {_ris_value(r[name])}")
    if r["pages"]:
        start, _, end = str(r["pages"]).partition("-")
        lines.append(f"SP  - {_ris_value(start)}")
        if end:
            lines.append(f"EP  - {_ris_value(end)}")
    for keyword in (r["keywords"] or "").split("; "):
        if keyword.strip():
            lines.append(f"KW  - {_ris_value(keyword)}")
    if r["retracted"]:
        lines.append(
            "N1  - RETRACTED: a retraction notice about this study, or its article marked retracted, "
            "is in the search results"
        )
    if r["notices"]:
        lines.append(f"N1  - Thresher notices about this study: {_ris_value(r['notices'])}")
    lines += [f"N1  - {_ris_value(note)}" for note in notes]
    lines.append(f"N1  - Thresher sources: {_ris_value(r['sources'])}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n\r\n"


def write_ris(out: Path, rows: list[dict], notes: dict[int, list[str]] | None = None) -> int:
    """RIS that Rayyan and Covidence read, and that Thresher's own RIS reader reads back; each
    record's ID is `cluster-N`, so a file that keeps it comes back to its study."""
    with atomic_file(out, newline="") as handle:
        for r in rows:
            handle.write(_ris_record(r, (notes or {}).get(r["cluster_id"], ())))
    return len(rows)


def _candidate_dicts(store: Store) -> list[dict]:
    return [dict(zip(CANDIDATE_COLUMNS, row, strict=True)) for row in candidates(store)]


def _standing(store: Store, stage: str) -> dict[int, tuple[str, str | None]]:
    """cluster -> (decision, reason) at this stage, as it stands now."""
    store.con.execute(sql.query("screening_status"))
    return {
        cluster_id: (decision, reason)
        for cluster_id, decision, reason in store.con.execute(
            "SELECT cluster_id, decision, reason FROM screening_status WHERE stage = ?", [stage]
        ).fetchall()
    }


def _write_asreview(
    out: Path, rows: list[dict], standing: dict[int, tuple[str, str | None]], excel_bom: bool = False
) -> int:
    header = (*CANDIDATE_COLUMNS, "included")
    return write_csv(
        out,
        header,
        (
            [
                *(r[c] for c in CANDIDATE_COLUMNS),
                ASREVIEW_LABEL.get(standing.get(r["cluster_id"], ("",))[0], ""),
            ]
            for r in rows
        ),
        excel_bom=excel_bom,
    )


def export_candidates(store: Store, out: Path, fmt: str = "csv", excel_bom: bool = False) -> int:
    """The latest candidate corpus. ASReview's form carries each study's title-abstract decision
    so far as its prior label (1 include, 0 exclude, empty not yet or undecided)."""
    if fmt == "ris":
        return write_ris(out, _candidate_dicts(store))
    if fmt == "asreview":
        return _write_asreview(out, _candidate_dicts(store), _standing(store, "title-abstract"), excel_bom)
    return write_csv(out, CANDIDATE_COLUMNS, candidates(store), excel_bom=excel_bom)


def export_candidates_csv(store: Store, out: Path, excel_bom: bool = False) -> int:
    return export_candidates(store, out, "csv", excel_bom)


def export_candidates_ris(store: Store, out: Path) -> int:
    return export_candidates(store, out, "ris")


def export_screened(
    store: Store,
    out: Path,
    decision: str | None = None,
    stage: str | None = None,
    excel_bom: bool = False,
    fmt: str = "csv",
) -> int:
    """The screened set. CSV: one row per study and stage, with its decision, reason, reviewers,
    conflict, labels and notes. RIS and ASReview: the studies of one stage (title-abstract unless
    said) with the whole record, for the next round in Rayyan, Covidence or ASReview; the
    decision goes with each (an N1 note; ASReview's prior label)."""
    if fmt == "csv":
        return write_csv(out, SCREENED_COLUMNS, screened(store, decision, stage), excel_bom=excel_bom)
    stage = stage or "title-abstract"
    chosen = screened(store, decision, stage)
    column = {name: i for i, name in enumerate(SCREENED_COLUMNS)}
    ids = {row[0] for row in chosen}
    store.con.execute(sql.query("cluster_text"))
    rows = [
        dict(zip(CANDIDATE_COLUMNS, row, strict=True))
        for row in store.con.execute(
            f"SELECT {', '.join(CANDIDATE_COLUMNS)} FROM cluster_text WHERE cluster_id IN "
            "(SELECT unnest(?::BIGINT[])) ORDER BY cluster_id",
            [sorted(ids)],
        ).fetchall()
    ]
    if fmt == "asreview":
        standing = {r[0]: (r[column["decision"]], r[column["reason"]]) for r in chosen}
        return _write_asreview(out, rows, standing, excel_bom)
    notes = {
        r[0]: [
            f"Thresher {stage}: {r[column['decision']]}"
            + (f" ({r[column['reviewer']]})" if r[column["reviewer"]] else "")
            + (f"; {r[column['reason']]}" if r[column["reason"]] else "")
        ]
        for r in chosen
    }
    return write_ris(out, rows, notes)
