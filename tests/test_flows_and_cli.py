"""The Prefect flows and the `thresher` command line, end to end."""

from __future__ import annotations

import re
import subprocess

from thresher.config import SourceConfig

from conftest import SAMPLES, count, shared, thresher_command

LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
COGPRINTS = "fixtures/oai/eprints-other/cogprints-2015-04-19_20-listrecords-oai_dc.xml"


def _three_sources(oai_server):
    lshtm = oai_server([shared(LSHTM)], latency=0.02)
    cogprints = oai_server([shared(COGPRINTS)], latency=0.02)
    return [
        SourceConfig(name="lshtm", base_url=lshtm.url),
        SourceConfig(name="cogprints", base_url=cogprints.url),
        SourceConfig(name="broken", base_url="http://127.0.0.1:9/oai"),
    ]


def test_the_domain_harvests_sources_in_parallel_without_prefect(store, fast_config, oai_server):
    from thresher.harvesters.harvest import harvest_sources

    summaries = harvest_sources(store, _three_sources(oai_server), fast_config)
    assert [(s.source, s.status) for s in summaries] == [
        ("lshtm", "ok"),
        ("cogprints", "ok"),
        ("broken", "failed"),
    ]
    assert count(store, "source = 'lshtm'") == 98 and count(store, "source = 'cogprints'") == 45


def test_sources_harvest_in_parallel_through_one_writer_and_publish_a_summary(
    store, fast_config, oai_server, prefect_api
):
    from prefect.client.orchestration import get_client

    from thresher.flows.harvest import harvest_sources_flow

    lshtm = oai_server([shared(LSHTM)], latency=0.02)
    cogprints = oai_server([shared(COGPRINTS)], latency=0.02)
    broken = "http://127.0.0.1:9/oai"
    sources = [
        SourceConfig(name="lshtm", base_url=lshtm.url),
        SourceConfig(name="cogprints", base_url=cogprints.url),
        SourceConfig(name="broken", base_url=broken),
    ]
    summaries = harvest_sources_flow(store, sources, fast_config)
    by_name = {s.source: s for s in summaries}
    assert by_name["lshtm"].status == "ok" and by_name["cogprints"].status == "ok"
    assert by_name["broken"].status == "failed"  # one bad source does not stop the others
    assert count(store, "source = 'lshtm'") == 98 and count(store, "source = 'cogprints'") == 45

    async def artifact():
        async with get_client() as client:
            return await client.read_latest_artifacts()

    import asyncio

    latest = [a for a in asyncio.run(artifact()) if a.key == "harvest-summary"]
    assert latest and "| lshtm | ok | 97 |" in latest[0].data
    assert "broken" in latest[0].data


def _cli(tmp_path, *args, api=None):
    import os

    env = dict(os.environ)
    if api:
        env["PREFECT_API_URL"] = api
    return subprocess.run(
        thresher_command(*args), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_harvest_then_status(tmp_path, oai_server, prefect_api):
    server = oai_server([SAMPLES / "eprints" / "records.xml"])
    db = str(tmp_path / "review.duckdb")
    done = _cli(tmp_path, "harvest", "--url", server.url, "--source", "samples", "--db", db, api=prefect_api)
    assert done.returncode == 0, done.stderr
    assert "samples: ok: 34 new, 0 updated, 2 deleted" in done.stdout
    status = _cli(tmp_path, "status", "--db", db)
    assert status.returncode == 0, status.stderr
    line = next(ln for ln in status.stdout.splitlines() if ln.startswith("samples"))
    assert line.split()[1:3] == ["34", "2"]


def test_cli_reports_bad_config_and_usage_clearly(tmp_path):
    (tmp_path / "config.yaml").write_text("sources: [{name: x, base_url: 'gopher://x'}]\n")
    bad = _cli(tmp_path, "status")
    assert bad.returncode == 2
    assert "sources[0].base_url: 'gopher://x' is not an http(s) URL" in bad.stderr
    assert "Traceback" not in bad.stderr
    (tmp_path / "config.yaml").write_text("sources: []\n")
    nothing = _cli(tmp_path, "harvest")
    assert nothing.returncode == 2 and "no enabled sources" in nothing.stderr
    adhoc = _cli(tmp_path, "harvest", "--url", "http://127.0.0.1:9/oai")
    assert adhoc.returncode == 2 and "--url needs --source NAME" in adhoc.stderr
    window = _cli(tmp_path, "harvest", "--url", "http://x/oai", "--source", "x", "--from", "May")
    assert window.returncode == 2 and "use YYYY-MM-DD" in window.stderr
    missing = _cli(tmp_path, "status", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "no database yet" in missing.stderr


def test_cli_harvest_failure_exits_non_zero_with_the_url(tmp_path, prefect_api):
    db = str(tmp_path / "review.duckdb")
    failed = _cli(
        tmp_path,
        "harvest",
        "--url",
        "http://127.0.0.1:9/oai",
        "--source",
        "gone",
        "--db",
        db,
        api=prefect_api,
    )
    assert failed.returncode == 1
    assert "gone: failed" in failed.stdout and "127.0.0.1:9" in failed.stdout


def test_the_nightly_flow_harvests_every_enabled_source(tmp_path, oai_server, prefect_api):
    from thresher.flows.nightly import nightly_flow
    from thresher.store import Store

    on = oai_server([SAMPLES / "eprints" / "records.xml"])
    config = tmp_path / "config.yaml"
    config.write_text(
        "database: nightly.duckdb\n"
        "sources:\n"
        f"  - {{name: samples, base_url: '{on.url}'}}\n"
        "  - {name: switched-off, base_url: 'http://127.0.0.1:9/oai', enabled: false}\n",
        encoding="utf-8",
    )
    lines = nightly_flow(str(config))
    assert len(lines) == 3 and lines[0].startswith("samples: ok: 34 new")
    assert lines[1].startswith("dedupe: ") and "34 records -> 34 studies (no duplicates)" in lines[1]
    assert lines[2].startswith("corpus build 1: 34 of 34 clusters")
    with Store.open(tmp_path / "nightly.duckdb", read_only=True) as store:
        assert count(store, "NOT deleted") == 34


def test_cli_nightly_runs_the_flow_once_and_fails_naming_the_source(tmp_path, oai_server, prefect_api):
    on = oai_server([SAMPLES / "eprints" / "records.xml"])
    (tmp_path / "config.yaml").write_text(
        "database: nightly.duckdb\npoliteness: {retries: 0, connect_timeout: 2}\nsources:\n"
        f"  - {{name: samples, base_url: '{on.url}'}}\n",
        encoding="utf-8",
    )
    done = _cli(tmp_path, "nightly", "-q", api=prefect_api)
    assert done.returncode == 0, done.stderr
    assert "samples: ok: 34 new" in done.stdout and "34 records -> 34 studies" in done.stdout
    assert "corpus build 1" in done.stdout
    (tmp_path / "config.yaml").write_text(
        "database: nightly.duckdb\npoliteness: {retries: 0, connect_timeout: 2}\nsources:\n"
        f"  - {{name: samples, base_url: '{on.url}'}}\n"
        "  - {name: gone, base_url: 'http://127.0.0.1:9/oai'}\n",
        encoding="utf-8",
    )
    failed = _cli(tmp_path, "nightly", "-q", api=prefect_api)
    assert failed.returncode == 1
    assert "some sources failed" in failed.stderr and "gone: failed" in failed.stderr
    assert "corpus build 2" in failed.stderr  # the rest was still deduplicated and rebuilt


def test_cli_import_reports_per_file_and_exits_1_when_a_file_failed(tmp_path, prefect_api):
    from conftest import REPO

    data = REPO / "tests" / "data" / "exports"
    db = str(tmp_path / "review.duckdb")
    done = _cli(
        tmp_path,
        "import",
        str(data / "broken.bib"),
        str(data / "not_really.bib"),
        "--source",
        "mixed",
        "--db",
        db,
        api=prefect_api,
    )
    assert done.returncode == 1, done.stderr  # one file failed: a script must learn it
    assert "1 of 2 files not imported" in done.stderr
    assert "broken.bib (bibtex, utf-8): 5 entries: 3 new, 0 updated, 0 unchanged, 2 rejected" in done.stdout
    assert f"rejected {data / 'broken.bib'}:11:" in done.stdout
    assert "not imported:" in done.stdout and "this is a PDF" in done.stdout
    stored = _cli(tmp_path, "status", "--db", db, api=prefect_api)
    assert re.search(r"^mixed +3 +0 ", stored.stdout, re.M), stored.stdout  # the good file's entries stayed
    nothing = _cli(tmp_path, "import", str(data / "empty.ris"), "--source", "x", "--db", db, api=prefect_api)
    assert nothing.returncode == 1 and "the file is empty" in nothing.stdout
    assert "Traceback" not in nothing.stderr


# ---- direct or Prefect; global options ---------------------------------------------------------

PROBE = """
import sys
from thresher.flows.cli import main
code = main(sys.argv[1:])
print("prefect imported:", "prefect" in sys.modules)
sys.exit(code)
"""


def _probe(tmp_path, *args, api=None):
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    if api:
        env["PREFECT_API_URL"] = api
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ad_hoc_commands_call_the_domain_directly_when_no_prefect_api_is_configured(tmp_path):
    db = str(tmp_path / "review.duckdb")
    for args in (
        ("import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos", "--db", db),
        ("--db", db, "dedupe"),
        ("corpus", "--all", "--db", db),
        ("status", "--db", db),
    ):
        done = _probe(tmp_path, *args)
        assert done.returncode == 0, done.stderr
        assert "prefect imported: False" in done.stdout, args
    assert (
        "12 new"
        in _probe(
            tmp_path, "import", str(SAMPLES / "exports" / "wos.ris"), "--source", "w2", "--db", db
        ).stdout
    )
    status = _probe(tmp_path, "status", "--db", db)
    assert "runs call Thresher directly" in status.stdout


def test_ad_hoc_commands_run_as_prefect_flows_when_an_api_is_configured(tmp_path, prefect_api):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    db = str(tmp_path / "review.duckdb")
    done = _probe(
        tmp_path,
        "import",
        str(SAMPLES / "exports" / "wos.ris"),
        "--source",
        "wos",
        "--db",
        db,
        api=prefect_api,
    )
    assert done.returncode == 0, done.stderr
    assert "12 new" in done.stdout and "prefect imported: True" in done.stdout
    status = _probe(tmp_path, "status", "--db", db, api=prefect_api)
    assert f"recorded on the Prefect API at {prefect_api}" in status.stdout

    async def runs():
        async with get_client() as client:
            flows = {f.id: f.name for f in await client.read_flows()}
            found = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[]))
            )
            return [(flows.get(r.flow_id), r.state_type.value, r.parameters) for r in found]

    imports = [r for r in asyncio.run(runs()) if r[0] == "import-files" and r[2].get("source") == "wos"]
    assert imports and imports[-1][1] == "COMPLETED"


def test_global_options_go_before_or_after_the_command(tmp_path):
    db = str(tmp_path / "review.duckdb")
    assert (
        _probe(
            tmp_path, "import", str(SAMPLES / "exports" / "wos.ris"), "--source", "wos", "--db", db
        ).returncode
        == 0
    )
    assert _probe(tmp_path, "dedupe", "--db", db).returncode == 0
    before = _probe(tmp_path, "--db", db, "-q", "status")
    after = _probe(tmp_path, "status", "-q", "--db", db)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout and "wos" in before.stdout
    # Nested commands too, and a value given after the command wins over one given before it.
    out = tmp_path / "clusters.csv"
    nested = _probe(
        tmp_path,
        "--db",
        str(tmp_path / "elsewhere.duckdb"),
        "export",
        "clusters",
        "--out",
        str(out),
        "--db",
        db,
    )
    assert nested.returncode == 0, nested.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 13  # header + 12 records of review.duckdb


def test_a_prefect_api_is_found_where_prefect_itself_looks(tmp_path, monkeypatch):
    from thresher.flows.runners import prefect_api

    for name in ("PREFECT_API_URL", "PREFECT_PROFILES_PATH", "PREFECT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert prefect_api() is None
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "profiles.toml").write_text(
        'active = "lab"\n[profiles.lab]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n[profiles.other]\n',
        encoding="utf-8",
    )
    assert prefect_api() == "http://127.0.0.1:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "other")
    assert prefect_api() is None
    (tmp_path / "prefect.toml").write_text('[api]\nurl = "http://127.0.0.1:4300/api"\n', encoding="utf-8")
    assert prefect_api() == "http://127.0.0.1:4300/api"
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4400/api")
    assert prefect_api() == "http://127.0.0.1:4400/api"
