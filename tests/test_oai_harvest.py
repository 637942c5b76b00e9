"""Harvesting from a real OAI-PMH server on 127.0.0.1 loaded with real recorded responses."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from thresher.config import SourceConfig
from thresher.harvesters.harvest import harvest_source
from thresher.samples.oai_server import Fault, StoredRecord, load_records

from conftest import count, shared, stored_records

LSHTM = "eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
COGPRINTS = "eprints-other/cogprints-2015-04-19_20-listrecords-oai_dc.xml"
DSPACE = "misc/dspace-mit-2014-12-24_25-listrecords-oai_dc.xml"


def run(store, config, url, name="repo", **source_options):
    return harvest_source(store, SourceConfig(name=name, base_url=url, **source_options), config)


def stored(store, source="repo"):
    rows = store.con.execute(
        "SELECT native_id, deleted FROM records WHERE source = ? ORDER BY native_id", [source]
    ).fetchall()
    return {native_id: deleted for native_id, deleted in rows}


def served(server):
    return {r.identifier: r.deleted for r in server.provider.repository.records()}


def list_records_requests(server):
    return [e for e in server.provider.log if e.params.get("verb") == "ListRecords"]


def test_the_exact_record_set_arrives_with_deletions_flagged(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM), shared("fixtures/oai/" + COGPRINTS)])
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert stored(store) == served(server)
    assert len(served(server)) == 98 + 45
    assert sum(served(server).values()) == 1  # LSHTM's one deleted record
    assert summary.totals.counts.new == 142 and summary.totals.counts.deleted == 1
    assert summary.totals.pages == 15  # 143 records, 10 a page


def test_a_second_run_with_no_changes_fetches_nothing_new(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    run(store, fast_config, server.url)
    before = store.con.execute("SELECT native_id, content_hash, updated_at FROM records").fetchall()
    second = run(store, fast_config, server.url)
    c = second.totals.counts
    assert (c.new, c.updated, c.deleted) == (0, 0, 0)
    # The window starts where the last one ended (less the overlap): nothing old is re-sent.
    requests = list_records_requests(server)
    assert "from" in requests[-1].params
    after = store.con.execute("SELECT native_id, content_hash, updated_at FROM records").fetchall()
    assert sorted(after) == sorted(before)


def test_changes_on_the_server_arrive_on_the_next_run(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    run(store, fast_config, server.url)
    repo = server.provider.repository
    records = [r for r in repo.records() if not r.deleted]
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(seconds=5)
    edited = records[0]
    title = edited.metadata.find("{http://purl.org/dc/elements/1.1/}title")
    title.text = "A corrected title"
    repo.put(StoredRecord(edited.identifier, now, edited.sets, False, edited.metadata))
    repo.delete(records[1].identifier, when=now)
    newcomer = load_records(shared("fixtures/oai/" + COGPRINTS))[0]
    repo.put(StoredRecord(newcomer.identifier, now, newcomer.sets, False, newcomer.metadata))

    summary = run(store, fast_config, server.url)
    c = summary.totals.counts
    assert (c.new, c.updated, c.deleted) == (1, 1, 1)
    assert stored(store) == served(server)
    row = store.con.execute(
        "SELECT title, deleted FROM records WHERE native_id = ?", [edited.identifier]
    ).fetchone()
    assert row == ("A corrected title", False)
    tomb = store.con.execute(
        "SELECT title IS NOT NULL, deleted FROM records WHERE native_id = ?",
        [records[1].identifier],
    ).fetchone()
    assert tomb == (True, True)  # a tombstone keeps what we knew of the record


def test_an_older_datestamp_never_overwrites_a_newer_record(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    run(store, fast_config, server.url)
    repo = server.provider.repository
    target = repo.records()[5]
    # The stored copy is newer than what an ad hoc replay of an old window sends.
    store.con.execute(
        "UPDATE records SET datestamp = TIMESTAMP '2030-01-01', title = 'newer' WHERE native_id = ?",
        [target.identifier],
    )
    summary = run(store, fast_config, server.url, **{"from": None})
    assert summary.status == "ok"
    second = harvest_source(
        store,
        SourceConfig(name="repo", base_url=server.url),
        fast_config,
        window_from="2015-01-01",
        window_until="2015-12-31",
    )
    assert second.totals.counts.stale == 1
    title = store.con.execute(
        "SELECT title FROM records WHERE native_id = ?", [target.identifier]
    ).fetchone()[0]
    assert title == "newer"


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=503, retry_after="1"),
        Fault("status", status=503, retry_after="DATE"),
        Fault("status", status=429, retry_after="1"),
        Fault("status", status=500),
        Fault("status", status=502, times=3),
        Fault("drop"),
        Fault("slow", delay=3.0),  # longer than the 2 s read timeout
    ],
    ids=["503-seconds", "503-http-date", "429", "500", "502x3", "dropped", "slow"],
)
def test_transient_faults_are_retried_and_the_harvest_completes(store, fast_config, oai_server, fault):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    if fault.retry_after == "DATE":
        # An HTTP date has whole seconds: two seconds from the moment the fault strikes is
        # between one and two seconds away, whatever the fraction of the current second.
        fault.retry_after = lambda: email.utils.format_datetime(
            datetime.now(UTC) + timedelta(seconds=2), usegmt=True
        )
    # Strike in the middle of the harvest, on a resumption request.
    fault.when = lambda params: "resumptionToken" in params and "cursor%3D40" in params["resumptionToken"]
    server.provider.add_fault(fault)
    started = time.monotonic()
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert summary.totals.retries >= 1
    assert stored(store) == served(server)
    if fault.retry_after:
        assert time.monotonic() - started >= 0.5  # Retry-After was honoured, not ignored


def test_retry_after_longer_than_allowed_is_a_clear_error(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(Fault("status", status=503, retry_after="86400"))
    summary = run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "86400" in summary.error and "retry_after_max" in summary.error
    assert server.url in summary.error


def test_persistent_failure_gives_up_with_the_url_and_keeps_stored_pages(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault(
            "status",
            status=500,
            times=100,
            when=lambda p: "resumptionToken" in p and "cursor%3D50" in p["resumptionToken"],
        )
    )
    summary = run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "HTTP 500" in summary.error and "gave up after 5 attempts" in summary.error
    assert "cursor%253D50" in summary.error  # the URL of the page that failed
    assert len(stored(store)) == 50  # five pages of ten were committed before it
    # The failure is visible in status, and the rerun resumes from the checkpoint.
    rows = {r[0]: r for r in store.source_status()}
    assert rows["repo"][4] and "HTTP 500" in rows["repo"][4]
    server.provider.faults.clear()
    before = len(list_records_requests(server))
    again = run(store, fast_config, server.url)
    assert again.status == "ok" and again.resumed
    assert stored(store) == served(server)
    assert len(list_records_requests(server)) - before == 5  # pages 6..10 only


def test_an_html_maintenance_page_is_a_clear_error_and_loses_nothing(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault("html", when=lambda p: "resumptionToken" in p and "cursor%3D30" in p["resumptionToken"])
    )
    summary = run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "HTML page" in summary.error and "Down for maintenance" in summary.error
    assert "cursor%253D30" in summary.error
    assert len(stored(store)) == 30
    assert run(store, fast_config, server.url).status == "ok"
    assert stored(store) == served(server)


def test_a_real_non_oai_html_answer_to_identify(store, fast_config, oai_server):
    body = shared("fixtures/oai/zenodo-2026/identify-01-httpbun-NOT-OAI.html").read_bytes()
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(Fault("html", body=body, when=lambda p: p.get("verb") == "Identify"))
    summary = run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "not look like an OAI-PMH endpoint" in summary.error
    assert "verb=Identify" in summary.error


def test_a_token_that_turns_bad_mid_harvest_restarts_the_window(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault("bad_token", when=lambda p: "cursor%3D60" in p.get("resumptionToken", ""))
    )
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert summary.restarts == 1
    assert stored(store) == served(server)
    assert count(store) == 98  # the replayed pages did not duplicate anything


def test_a_token_rejected_every_time_stops_after_bounded_restarts(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault("bad_token", times=100, when=lambda p: "cursor%3D20" in p.get("resumptionToken", ""))
    )
    summary = run(store, fast_config, server.url)
    assert summary.status == "failed"
    assert "badResumptionToken" in summary.error and "restarted 3 times" in summary.error
    assert len(stored(store)) == 20


def test_the_same_token_twice_trips_the_loop_guard(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    provider = server.provider
    # Answer the second page with the first page again: its token repeats.
    first = provider.server.handleRequest({"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    provider.add_fault(Fault("raw", body=first, times=5, when=lambda p: "resumptionToken" in p))
    summary = run(store, fast_config, server.url, **{"from": None})
    assert summary.status == "failed"
    assert "same resumption token twice" in summary.error


def test_noRecordsMatch_is_success_even_with_http_422(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)], error_status=422)
    summary = harvest_source(
        store,
        SourceConfig(name="repo", base_url=server.url),
        fast_config,
        window_from="2030-01-01",
        window_until="2030-12-31",
    )
    assert summary.status == "ok", summary.error
    assert summary.totals.counts.total == 0
    assert [e.status for e in list_records_requests(server)] == [422]


def test_zenodo_recorded_422_answers(store, fast_config, oai_server):
    no_match = shared("fixtures/oai/zenodo-2026/list_records-03.xml").read_bytes()
    bad_format = shared("fixtures/oai/zenodo-2026/list_records-04.xml").read_bytes()
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault("raw", status=422, body=no_match, when=lambda p: p.get("verb") == "ListRecords")
    )
    assert run(store, fast_config, server.url).status == "ok"
    server.provider.add_fault(
        Fault("raw", status=422, body=bad_format, when=lambda p: p.get("verb") == "ListRecords")
    )
    failed = run(store, fast_config, server.url, metadata_prefix="XXX")
    assert failed.status == "failed"
    assert "OAI error badArgument" in failed.error and "metadataPrefix=XXX" in failed.error


def test_zenodo_records_with_datestamped_windows(store, fast_config, oai_server):
    files = [shared(f"fixtures/oai/zenodo-2026/list_records-{n}.xml") for n in ("01", "08", "12")]
    server = oai_server(files, deleted_record="no", error_status=422, page_size=50)
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert stored(store) == served(server)
    assert count(store, "doi IS NOT NULL") > 0


def test_dspace_records(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + DSPACE)], granularity="YYYY-MM-DD")
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert len(stored(store)) == 50
    # Day granularity: windows are sent as dates.
    assert all("T" not in e.params.get("until", "") for e in list_records_requests(server))


def test_datacite_two_pages_ending_with_an_empty_token_element(store, fast_config, oai_server):
    page1 = shared("fixtures/oai/misc/datacite-2012-12-19_21-listrecords-oai_dc-page1.xml")
    page2 = shared("fixtures/oai/misc/datacite-2012-12-19_21-listrecords-oai_dc-page2-resumed.xml")
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(
        Fault(
            "raw",
            body=page1.read_bytes(),
            when=lambda p: p.get("verb") == "ListRecords" and "resumptionToken" not in p,
        )
    )
    server.provider.add_fault(Fault("raw", body=page2.read_bytes(), when=lambda p: "resumptionToken" in p))
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    assert summary.totals.pages == 2
    assert len(stored(store)) == 56  # completeListSize in the recorded token
    assert list_records_requests(server)[1].params["resumptionToken"].startswith("1435689439510")


def test_citebase_bad_bytes_are_cleaned_counted_and_the_text_kept(store, fast_config, oai_server):
    bad = shared("fixtures/oai/misc/citebase-2005-getrecord-oai_dc-BADBYTES.xml").read_bytes()
    clean = shared("fixtures/oai/misc/citebase-2005-getrecord-oai_dc.xml").read_bytes()
    as_list = bad.replace(b"<GetRecord>", b"<ListRecords>").replace(b"</GetRecord>", b"</ListRecords>")
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    server.provider.add_fault(Fault("raw", body=as_list, when=lambda p: p.get("verb") == "ListRecords"))
    summary = run(store, fast_config, server.url)
    assert summary.status == "ok", summary.error
    illegal = bad.count(b"\xc2") + bad.count(b"\x06")
    assert summary.totals.cleaned_bytes == illegal > 0
    abstract = store.con.execute(
        "SELECT abstract FROM records WHERE native_id = 'oai:arXiv.org:hep-th/0001001'"
    ).fetchone()[0]
    from lxml import etree

    expected = " ".join(
        etree.fromstring(clean).findtext(".//{http://purl.org/dc/elements/1.1/}description").split()
    )
    assert abstract == expected
    assert "``mixed instantons''" in abstract  # the entity text recover mode loses
    runs = store.con.execute("SELECT cleaned_bytes FROM runs WHERE status = 'ok'").fetchall()
    assert runs[-1][0] == illegal


def test_eprints_soton_record_is_mapped_with_its_quirks(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/eprints-soton/eprints-oai-getrecord-oai_dc.xml")])
    assert run(store, fast_config, server.url).status == "ok"
    (record,) = stored_records(store, "repo")
    assert record["doi"] == "10.5258/soton/wsi-wp013"
    assert record["authors"] == ["Awasthi, Arjun", "Gupta, Achala"]
    assert record["year"] == 2025 and record["type"] == "report" and record["language"] == "en"
    assert record["urls"][0] == "https://eprints.soton.ac.uk/498754/"
    assert record["set_specs"] == [
        "7374617475733D707562",
        "74797065733D6D6F6E6F6772617068",
        "66756C6C746578743D7075626C6963",
    ]
    assert "<dc:relation>10.5258/SOTON/WSI-WP013</dc:relation>" in record["raw"]


def test_sets_are_harvested_each_with_its_own_checkpoint(store, fast_config, oai_server):
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    articles = "74797065733D61727469636C65"  # types=article
    summary = run(store, fast_config, server.url, sets=[articles])
    assert summary.status == "ok"
    expected = {r.identifier for r in server.provider.repository.records() if articles in r.sets}
    assert set(stored(store)) == expected and 0 < len(expected) < 98
    state = store.harvest_state("repo", "oai_dc", articles)
    assert state.complete_until and not state.in_progress


def test_raw_pages_are_archived_by_content(store, fast_config, oai_server, tmp_path):
    import gzip

    fast_config.harvest.archive_raw_pages = True
    server = oai_server([shared("fixtures/oai/" + LSHTM)])
    assert run(store, fast_config, server.url).status == "ok"
    pages = store.con.execute("SELECT sha256, url FROM raw_pages ORDER BY page").fetchall()
    assert len(pages) == 10
    first = tmp_path / "archive" / pages[0][0][:2] / f"{pages[0][0]}.xml.gz"
    assert b"<ListRecords>" in gzip.decompress(first.read_bytes())


def test_identify_errors_name_the_url(store, fast_config):
    summary = run(store, fast_config, "http://127.0.0.1:9/oai")  # nothing listens on port 9
    assert summary.status == "failed"
    assert "127.0.0.1:9" in summary.error and "connection failed" in summary.error


def test_a_zenodo_deposit_keeps_its_own_doi_not_a_related_works(store, fast_config, oai_server):
    """Zenodo gives a deposit's DOI as its dc:identifier and relates it to the article it
    supplements and to its other versions by their DOIs in dc:relation: the record is its own
    identifier's (the deposit's, or the paper's where Zenodo holds a copy under its DOI)."""
    page = shared("fixtures/oai/zenodo-2026/list_records-02.xml")
    server = oai_server([page])
    assert run(store, fast_config, server.url).status == "ok"
    records = {r["native_id"]: r for r in stored_records(store, "repo")}
    oai, dc = "{http://www.openarchives.org/OAI/2.0/}", "{http://purl.org/dc/elements/1.1/}"
    related = 0
    for element in etree.parse(str(page)).getroot().iter(f"{oai}record"):
        native_id = element.findtext(f"{oai}header/{oai}identifier").strip()
        own = [v for v in (e.text for e in element.iter(f"{dc}identifier")) if "doi.org/" in v]
        related += any("doi.org/" in (e.text or "") for e in element.iter(f"{dc}relation"))
        assert own, native_id
        assert records[native_id]["doi"] == own[0].split("doi.org/", 1)[1].lower(), native_id
    assert related, "the recorded page relates deposits to other DOIs"
