"""Shared fixtures: a real OAI-PMH server on 127.0.0.1, real DuckDB files, the shared fixtures."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"

# Before anything imports prefect: offline, no telemetry, a throwaway home.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="thresher-test-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def pytest_configure(config):
    # In CI ../shared is always laid beside the checkout: without it the run would skip half
    # its tests and still pass, so it stops here with one message instead.
    if in_ci() and not SHARED.is_dir():
        pytest.exit(
            f"CI=true but {SHARED} is missing: the shared fixtures and benchmarks must be beside "
            "the checkout in CI (on a laptop, run without CI=true and those tests are skipped)",
            returncode=4,
        )


def shared(relative: str) -> Path:
    """A file in ../shared, or skip the test with the reason when ../shared is not beside us
    (a failure in CI, where it always is)."""
    path = SHARED / relative
    if not path.exists():
        message = f"needs ../shared/{relative} (the shared fixtures are not beside this checkout)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def store(tmp_path):
    from thresher.store import Store

    with Store.open(tmp_path / "thresher.duckdb", lock_timeout=5) as opened:
        yield opened


@pytest.fixture
def oai_server():
    """Start a real OAI-PMH server over records loaded from recorded files: oai_server(files)."""
    from thresher.samples.oai_server import LocalOAIServer, OAIProvider, RecordedRepository, load_records

    started = []

    def start(files=(), *, records=None, page_size=10, error_status=200, latency=0.0, **repository_options):
        loaded = list(records or []) + [r for f in files for r in load_records(f)]
        provider = OAIProvider(
            RecordedRepository(loaded, **repository_options),
            page_size=page_size,
            error_status=error_status,
            latency=latency,
        )
        server = LocalOAIServer(provider).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


@pytest.fixture
def fast_config(tmp_path):
    """A configuration with short timeouts and backoff, so fault tests finish quickly."""
    from thresher.config import parse_config

    return parse_config(
        {
            "database": str(tmp_path / "thresher.duckdb"),
            "lock_timeout_seconds": 5,
            "politeness": {
                "retries": 4,
                "backoff_base": 0.01,
                "backoff_max": 0.05,
                "connect_timeout": 2,
                "read_timeout": 2,
                "retry_after_max": 5,
            },
            # Commit every page, so tests see exactly which pages were stored before a fault.
            "harvest": {"commit_every_records": 1},
        },
        base_dir=tmp_path,
    )


@pytest.fixture
def review(store, fast_config, oai_server):
    """Harvested sample EPrints + imported Scopus and WoS samples, deduplicated."""
    from thresher.config import SourceConfig
    from thresher.dedupe.engine import run_dedupe
    from thresher.harvesters.harvest import harvest_source
    from thresher.harvesters.imports import import_file

    server = oai_server([SAMPLES / "eprints" / "records.xml"])
    assert (
        harvest_source(store, SourceConfig(name="eprints", base_url=server.url), fast_config).status == "ok"
    )
    run_id = store.begin_run("import", "x")
    import_file(store, run_id, SAMPLES / "exports" / "scopus.bib", "scopus")
    import_file(store, run_id, SAMPLES / "exports" / "wos.ris", "wos")
    run_dedupe(store)
    return store


@pytest.fixture(scope="session")
def prefect_api():
    """One Prefect test server for the whole session (it takes seconds to start)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield PREFECT_API_URL.value()


def thresher_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "thresher.flows.cli", *args]


def count(store, where: str = "TRUE", params: list | None = None) -> int:
    """Records in the store matching a SQL condition."""
    return store.con.execute(f"SELECT count(*) FROM records WHERE {where}", params or []).fetchone()[0]


def stored_records(store, source: str | None = None) -> list[dict]:
    """Every stored record (of one source), as a dict of its columns."""
    cursor = store.con.execute(
        "SELECT * FROM records WHERE ($1::VARCHAR IS NULL OR source = $1) ORDER BY source, native_id",
        [source],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
