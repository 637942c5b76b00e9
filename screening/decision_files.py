"""Screening decisions as the tools export them, read from the file's content (no flags needed):

- ASReview LAB 3 (CSV, TSV, Excel: `asreview_label` 1, 0 or empty, `asreview_note`,
  `asreview_user_name`, `asreview_tag_*`; RIS: an `N1  - ASReview_relevant` note, the other
  values as `N1  - asreview_note: "..."`), and the older `included` / `label_included` columns;
- Rayyan (CSV `notes` column or RIS `N1`): `RAYYAN-INCLUSION: {"Ana"=>"Included", "Ben"=>
  "Excluded"} | RAYYAN-LABELS: ... | RAYYAN-EXCLUSION-REASONS: ... | USER-NOTES: {...}`, one
  decision per reviewer;
- Covidence (CSV with `Covidence #`, or RIS): the studies of one stage and decision, with no
  decision in the file; the caller says which (`--decision`);
- any table with a `decision` column (and optionally `reviewer`, `reason`, `stage`, `note`).

Every row keeps the line it came from and what identifies its study (screening/matching.py
finds the study). Tables are read by thresher/tables.py, the one reader for decision sheets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from thresher.harvesters.csv_table import resolve_columns, row_to_record
from thresher.harvesters.files import ImportFileError, Reject
from thresher.harvesters.ris import ris_entries, tags_to_record
from thresher.records import Record
from thresher.tables import Table, TableError, decode_text, detect_encoding, key, read_bytes, read_table

STAGES = {
    "title-abstract": "title-abstract",
    "titleabstract": "title-abstract",
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
    "relevant": "include",
    "yes": "include",
    "y": "include",
    "true": "include",
    "1": "include",
    "exclude": "exclude",
    "excluded": "exclude",
    "irrelevant": "exclude",
    "no": "exclude",
    "n": "exclude",
    "false": "exclude",
    "0": "exclude",
    "maybe": "maybe",
    "unsure": "maybe",
    "undecided": "maybe",
}
# Values that mean "not screened yet" (ASReview's unlabelled records; -1 in its older exports).
NOT_SCREENED = {"", "-1", "-1.0", "nan", "none", "not seen", "not_seen", "unlabeled", "unlabelled"}

# Columns that carry a decision in a plain table, best first. ASReview LAB 1-2 wrote `included`.
DECISION_COLUMNS = ("decision", "included", "label_included", "final_included", "included_label")
REASON_COLUMNS = ("reason", "exclusion_reason", "exclusion reasons", "reasons")
NOTE_COLUMNS = ("note", "notes", "comment", "comments")


class DecisionFileError(Exception):
    """The file cannot be used at all; nothing from it was applied."""


@dataclass
class Vote:
    """One reviewer's decision on one row's study."""

    decision: str  # include, exclude, maybe
    reviewer: str | None = None
    reason: str | None = None
    note: str | None = None


@dataclass
class DecisionRow:
    line: int
    votes: list[Vote]  # none: listed in the file but not screened yet
    cluster_id: str | None  # our id, when the tool kept it
    record: Record | None  # the bibliographic fields, to find the study when it did not
    stage: str | None = None
    labels: str | None = None


@dataclass
class DecisionFile:
    path: Path
    tool: str  # asreview, rayyan, covidence, table (a sheet with a decision column), file
    form: str  # csv, tsv, excel, ris
    rows: list[DecisionRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows that could not be read, with their line

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"


def _decision(value: str) -> str | None:
    text = " ".join(value.strip().lower().split())
    if text.endswith(".0"):
        text = text[:-2]  # 1.0 from a spreadsheet or pandas
    return DECISIONS.get(text)


def read_decision_file(path: Path, decision: str | None = None, reviewer: str | None = None) -> DecisionFile:
    """Every row of a decisions file, whichever tool wrote it. `decision` is for a file that is
    one decision (a Covidence export); `reviewer` names whoever decided when the file does not."""
    head = read_bytes(path, DecisionFileError, limit=65536)
    text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
    if re.search(r"^TY {1,2}- ", text, re.MULTILINE) and not head.startswith(b"PK\x03\x04"):
        # The encoding from the whole file: a Windows byte far down must not become "?".
        _, encoding = decode_text(read_bytes(path, DecisionFileError))
        found = _read_ris(path, encoding, decision, reviewer)
    else:
        try:
            found = _read_table(read_table(path), decision, reviewer)
        except TableError as exc:
            raise DecisionFileError(str(exc)) from None
    if not found.rows and not found.problems:
        raise DecisionFileError(f"{path}: no records in the file")
    return found


# ---- RIS -----------------------------------------------------------------------------------------

_ASREVIEW_NOTE = re.compile(r"^(asreview_[a-z_]+):\s*(.*)$", re.IGNORECASE)
_ASREVIEW_LABEL = {
    "asreview_relevant": "include",
    "asreview_irrelevant": "exclude",
    "asreview_not_seen": None,
}
_NUMBERING = re.compile(r"^\s*\d+\.\s*$")  # ASReview numbers its RIS records ("1.")


def _read_ris(path: Path, encoding: str, decision: str | None, reviewer: str | None) -> DecisionFile:
    entries = []
    problems = []
    for entry in ris_entries(path, encoding):
        if isinstance(entry, Reject):
            if not _NUMBERING.match(entry.raw or ""):
                problems.append(f"{path}:{entry.line}: {entry.reason}")
            continue
        if not entry.ended:
            problems.append(f"{path}:{entry.line}: the record has no end tag (ER  - ); not applied")
            continue
        entries.append(entry)
    notes = [" ".join(n.split()) for e in entries for n in e.tags.get("N1", [])]
    if any(n.lower() in _ASREVIEW_LABEL for n in notes):
        tool = "asreview"
    elif any("RAYYAN-INCLUSION" in n or "RAYYAN-LABELS" in n for n in notes):
        tool = "rayyan"
    else:
        tool = "covidence" if decision else "file"
    found = DecisionFile(path, tool, "ris", problems=problems)
    _refuse_flag_with_own_decisions(found, decision)
    if tool == "file":
        raise DecisionFileError(
            f"{path}: a RIS file without decisions (no ASReview label, no Rayyan inclusion note). "
            "If it is a Covidence export (the studies of one decision), say which: "
            "--decision include|exclude, and --stage"
        )
    for position, entry in enumerate(entries, start=1):
        record = _ris_record(entry.tags, path, position)
        own_id = (entry.tags.get("ID") or [""])[0].strip()
        cluster_id = own_id.removeprefix("cluster-") if own_id.startswith("cluster-") else None
        entry_notes = [" ".join(n.split()) for n in entry.tags.get("N1", [])]
        row = DecisionRow(entry.line, [], cluster_id, record)
        try:
            if tool == "asreview":
                _asreview_ris(row, entry_notes, reviewer)
            elif tool == "rayyan":
                _rayyan(row, " | ".join(entry_notes), reviewer)
            else:
                row.votes.append(Vote(decision, reviewer))
        except ValueError as exc:
            found.problems.append(f"{path}:{entry.line}: {exc}; record not applied")
            continue
        found.rows.append(row)
    return found


def _ris_record(tags: dict[str, list[str]], path: Path, position: int) -> Record | None:
    # The notes are the tool's (a reviewer's "duplicate of doi:..."), never the record's DOI.
    bibliographic = {tag: values for tag, values in tags.items() if tag != "N1"}
    try:
        return tags_to_record(bibliographic, f"{path.name}#{position}", "screening", path.name, "")
    except Exception:  # noqa: BLE001 - a row we cannot map is matched by its id alone
        return None


def _asreview_ris(row: DecisionRow, notes: list[str], reviewer: str | None) -> None:
    values: dict[str, str] = {}
    label = None
    for note in notes:
        if note.lower() in _ASREVIEW_LABEL:
            label = _ASREVIEW_LABEL[note.lower()]
        elif match := _ASREVIEW_NOTE.match(note):
            raw = match.group(2).strip()
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
            values[match.group(1).lower()] = "" if value is None else str(value)
    _asreview_row(row, label, values, reviewer)


def _asreview_row(row: DecisionRow, label: str | None, values: dict[str, str], reviewer: str | None) -> None:
    tags = [
        name.removeprefix("asreview_tag_").replace("_", " ")
        for name, value in values.items()
        if name.startswith("asreview_tag_") and _decision(value) == "include"
    ]
    row.labels = "; ".join(tags) or None
    if label is None:
        return
    note = values.get("asreview_note", "").strip() or None
    who = (
        values.get("asreview_user_name", "").strip()
        or values.get("asreview_user_email", "").strip()
        or reviewer
    )
    row.votes.append(Vote(label, who, reason=note))


# ---- Rayyan --------------------------------------------------------------------------------------

_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_RAYYAN_VOTE = re.compile(_QUOTED + r"\s*=>\s*" + _QUOTED)
_RAYYAN_NOTES = re.compile(_QUOTED + r"\s*=>\s*\[(.*?)\]", re.DOTALL)
_RAYYAN_PART = re.compile(
    r"(RAYYAN-INCLUSION|RAYYAN-LABELS|RAYYAN-EXCLUSION-REASONS|USER-NOTES):\s*(.*?)"
    r"(?=\s*\|\s*(?:RAYYAN-INCLUSION|RAYYAN-LABELS|RAYYAN-EXCLUSION-REASONS|USER-NOTES):|\s*$)",
    re.DOTALL,
)
_RAYYAN_DECISIONS = {"included": "include", "excluded": "exclude", "maybe": "maybe"}
_RAYYAN_UNDECIDED = {"undecided", "", "none", "nil"}  # a reviewer who has not decided: no vote
EXCLUSION_LABEL = "__EXR__"  # Rayyan's older exports put exclusion reasons among the labels


def _unquote(text: str) -> str:
    text = text.replace("\\n", " ").replace("\\t", " ")  # Ruby's escapes for a line break and a tab
    return re.sub(r"\\(.)", r"\1", text).strip()


def _rayyan(row: DecisionRow, notes: str, reviewer: str | None) -> None:
    parts = {name: value.strip() for name, value in _RAYYAN_PART.findall(notes)}
    labels, reasons = [], []
    for label in (x.strip() for x in parts.get("RAYYAN-LABELS", "").split(",")):
        if label.startswith(EXCLUSION_LABEL):
            reasons.append(label.removeprefix(EXCLUSION_LABEL).strip())
        elif label:
            labels.append(label)
    reasons += [r.strip() for r in parts.get("RAYYAN-EXCLUSION-REASONS", "").split(",") if r.strip()]
    row.labels = "; ".join(dict.fromkeys(labels)) or None
    reason = "; ".join(dict.fromkeys(reasons)) or None
    user_notes = {
        _unquote(name): "; ".join(_unquote(n) for n in re.findall(_QUOTED, body))
        for name, body in _RAYYAN_NOTES.findall(parts.get("USER-NOTES", ""))
    }
    inclusion = parts.get("RAYYAN-INCLUSION", "")
    votes = _RAYYAN_VOTE.findall(inclusion)
    if inclusion.strip("{} ") and not votes:
        raise ValueError(
            f'cannot read Rayyan\'s inclusion note {inclusion[:80]!r} (expected {{"Name"=>"Included"}})'
        )
    for name, value in votes:
        who = _unquote(name) or reviewer
        if _unquote(value).lower() in _RAYYAN_UNDECIDED:
            continue
        decision = _RAYYAN_DECISIONS.get(_unquote(value).lower())
        if decision is None:
            raise ValueError(
                f"Rayyan decision {_unquote(value)!r} of {who} (expected Included, Excluded, Maybe)"
            )
        row.votes.append(
            Vote(
                decision,
                who,
                reason if decision == "exclude" else None,
                user_notes.get(_unquote(name)) or None,
            )
        )


# ---- tables --------------------------------------------------------------------------------------


def _refuse_flag_with_own_decisions(found: DecisionFile, decision: str | None) -> None:
    if decision and found.tool in ("asreview", "rayyan", "table"):
        raise DecisionFileError(
            f"{found.path}: this {found.tool if found.tool != 'table' else 'sheet'} carries its own "
            "decisions; --decision is for a file that is one decision (a Covidence export). "
            "Run it again without --decision"
        )


def _read_table(table: Table, decision: str | None, reviewer: str | None) -> DecisionFile:
    path = table.path
    label_column = table.column("asreview_label")
    notes_column = table.column("notes")
    key_column = table.column("key")
    rayyan = notes_column is not None and (
        any("RAYYAN-" in cells.get(notes_column, "") for _, cells in table.rows)
        or (
            key_column is not None and any(c.get(key_column, "").startswith("rayyan-") for _, c in table.rows)
        )
    )
    decision_column = table.column(*DECISION_COLUMNS)
    if label_column:
        tool = "asreview"
    elif rayyan:
        tool = "rayyan"
    elif decision_column:
        tool = "table"
    elif table.column("covidence #", "covidence"):
        tool = "covidence"
    else:
        tool = "file"
    found = DecisionFile(path, tool, table.kind)
    _refuse_flag_with_own_decisions(found, decision)
    if tool in ("covidence", "file") and not decision:
        what = "a Covidence export (the studies of one decision)" if tool == "covidence" else "this file"
        raise DecisionFileError(
            f"{path}: no decision column (looked for {', '.join(repr(c) for c in DECISION_COLUMNS)}, "
            f"'asreview_label', Rayyan's notes); columns are: {', '.join(table.header)}. "
            f"If {what} is one decision, say which: --decision include|exclude, and --stage"
        )
    try:
        columns, _ = resolve_columns(table.header, None)
    except ImportFileError:
        columns = {}  # no title column: rows are found by cluster_id or DOI alone
    doi_column = table.column("doi")
    cluster_column = table.column("cluster_id")
    id_column = table.column("id")
    stage_column = table.column("stage")
    reviewer_column = table.column("reviewer", "reviewer_name", "screener", "user")
    reason_column = table.column(*REASON_COLUMNS)
    note_column = table.column(*NOTE_COLUMNS)
    tag_columns = [h for h in table.header if key(h).startswith("asreviewtag")]
    for position, (line, cells) in enumerate(table.rows, start=1):
        values = [cells.get(h, "") for h in table.header]
        record = None
        if columns:
            try:
                record = row_to_record(values, columns, "screening", path.name, f"{path.name}#{position}", "")
            except Exception:  # noqa: BLE001 - found by its id alone
                record = None
        elif doi_column:
            record = Record("screening", f"{path.name}#{position}", doi=cells.get(doi_column) or None)
        cluster_id = (cells.get(cluster_column, "") if cluster_column else "").strip() or None
        if cluster_id is None and id_column and cells.get(id_column, "").strip().startswith("cluster-"):
            cluster_id = cells[id_column].strip().removeprefix("cluster-")
        row = DecisionRow(line, [], cluster_id, record)
        if stage_column and (value := cells.get(stage_column, "").strip()):
            row.stage = STAGES.get(key_stage(value))
            if row.stage is None:
                found.problems.append(
                    f"{path}:{line}: stage {value!r}: use title-abstract or full-text; row not applied"
                )
                continue
        try:
            if tool == "asreview":
                label_text = cells.get(label_column, "")
                label = None if label_text.strip().lower() in NOT_SCREENED else _decision(label_text)
                if label_text.strip().lower() not in NOT_SCREENED and label is None:
                    raise ValueError(f"ASReview label {label_text!r} (expected 1, 0 or empty)")
                values_by_name = {
                    key_name: cells.get(h, "")
                    for h in table.header
                    if (key_name := h.strip().lower()).startswith("asreview_")
                }
                values_by_name.update({h.strip().lower(): cells.get(h, "") for h in tag_columns})
                _asreview_row(row, label, values_by_name, reviewer)
            elif tool == "rayyan":
                _rayyan(row, cells.get(notes_column, ""), reviewer)
            elif tool == "table":
                _table_row(row, cells, decision_column, reviewer_column, reason_column, note_column, reviewer)
            else:
                row.votes.append(Vote(decision, reviewer))
        except ValueError as exc:
            found.problems.append(f"{path}:{line}: {exc}; row not applied")
            continue
        found.rows.append(row)
    return found


def key_stage(value: str) -> str:
    text = value.strip().lower().replace(" ", "")
    return text if text in STAGES else text.replace("/", "").replace("-", "")


def _table_row(
    row: DecisionRow,
    cells: dict[str, str],
    decision_column: str,
    reviewer_column: str | None,
    reason_column: str | None,
    note_column: str | None,
    reviewer: str | None,
) -> None:
    text = cells.get(decision_column, "")
    if text.strip().lower() in NOT_SCREENED:
        return
    decision = _decision(text)
    if decision is None:
        raise ValueError(f"decision {text.strip()!r}: use include, exclude or maybe (or 1/0)")
    who = (cells.get(reviewer_column, "") if reviewer_column else "").strip() or reviewer
    reason = (cells.get(reason_column, "") if reason_column else "").strip() or None
    note = (cells.get(note_column, "") if note_column else "").strip() or None
    row.votes.append(Vote(decision, who, reason, note))
