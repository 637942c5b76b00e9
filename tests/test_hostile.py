"""Hostile answers and files: each refused or bounded, with a clear error and nothing lost."""

from __future__ import annotations

import json

import pytest

from bench.common import run_json
from bench.hostile import HARVEST
from thresher.config import SourceConfig
from thresher.harvesters.harvest import harvest_source
from thresher.harvesters.imports import import_file
from thresher.samples.hostile import (
    BILLION_LAUGHS,
    ENDNOTE_EXTERNAL_ENTITY,
    EXTERNAL_ENTITY,
    QUADRATIC,
    deeply_nested,
    gzip_bomb,
)
from thresher.samples.oai_server import Fault

from conftest import count, shared, stored_records

LSHTM = "fixtures/oai/eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
LIST = lambda p: p.get("verb") == "ListRecords"  # noqa: E731


def _run(store, config, url):
    return harvest_source(store, SourceConfig(name="repo", base_url=url), config)


def _in_child(tmp_path, url: str, politeness: dict | None = None, name: str = "child") -> dict:
    """The harvest in a process of its own: its peak memory is this harvest's alone (a process's
    peak never falls, so one measured in this process would hide anything after a bigger test)."""
    return run_json(HARVEST, url, str(tmp_path / f"{name}.duckdb"), json.dumps(politeness or {}), "{}")


@pytest.fixture
def normal_peak(tmp_path, oai_server) -> float:
    """What a normal harvest of the same page costs, in a process like the hostile ones."""
    server = oai_server([shared(LSHTM)])
    result = _in_child(tmp_path, server.url, name="normal")
    assert result["status"] == "ok" and result["stored"] == 98
    return result["peak_mb"]


@pytest.mark.parametrize(
    "body",
    [BILLION_LAUGHS, QUADRATIC, EXTERNAL_ENTITY],
    ids=["billion-laughs", "quadratic-blowup", "external-entity"],
)
def test_entity_tricks_are_refused_without_expanding_anything(
    store, fast_config, oai_server, body, tmp_path, normal_peak
):
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("raw", body=body, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "failed" and "declares a DTD" in summary.error
    assert count(store) == 0 and "root:" not in str(stored_records(store))
    server.provider.add_fault(Fault("raw", body=body, when=LIST))
    child = _in_child(tmp_path, server.url)
    assert child["status"] == "failed" and child["stored"] == 0
    assert child["peak_mb"] < normal_peak + 50  # nothing was expanded


def test_deeply_nested_elements_are_a_clear_error(store, fast_config, oai_server):
    body = deeply_nested(100_000)
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("raw", body=body, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "failed" and "not well-formed XML" in summary.error


def test_an_oversized_response_is_cut_off(store, fast_config, oai_server):
    fast_config.politeness.max_response_mb = 2
    big = b'<?xml version="1.0"?><OAI-PMH><x>' + b"y" * (5 * 1024 * 1024) + b"</x></OAI-PMH>"
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("raw", body=big, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "failed" and "exceeds the 2,097,152-byte limit" in summary.error


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_200_mb_single_record_response_is_refused_at_the_default_limit(
    oai_server, declared, tmp_path, normal_peak
):
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("huge", size=200 * 1024 * 1024, content_length=declared, when=LIST))
    child = _in_child(tmp_path, server.url)  # the shipped default limit, 64 MB
    assert child["status"] == "failed" and "67,108,864-byte limit" in child["error"]
    assert "politeness.max_response_mb" in child["error"] and server.url in child["error"]
    # Declared: refused before reading; chunked: read up to the limit and no further.
    assert child["peak_mb"] < normal_peak + (20 if declared else 150)
    assert child["stored"] == 0


def test_a_record_over_the_record_limit_is_named_and_nothing_of_its_page_stored(
    store, fast_config, oai_server
):
    fast_config.politeness.max_response_mb = 16
    assert fast_config.harvest.max_record_mb == 8  # the shipped default
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("huge", size=12 * 1024 * 1024, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "record oai:huge:1 holds 12,58" in summary.error and "harvest.max_record_mb" in summary.error
    assert count(store) == 0
    # Raised on purpose, the same record is stored whole, and the rest of the source follows.
    fast_config.harvest.max_record_mb = 16
    server.provider.add_fault(Fault("huge", size=12 * 1024 * 1024, when=LIST))
    assert _run(store, fast_config, server.url).status == "ok"
    assert count(store, "native_id = 'oai:huge:1'") == 1


def test_a_huge_record_under_a_raised_limit_is_stored_whole(store, fast_config, oai_server):
    fast_config.politeness.max_response_mb = 16
    fast_config.harvest.max_record_mb = 16
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("huge", size=12 * 1024 * 1024, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    (stored,) = [r for r in stored_records(store) if r["native_id"] == "oai:huge:1"]
    assert len(stored["abstract"]) == 12 * 1024 * 1024 - 1  # whole, less the trailing space


def test_a_gzip_bomb_is_bounded_by_the_same_limit(oai_server, tmp_path, normal_peak):
    bomb = gzip_bomb(200)
    assert len(bomb) < 300_000
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("raw", body=bomb, headers={"Content-Encoding": "gzip"}, when=LIST))
    child = _in_child(tmp_path, server.url, {"max_response_mb": 2})
    assert child["status"] == "failed" and "exceeds" in child["error"]
    assert child["peak_mb"] < normal_peak + 50


def test_a_never_ending_response_meets_the_deadline(store, fast_config, oai_server):
    fast_config.politeness.response_deadline_seconds = 1.5
    fast_config.politeness.retries = 0
    server = oai_server([shared(LSHTM)])
    server.provider.add_fault(Fault("trickle", delay=0.2, body=b"<" * 10_000, when=LIST))
    summary = _run(store, fast_config, server.url)
    assert summary.status == "failed" and "still arriving after 2 s" in summary.error


def _long_endnote_with_a_dtd() -> bytes:
    # The file's end ("</xml>") lies far beyond the first bytes read; the DTD must be seen anyway.
    head, _, tail = ENDNOTE_EXTERNAL_ENTITY.partition(b"<records>")
    padding = b"".join(
        b"<record><rec-number>%d</rec-number><titles><title>Padding %d</title></titles></record>" % (n, n)
        for n in range(2, 3000)
    )
    return head + b"<records>" + padding + tail


@pytest.mark.parametrize(
    "content", [ENDNOTE_EXTERNAL_ENTITY, _long_endnote_with_a_dtd()], ids=["short", "long"]
)
def test_endnote_xml_with_a_dtd_is_refused(store, tmp_path, content):
    path = tmp_path / "evil.xml"
    path.write_bytes(content)
    assert b"</xml>" in content[-100:]
    summary = import_file(store, store.begin_run("import", "t"), path, "t")
    assert summary.status == "failed" and "declares a DTD" in summary.error
    assert count(store) == 0
