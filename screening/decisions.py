"""Screening decisions in, from whichever tool made them (screening/decision_files.py reads
the file, screening/matching.py finds each row's study), and the screened set out.

One import is one batch: the decisions of every file imported together. The latest batch to
decide a study at a stage stands; reviewers in it who disagree make a conflict, kept as such
(sql/screening_status.sql). Nothing is overwritten: every decision stays, with its file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from thresher import sql
from thresher.csv_out import write_csv
from thresher.screening.decision_files import DecisionFileError, read_decision_file
from thresher.screening.matching import Matcher
from thresher.store import Store, utcnow


class ScreeningError(Exception):
    """The decisions file cannot be used at all; nothing was applied."""


@dataclass
class ScreeningImport:
    applied: int = 0  # decisions stored (one per reviewer and study)
    studies: int = 0  # studies decided
    blank: int = 0  # rows listed but not screened yet
    problems: list[str] = field(default_factory=list)  # rows not applied, each with its line and why
    conflicts: list[str] = field(default_factory=list)  # studies whose reviewers disagree
    tools: list[str] = field(default_factory=list)  # which tool wrote each file
    matched_by: Counter = field(default_factory=Counter)  # how rows found their study

    def lines(self) -> list[str]:
        how = ", ".join(f"{n} by {way}" for way, n in self.matched_by.most_common())
        out = [
            f"{_n(self.applied, 'decision')} recorded on {_n(self.studies, 'study', 'studies')}"
            + (f" (found {how})" if how else "")
            + f"; {_n(self.blank, 'row')} not screened yet; {_n(len(self.problems), 'row')} not applied"
        ]
        if self.conflicts:
            out.append(f"{_n(len(self.conflicts), 'conflict')} (shown as maybe until someone decides):")
            out += ["    " + c for c in self.conflicts]
        if self.problems:
            out.append("not applied:")
            out += ["    " + p for p in self.problems]
        return out


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def import_decisions(
    store: Store,
    paths: Path | list[Path],
    reviewer: str | None = None,
    stage: str = "title-abstract",
    decision: str | None = None,
) -> ScreeningImport:
    """Read each file (ASReview, Rayyan, Covidence with `decision`, or a sheet with a decision
    column), find each row's study and store every reviewer's decision as one batch. A row that
    cannot be read, finds no study or more than one, or contradicts itself is listed, not applied."""
    files = [paths] if isinstance(paths, Path) else list(paths)
    result = ScreeningImport()
    read = []
    for path in files:
        try:
            read.append(read_decision_file(path, decision, reviewer))
        except DecisionFileError as exc:
            raise ScreeningError(str(exc)) from None
    matcher = Matcher(store)
    votes: dict[tuple[int, str, str | None], tuple] = {}
    refused: set[tuple[int, str, str | None]] = set()
    for found_file in read:
        result.tools.append(f"{found_file.path.name}: {found_file.tool} {found_file.form}")
        result.problems += found_file.problems
        screened_rows = [r for r in found_file.rows if r.votes]
        result.blank += len(found_file.rows) - len(screened_rows)
        matches = matcher.match([(r.cluster_id, r.record) for r in screened_rows])
        for row, found in zip(screened_rows, matches, strict=True):
            where = found_file.where(row.line)
            if found.cluster_id is None:
                result.problems.append(f"{where}: {found.problem}; not applied")
                continue
            result.matched_by[found.how.split(" (")[0]] += 1
            row_stage = row.stage or stage
            for vote in row.votes:
                slot = (found.cluster_id, row_stage, vote.reviewer)
                if slot in refused:
                    continue
                if slot in votes:
                    earlier = votes[slot]
                    if earlier[0].decision != vote.decision:
                        who = f" by {vote.reviewer}" if vote.reviewer else ""
                        result.problems.append(
                            f"{where}: study {found.cluster_id} is given '{vote.decision}'{who} here and "
                            f"'{earlier[0].decision}' at {earlier[1]}; neither was applied"
                        )
                        refused.add(slot)
                        del votes[slot]
                    continue
                votes[slot] = (vote, where, row, found_file, found.how)
    now = utcnow()
    with store.transaction():
        batch = store.con.execute("SELECT nextval('decision_id_seq')").fetchone()[0]
        rows = [
            (
                cluster_id,
                row_stage,
                vote.decision,
                vote.reason,
                vote.reviewer,
                now,
                found_file.path.name,
                row.line,
                batch,
                found_file.tool,
                row.labels,
                vote.note,
                how,
            )
            for (cluster_id, row_stage, _), (vote, _, row, found_file, how) in votes.items()
        ]
        for chunk in range(0, len(rows), 500):
            part = rows[chunk : chunk + 500]
            store.con.execute(
                "INSERT INTO screening_decisions (decision_id, cluster_id, stage, decision, reason, "
                "reviewer, decided_at, file_name, line, batch, tool, labels, note, matched_by) VALUES "
                + ", ".join(
                    ["(nextval('decision_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(part)
                ),
                [v for r in part for v in r],
            )
    result.applied = len(rows)
    result.studies = len({(r[0], r[1]) for r in rows})
    store.con.execute(sql.query("screening_status"))
    result.conflicts = [
        f"study {cluster_id} ({stage_}): {reason.removeprefix('conflict: ')}"
        for cluster_id, stage_, reason in store.con.execute(
            "SELECT cluster_id, stage, reason FROM screening_status WHERE batch = ? AND conflict "
            "ORDER BY cluster_id, stage",
            [batch],
        ).fetchall()
    ]
    return result


SCREENED_COLUMNS = (
    "cluster_id",
    "stage",
    "decision",
    "reason",
    "reviewer",
    "decided_at",
    "new_records_since_decision",
    "conflict",
    "labels",
    "note",
    "tool",
    "title",
    "authors",
    "year",
    "doi",
    "journal",
    "sources",
)


def screened(store: Store, decision: str | None = None, stage: str | None = None) -> list[tuple]:
    """Each study's standing per stage (the latest batch that decided it), with the study."""
    store.con.execute(sql.query("cluster_text"))
    store.con.execute(sql.query("screening_status"))
    return store.con.execute(sql.query("screened"), [stage, decision]).fetchall()


def export_screened(
    store: Store, out: Path, decision: str | None = None, stage: str | None = None, excel_bom: bool = False
) -> int:
    return write_csv(out, SCREENED_COLUMNS, screened(store, decision, stage), excel_bom=excel_bom)


def flagged(store: Store) -> list[tuple]:
    """Screened clusters that gained a record after their latest decision."""
    return [r for r in screened(store) if r[6]]
