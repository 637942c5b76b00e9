"""The nightly flow (harvest every enabled source, deduplicate, rebuild the candidate corpus) and
its deployment on the schedule in config.yaml."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from thresher.config import Config
from thresher.flows import settings
from thresher.flows.corpus import corpus_flow
from thresher.flows.dedupe import dedupe_flow
from thresher.flows.harvest import harvest_sources_flow
from thresher.store import open_store


class SourcesFailed(RuntimeError):
    """Some sources failed; what the others brought was stored, deduplicated and built on."""


@flow(name="nightly-harvest")
def nightly_flow(config_path: str | None = None, database: str | None = None) -> list[str]:
    """Every enabled source, as the nightly schedule runs it. Returns the summary lines."""
    config = settings.load(config_path, database)
    sources = [s for s in config.sources if s.enabled]
    with open_store(config, command="thresher nightly") as store:
        summaries = harvest_sources_flow(store, sources, config)
        # Whatever the sources did, bring the clusters and the corpus up to date with what
        # was stored (the corpus flow publishes its counts and PRISMA as artifacts).
        dedupe = dedupe_flow(store)
        build = corpus_flow(store, config.search)
    lines = [s.line() for s in summaries] + [dedupe.line(), build.line()]
    if any(s.status != "ok" for s in summaries):
        raise SourcesFailed("some sources failed:\n" + "\n".join(lines))
    return lines


def serve(config: Config, config_path: Path | None) -> None:
    """Serve the nightly deployment on the configured cron until stopped (needs a Prefect server)."""
    from prefect.schedules import Cron

    nightly_flow.serve(
        name="nightly",
        schedules=[Cron(config.schedule.cron, timezone=config.schedule.timezone)],
        parameters={
            "config_path": str(config_path) if config_path else None,
            "database": str(config.database_path),
        },
        description="Harvest every enabled source in config.yaml, deduplicate, rebuild the corpus",
    )
