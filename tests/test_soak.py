"""A month of nights in minutes: the nightly path run night after night against a server whose
content changes, with faults, imports, screening and SIGKILLs, then checked against the truth.

`make test` runs a few nights; `make soak` runs 30 (THRESHER_SOAK_NIGHTS=30).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta

from thresher.config import SourceConfig
from thresher.flows.dedupe import run_dedupe
from thresher.flows.harvest import harvest_source
from thresher.flows.imports import import_file
from thresher.oai_server import Fault, StoredRecord
from thresher.prisma import counts
from thresher.store import Store

from conftest import SAMPLES, shared, thresher_command

NIGHTS = int(os.environ.get("THRESHER_SOAK_NIGHTS", "4"))
LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
DC = "{http://purl.org/dc/elements/1.1/}"


def _env(api: str) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api}


def test_a_month_of_nights(tmp_path, oai_server, prefect_api):
    rng = random.Random(20261126)
    server = oai_server([shared(LSHTM), SAMPLES / "eprints" / "records.xml"], page_size=10,
                        latency=0.01)
    repo = server.provider.repository
    db = tmp_path / "soak.duckdb"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"database: {db}\nlock_timeout_seconds: 30\n"
        "politeness: {retries: 6, backoff_base: 0.01, backoff_max: 0.1, read_timeout: 5,"
        " retry_after_max: 5}\nharvest: {commit_every_records: 1, overlap_seconds: 86400}\n"
        f"sources:\n  - {{name: repo, base_url: '{server.url}'}}\n", encoding="utf-8")
    from thresher.config import load_config

    config = load_config(config_file)
    source = SourceConfig(name="repo", base_url=server.url)
    decisions: dict[int, set[str]] = {}  # cluster id -> the records it held when decided
    kills = faults = 0
    for night in range(NIGHTS):
        # The server's clock moves on between nights, as a real one does.
        stamp = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(seconds=1)
        live = [r for r in repo.records() if not r.deleted]
        # The repository changes: records edited, deleted, added.
        for record in rng.sample(live, 2):
            title = record.metadata.find(f"{DC}title")
            title.text = f"{title.text} (revised night {night})"
            repo.put(StoredRecord(record.identifier, stamp, record.sets, False, record.metadata))
        repo.delete(rng.choice(live).identifier, when=stamp)
        template = rng.choice(live)
        repo.put(StoredRecord(f"oai:soak:{night}", stamp, template.sets, False,
                              template.metadata))
        # Some nights the server misbehaves.
        trouble = rng.choice(["none", "503", "html", "token", "none"])
        if trouble == "503":
            server.provider.add_fault(Fault("status", status=503, retry_after="0", times=2))
        elif trouble == "html":
            server.provider.add_fault(Fault("html", times=1, when=lambda p: p.get(
                "verb") == "ListRecords"))
        elif trouble == "token":
            server.provider.add_fault(Fault("bad_token", when=lambda p: "resumptionToken" in p))
        faults += trouble != "none"
        # Some nights the harvest runs as a real process and is killed part-way.
        if rng.random() < 0.5:
            before = len(server.provider.log)
            child = subprocess.Popen(
                thresher_command("harvest", "--config", str(config_file), "-q"),
                env=_env(prefect_api), cwd=tmp_path, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            wait_for = before + rng.randint(1, 4)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and child.poll() is None and len(
                    server.provider.log) < wait_for:
                time.sleep(0.01)
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.wait()
        with Store.open(db, lock_timeout=30) as store:
            summary = harvest_source(store, source, config)
            if summary.status != "ok":  # an HTML night: the next run catches up
                summary = harvest_source(store, source, config)
            assert summary.status == "ok", summary.error
            if night % 2 == 0:
                import_file(store, store.begin_run("import", "scopus"),
                            SAMPLES / "exports" / "scopus.bib", "scopus")
            run_dedupe(store)
            # Screen a few studies, remembering what each decision was about.
            clusters = store.con.execute(
                "SELECT cluster_id, list(record_id) FROM cluster_members GROUP BY 1 ORDER BY 1"
            ).fetchall()
            for cluster_id, members in rng.sample(clusters, 2):
                store.con.execute(
                    "INSERT INTO screening_decisions VALUES (nextval('decision_id_seq'), ?, "
                    "'title-abstract', 'include', NULL, 'soak', now()::TIMESTAMP, NULL, NULL)",
                    [cluster_id])
                decisions.setdefault(cluster_id, set()).update(members)

    with Store.open(db, lock_timeout=30) as store:
        harvest_source(store, source, config)
        run_dedupe(store)
        stored = dict(store.con.execute(
            "SELECT native_id, deleted FROM records WHERE source = 'repo'").fetchall())
        copies = store.con.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM records GROUP BY source, native_id)"
        ).fetchone()[0]
        membership = dict(store.con.execute(
            "SELECT record_id, cluster_id FROM cluster_members").fetchall())
        merged_into = dict(store.con.execute(
            "SELECT cluster_id, merged_into FROM clusters WHERE retired_at IS NOT NULL"
        ).fetchall())
        deleted_ids = {r[0] for r in store.con.execute(
            "SELECT record_id FROM records WHERE deleted").fetchall()}
        numbers = counts(store)
    truth = {r.identifier: r.deleted for r in repo.records()}
    assert stored == truth  # every live record present, every deleted one tombstoned
    assert copies == 1
    lost = 0
    for cluster_id, members in decisions.items():
        # A decision stays with the study it was made for: its cluster (or, if that merged,
        # the cluster it merged into) still holds records it was made for. A record edited
        # on the server may leave the study (then it is no longer a duplicate of it), but the
        # decision never follows it elsewhere and never loses its study.
        live = cluster_id
        while live in merged_into and merged_into[live] is not None:
            live = merged_into[live]
        alive = members - deleted_ids
        if alive and not any(membership.get(r) == live for r in alive):
            lost += 1
    assert lost == 0
    assert numbers.checks() == []
    print(f"soak: {NIGHTS} nights, {faults} with faults, {kills} harvests killed, "
          f"{len(truth)} records checked, {sum(len(m) for m in decisions.values())} decision "
          "memberships checked, lost 0")


def test_overlapping_runs_wait_or_refuse_naming_the_other(tmp_path, oai_server, prefect_api):
    server = oai_server([shared(LSHTM)], page_size=10, latency=1.5)
    db = tmp_path / "o.duckdb"
    harvest = subprocess.Popen(
        thresher_command("harvest", "--url", server.url, "--source", "slow", "--db", str(db),
                         "-q"), env=_env(prefect_api), cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            e.params.get("verb") == "ListRecords" for e in server.provider.log):
        time.sleep(0.05)
    quick = tmp_path / "quick.yaml"
    quick.write_text("lock_timeout_seconds: 1\n", encoding="utf-8")
    refused = subprocess.run(
        thresher_command("import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos",
                         "--db", str(db), "--config", str(quick)), env=_env(prefect_api),
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 3
    assert "in use by pid" in refused.stderr and "thresher harvest" in refused.stderr
    patient = tmp_path / "patient.yaml"
    patient.write_text("lock_timeout_seconds: 120\n", encoding="utf-8")
    waited = subprocess.run(
        thresher_command("import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos",
                         "--db", str(db), "--config", str(patient)), env=_env(prefect_api),
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    harvest.wait(timeout=300)
    assert harvest.returncode == 0, harvest.stderr
    assert waited.returncode == 0, waited.stderr
    assert "waiting up to 120 s" in waited.stdout + waited.stderr
    with Store.open(db, read_only=True) as store:
        assert store.count("source = 'slow'") == 98 and store.count("source = 'wos'") == 12
