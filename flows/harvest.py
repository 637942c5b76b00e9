"""Prefect flow over harvesting: each source a task run, in parallel, one summary artifact."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from thresher.config import Config, SourceConfig
from thresher.harvesters.harvest import HarvestSummary, harvest_source, summary_table
from thresher.progress import Progress
from thresher.store import Store


@task(name="harvest-source", cache_policy=NO_CACHE)
def harvest_source_task(
    store: Store,
    source: SourceConfig,
    config: Config,
    window_from: str | None = None,
    window_until: str | None = None,
    progress: Progress | None = None,
) -> HarvestSummary:
    summary = harvest_source(
        store, source, config, window_from=window_from, window_until=window_until, progress=progress
    )
    logger = get_run_logger()
    (logger.warning if summary.error else logger.info)(summary.line())
    return summary


@flow(name="harvest-sources", validate_parameters=False)
def harvest_sources_flow(
    store: Store,
    sources: list[SourceConfig],
    config: Config,
    window_from: str | None = None,
    window_until: str | None = None,
    progress: Progress | None = None,
) -> list[HarvestSummary]:
    """thresher.harvesters.harvest.harvest_sources, with a task run per source."""
    futures = [
        harvest_source_task.submit(store, s, config, window_from, window_until, progress) for s in sources
    ]
    summaries = [f.result() for f in futures]
    create_markdown_artifact(
        "# Harvest summary\n\n" + summary_table(summaries),
        key="harvest-summary",
        description="Thresher harvest summary",
    )
    return summaries
