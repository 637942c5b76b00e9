"""The command line as a librarian feels it: whole processes, wall clock, on the `make run` store,
with no Prefect API configured (the direct mode). Then `thresher dedupe` on the largest labelled
set in ../shared/benchmarks/dedupe as a whole process, beside bib-dedupe's whole process (start,
imports, read the same file, deduplicate) in the same run.

Targets: every command without network work under 1 s, `--help` under 0.3 s; `thresher dedupe`
at least 10x faster than bib-dedupe as processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import failed

REPO = Path(__file__).resolve().parent.parent
SETS = REPO.parent / "shared" / "benchmarks" / "dedupe"
SAMPLES = REPO / "samples"
RUNS = 3  # each command is timed this many times; the median is printed

# bib-dedupe as a whole process: Python, its imports, reading the export, deduplicating.
BIB_DEDUPE_PROCESS = """
import sys, warnings, logging, os
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)
from pathlib import Path
import pandas as pd
from bib_dedupe.bib_dedupe import prep, block, match, cluster
from thresher.harvesters.files import sniff, whole_file_encoding
from thresher.harvesters.imports import read_entries
from thresher.records import Record
path = Path(sys.argv[1])
fmt, enc = sniff(path)
entries = read_entries(path, fmt, whole_file_encoding(path, enc), "bench", None)
rows = [{"ID": r.native_id, "ENTRYTYPE": "article", "title": r.title or "",
         "author": " and ".join(r.authors), "year": str(r.year or ""), "journal": r.container or "",
         "volume": r.volume or "", "number": r.issue or "", "pages": r.pages or "", "doi": r.doi or "",
         "abstract": r.abstract or ""} for r in entries if isinstance(r, Record)]
sys.stdout = open(os.devnull, "w")
cluster(match(block(prep(pd.DataFrame(rows), verbosity_level=0), verbosity_level=0), verbosity_level=0),
        verbosity_level=0)
"""


def _env() -> dict[str, str]:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)  # the direct mode: no Prefect server anywhere
    return env


def _wall(command: list[str], cwd: Path, runs: int = RUNS) -> float:
    """The median wall time of `command` as a whole process; a failure is an error."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0,):
            raise RuntimeError(
                f"{' '.join(command[2:])}: exit {done.returncode}: {done.stderr.strip()[-300:]}"
            )
    return sorted(times)[len(times) // 2]


def _thresher(*args: str) -> list[str]:
    return [sys.executable, "-m", "thresher.flows.cli", *args]


def commands(tmp: Path, runs: int = RUNS) -> None:
    demo = tmp / "demo"
    done = subprocess.run(
        _thresher("demo", "--out", str(demo)),
        cwd=tmp,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"thresher demo: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    db = str(demo / "thresher.duckdb")
    scopus = str(SAMPLES / "exports" / "scopus.bib")
    decisions = tmp / "decisions.csv"
    decisions.write_text("cluster_id,decision\n1,include\n2,exclude\n", encoding="utf-8")
    measured = [
        ("--help", ["--help"], 0.3),
        ("status", ["--db", db, "status"], 1.0),
        ("doctor", ["--db", db, "doctor"], 1.0),
        ("import scopus.bib (again)", ["--db", db, "-q", "import", scopus, "--source", "scopus-sample"], 1.0),
        ("dedupe", ["--db", db, "-q", "dedupe"], 1.0),
        ("corpus", ["--db", db, "corpus"], 1.0),
        ("export candidates", ["--db", db, "export", "candidates", "--out", str(tmp / "c.csv")], 1.0),
        ("export clusters", ["--db", db, "export", "clusters", "--out", str(tmp / "k.csv")], 1.0),
        ("screen import", ["--db", db, "screen", "import", str(decisions)], 1.0),
        ("export screened", ["--db", db, "export", "screened", "--out", str(tmp / "s.csv")], 1.0),
        ("prisma", ["--db", db, "prisma", "--out", str(tmp / "p.svg")], 1.0),
    ]  # fmt: skip
    print(f"{'command (make run store, no Prefect API)':<44} {'wall s':>7}  target")
    for name, args, target in measured:
        seconds = _wall(_thresher(*args), tmp, runs)
        verdict = "ok" if seconds < target else "MISSED"
        print(f"thresher {name:<35} {seconds:>7.2f}  < {target} s {verdict}")


def dedupe_process(tmp: Path, smoke: bool) -> None:
    if not SETS.exists():
        print("dedupe as a process: skipped, ../shared/benchmarks/dedupe is not beside this checkout")
        return
    # The largest labelled set (by records), or the smallest for a smoke run.
    sets = sorted(
        (sum(1 for _ in path.open(encoding="utf-8", errors="replace")), path)
        for path in SETS.glob("*/**/*.csv")
        if path.name in ("records.csv", "records_pre_merged.csv", "labelled_test_set.csv")
    )
    lines, records = sets[0] if smoke else sets[-1]
    name = records.parent.relative_to(SETS)
    db = tmp / "largest.duckdb"
    subprocess.run(
        _thresher("--db", str(db), "-q", "import", str(records), "--source", "bench"),
        cwd=tmp, env=_env(), capture_output=True, timeout=600, check=True,
    )  # fmt: skip
    template = tmp / "largest.template.duckdb"
    shutil.copy(db, template)
    runs = 1 if smoke else RUNS
    times = []
    for _ in range(runs):
        shutil.copy(template, db)  # every run starts from the imported, undeduplicated store
        times.append(_wall(_thresher("--db", str(db), "-q", "dedupe"), tmp, runs=1))
    ours = sorted(times)[len(times) // 2]
    print(
        f"\nthresher dedupe on {name} ({lines - 1:,} rows) as a whole process: "
        f"{ours:.2f} s (median of {runs})"
    )
    try:
        import bib_dedupe  # noqa: F401
    except ImportError:
        print("bib-dedupe is not installed (`.venv/bin/pip install bib-dedupe`): no comparison")
        return
    if smoke:
        return
    theirs = _wall([sys.executable, "-c", BIB_DEDUPE_PROCESS, str(records)], REPO, runs=runs)
    ratio = theirs / ours
    print(
        f"bib-dedupe on the same file as a whole process: {theirs:.2f} s; thresher {ratio:.1f}x faster "
        f"(target >= 10x: {'ok' if ratio >= 10 else 'MISSED'})"
    )


def main(smoke: bool = False) -> None:
    print("== cli: whole processes, wall clock, no Prefect API configured ==")
    with tempfile.TemporaryDirectory() as tmp:
        for step in (lambda t: commands(t, 1 if smoke else RUNS), lambda t: dedupe_process(t, smoke)):
            try:
                step(Path(tmp))
            except Exception as exc:  # noqa: BLE001 - report it and go on
                failed("cli", exc)
