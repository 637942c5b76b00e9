"""Harvest benchmark: Thresher's harvest vs a plain sickle loop over the same local server.

20,000 records generated from the shapes of the real recorded records (EPrints, DSpace, Zenodo)
are served with page size 100 by the local OAI-PMH server in its own process; each client runs in
its own process, so its CPU time and peak memory are its own.
"""

from __future__ import annotations

import copy
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

from bench.common import run_json

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "fixtures" / "oai"
TEMPLATES = [
    "eprints-other/lshtm-researchonline-2015-10-19_21-listrecords-oai_dc.xml",
    "eprints-other/cogprints-2015-04-19_20-listrecords-oai_dc.xml",
    "misc/dspace-mit-2014-12-24_25-listrecords-oai_dc.xml",
    "zenodo-2026/list_records-01.xml",
]
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
WORDS = (
    "school network leadership collaboration teacher learning capital trust policy "
    "evidence practice reform partnership equity outcomes"
).split()


def generate(count: int, target: Path, seed: int = 7) -> None:
    """A ListRecords document of `count` records cloned from the real ones, each made distinct."""
    rng = random.Random(seed)
    templates = []
    for name in TEMPLATES:
        root = etree.parse(str(SHARED / name)).getroot()
        templates += [r for r in root.iter(f"{OAI}record") if r.find(f"{OAI}metadata") is not None]
    out = etree.Element(f"{OAI}OAI-PMH", nsmap={None: OAI[1:-1]})
    listing = etree.SubElement(out, f"{OAI}ListRecords")
    for n in range(count):
        record = copy.deepcopy(templates[n % len(templates)])
        header = record.find(f"{OAI}header")
        header.find(f"{OAI}identifier").text = f"oai:bench.example.org:{n:07d}"
        header.find(
            f"{OAI}datestamp"
        ).text = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
        title = record.find(f".//{DC}title")
        if title is not None:
            title.text = f"{title.text} {' '.join(rng.sample(WORDS, 3))} {n}"
        listing.append(record)
    etree.ElementTree(out).write(str(target), xml_declaration=True, encoding="UTF-8")


SERVER = """
import sys, time
from thresher.samples.oai_server import serve_files
with serve_files([sys.argv[1]], page_size=100) as server:
    print(server.url, flush=True)
    sys.stdin.read()
"""

SICKLE_CLIENT = """
import json, resource, sys, time
from sickle import Sickle
start, cpu = time.perf_counter(), time.process_time()
n = 0
for record in Sickle(sys.argv[1], max_retries=3, timeout=60).ListRecords(metadataPrefix="oai_dc"):
    n += 1
    record.metadata
print(json.dumps({"records": n, "wall": time.perf_counter() - start,
                  "cpu": time.process_time() - cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

THRESHER_CLIENT = """
import json, resource, sys, time
from thresher.config import parse_config, SourceConfig
from thresher.harvesters.harvest import harvest_source
from thresher.store import Store
config = parse_config({"database": sys.argv[2]})
with Store.open(sys.argv[2]) as store:
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), time.process_time()
    summary = harvest_source(store, SourceConfig(name="bench", base_url=sys.argv[1]), config)
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    n = store.con.execute("SELECT count(*) FROM records").fetchone()[0]
assert summary.status == "ok", summary.error
import os
print(json.dumps({"records": n, "wall": wall, "cpu": used, "base_mb": base_mb,
                  "store_mb": os.path.getsize(sys.argv[2]) / 2**20,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _server_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(count: int, workdir: Path) -> dict:
    data = workdir / f"records-{count}.xml"
    generate(count, data)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(data)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = server.stdout.readline().strip()
        results = {}
        for name, code, extra in (
            ("sickle", SICKLE_CLIENT, ()),
            ("thresher", THRESHER_CLIENT, (str(workdir / f"bench-{count}.duckdb"),)),
        ):
            before = _server_cpu(server.pid)
            results[name] = run_json(code, url, *extra, timeout=1800)
            results[name]["server_cpu"] = _server_cpu(server.pid) - before
        return results
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def main(smoke: bool = False) -> None:
    if not SHARED.exists():
        print("harvest benchmark: skipped, ../shared/fixtures/oai is not beside this checkout")
        return
    sizes = (200, 500) if smoke else (5_000, 20_000)
    print(f"== harvest: {sizes[1]:,} generated records, page size 100, local OAI-PMH server ==")
    print("baseline: a plain sickle 0.7.0 loop (ListRecords, record.metadata) on the same server")
    with tempfile.TemporaryDirectory() as tmp:
        small = run(sizes[0], Path(tmp))
        big = run(sizes[1], Path(tmp))
    print(
        f"{'client':<10} {'records':>8} {'wall s':>7} {'rec/s':>7} {'client CPU s':>12} "
        f"{'CPU ms/1k rec':>13} {'peak MB':>8}"
    )
    for name in ("sickle", "thresher"):
        r = big[name]
        print(
            f"{name:<10} {r['records']:>8,} {r['wall']:>7.1f} {r['records'] / r['wall']:>7,.0f} "
            f"{r['cpu']:>12.2f} {1e6 * r['cpu'] / r['records']:>13.0f} "
            f"{r['peak_mb']:>8.0f}"
        )
    ratio = big["thresher"]["cpu"] / big["sickle"]["cpu"]
    print(f"client CPU per record, thresher / sickle: {ratio:.2f}x (target <= 1.5x)")
    growth = big["thresher"]["peak_mb"] - small["thresher"]["peak_mb"]
    print(
        f"thresher peak memory: {small['thresher']['peak_mb']:.0f} MB at {sizes[0]:,} records, "
        f"{big['thresher']['peak_mb']:.0f} MB at {sizes[1]:,} (growth {growth:+.0f} MB; "
        f"after imports {big['thresher']['base_mb']:.0f} MB); the store file "
        f"{big['thresher']['store_mb']:.0f} MB"
    )
    print(
        f"server CPU (same for both, not counted): sickle run {big['sickle']['server_cpu']:.1f} s,"
        f" thresher run {big['thresher']['server_cpu']:.1f} s"
    )


if __name__ == "__main__":
    main()
