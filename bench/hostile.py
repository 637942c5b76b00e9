"""Hostile inputs: what each one costs (peak memory, time) and how it ends.

The local OAI-PMH server (over the real recorded LSHTM page) runs in this process; each harvest
or import runs in its own process, so the peak memory printed is that client's alone. Every
hostile case must end in a clear error (or, for the huge record under a raised limit, bounded
success) with nothing stored from the hostile answer.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.common import run_json

REPO = Path(__file__).resolve().parent.parent
LSHTM = (
    REPO.parent
    / "shared"
    / "fixtures"
    / "oai"
    / "eprints-other"
    / "lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml"
)
MB = 1024 * 1024

HARVEST = """
import json, resource, sys, time
from thresher.config import SourceConfig, parse_config
from thresher.harvesters.harvest import harvest_source
from thresher.store import Store
url, db, politeness, harvest = sys.argv[1], sys.argv[2], *map(json.loads, sys.argv[3:5])
config = parse_config({"database": db, "harvest": harvest,
                       "politeness": {"delay_seconds": 0, "retries": 0, "backoff_base": 0.01,
                                      "backoff_max": 0.05, **politeness}})
start = time.perf_counter()
with Store.open(db) as store:
    summary = harvest_source(store, SourceConfig(name="repo", base_url=url), config)
    stored = store.con.execute("SELECT count(*) FROM records").fetchone()[0]
print(json.dumps({"status": summary.status, "error": summary.error or "", "stored": stored,
                  "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, resource, sys, time
from pathlib import Path
from thresher.harvesters.imports import import_file
from thresher.store import Store
path, db = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
with Store.open(db) as store:
    summary = import_file(store, store.begin_run("import", "bench"), path, "bench")
    stored = store.con.execute("SELECT count(*) FROM records").fetchone()[0]
print(json.dumps({"status": summary.status, "error": summary.error or "", "stored": stored,
                  "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _cases():
    from thresher.samples import hostile
    from thresher.samples.oai_server import Fault

    def listing(params):
        return params.get("verb") == "ListRecords"

    cases = [
        # (name, fault or None, politeness overrides[, harvest overrides])
        ("normal page (baseline)", None, {}),
        ("billion laughs", Fault("raw", body=hostile.BILLION_LAUGHS, when=listing), {}),
        ("quadratic blowup", Fault("raw", body=hostile.QUADRATIC, when=listing), {}),
        (
            "external entity (file:///etc/passwd)",
            Fault("raw", body=hostile.EXTERNAL_ENTITY, when=listing),
            {},
        ),
        ("100,000 nested elements", Fault("raw", body=hostile.deeply_nested(), when=listing), {}),
        ("200 MB record, length declared", Fault("huge", size=200 * MB, when=listing), {}),
        ("200 MB record, chunked", Fault("huge", size=200 * MB, content_length=False, when=listing), {}),
        (
            "200 MB record, answer limit 256 MB",
            Fault("huge", size=200 * MB, when=listing),
            {"max_response_mb": 256},
            {},
        ),
        (
            "200 MB record, record limit 256 MB too",
            Fault("huge", size=200 * MB, when=listing),
            {"max_response_mb": 256},
            {"max_record_mb": 256},
        ),
        (
            "gzip bomb (200 MB inflated)",
            Fault("raw", body=hostile.gzip_bomb(200), headers={"Content-Encoding": "gzip"}, when=listing),
            {},
        ),
        (
            "never-ending answer (1 byte / 0.2 s)",
            Fault("trickle", delay=0.2, body=b"<" * 100_000, when=listing),
            {"response_deadline_seconds": 3},
        ),
    ]
    return [case if len(case) == 4 else (*case, {}) for case in cases]


def main(smoke: bool = False) -> None:
    if not LSHTM.exists():
        print("hostile benchmark: skipped, ../shared/fixtures/oai is not beside this checkout")
        return
    from thresher.samples import hostile
    from thresher.samples.oai_server import LocalOAIServer, OAIProvider, RecordedRepository, load_records

    print("== hostile inputs: each harvest or import in its own process ==")
    print(f"{'input':<40} {'outcome':<8} {'stored':>6} {'sec':>6} {'peak MB':>8}  message")
    records = load_records(LSHTM)
    with tempfile.TemporaryDirectory() as tmp:
        cases = _cases()
        if smoke:  # the cases that take no time to make or to refuse
            cases = [c for c in cases if "200 MB record, answer" not in c[0] and "limit 256" not in c[0]]
        for n, (name, fault, politeness, harvest) in enumerate(cases):
            provider = OAIProvider(RecordedRepository(records), page_size=100)
            if fault is not None:
                provider.add_fault(fault)
            with LocalOAIServer(provider) as server:
                result = run_json(
                    HARVEST,
                    server.url,
                    str(Path(tmp) / f"h{n}.duckdb"),
                    json.dumps(politeness),
                    json.dumps(harvest),
                )
            _line(name, result)
        evil = Path(tmp) / "evil.xml"
        evil.write_bytes(hostile.ENDNOTE_EXTERNAL_ENTITY)
        _line("EndNote XML with an external entity", run_json(IMPORT, str(evil), str(Path(tmp) / "i.duckdb")))


def _line(name: str, result: dict) -> None:
    message = result["error"].split(": ", 1)[-1][:90] if result["error"] else ""
    print(
        f"{name:<40} {result['status']:<8} {result['stored']:>6} {result['seconds']:>6.1f} "
        f"{result['peak_mb']:>8.0f}  {message}"
    )


if __name__ == "__main__":
    main()
