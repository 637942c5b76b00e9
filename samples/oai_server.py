"""A real OAI-PMH data provider on 127.0.0.1, serving recorded records (oaipmh's BatchingServer).

`make run`, the tests and the benchmarks harvest from it. Records are loaded from recorded
ListRecords/GetRecord responses and served verbatim; the repository can be changed between
harvests (records added, edited, deleted) and faults can be injected per request.
"""

from __future__ import annotations

import copy
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from oaipmh import common, error
from oaipmh.metadata import MetadataRegistry
from oaipmh.server import BatchingServer, oai_dc_writer

OAI = "{http://www.openarchives.org/OAI/2.0/}"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass
class StoredRecord:
    identifier: str
    datestamp: datetime
    sets: list[str]
    deleted: bool
    metadata: etree._Element | None  # the element inside <metadata>, served as it is


def load_records(path: str | Path) -> list[StoredRecord]:
    """Records from a recorded ListRecords or GetRecord response."""
    root = etree.parse(str(path), _SAFE_PARSER).getroot()
    found = []
    for element in root.iter(f"{OAI}record"):
        header = element.find(f"{OAI}header")
        stamp = header.findtext(f"{OAI}datestamp").strip()
        moment = datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S" if "T" in stamp else "%Y-%m-%d")
        metadata = element.find(f"{OAI}metadata")
        found.append(
            StoredRecord(
                identifier=header.findtext(f"{OAI}identifier").strip(),
                datestamp=moment,
                sets=[(s.text or "").strip() for s in header.iterfind(f"{OAI}setSpec")],
                deleted=header.get("status") == "deleted",
                metadata=copy.deepcopy(metadata[0]) if metadata is not None and len(metadata) else None,
            )
        )
    return found


class RecordedRepository:
    """An IBatchingOAI implementation over StoredRecords, ordered by datestamp then identifier."""

    def __init__(
        self,
        records: Iterable[StoredRecord] = (),
        *,
        name: str = "Thresher sample repository",
        base_url: str = "http://127.0.0.1/oai",
        granularity: str = "YYYY-MM-DDThh:mm:ssZ",
        deleted_record: str = "persistent",
        prefixes: tuple[str, ...] = ("oai_dc",),
    ) -> None:
        self.name = name
        self.base_url = base_url
        self.granularity = granularity
        self.deleted_record = deleted_record
        self.prefixes = prefixes
        self._lock = threading.Lock()
        self._records: dict[str, StoredRecord] = {}
        for record in records:
            self._records[record.identifier] = record

    # -- changing the repository between harvests --
    def put(self, record: StoredRecord) -> None:
        with self._lock:
            self._records[record.identifier] = record

    def delete(self, identifier: str, when: datetime | None = None) -> None:
        with self._lock:
            old = self._records[identifier]
            self._records[identifier] = StoredRecord(
                identifier,
                when or datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                old.sets,
                True,
                None,
            )

    def records(self) -> list[StoredRecord]:
        with self._lock:
            return sorted(self._records.values(), key=lambda r: (r.datestamp, r.identifier))

    # -- IBatchingOAI --
    def identify(self) -> common.Identify:
        earliest = min((r.datestamp for r in self.records()), default=datetime(2000, 1, 1))
        return common.Identify(
            repositoryName=self.name,
            baseURL=self.base_url,
            protocolVersion="2.0",
            adminEmails=["nobody@example.org"],
            earliestDatestamp=earliest,
            deletedRecord=self.deleted_record,
            granularity=self.granularity,
            compression=["identity"],
            toolkit_description=False,
        )

    def listMetadataFormats(self, identifier=None):
        return [
            (
                p,
                "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                "http://www.openarchives.org/OAI/2.0/oai_dc/",
            )
            for p in self.prefixes
        ]

    def listSets(self, cursor=0, batch_size=10):
        names = sorted({s for r in self.records() for s in r.sets})
        if not names:
            raise error.NoSetHierarchyError("This repository does not support sets.")
        return [(s, s, None) for s in names][cursor : cursor + batch_size]

    def _select(self, metadataPrefix, set=None, from_=None, until=None):
        if metadataPrefix not in self.prefixes:
            raise error.CannotDisseminateFormatError(f"Unknown metadata format: {metadataPrefix}")
        for record in self.records():
            if set and set not in record.sets:
                continue
            if from_ and record.datestamp < from_:
                continue
            if until and record.datestamp > until:
                continue
            yield record

    def _triple(self, record: StoredRecord):
        header = common.Header(
            None, record.identifier, record.datestamp, list(dict.fromkeys(record.sets)), record.deleted
        )
        return header, record.metadata, None

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        chosen = list(self._select(metadataPrefix, set, from_, until))
        return [self._triple(r) for r in chosen[cursor : cursor + batch_size]]

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        return [h for h, _, _ in self.listRecords(metadataPrefix, set, from_, until, cursor, batch_size)]

    def getRecord(self, metadataPrefix, identifier):
        with self._lock:
            record = self._records.get(identifier)
        if record is None:
            raise error.IdDoesNotExistError(f"Id does not exist: {identifier}")
        return self._triple(record)


def _verbatim_writer(element: etree._Element, metadata: etree._Element) -> None:
    # `metadata` is the recorded element itself: serve it exactly as it was recorded.
    element.append(copy.deepcopy(metadata))


@dataclass
class Fault:
    """What to do instead of (or besides) answering one matching request."""

    kind: str  # status | html | drop | slow | bad_token | raw | truncate | trickle | huge
    status: int | None = None  # HTTP status: 503 for kind 'status', 200 for 'raw'
    retry_after: str | Callable[[], str] | None = None  # a callable is read when the fault strikes
    delay: float = 0.0
    body: bytes = b""
    when: Callable[[dict[str, str]], bool] = lambda params: True
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)  # extra headers for 'raw' answers
    size: int = 0  # 'huge': bytes of one record's dc:description, streamed, never held whole
    content_length: bool = True  # 'huge': declare the length (False: chunked, length unknown)


class HugeRecord:
    """One well-formed OAI-PMH page with a single record whose description is `size` bytes,
    produced in chunks as it is sent (the server never holds it)."""

    CHUNK = 1 << 20

    def __init__(self, size: int) -> None:
        self.head = (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>'
            b'2026-01-01T00:00:00Z</responseDate><request verb="ListRecords">'
            b"http://127.0.0.1/oai</request><ListRecords><record><header><identifier>"
            b"oai:huge:1</identifier><datestamp>2026-01-01</datestamp></header><metadata>"
            b'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>One huge record'
            b"</dc:title><dc:description>"
        )
        self.tail = b"</dc:description></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>"
        self.size = size

    def __len__(self) -> int:
        return len(self.head) + self.size + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        filler = b"lorem ipsum " * (self.CHUNK // 12)
        left = self.size
        while left > 0:
            piece = filler[:left]
            left -= len(piece)
            yield piece
        yield self.tail


@dataclass
class RequestLog:
    params: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)


class OAIProvider:
    """The OAI-PMH endpoint: BatchingServer over a RecordedRepository, plus fault injection."""

    def __init__(
        self,
        repository: RecordedRepository,
        *,
        page_size: int = 10,
        error_status: int = 200,
        latency: float = 0.0,
    ) -> None:
        registry = MetadataRegistry()
        for prefix in repository.prefixes:
            registry.registerWriter(prefix, _verbatim_writer)
        registry.registerWriter("oai_dc_fields", oai_dc_writer)
        self.repository = repository
        self.server = BatchingServer(repository, metadata_registry=registry, resumption_batch_size=page_size)
        self.error_status = error_status  # Zenodo answers OAI errors with 422
        self.latency = latency
        self.faults: list[Fault] = []
        self.log: list[RequestLog] = []
        self._lock = threading.Lock()

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def _take_fault(self, params: dict[str, str]) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.when(params):
                    fault.times -= 1
                    return fault
        return None

    def respond(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes] | None:
        """(status, headers, body), or None to drop the connection without an answer."""
        if self.latency:
            time.sleep(self.latency)
        fault = self._take_fault(params)
        xml = {"Content-Type": "text/xml; charset=utf-8"}
        if fault is not None:
            if fault.kind == "drop":
                self._note(params, 0)
                return None
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "status":
                headers = {"Content-Type": "text/plain"}
                if fault.retry_after is not None:
                    ra = fault.retry_after
                    headers["Retry-After"] = ra() if callable(ra) else ra
                self._note(params, fault.status or 503)
                return fault.status or 503, headers, b"temporarily unavailable"
            elif fault.kind == "html":
                self._note(params, 200)
                return (
                    200,
                    {"Content-Type": "text/html"},
                    fault.body
                    or (
                        b"<!DOCTYPE html><html><head><title>Down for maintenance</title></head>"
                        b"<body><h1>The repository is down for maintenance</h1></body></html>"
                    ),
                )
            elif fault.kind == "raw":
                self._note(params, fault.status or 200)
                return fault.status or 200, {**xml, **fault.headers}, fault.body
            elif fault.kind == "trickle":
                # A slowloris answer: a byte every `delay` seconds, for as long as asked.
                self._note(params, 200)
                return 200, {**xml, "X-Trickle": str(fault.delay)}, fault.body
            elif fault.kind == "huge":
                self._note(params, 200)
                chunked = {} if fault.content_length else {"X-Chunked": "1"}
                return 200, {**xml, **chunked}, HugeRecord(fault.size)
            elif fault.kind == "bad_token" and "resumptionToken" in params:
                params = dict(params, resumptionToken="expired-" + params["resumptionToken"][:8])
        body = self.server.handleRequest(dict(params))
        status = 200
        if b"<error code=" in body[:2000] and self.error_status != 200:
            status = self.error_status
        if fault is not None and fault.kind == "truncate":
            body = body[: len(body) // 2]
        self._note(params, status)
        return status, xml, body

    def _note(self, params: dict[str, str], status: int) -> None:
        with self._lock:
            self.log.append(RequestLog(dict(params), status))

    def wsgi_app(self, environ, start_response):
        """The same endpoint as a WSGI application (for any WSGI server)."""
        query = environ.get("QUERY_STRING", "")
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            query = environ["wsgi.input"].read(length).decode("ascii", "replace")
        answer = self.respond(dict(parse_qsl(query, keep_blank_values=True)))
        if answer is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"dropped"]
        status, headers, body = answer
        start_response(f"{status} X", list(headers.items()))
        return body if isinstance(body, HugeRecord) else [body]


class _Handler(BaseHTTPRequestHandler):
    provider: OAIProvider
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet in tests and make run
        pass

    def _answer(self, query: str) -> None:
        answer = self.provider.respond(dict(parse_qsl(query, keep_blank_values=True)))
        if answer is None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        status, headers, body = answer
        trickle = float(headers.pop("X-Trickle", 0) or 0)
        chunked = headers.pop("X-Chunked", None)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if isinstance(body, HugeRecord):
            try:
                for piece in body:
                    if chunked:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    else:
                        self.wfile.write(piece)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                self.close_connection = True  # the client stopped reading, as it should
            return
        if not trickle:
            self.wfile.write(body)
            return
        try:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(trickle)
        except OSError:
            pass  # the client gave up, as it should

    def do_GET(self):  # noqa: N802
        self._answer(urlsplit(self.path).query)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(self.rfile.read(length).decode("ascii", "replace"))


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up (timeouts in fault tests) are not the server's problem


class LocalOAIServer:
    """The provider served over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, provider: OAIProvider, port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"provider": provider})
        self.provider = provider
        self.httpd = _QuietServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/oai"
        provider.repository.base_url = self.url
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LocalOAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_files(
    paths: Iterable[str | Path], *, page_size: int = 10, port: int = 0, **repository_options
) -> LocalOAIServer:
    records = [r for p in paths for r in load_records(p)]
    return LocalOAIServer(
        OAIProvider(RecordedRepository(records, **repository_options), page_size=page_size),
        port=port,
    )
