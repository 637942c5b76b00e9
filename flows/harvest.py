"""Harvest flows: one OAI-PMH source, or every enabled source in parallel with one store writer."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from sickle import oaiexceptions

from thresher.config import Config, SourceConfig
from thresher.flows.progress import Progress
from thresher.harvesters.http import HarvestHTTPError, Politeness, PoliteSession
from thresher.harvesters.oai import (
    OAI_PROTOCOL_ERRORS,
    HarvestError,
    Limits,
    OAIClient,
    PageReport,
    harvest_scope,
)
from thresher.harvesters.xml_safety import XMLSafetyError
from thresher.store import RunTotals, Store, StoreError


@dataclass
class HarvestSummary:
    source: str
    url: str
    status: str = "ok"
    error: str | None = None
    run_id: int | None = None
    windows: list[str] = field(default_factory=list)
    totals: RunTotals = field(default_factory=RunTotals)
    restarts: int = 0
    resumed: bool = False
    seconds: float = 0.0

    def line(self) -> str:
        c = self.totals.counts
        text = (
            f"{self.source}: {self.status}: {c.new} new, {c.updated} updated, {c.deleted} deleted, "
            f"{c.unchanged} unchanged in {self.totals.pages} pages; "
            f"{self.totals.cleaned_bytes} bad bytes cleaned, {self.totals.retries} retries, "
            f"{self.seconds:.1f} s"
        )
        if self.resumed:
            text += " (resumed from a checkpoint)"
        if self.restarts:
            text += f" ({self.restarts} window restarts after a rejected token)"
        if self.error:
            text += f"\n    error: {self.error}"
        return text


def politeness_from(config: Config) -> Politeness:
    p = config.politeness
    return Politeness(
        user_agent=p.user_agent,
        delay_seconds=p.delay_seconds,
        connect_timeout=p.connect_timeout,
        read_timeout=p.read_timeout,
        retries=p.retries,
        backoff_base=p.backoff_base,
        backoff_max=p.backoff_max,
        retry_after_max=p.retry_after_max,
        max_response_bytes=p.max_response_mb * 1024 * 1024,
        response_deadline=p.response_deadline_seconds,
    )


EXPECTED_FAILURES = (HarvestError, HarvestHTTPError, XMLSafetyError, StoreError, *OAI_PROTOCOL_ERRORS)


def harvest_source(
    store: Store,
    source: SourceConfig,
    config: Config,
    *,
    window_from: str | None = None,
    window_until: str | None = None,
    progress: Progress | None = None,
) -> HarvestSummary:
    """Harvest one source (each of its sets) into the store; never raises for a failed harvest."""
    progress = progress or Progress(enabled=False)
    started = time.monotonic()
    summary = HarvestSummary(source.name, source.base_url)
    http = PoliteSession(politeness_from(config), on_retry=progress.message)
    client = OAIClient(source.base_url, http, max_record_chars=config.harvest.max_record_mb * 1024 * 1024)
    detail = f"{source.base_url} prefix={source.metadata_prefix}"
    if source.sets:
        detail += " sets=" + ",".join(source.sets)
    store.set_memory_limit(config.harvest.memory_limit_mb)
    run_id = store.begin_run("harvest", source.name, detail)
    summary.run_id = run_id
    limits = Limits(
        overlap_seconds=config.harvest.overlap_seconds,
        page_ceiling=config.harvest.page_ceiling,
        max_empty_pages=config.harvest.max_empty_pages,
        batch_records=config.harvest.commit_every_records,
        batch_seconds=config.harvest.commit_every_seconds,
        archive_dir=config.path(config.harvest.archive_dir) if config.harvest.archive_raw_pages else None,
    )
    records_seen = 0

    def on_page(report: PageReport) -> None:
        nonlocal records_seen
        summary.totals.pages += 1
        records_seen += report.records
        rate = records_seen / max(time.monotonic() - started, 1e-6)
        of = f"/{report.complete_list_size:,}" if report.complete_list_size else ""
        progress.update(
            source.name,
            f"{source.name}: page {report.page}, {records_seen:,}{of} records, {rate:,.0f}/s",
        )

    try:
        identify = client.identify()
        store.record_source(source.name, "oai-pmh", source.base_url, identify)
        for set_spec in source.sets or [""]:
            result = harvest_scope(
                client,
                store,
                source=source.name,
                run_id=run_id,
                metadata_prefix=source.metadata_prefix,
                set_spec=set_spec,
                granularity=identify["granularity"] or "YYYY-MM-DD",
                start_from=source.from_,
                window_from=window_from,
                window_until=window_until,
                limits=limits,
                on_page=on_page,
                on_write=summary.totals.counts.add,
            )
            summary.windows.append(
                f"{set_spec or '(all)'}: {result.window_from or 'start'} .. {result.window_until}"
            )
            summary.restarts += result.restarts
            summary.resumed = summary.resumed or result.resumed
    except EXPECTED_FAILURES as exc:
        summary.status, summary.error = "failed", _explain(exc)
    except duckdb.OutOfMemoryException as exc:
        summary.status, summary.error = (
            "failed",
            (
                f"the database ran out of memory storing a page ({str(exc).splitlines()[0]}); "
                f"harvest.memory_limit_mb is {config.harvest.memory_limit_mb}: raise it, or lower "
                "harvest.max_record_mb"
            ),
        )
    except Exception as exc:
        summary.status, summary.error = "failed", f"unexpected {type(exc).__name__}: {exc}"
        raise
    finally:
        summary.totals.cleaned_bytes = client.cleaned_bytes
        summary.totals.retries = http.retries
        summary.seconds = time.monotonic() - started
        if summary.error:
            summary.error = summary.error.rstrip(".") + (
                ". Records from pages already harvested are stored; the next run resumes from "
                "the last committed page."
            )
        store.finish_run(run_id, summary.status, summary.totals, summary.error)
        http.close()
        progress.done()
    return summary


def _explain(exc: BaseException) -> str:
    if isinstance(exc, oaiexceptions.CannotDisseminateFormat):
        return f"{exc} (check metadata_prefix; `ListMetadataFormats` lists what it offers)"
    if isinstance(exc, oaiexceptions.NoSetHierarchy):
        return f"{exc} (the repository has no sets; remove `sets` from the source)"
    return str(exc)


# ---- Prefect ------------------------------------------------------------------------------------


def _logger():
    try:
        return get_run_logger()
    except MissingContextError:
        return None


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
    if (logger := _logger()) is not None:
        (logger.warning if summary.error else logger.info)(summary.line())
    return summary


def publish_summary(summaries: list[HarvestSummary], key: str) -> None:
    rows = [
        "| source | status | new | updated | deleted | unchanged | pages | cleaned bytes "
        "| retries | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        c = s.totals.counts
        rows.append(
            f"| {s.source} | {s.status} | {c.new} | {c.updated} | {c.deleted} | {c.unchanged} "
            f"| {s.totals.pages} | {s.totals.cleaned_bytes} | {s.totals.retries} "
            f"| {s.seconds:.1f} |"
        )
    errors = [f"- **{s.source}**: {s.error}" for s in summaries if s.error]
    create_markdown_artifact(
        "\n".join(["# Harvest summary", "", *rows, "", *errors]),
        key=key,
        description="Thresher harvest summary",
    )


@flow(name="harvest-sources", validate_parameters=False)
def harvest_sources_flow(
    store: Store,
    sources: list[SourceConfig],
    config: Config,
    window_from: str | None = None,
    window_until: str | None = None,
    progress: Progress | None = None,
) -> list[HarvestSummary]:
    """Harvest the given sources in parallel threads; the store serialises their writes."""
    futures = [
        harvest_source_task.submit(store, s, config, window_from, window_until, progress) for s in sources
    ]
    summaries = [f.result() for f in futures]
    publish_summary(summaries, key="harvest-summary")
    return summaries


def open_store(config: Config, progress: Progress | None = None, command: str = "") -> Store:
    say = progress.message if progress else print
    return Store.open(
        config.database_path, lock_timeout=config.lock_timeout_seconds, on_wait=say, command=command
    )


@flow(name="nightly-harvest")
def nightly_flow(config_path: str | None = None, database: str | None = None) -> list[str]:
    """Every enabled source, as the nightly schedule runs it. Returns the summary lines."""
    from thresher.config import load_config

    config = load_config(config_path)
    if database:
        config.database = database
    sources = [s for s in config.sources if s.enabled]
    from thresher.corpus import Filters
    from thresher.flows.corpus import corpus_flow
    from thresher.flows.dedupe import dedupe_flow

    search = config.search
    with open_store(config, command="thresher nightly") as store:
        summaries = harvest_sources_flow(store, sources, config)
        # Whatever the sources did, bring the clusters and the corpus up to date with what
        # was stored (the corpus flow publishes its counts and PRISMA as artifacts).
        dedupe = dedupe_flow(store)
        build = corpus_flow(
            store,
            search.query,
            Filters(search.year_from, search.year_to, list(search.types), list(search.languages)),
        )
    lines = [s.line() for s in summaries] + [dedupe.line(), build.line()]
    if any(s.status != "ok" for s in summaries):
        raise RuntimeError("some sources failed:\n" + "\n".join(lines))
    return lines
