"""A month of nights in minutes: the nightly path run night after night against a server whose
content changes, with faults, imports, screening and SIGKILLs, then checked against the truth.

`make test` runs a few nights; `make soak` runs 30 (THRESHER_SOAK_NIGHTS=30).
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from thresher.dedupe.engine import run_dedupe
from thresher.flows.nightly import SourcesFailed, nightly_flow
from thresher.harvesters.imports import import_file
from thresher.maintenance import doctor
from thresher.samples.oai_server import Fault, StoredRecord
from thresher.screening.decisions import import_decisions
from thresher.screening.prisma import counts
from thresher.store import Store

from conftest import SAMPLES, count, shared, thresher_command

NIGHTS = int(os.environ.get("THRESHER_SOAK_NIGHTS", "4"))
VICTIMS = ("import", "dedupe", "screen import")
LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
DC = "{http://purl.org/dc/elements/1.1/}"


def _env(api: str) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api}


def _working(db, pid: int) -> bool:
    """The process holds the store: it has started its work (the owner file names it)."""
    try:
        return f'"pid": {pid},' in (db.with_name(db.name + ".owner.json")).read_text(encoding="utf-8")
    except OSError:
        return False


def _kill_at_random(
    command: list[str], api: str, cwd, rng: random.Random, db, *, server=None, max_delay: float = 0.3
) -> bool:
    """Start a real `thresher` process and SIGKILL it part-way through its work: with a server,
    after 1-2 more requests to it (mid-harvest) or, half the time, at a random moment after it
    took the store (which may land in dedupe or the corpus build). True if it was killed before
    it finished."""
    before = len(server.provider.log) if server else 0
    child = subprocess.Popen(
        command, env=_env(api), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    if server is not None and rng.random() < 0.5:
        wait_for = before + rng.randint(1, 2)  # a night's harvest is a page or a few
        while time.monotonic() < deadline and child.poll() is None and len(server.provider.log) < wait_for:
            time.sleep(0.005)
    else:
        while time.monotonic() < deadline and child.poll() is None and not _working(db, child.pid):
            time.sleep(0.005)
        time.sleep(rng.uniform(0, max_delay))
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    child.wait()
    return killed


def test_a_month_of_nights(tmp_path, oai_server, prefect_api):
    rng = random.Random(20261126)
    server = oai_server([shared(LSHTM), SAMPLES / "eprints" / "records.xml"], page_size=10, latency=0.01)
    repo = server.provider.repository
    db = tmp_path / "soak.duckdb"
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"database: {db}\nlock_timeout_seconds: 60\n"
        "politeness: {retries: 6, backoff_base: 0.01, backoff_max: 0.1, read_timeout: 5,"
        " retry_after_max: 5}\nharvest: {commit_every_records: 1, overlap_seconds: 86400}\n"
        f"sources:\n  - {{name: repo, base_url: '{server.url}'}}\n",
        encoding="utf-8",
    )
    exports = {"scopus": SAMPLES / "exports" / "scopus.bib", "wos": SAMPLES / "exports" / "wos.ris"}

    def cli(*args: str) -> list[str]:
        return thresher_command(*args, "--config", str(config_file), "-q")

    decisions: dict[int, set[int]] = {}  # cluster id -> the records it held when decided
    # Stable ids: a study (a set of records) that is unchanged from one night to the next keeps
    # its cluster id; checked night by night.
    last_night: dict[frozenset[int], int] = {}
    steady_checked = 0
    kills: Counter[str] = Counter()
    faults = 0
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
        repo.put(StoredRecord(f"oai:soak:{night}", stamp, template.sets, False, template.metadata))
        # Some nights the server misbehaves.
        trouble = rng.choice(["none", "503", "html", "token", "none"])
        if trouble == "503":
            server.provider.add_fault(Fault("status", status=503, retry_after="0", times=2))
        elif trouble == "html":
            server.provider.add_fault(Fault("html", times=1, when=lambda p: p.get("verb") == "ListRecords"))
        elif trouble == "token":
            server.provider.add_fault(Fault("bad_token", when=lambda p: "resumptionToken" in p))
        faults += trouble != "none"
        # Every other night the nightly flow runs as a real process and is killed part-way.
        if night % 2 == 0:
            kills["nightly"] += _kill_at_random(cli("nightly"), prefect_api, tmp_path, rng, db, server=server)
        # The nightly flow itself (harvest, dedupe, corpus), run to the end.
        try:
            nightly_flow(config_path=str(config_file))
        except SourcesFailed:  # an HTML night or a rejected token: the next run catches up
            assert trouble in ("html", "token", "503"), f"night {night} failed without a fault"
            nightly_flow(config_path=str(config_file))
        # A librarian's ad hoc work, interleaved: an import (BibTeX or RIS), a dedupe run and
        # screening decisions. Some nights one of them is started as a real process and killed
        # part-way; then all of it is done (again) to the end.
        name = rng.choice(sorted(exports))
        with Store.open(db, lock_timeout=30) as store:
            clusters = store.con.execute(
                "SELECT cluster_id, list(record_id) FROM cluster_members GROUP BY 1 ORDER BY 1"
            ).fetchall()
        chosen = rng.sample(clusters, 2)
        sheet = tmp_path / f"decisions-{night}.csv"
        sheet.write_text(
            "cluster_id,decision\n" + "".join(f"{cluster_id},include\n" for cluster_id, _ in chosen),
            encoding="utf-8",
        )
        # Each kind of ad hoc run in turn is the one killed.
        victim = VICTIMS[night % len(VICTIMS)]
        if victim is not None:
            command = {
                "import": cli("import", str(exports[name]), "--source", name),
                "dedupe": cli("dedupe"),
                "screen import": cli("screen", "import", str(sheet), "--reviewer", "soak"),
            }[victim]
            kills[victim] += _kill_at_random(command, prefect_api, tmp_path, rng, db)
        with Store.open(db, lock_timeout=30) as store:
            if night % 2 == 0 or victim == "import":
                summary = import_file(store, store.begin_run("import", name), exports[name], name)
                assert summary.status in ("ok", "unchanged-file"), summary.error
            result = import_decisions(store, sheet, reviewer="soak")
            assert result.problems == [], result.problems
            run_dedupe(store)
            tonight = {
                frozenset(members): cluster_id
                for cluster_id, members in store.con.execute(
                    "SELECT cluster_id, list(record_id) FROM cluster_members GROUP BY 1"
                ).fetchall()
            }
        for members, cluster_id in tonight.items():
            if members in last_night:
                assert last_night[members] == cluster_id, f"study {sorted(members)} renumbered"
                steady_checked += 1
        last_night = tonight
        for cluster_id, members in chosen:
            decisions.setdefault(cluster_id, set()).update(members)

    nightly_flow(config_path=str(config_file))
    with Store.open(db, lock_timeout=30) as store:
        stored = dict(
            store.con.execute("SELECT native_id, deleted FROM records WHERE source = 'repo'").fetchall()
        )
        copies = store.con.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM records GROUP BY source, native_id)"
        ).fetchone()[0]
        membership = dict(store.con.execute("SELECT record_id, cluster_id FROM cluster_members").fetchall())
        merged_into = dict(
            store.con.execute(
                "SELECT cluster_id, merged_into FROM clusters WHERE retired_at IS NOT NULL"
            ).fetchall()
        )
        deleted_ids = {
            r[0] for r in store.con.execute("SELECT record_id FROM records WHERE deleted").fetchall()
        }
        decided = {
            r[0] for r in store.con.execute("SELECT DISTINCT cluster_id FROM screening_decisions").fetchall()
        }
        numbers = counts(store)
        _, findings = doctor(store)

    def now_at(cluster_id: int) -> int:
        while merged_into.get(cluster_id) is not None:
            cluster_id = merged_into[cluster_id]
        return cluster_id

    truth = {r.identifier: r.deleted for r in repo.records()}
    assert stored == truth  # every live record present, every deleted one tombstoned
    assert copies == 1
    # Every decision made is stored, against the cluster it was made for.
    assert set(decisions) <= decided
    lost = 0
    for cluster_id, members in decisions.items():
        # A decision stays with the study it was made for: its cluster (or, if that merged,
        # the cluster it merged into) still holds records it was made for. A record edited
        # on the server may leave the study (then it is no longer a duplicate of it), but the
        # decision never follows it elsewhere and never loses its study.
        alive = members - deleted_ids
        if alive and not any(membership.get(r) == now_at(cluster_id) for r in alive):
            lost += 1
    assert lost == 0
    assert steady_checked > 0
    assert numbers.checks() == []
    # The soak did what it says: it killed each kind of run it names at least once.
    never_killed = [kind for kind in ("nightly", *VICTIMS) if kills[kind] == 0]
    assert not never_killed, f"never killed part-way: {never_killed}; runs killed: {dict(kills)}"
    # The store is whole: no member without its record or cluster, no empty live cluster, no
    # decision attached to nothing, no deleted record left in a study, nothing left undeduped.
    structural = {
        f.check: f.count
        for f in findings
        if f.check != "screening decisions on retired clusters"
        and f.check not in ("runs that did not finish (killed or crashed)",)
    }
    assert set(structural.values()) == {0}, structural
    print(
        f"soak: {NIGHTS} nights, {faults} with faults, runs killed: "
        f"{dict(kills) or 'none'} ({sum(kills.values())} in all); {len(truth)} server records "
        f"checked, {steady_checked} unchanged studies checked for their ids night to night, "
        f"{sum(len(m) for m in decisions.values())} decision memberships checked, lost 0"
    )


def test_overlapping_runs_wait_or_refuse_naming_the_other(tmp_path, oai_server, prefect_api):
    server = oai_server([shared(LSHTM)], page_size=10, latency=1.5)
    db = tmp_path / "o.duckdb"
    nightly_config = tmp_path / "nightly.yaml"
    nightly_config.write_text(
        f"database: {db}\nsources:\n  - {{name: slow, base_url: "
        f"'{server.url}'}}\npoliteness: {{delay_seconds: 0}}\n",
        encoding="utf-8",
    )
    nightly = subprocess.Popen(
        thresher_command("nightly", "--config", str(nightly_config), "-q"),
        env=_env(prefect_api),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        e.params.get("verb") == "ListRecords" for e in server.provider.log
    ):
        time.sleep(0.05)

    def ad_hoc(lock_seconds: int, *args: str) -> subprocess.CompletedProcess:
        config = tmp_path / f"wait-{lock_seconds}.yaml"
        config.write_text(f"database: {db}\nlock_timeout_seconds: {lock_seconds}\n", encoding="utf-8")
        return subprocess.run(
            thresher_command(*args, "--config", str(config)),
            env=_env(prefect_api),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )

    refused = ad_hoc(1, "import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos")
    assert refused.returncode == 3
    assert "in use by pid" in refused.stderr and "thresher nightly" in refused.stderr
    waited = ad_hoc(120, "import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos")
    exported = ad_hoc(120, "export", "clusters", "--out", str(tmp_path / "clusters.csv"))
    nightly.wait(timeout=300)
    assert nightly.returncode == 0, nightly.stderr
    assert waited.returncode == 0, waited.stderr
    assert "waiting up to 120 s" in waited.stdout + waited.stderr
    assert exported.returncode == 0, exported.stderr
    with Store.open(db, read_only=True) as store:
        assert count(store, "source = 'slow'") == 98 and count(store, "source = 'wos'") == 12
        # The nightly run deduplicated every live record it harvested.
        in_clusters = store.con.execute(
            "SELECT count(*) FROM cluster_members m JOIN records r USING (record_id) WHERE r.source = 'slow'"
        ).fetchone()[0]
        live = count(store, "source = 'slow' AND NOT deleted")
    assert in_clusters == live > 90
    with (tmp_path / "clusters.csv").open(encoding="utf-8") as handle:
        exported_sources = Counter(row["source"] for row in csv.DictReader(handle))
    assert exported_sources["slow"] == live  # it waited for the nightly run to finish
