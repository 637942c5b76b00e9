"""OAI-PMH harvesting: sickle, wrapped for strict parsing, retries, checkpoints and increments.

Paging, checkpoints and windows live here; the store is anything with the small interface of
`HarvestSink` (thresher.store.Store in practice), so this module knows nothing of DuckDB.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lxml import etree
from sickle import Sickle, oaiexceptions
from sickle.response import OAIResponse

from thresher.config import HarvestConfig
from thresher.harvesters.dublin_core import map_metadata
from thresher.harvesters.http import Fetched, HarvestHTTPError, PoliteSession
from thresher.harvesters.xml_safety import XMLSafetyError, clean_xml_bytes, parse_xml
from thresher.records import Record

if TYPE_CHECKING:
    from thresher.store import HarvestState

log = logging.getLogger(__name__)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_OAI = f"{{{OAI_NS}}}"
MAX_WINDOW_RESTARTS = 3


class HarvestError(Exception):
    """A harvest stopped; the message names the URL and says what was kept."""


class NotOAIPMH(HarvestError):
    """The endpoint answered, but not with OAI-PMH."""


class LoopGuardTripped(HarvestError):
    """The server's paging went wrong (the same token twice, endless empty pages, too many pages)."""


def oai_exception(code: str, message: str) -> Exception:
    """sickle's exception class for an OAI error code (OAIError for codes it does not know)."""
    name = code[:1].upper() + code[1:]
    cls = getattr(oaiexceptions, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = oaiexceptions.OAIError
    return cls(message)


OAI_PROTOCOL_ERRORS = tuple(
    getattr(oaiexceptions, name)
    for name in (
        "BadArgument",
        "BadVerb",
        "BadResumptionToken",
        "CannotDisseminateFormat",
        "IdDoesNotExist",
        "NoSetHierarchy",
        "NoMetadataFormat",
        "NoRecordsMatch",
        "OAIError",
    )
)


class CheckedResponse(OAIResponse):
    """An OAI response whose bytes were cleaned and then parsed strictly."""

    def __init__(self, fetched: Fetched, params: dict, root: etree._Element, cleaned: int):
        super().__init__(fetched, params)
        self.fetched = fetched
        self.root = root
        self.cleaned = cleaned

    @property
    def raw(self) -> str:  # sickle's interface
        return self.fetched.body.decode("utf-8", "replace")

    @property
    def xml(self) -> etree._Element:  # sickle's interface, without recover mode
        return self.root

    @property
    def url(self) -> str:
        return self.fetched.url


class OAIClient(Sickle):
    """sickle's client with our HTTP (timeouts, retries, Retry-After) and strict parsing."""

    def __init__(self, endpoint: str, http: PoliteSession, max_record_chars: int = 8 * 1024 * 1024) -> None:
        super().__init__(endpoint, max_retries=0)
        self.http = http
        self.cleaned_bytes = 0
        self.max_record_chars = max_record_chars

    def harvest(self, **params: str) -> CheckedResponse:
        fetched = self.http.get(self.endpoint, params)
        where = fetched.url
        if fetched.status >= 400 and not fetched.body.lstrip().startswith(b"<?xml"):
            # Zenodo sends OAI errors with HTTP 422 and an XML body: those are read below.
            # Anything else (an anti-bot 401, a 404 page) is an HTTP failure.
            raise HarvestHTTPError(where, f"HTTP {fetched.status}", fetched.status)
        cleaned = clean_xml_bytes(fetched.body)
        if cleaned.removed:
            log.warning("%s: removed %d bytes that are not legal XML", where, cleaned.removed)
            self.cleaned_bytes += cleaned.removed
        try:
            root = parse_xml(cleaned.data, where=where)
        except XMLSafetyError as exc:
            raise NotOAIPMH(f"{exc}; this does not look like an OAI-PMH endpoint") from None
        if root.tag != f"{_OAI}OAI-PMH":
            raise NotOAIPMH(
                f"{where}: the answer is XML but not OAI-PMH (root element <{etree.QName(root).localname}>)"
            )
        errors = root.findall(f"{_OAI}error")
        if errors:
            code = errors[0].get("code", "unknown")
            text = " ".join((e.text or "").strip() for e in errors).strip()
            raise oai_exception(code, f"{where}: OAI error {code}: {text or '(no message)'}")
        if fetched.status >= 400:
            raise HarvestHTTPError(where, f"HTTP {fetched.status}", fetched.status)
        return CheckedResponse(fetched, params, root, cleaned.removed)

    def identify(self) -> dict[str, str | None]:
        root = self.harvest(verb="Identify").root
        node = root.find(f"{_OAI}Identify")
        if node is None:
            raise NotOAIPMH(f"{self.endpoint}: Identify answer has no <Identify> element")

        def text(name: str) -> str | None:
            found = node.find(f"{_OAI}{name}")
            return found.text.strip() if found is not None and found.text else None

        return {
            "repository_name": text("repositoryName"),
            "base_url": text("baseURL"),
            "granularity": text("granularity") or "YYYY-MM-DD",
            "earliest_datestamp": text("earliestDatestamp"),
            "deleted_record": text("deletedRecord"),
        }


# ---- one page ----------------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    records: list[Record]
    token: str | None
    complete_list_size: int | None
    cleaned: int
    body: bytes


def parse_datestamp(value: str | None) -> datetime | None:
    """An OAI datestamp (day or seconds granularity, UTC) as a naive UTC datetime."""
    if not value:
        return None
    value = value.strip().removesuffix("Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def format_datestamp(moment: datetime, granularity: str) -> str:
    if "T" in granularity:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%d")


class OversizedRecord(HarvestError):
    """One record is larger than harvest.max_record_mb allows."""


def _text_size(element: etree._Element) -> int:
    """The characters of text in an element and below (markup not counted): cheap, no copy."""
    return sum(len(e.text or "") + len(e.tail or "") for e in element.iter())


def records_from(
    root: etree._Element,
    verb: str,
    source: str,
    metadata_prefix: str,
    origin: str | None = None,
    max_chars: int | None = None,
    where: str = "",
) -> list[Record]:
    """The records of a page (fetched from `where`). With `max_chars`, a record with more text
    than that raises OversizedRecord before anything is copied out of it."""
    container = root.find(f"{_OAI}{verb}")
    if container is None:
        return []
    records = []
    for element in container.iterfind(f"{_OAI}record"):
        header = element.find(f"{_OAI}header")
        if header is None:
            continue
        identifier = (header.findtext(f"{_OAI}identifier") or "").strip()
        if not identifier:
            continue
        if max_chars is not None and (chars := _text_size(element)) > max_chars:
            raise OversizedRecord(
                f"{where}: record {identifier} holds {chars:,} characters of text, over the "
                f"{max_chars:,} allowed for one record (harvest.max_record_mb); nothing from "
                "this page was stored"
            )
        deleted = header.get("status") == "deleted"
        metadata = element.find(f"{_OAI}metadata")
        payload = metadata[0] if metadata is not None and len(metadata) else None
        record = map_metadata(
            None if deleted else payload,
            source=source,
            native_id=identifier,
            metadata_prefix=metadata_prefix,
        )
        record.deleted = deleted
        record.datestamp = parse_datestamp(header.findtext(f"{_OAI}datestamp"))
        record.set_specs = list(
            dict.fromkeys((s.text or "").strip() for s in header.iterfind(f"{_OAI}setSpec"))
        )
        record.raw = etree.tostring(element, encoding="unicode")
        record.origin = origin
        records.append(record)
    return records


def list_records_page(client: OAIClient, source: str, metadata_prefix: str, params: dict[str, str]) -> Page:
    try:
        response = client.harvest(verb="ListRecords", **params)
    except oaiexceptions.NoRecordsMatch:
        return Page(client.endpoint, [], None, 0, 0, b"")
    root = response.root
    token_el = root.find(f"{_OAI}ListRecords/{_OAI}resumptionToken")
    token = (token_el.text or "").strip() or None if token_el is not None else None
    size = token_el.get("completeListSize") if token_el is not None else None
    # Only a page bigger than the limit can hold a record bigger than it.
    limit = client.max_record_chars if len(response.fetched.body) > client.max_record_chars else None
    records = records_from(
        root, "ListRecords", source, metadata_prefix, client.endpoint, max_chars=limit, where=response.url
    )
    return Page(
        url=response.url,
        records=records,
        token=token,
        complete_list_size=int(size) if size and size.isdigit() else None,
        cleaned=response.cleaned,
        body=response.fetched.body,
    )


# ---- a harvest with windows and checkpoints ----------------------------------------------------


class HarvestSink(Protocol):
    def harvest_state(self, source: str, metadata_prefix: str, set_spec: str): ...
    def save_state(self, state) -> None: ...
    def write_records(self, records: list[Record], run_id: int, checkpoint=None): ...
    def record_raw_page(
        self, sha256: str, run_id: int, source: str, url: str, page: int, size: int
    ) -> None: ...


@dataclass
class PageReport:
    source: str
    set_spec: str
    page: int
    records: int
    complete_list_size: int | None
    url: str


@dataclass
class ScopeResult:
    set_spec: str
    window_from: str | None
    window_until: str
    pages: int = 0
    records: int = 0
    restarts: int = 0
    resumed: bool = False


def archive_page(archive_dir: Path, body: bytes) -> str:
    """Keep a page's bytes, gzip-compressed under their SHA-256; the same page is stored once."""
    digest = hashlib.sha256(body).hexdigest()
    target = archive_dir / digest[:2] / f"{digest}.xml.gz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        with gzip.open(tmp, "wb", compresslevel=6) as out:
            out.write(body)
        os.replace(tmp, target)
    return digest


def harvest_scope(
    client: OAIClient,
    sink: HarvestSink,
    *,
    source: str,
    run_id: int,
    metadata_prefix: str,
    set_spec: str,
    granularity: str,
    start_from: str | None = None,
    window_from: str | None = None,
    window_until: str | None = None,
    settings: HarvestConfig | None = None,
    archive_dir: Path | None = None,
    on_page: Callable[[PageReport], None] | None = None,
    on_write: Callable[[object], None] | None = None,
) -> ScopeResult:
    """Harvest one (source, prefix, set) window to its end, committing each page with its checkpoint.

    With no explicit window: resume an unfinished window, or start the next incremental one at
    the end of the last complete window minus the overlap (the first ever starts at
    `start_from`, or at the beginning of the repository).
    """
    settings = settings or HarvestConfig()
    state = sink.harvest_state(source, metadata_prefix, set_spec)
    explicit = window_from is not None or window_until is not None
    resume = state.in_progress and (
        not explicit or (state.window_from, state.window_until) == (window_from, window_until)
    )
    if resume:
        window_from, window_until = state.window_from, state.window_until
        token = state.resumption_token
    else:
        if not explicit:
            if state.complete_until:
                last = parse_datestamp(state.complete_until)
                back = last - timedelta(seconds=settings.overlap_seconds) if last else None
                window_from = format_datestamp(back, granularity) if back else None
            else:
                window_from = start_from
        window_until = window_until or format_datestamp(datetime.now(UTC).replace(tzinfo=None), granularity)
        token = None
        state = dataclasses.replace(
            state,
            window_from=window_from,
            window_until=window_until,
            resumption_token=None,
            pages_done=0,
            records_done=0,
            run_id=run_id,
        )
        sink.save_state(state)
    result = ScopeResult(set_spec, window_from, window_until, resumed=bool(resume and token))

    # Pages are committed in batches (each batch with the checkpoint of its last page), so the
    # store is not paid a transaction per page; a crash loses at most the uncommitted batch,
    # and the next run resumes from the checkpoint before it.
    pending: list[Page] = []
    pending_since = time.monotonic()

    def flush(checkpoint: HarvestState) -> None:
        nonlocal pending, pending_since
        batch, pending, pending_since = pending, [], time.monotonic()
        counts = sink.write_records([r for p in batch for r in p.records], run_id, checkpoint)
        if on_write:
            on_write(counts)
        if archive_dir is not None:
            for number, p in enumerate(batch, start=result.pages - len(batch) + 1):
                if p.body:
                    digest = archive_page(archive_dir, p.body)
                    sink.record_raw_page(digest, run_id, source, p.url, number, len(p.body))

    last_token: str | None = None
    empty_run = 0
    committed = state
    try:
        while True:
            if token:
                params = {"resumptionToken": token}
            else:
                params = {"metadataPrefix": metadata_prefix}
                if set_spec:
                    params["set"] = set_spec
                if window_from:
                    params["from"] = window_from
                if window_until:
                    params["until"] = window_until
            try:
                page = list_records_page(client, source, metadata_prefix, params)
            except oaiexceptions.BadResumptionToken as exc:
                # Expired or rejected (Zenodo tokens live minutes): replay the window from the
                # start; upserts make the replayed pages harmless.
                if result.restarts >= MAX_WINDOW_RESTARTS:
                    raise HarvestError(
                        f"{exc}; the window was restarted {result.restarts} times and the token "
                        "was rejected again; stopped (the pages already stored are kept)"
                    ) from None
                log.warning("%s; restarting the window %s..%s", exc, window_from, window_until)
                result.restarts += 1
                token, last_token = None, None
                state = dataclasses.replace(state, resumption_token=None, pages_done=0, records_done=0)
                continue
            result.pages += 1
            if page.token and page.token == last_token:
                raise LoopGuardTripped(
                    f"{page.url}: the server returned the same resumption token twice; stopped "
                    "(everything up to the previous page is stored)"
                )
            empty_run = empty_run + 1 if not page.records and page.token else 0
            if empty_run >= settings.max_empty_pages:
                raise LoopGuardTripped(
                    f"{page.url}: {empty_run} empty pages in a row, each with a new token; stopped"
                )
            if result.pages > settings.page_ceiling:
                raise LoopGuardTripped(
                    f"{page.url}: more than {settings.page_ceiling} pages in one window "
                    "(harvest.page_ceiling); stopped"
                )
            if page.token:
                state = dataclasses.replace(
                    state,
                    resumption_token=page.token,
                    pages_done=state.pages_done + 1,
                    records_done=state.records_done + len(page.records),
                    run_id=run_id,
                )
            else:
                complete = state.complete_until
                if not explicit or window_from is None:
                    complete = max(filter(None, [complete, window_until]))
                state = dataclasses.replace(
                    state,
                    complete_until=complete,
                    window_from=None,
                    window_until=None,
                    resumption_token=None,
                    pages_done=0,
                    records_done=0,
                    run_id=run_id,
                )
            pending.append(page)
            result.records += len(page.records)
            if on_page:
                on_page(
                    PageReport(
                        source, set_spec, result.pages, len(page.records), page.complete_list_size, page.url
                    )
                )
            if (
                not page.token
                or sum(len(p.records) for p in pending) >= settings.commit_every_records
                or time.monotonic() - pending_since >= settings.commit_every_seconds
            ):
                flush(state)
                committed = state
            if not page.token:
                return result
            last_token, token = token, page.token
    finally:
        # Whatever stopped us, pages already received are worth keeping: commit them with the
        # checkpoint that follows the last of them.
        if pending and state is not committed:
            flush(state)
