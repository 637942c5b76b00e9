"""Prefect flow over deduplication: the run, and its summary as an artifact."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from thresher.dedupe.engine import DedupeSummary, run_dedupe
from thresher.store import Store


@flow(name="dedupe", validate_parameters=False)
def dedupe_flow(store: Store) -> DedupeSummary:
    summary = run_dedupe(store)
    create_markdown_artifact(
        f"# Deduplication\n\n{summary.line()}\n",
        key="dedupe-summary",
        description="Thresher deduplication summary",
    )
    return summary
