"""What the benchmarks share: running a measured snippet in its own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_json(code: str, *args: str, timeout: float = 3600) -> dict:
    """Run `code` in a fresh Python process; its last JSON line of output is the result.

    A separate process keeps each measurement's CPU time and peak memory its own.
    """
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )
    # The result is the last line that ends in a JSON object (anything drawn before it on the
    # same line, such as a progress bar, is dropped).
    lines = [
        line[line.index("{") :]
        for line in done.stdout.splitlines()
        if "{" in line and line.rstrip().endswith("}")
    ]
    if done.returncode != 0 or not lines:
        tail = " | ".join((done.stderr.strip().splitlines() or ["no output"])[-3:])
        raise RuntimeError(f"exit {done.returncode}: {tail}")
    return json.loads(lines[-1])


# Failures seen by benchmarks that go on after one (a set that failed, a size that ran out of
# time): `python -m bench` reports them at the end and exits non-zero.
FAILURES: list[str] = []


def failed(what: str, exc: BaseException) -> None:
    FAILURES.append(f"{what}: {exc}")
    print(f"   {what} failed: {exc}")
