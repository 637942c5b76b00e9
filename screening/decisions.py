"""Screening decisions in (ASReview, Rayyan-style or generic CSV) and screened sets out."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from thresher import sql
from thresher.csv_out import write_csv
from thresher.identifiers import normalise_doi
from thresher.store import Store, utcnow

STAGES = {
    "title-abstract": "title-abstract",
    "ta": "title-abstract",
    "tiab": "title-abstract",
    "title/abstract": "title-abstract",
    "screening": "title-abstract",
    "full-text": "full-text",
    "fulltext": "full-text",
    "ft": "full-text",
    "eligibility": "full-text",
}
DECISIONS = {
    "include": "include",
    "included": "include",
    "yes": "include",
    "1": "include",
    "exclude": "exclude",
    "excluded": "exclude",
    "no": "exclude",
    "0": "exclude",
    "maybe": "maybe",
    "unsure": "maybe",
    "conflict": "maybe",
}


class ScreeningError(Exception):
    """The decisions file cannot be used at all; nothing was applied."""


@dataclass
class ScreeningImport:
    applied: int = 0
    blank: int = 0
    problems: list[str] = field(default_factory=list)


def _lookup(store: Store) -> tuple[set[int], dict[str, int], dict[str, int], dict[int, int]]:
    con = store.con
    con.execute(sql.query("cluster_text"))
    live = {r[0] for r in con.execute("SELECT cluster_id FROM cluster_text").fetchall()}
    by_doi: dict[str, int] = {}
    for cluster_id, doi in con.execute(
        "SELECT m.cluster_id, r.doi FROM records r JOIN cluster_members m USING (record_id) "
        "WHERE r.doi IS NOT NULL AND NOT r.deleted"
    ).fetchall():
        by_doi.setdefault(doi, cluster_id)
    by_title: dict[str, int] = {}
    for cluster_id, title in con.execute(
        "SELECT cluster_id, title FROM cluster_text WHERE title IS NOT NULL"
    ).fetchall():
        by_title.setdefault(" ".join(title.lower().split()), cluster_id)
    merged = dict(
        con.execute("SELECT cluster_id, merged_into FROM clusters WHERE merged_into IS NOT NULL").fetchall()
    )
    return live, by_doi, by_title, merged


def import_decisions(
    store: Store, path: Path, reviewer: str | None = None, stage: str = "title-abstract"
) -> ScreeningImport:
    result = ScreeningImport()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        header_line = handle.readline()
        handle.seek(0)
    except OSError as exc:
        raise ScreeningError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ScreeningError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    live, by_doi, by_title, merged = _lookup(store)
    rows_out: list[tuple] = []
    seen: dict[tuple[int, str], tuple[str, int]] = {}
    with handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        columns = {c.strip().lower(): c for c in reader.fieldnames or []}
        decision_column = columns.get("decision") or columns.get("included") or columns.get("label_included")
        id_columns = [columns[c] for c in ("cluster_id", "doi", "title") if c in columns]
        if decision_column is None:
            raise ScreeningError(
                f"{path}: no decision column (looked for 'decision', "
                f"'included'); columns are: {', '.join(reader.fieldnames or [])}"
            )
        if not id_columns:
            raise ScreeningError(f"{path}: no column to find the study by (cluster_id, doi or title)")
        for row in reader:
            line = reader.line_num
            raw_decision = (row.get(decision_column) or "").strip().lower()
            if not raw_decision:
                result.blank += 1
                continue
            decision = DECISIONS.get(raw_decision)
            if decision is None:
                result.problems.append(
                    f"{path}:{line}: decision {raw_decision!r}: use include, exclude or maybe (or 1/0)"
                )
                continue
            cluster_id = None
            if "cluster_id" in columns and (value := (row.get(columns["cluster_id"]) or "").strip()):
                if not value.isdigit():
                    result.problems.append(f"{path}:{line}: cluster_id {value!r} is not a number")
                    continue
                cluster_id = int(value)
                while cluster_id in merged and cluster_id not in live:
                    cluster_id = merged[cluster_id]  # a cluster merged since: follow it
            elif "doi" in columns and (doi := normalise_doi(row.get(columns["doi"]))):
                cluster_id = by_doi.get(doi)
            elif "title" in columns and (title := (row.get(columns["title"]) or "").strip()):
                cluster_id = by_title.get(" ".join(title.lower().split()))
            if cluster_id is None or cluster_id not in live:
                result.problems.append(f"{path}:{line}: no study in the store matches this row")
                continue
            row_stage = STAGES.get((row.get(columns.get("stage", "")) or "").strip().lower(), stage)
            key = (cluster_id, row_stage)
            if key in seen and seen[key][0] != decision:
                result.problems.append(
                    f"{path}:{line}: cluster {cluster_id} is given "
                    f"'{decision}' here and '{seen[key][0]}' at line "
                    f"{seen[key][1]}; neither row was applied"
                )
                rows_out = [r for r in rows_out if (r[0], r[1]) != key]
                seen[key] = ("conflict", line)
                continue
            if key in seen:
                continue
            seen[key] = (decision, line)
            reason = (
                row.get(columns.get("reason", "")) or row.get(columns.get("exclusion_reason", "")) or ""
            ).strip() or None
            who = (row.get(columns.get("reviewer", "")) or "").strip() or reviewer
            rows_out.append((cluster_id, row_stage, decision, reason, who, line))
    rows_out = [r for r in rows_out if seen[(r[0], r[1])][0] != "conflict"]
    now = utcnow()
    with store.transaction():
        for cluster_id, row_stage, decision, reason, who, line in rows_out:
            store.con.execute(
                "INSERT INTO screening_decisions VALUES (nextval('decision_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
                [cluster_id, row_stage, decision, reason, who, now, path.name, line],
            )
    result.applied = len(rows_out)
    return result


SCREENED_COLUMNS = (
    "cluster_id",
    "stage",
    "decision",
    "reason",
    "reviewer",
    "decided_at",
    "new_records_since_decision",
    "title",
    "authors",
    "year",
    "doi",
    "journal",
    "sources",
)


def screened(store: Store, decision: str | None = None, stage: str | None = None) -> list[tuple]:
    store.con.execute(sql.query("cluster_text"))
    return store.con.execute(sql.query("screened"), [stage, decision]).fetchall()


def export_screened(
    store: Store, out: Path, decision: str | None = None, stage: str | None = None, excel_bom: bool = False
) -> int:
    return write_csv(out, SCREENED_COLUMNS, screened(store, decision, stage), excel_bom=excel_bom)


def flagged(store: Store) -> list[tuple]:
    """Screened clusters that gained a record after their latest decision."""
    return [r for r in screened(store) if r[6]]
