"""Every benchmark end to end at a tiny size: a benchmark that breaks fails the suite."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, shared


def test_every_benchmark_runs_end_to_end_at_a_tiny_size():
    shared("benchmarks/dedupe")  # the benchmarks read ../shared in place
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    for heading in ("== harvest", "== import", "== dedupe:", "== dedupe at scale", "== hostile"):
        assert heading in done.stdout, heading
    assert "benchmark failure" not in done.stdout
