"""The nightly deployment as it runs in production: a real `prefect server start` on 127.0.0.1,
`thresher serve` registering the nightly flow with it, runs triggered through the Prefect API."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from thresher.store import Store

from conftest import count, shared, thresher_command

LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
DEPLOYMENT = "nightly-harvest/nightly"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(home: Path, **extra: str) -> dict[str, str]:
    """Offline, no inherited Prefect settings, its own home."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PREFECT_")}
    env |= {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
        "PREFECT_HOME": str(home),
    }
    return env | extra


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the leader (it stops its own children), then anything left in its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def _healthy(api: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("prefect server stopped: " + log.read_text(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=2) as answer:  # noqa: S310 - our server
                if answer.read().strip() == b"true":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{api}/health did not answer")


@pytest.fixture
def served(tmp_path, oai_server):
    """A Prefect server and `thresher serve` against a local OAI-PMH server; both stopped at the
    end, whatever happens."""
    # A first night of about eight seconds of harvesting (five pages): long enough, however busy
    # the machine, for the runner to start the second night while the first holds the store.
    repository = oai_server([shared(LSHTM)], page_size=20, latency=1.5)
    work = tmp_path
    home = work / "prefect-home"
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    db = work / "nightly.duckdb"
    config = work / "config.yaml"
    config.write_text(
        f"database: {db}\nlock_timeout_seconds: 120\npoliteness: {{delay_seconds: 0}}\n"
        f"schedule: {{cron: '0 2 * * *', timezone: UTC}}\n"
        f"sources:\n  - {{name: repo, base_url: '{repository.url}'}}\n",
        encoding="utf-8",
    )
    processes = []
    server_log, serve_log = work / "server.log", work / "serve.log"
    try:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("prefect")), "server", "start",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=work,
            env=_env(home, PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port)),
            stdin=subprocess.DEVNULL,
            stdout=server_log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        processes.append(server)
        _healthy(api, server, server_log)
        serve = subprocess.Popen(
            thresher_command("serve", "--config", str(config)),
            cwd=work,
            env=_env(home, PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="1"),
            stdin=subprocess.DEVNULL,
            stdout=serve_log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(serve)
        from prefect.settings import PREFECT_API_URL, temporary_settings

        # The test process talks to this server (Prefect reads its settings once, at import).
        with temporary_settings(updates={PREFECT_API_URL: api}):
            from prefect import get_client

            deadline = time.monotonic() + 120
            with get_client(sync_client=True) as client:
                while True:
                    if serve.poll() is not None:
                        raise RuntimeError("thresher serve stopped: " + serve_log.read_text(errors="replace"))
                    try:
                        deployment = client.read_deployment_by_name(DEPLOYMENT)
                        break
                    except Exception:  # not registered yet
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.3)
            yield {"deployment": deployment, "db": db, "serve_log": serve_log, "repository": repository}
    finally:
        for process in reversed(processes):
            _stop(process)


def test_the_served_nightly_deployment_runs_and_a_second_run_waits_for_the_first(served):
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
    )
    from prefect.flow_runs import wait_for_flow_run

    deployment = served["deployment"]
    assert deployment.schedules and "0 2 * * *" in str(deployment.schedules[0].schedule)

    async def two_runs():
        async with get_client() as client:
            first = await client.create_flow_run_from_deployment(deployment.id)
            # The second is triggered while the first harvests: it must wait for the store.
            while (await client.read_flow_run(first.id)).state.type.value != "RUNNING":
                await asyncio.sleep(0.2)
            second = await client.create_flow_run_from_deployment(deployment.id)
            return await asyncio.gather(
                wait_for_flow_run(first.id, timeout=240, client=client),
                wait_for_flow_run(second.id, timeout=240, client=client),
            )

    first, second = asyncio.run(two_runs())
    assert first.state.is_completed(), first.state
    assert second.state.is_completed(), second.state
    # The second ran while the first held the store: it waited, then did its own (empty) night.
    assert second.start_time < first.end_time
    assert "is in use by" in served["serve_log"].read_text(errors="replace")

    with get_client(sync_client=True) as client:
        # Published by the harvest flow each night runs (a subflow of the nightly one).
        summaries = [
            a.data
            for a in client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["harvest-summary"]))
            )
        ]
    assert len(summaries) == 2
    assert any("| repo | ok | 97 |" in data for data in summaries)  # the first night: every record

    with Store.open(served["db"], read_only=True) as store:
        assert count(store) == 98  # the records arrived, once each
        copies = store.con.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM records GROUP BY source, native_id)"
        ).fetchone()[0]
        runs = store.con.execute("SELECT status FROM runs WHERE kind = 'harvest' ORDER BY run_id").fetchall()
        clustered = store.con.execute("SELECT count(*) FROM cluster_members").fetchone()[0]
    assert copies == 1
    assert [r[0] for r in runs] == ["ok", "ok"]  # both nights finished, neither half-wrote
    assert clustered == 97  # deduplicated: every live record in a study
