"""Prefect flow over importing export files: the import, and its summary as an artifact."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from thresher.harvesters.imports import FileSummary, import_files
from thresher.progress import Progress
from thresher.store import Store


@flow(name="import-files", validate_parameters=False)
def import_flow(
    store: Store,
    paths: list[Path],
    source: str,
    fmt: str = "auto",
    id_column: str | None = None,
    progress: Progress | None = None,
) -> list[FileSummary]:
    summaries = import_files(store, paths, source, fmt, id_column, progress)
    create_markdown_artifact(
        "# Import summary\n\n" + "\n".join("\n".join(s.lines()) + "\n" for s in summaries),
        key="import-summary",
        description="Thresher import summary",
    )
    return summaries
