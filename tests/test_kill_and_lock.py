"""A harvest killed with SIGKILL resumes cleanly; a second writer waits, then refuses clearly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thresher.store import Store, StoreLocked

from conftest import REPO, count, shared, thresher_command

LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"


def _env(prefect_api: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if prefect_api:
        env["PREFECT_API_URL"] = prefect_api  # reuse the session's Prefect server
    return env


def _write_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        "lock_timeout_seconds: 5\n"
        "politeness: {retries: 2, backoff_base: 0.01, read_timeout: 5}\n"
        "harvest: {commit_every_records: 1}\n",  # commit every page: kills land between commits
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("kill_after_pages", [1, 4, 7])
def test_a_harvest_killed_mid_way_resumes_with_exactly_the_servers_records(
    tmp_path, oai_server, prefect_api, kill_after_pages
):
    server = oai_server([shared(LSHTM)], page_size=10, latency=0.15)
    db = tmp_path / "thresher.duckdb"
    config = _write_config(tmp_path)
    command = thresher_command(
        "harvest", "--url", server.url, "--source", "lshtm", "--db", str(db), "--config", str(config), "-q"
    )
    child = subprocess.Popen(
        command, env=_env(prefect_api), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pages = [e for e in server.provider.log if e.params.get("verb") == "ListRecords"]
        if len(pages) > kill_after_pages or child.poll() is not None:
            break
        time.sleep(0.02)
    assert child.poll() is None, child.stdout.read().decode()
    child.send_signal(signal.SIGKILL)
    child.wait()

    with Store.open(db, lock_timeout=10) as store:  # replays DuckDB's WAL; nothing half-written
        kept = count(store)
        state = store.harvest_state("lshtm", "oai_dc", "")
        assert state.in_progress
        assert kept == state.records_done  # the records and their checkpoint committed together
        status = {row[0]: row for row in store.source_status()}
        assert "killed or crashed" in status["lshtm"][4]

    rerun = subprocess.run(
        command, env=_env(prefect_api), cwd=tmp_path, capture_output=True, text=True, timeout=180
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "resumed from a checkpoint" in rerun.stdout or kept == 0
    with Store.open(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT native_id, deleted, count(*) OVER (PARTITION BY native_id) FROM records"
        ).fetchall()
    served = {r.identifier: r.deleted for r in server.provider.repository.records()}
    assert {native_id: deleted for native_id, deleted, _ in rows} == served
    assert all(copies == 1 for _, _, copies in rows)


HOLDER = """
import sys, time
from thresher.store import Store
store = Store.open(sys.argv[1], command="thresher harvest (nightly test)")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


def test_a_second_writer_waits_then_refuses_naming_the_holder(tmp_path):
    db = tmp_path / "thresher.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "30"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        said = []
        started = time.monotonic()
        with pytest.raises(StoreLocked) as refused:
            Store.open(db, lock_timeout=1.5, on_wait=said.append)
        waited = time.monotonic() - started
        assert 1.4 <= waited < 10
        assert f"pid {holder.pid}" in str(refused.value)
        assert "thresher harvest (nightly test)" in str(refused.value)
        assert "Nothing was changed" in str(refused.value)
        assert said and "waiting up to 2 s" in said[0]
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_writer_gets_in_once_the_holder_finishes(tmp_path):
    db = tmp_path / "thresher.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), "1.5"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Store.open(db, lock_timeout=30) as store:
            assert store.schema_version() >= 1
    finally:
        holder.wait()
