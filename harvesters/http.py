"""Polite HTTP for harvesting: timeouts, retries with backoff and jitter, Retry-After, size caps."""

from __future__ import annotations

import email.utils
import logging
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import requests

from thresher.config import PolitenessConfig

log = logging.getLogger(__name__)

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class HarvestHTTPError(Exception):
    """The server could not be reached or kept failing; says which URL and why."""

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _cut(response: requests.Response, expired: threading.Event) -> None:
    """Unblock a read that has gone on too long by shutting the socket under it."""
    expired.set()
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        response.close()
    except OSError:
        pass


class PoliteSession:
    """A requests session that retries what is worth retrying and gives up with a clear error."""

    def __init__(
        self,
        politeness: PolitenessConfig | None = None,
        *,
        on_retry: Callable[[str], None] | None = None,
    ) -> None:
        self.politeness = politeness or PolitenessConfig()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.politeness.user_agent
        # Ask for no compression: a gzip bomb cannot then expand past the size cap unseen.
        self.session.headers["Accept-Encoding"] = "identity"
        self.session.trust_env = False  # no proxies or netrc from the environment
        self.on_retry = on_retry
        self.retries = 0
        self._last_request = 0.0

    def close(self) -> None:
        self.session.close()

    def _backoff(self, attempt: int) -> float:
        p = self.politeness
        return min(p.backoff_max, p.backoff_base * (2**attempt)) * random.uniform(0.5, 1.0)

    def _read(self, response: requests.Response, url: str) -> bytes:
        cap = self.politeness.max_response_mb * 1024 * 1024
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise HarvestHTTPError(
                url,
                f"response of {int(declared):,} bytes exceeds the {cap:,}-byte limit "
                "(politeness.max_response_mb); not read",
            )
        chunks, size = [], 0
        # read_timeout bounds each wait for bytes; a server that sends a byte every few
        # seconds forever (slowloris) is cut off by a watchdog at the deadline for the whole
        # response (a blocked read cannot check the clock itself).
        expired = threading.Event()
        watchdog = threading.Timer(self.politeness.response_deadline_seconds, _cut, (response, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            for chunk in response.iter_content(chunk_size=1 << 16):
                size += len(chunk)  # counted after decompression: a gzip bomb hits the cap
                if size > cap:
                    raise HarvestHTTPError(
                        url, f"response exceeds the {cap:,}-byte limit (politeness.max_response_mb); stopped"
                    )
                chunks.append(chunk)
        except (requests.RequestException, OSError, AttributeError, ValueError):
            if not expired.is_set():
                raise
        finally:
            watchdog.cancel()
        if expired.is_set():
            raise HarvestHTTPError(
                url,
                f"response still arriving after {self.politeness.response_deadline_seconds:.0f} s "
                "(politeness.response_deadline_seconds); stopped",
            )
        return b"".join(chunks)

    def get(self, url: str, params: dict[str, str]) -> Fetched:
        p = self.politeness
        attempt = 0
        while True:
            wait = p.delay_seconds - (time.monotonic() - self._last_request)
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            full_url = requests.Request("GET", url, params=params).prepare().url or url
            problem: str
            delay: float | None = None
            try:
                with self.session.get(
                    url,
                    params=params,
                    timeout=(p.connect_timeout, p.read_timeout),
                    stream=True,
                    allow_redirects=True,
                ) as response:
                    status = response.status_code
                    if status not in RETRY_STATUS:
                        body = self._read(response, full_url)
                        return Fetched(full_url, status, response.headers.get("Content-Type", ""), body)
                    problem = f"HTTP {status} {response.reason or ''}".strip()
                    delay = parse_retry_after(response.headers.get("Retry-After"))
            except requests.Timeout:
                problem = "timed out"
            except requests.ConnectionError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            except requests.exceptions.ChunkedEncodingError:
                problem = "connection dropped mid-response"
            except requests.RequestException as exc:
                raise HarvestHTTPError(full_url, f"request failed: {exc}") from None
            if attempt >= p.retries:
                raise HarvestHTTPError(full_url, f"{problem}; gave up after {attempt + 1} attempts")
            if delay is None:
                delay = self._backoff(attempt)
            elif delay > p.retry_after_max:
                raise HarvestHTTPError(
                    full_url,
                    f"{problem}; the server asks to wait {delay:.0f} s, more than the "
                    f"{p.retry_after_max:.0f} s allowed (politeness.retry_after_max)",
                )
            attempt += 1
            self.retries += 1
            message = f"{full_url}: {problem}; retry {attempt}/{p.retries} in {delay:.1f} s"
            log.warning(message)
            if self.on_retry:
                self.on_retry(message)
            time.sleep(delay)
