"""Importing export files (BibTeX, RIS, EndNote XML, CSV) into the store: one batch per file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from thresher.harvesters.bibtex import read_bibtex
from thresher.harvesters.csv_table import read_csv
from thresher.harvesters.endnote_xml import read_endnote_xml
from thresher.harvesters.files import (
    FORMATS,
    ImportFileError,
    Reject,
    confirmed_encoding,
    scan_file,
    sniff,
)
from thresher.harvesters.ris import read_ris
from thresher.progress import Progress
from thresher.records import MADE_IDS, Record
from thresher.store import PageCounts, RunTotals, Store

WRITE_EVERY = 2000
SHOW_CHANGED = 20
SHOW_REJECTS = 10
IMPORT_MEMORY_MB = 256


@dataclass
class FileSummary:
    path: Path
    format: str | None = None
    encoding: str | None = None
    status: str = "ok"  # ok, unchanged-file, failed
    entries: int = 0
    counts: PageCounts = field(default_factory=PageCounts)
    changed: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rejected: int = 0
    renamed: int = 0  # records an earlier version named by their place in the file, given new ids
    error: str | None = None
    note: str | None = None
    seconds: float = 0.0

    def lines(self) -> list[str]:
        c = self.counts
        if self.status == "failed":
            return [f"not imported: {self.error}"]
        head = (
            f"{self.path.name} ({self.format}, {self.encoding}): {self.entries} entries: "
            f"{c.new} new, {c.updated} updated, {c.unchanged} unchanged, "
            f"{self.rejected} rejected ({self.seconds:.1f} s)"
        )
        out = [head]
        if self.note:
            out.append(f"    {self.note}")
        if self.changed:
            shown = ", ".join(self.changed[:SHOW_CHANGED])
            more = f" and {len(self.changed) - SHOW_CHANGED} more" if len(self.changed) > SHOW_CHANGED else ""
            out.append(f"    changed: {shown}{more}")
        for reject in self.rejects[:SHOW_REJECTS]:
            where = f"{self.path}:{reject.line}" if reject.line else str(self.path)
            out.append(f"    rejected {where}: {reject.error}")
        if self.rejected > SHOW_REJECTS:
            out.append(
                f"    ... and {self.rejected - SHOW_REJECTS} more rejects "
                "(all are kept in the rejects table with their raw text)"
            )
        return out


def read_entries(
    path: Path, fmt: str, encoding: str, source: str, id_column: str | None
) -> Iterator[Record | Reject]:
    if fmt == "bibtex":
        return read_bibtex(path, source, encoding)
    if fmt == "ris":
        return read_ris(path, source, encoding)
    if fmt == "endnote-xml":
        return read_endnote_xml(path, source)  # XML declares its own encoding
    return read_csv(path, source, encoding, id_column=id_column)


def import_file(
    store: Store,
    run_id: int,
    path: Path,
    source: str,
    fmt: str = "auto",
    id_column: str | None = None,
    progress: Progress | None = None,
    taken: dict[str, str] | None = None,
) -> FileSummary:
    """Import one file as one batch; never raises for a bad file (the summary says why).

    `taken` maps native ids already read in this run to their file: the same id in two files
    of one import would make one overwrite the other, so the second is rejected instead.
    """
    taken = {} if taken is None else taken
    # Records stream through: DuckDB's cache need not hold the whole file (memory stays flat).
    store.set_memory_limit(IMPORT_MEMORY_MB)
    started = time.monotonic()
    summary = FileSummary(path)
    try:
        detected, encoding = sniff(path)
        if fmt != "auto" and fmt != detected:
            summary.note = f"read as {fmt} as asked, though its content looks like {detected}"
        summary.format = detected if fmt == "auto" else fmt
        if id_column and summary.format != "csv":
            raise ImportFileError("--id-column applies to CSV files only")
        scan = scan_file(path)  # size, hash and encoding check in one read
        summary.encoding = confirmed_encoding(encoding, scan)
        size, sha256 = scan.size, scan.sha256
    except ImportFileError as exc:
        summary.status, summary.error = "failed", str(exc)
        return summary
    previous = store.previous_import(source, sha256)
    # The same bytes imported before this version named records without an id of their own by
    # their place in the file: those records take their new ids (matched by title and year, one
    # record each), and keep their rows, clusters and decisions.
    positional = store.positional_ids(source) if previous else {}
    renames: list[tuple[str, str]] = []
    batch_id = store.begin_batch(run_id, source, path, size, sha256, summary.format, summary.encoding)
    records: list[Record] = []
    rejects: list[tuple] = []

    def write() -> None:
        if renames:
            summary.renamed += store.rename_records(source, renames)
            renames.clear()
        summary.counts.add(store.write_records(records, run_id, changed=summary.changed, rejects=rejects))
        records.clear()
        rejects.clear()

    try:
        for item in read_entries(path, summary.format, summary.encoding, source, id_column):
            summary.entries += 1
            # An id made from what the record says, already read from another file of this import,
            # is the same record in both (overlapping parts of one search): stored once, whatever
            # the order of the files.
            if (
                isinstance(item, Record)
                and not item.native_id.startswith(MADE_IDS)
                and taken.get(item.native_id, path.name) != path.name
            ):
                item = Reject(
                    None,
                    f"id {item.native_id!r} was already read from "
                    f"{taken[item.native_id]} in this import; import the two files "
                    "under separate --source names",
                    item.raw,
                    item.native_id,
                )
            if isinstance(item, Reject):
                summary.rejected += 1
                if len(summary.rejects) < SHOW_REJECTS:
                    summary.rejects.append(item)
                rejects.append((batch_id, source, path.name, item.line, item.native_id, item.error, item.raw))
            else:
                taken[item.native_id] = path.name
                records.append(item)
                old = positional.get((item.title, item.year))
                if old and len(old) == 1 and item.native_id.startswith(MADE_IDS):
                    renames.append((old.pop(), item.native_id))
            if len(records) >= WRITE_EVERY or len(rejects) >= WRITE_EVERY:
                write()
                if progress:
                    progress.update(str(path), f"{path.name}: {summary.entries:,} entries")
        write()
    except ImportFileError as exc:
        summary.status, summary.error = "failed", str(exc)
    finally:
        summary.seconds = time.monotonic() - started
        if progress:
            progress.done()
    if summary.status != "failed" and summary.entries == summary.rejected:
        summary.status = "failed"
        summary.error = (
            f"no entry could be read ({summary.rejected} rejected; first: "
            + (summary.rejects[0].error if summary.rejects else "none found")
            + ")"
        )
    if summary.status == "ok" and previous and summary.counts.new == summary.counts.updated == 0:
        summary.status = "unchanged-file"
        summary.note = (
            f"identical to {previous[2]} imported {previous[1]:%Y-%m-%d %H:%M} UTC "
            f"(batch {previous[0]}): nothing changed"
        )
    if summary.renamed:
        summary.note = (
            f"{summary.renamed} records an earlier version named by their place in {previous[2]} "
            "now go by their DOI or what they say (each keeps its clusters and decisions)"
        )
    if summary.status == "ok" and previous and summary.counts.new:
        summary.note = (f"{summary.note}; " if summary.renamed else "") + (
            f"identical to {previous[2]} imported {previous[1]:%Y-%m-%d %H:%M} UTC "
            f"(batch {previous[0]}), but {summary.counts.new} of its records came out under new "
            "ids (an earlier version of Thresher named records without an id of their own by "
            "their position, and these could not be told apart by title and year): the copies "
            "under the old ids stay in the store, and dedupe joins each to its new copy"
        )
    store.finish_batch(
        batch_id, summary.status, summary.entries, summary.counts, summary.rejected, summary.error
    )
    return summary


def import_files(
    store: Store,
    paths: list[Path],
    source: str,
    fmt: str = "auto",
    id_column: str | None = None,
    progress: Progress | None = None,
) -> list[FileSummary]:
    """Import several files under one source name: one run, one batch per file."""
    if fmt not in ("auto", *FORMATS):
        raise ValueError(f"unknown format {fmt!r}; use auto, {', '.join(FORMATS)}")
    run_id = store.begin_run("import", source, ", ".join(p.name for p in paths))
    taken: dict[str, str] = {}
    summaries = [import_file(store, run_id, p, source, fmt, id_column, progress, taken) for p in paths]
    total = PageCounts()
    for s in summaries:
        total.add(s.counts)
    ok = any(s.status != "failed" for s in summaries)
    failures = [s.error for s in summaries if s.error]
    store.finish_run(
        run_id,
        "ok" if ok else "failed",
        RunTotals(pages=len(paths), counts=total),
        "; ".join(failures) if failures else None,
    )
    return summaries
