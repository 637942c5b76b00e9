"""Harvesting OAI-PMH sources into the store: one source, or several at once through one writer."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
from sickle import oaiexceptions

from thresher.config import Config, SourceConfig
from thresher.harvesters.http import HarvestHTTPError, PoliteSession
from thresher.harvesters.oai import OAI_PROTOCOL_ERRORS, HarvestError, OAIClient, PageReport, harvest_scope
from thresher.harvesters.xml_safety import XMLSafetyError
from thresher.progress import Progress
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


def summary_table(summaries: list[HarvestSummary]) -> str:
    """The summaries as a Markdown table, with each error below it."""
    rows = [
        "| source | status | new | updated | deleted | unchanged | pages | cleaned bytes | retries "
        "| seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        c = s.totals.counts
        rows.append(
            f"| {s.source} | {s.status} | {c.new} | {c.updated} | {c.deleted} | {c.unchanged} "
            f"| {s.totals.pages} | {s.totals.cleaned_bytes} | {s.totals.retries} | {s.seconds:.1f} |"
        )
    errors = [f"- **{s.source}**: {s.error}" for s in summaries if s.error]
    return "\n".join([*rows, "", *errors])


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
    http = PoliteSession(config.politeness, on_retry=progress.message)
    client = OAIClient(source.base_url, http, max_record_chars=config.harvest.max_record_mb * 1024 * 1024)
    detail = f"{source.base_url} prefix={source.metadata_prefix}"
    if source.sets:
        detail += " sets=" + ",".join(source.sets)
    store.set_memory_limit(config.harvest.memory_limit_mb)
    run_id = store.begin_run("harvest", source.name, detail)
    summary.run_id = run_id
    archive_dir = config.path(config.harvest.archive_dir) if config.harvest.archive_raw_pages else None
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
                settings=config.harvest,
                archive_dir=archive_dir,
                on_page=on_page,
                on_write=summary.totals.counts.add,
            )
            window = f"{result.window_from or 'start'} .. {result.window_until}"
            summary.windows.append(f"{set_spec or '(all)'}: {window}")
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


def harvest_sources(
    store: Store,
    sources: list[SourceConfig],
    config: Config,
    window_from: str | None = None,
    window_until: str | None = None,
    progress: Progress | None = None,
) -> list[HarvestSummary]:
    """Harvest the sources in parallel threads (the network is the wait); the store serialises
    their writes. One failed source does not stop the others."""
    if len(sources) == 1:
        return [
            harvest_source(
                store,
                sources[0],
                config,
                window_from=window_from,
                window_until=window_until,
                progress=progress,
            )
        ]
    with ThreadPoolExecutor(max_workers=min(8, len(sources)), thread_name_prefix="harvest") as pool:
        futures = [
            pool.submit(
                harvest_source,
                store,
                s,
                config,
                window_from=window_from,
                window_until=window_until,
                progress=progress,
            )
            for s in sources
        ]
        return [f.result() for f in futures]


def _explain(exc: BaseException) -> str:
    if isinstance(exc, oaiexceptions.CannotDisseminateFormat):
        return f"{exc} (check metadata_prefix; `ListMetadataFormats` lists what it offers)"
    if isinstance(exc, oaiexceptions.NoSetHierarchy):
        return f"{exc} (the repository has no sets; remove `sets` from the source)"
    return str(exc)
