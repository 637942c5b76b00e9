"""Mutation check for the dedupe rules: each rule in dedupe/decide.py is disabled in turn and
the dedupe tests are run; a rule whose removal no test notices is printed, and the check exits 1
if there is any (`python -m bench mutate`; not part of `make test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_dedupe.py"]
# Loaded in the test process before the tests: the named rule never fires.
DISABLE = """
import os
from thresher.dedupe import decide
name = os.environ["THRESHER_DISABLE_RULE"]
(rule,) = [r for r in decide.RULES if r.name == name]
decide.RULES[decide.RULES.index(rule)] = decide.Rule(
    rule.name, rule.decision, lambda p, f: __import__("numpy").zeros(len(p), dtype=bool),
    rule.vetoes_chaining, rule.report)
"""


def main(argv: list[str] | None = None) -> int:
    from thresher.dedupe.decide import RULES

    folder = Path(tempfile.mkdtemp(prefix="thresher-mutate-"))
    plugin = folder / "thresher_mutate_plugin.py"
    plugin.write_text(
        "import os\n\ndef pytest_configure(config):\n    if os.environ.get('THRESHER_DISABLE_RULE'):\n"
        + "\n".join("        " + line for line in DISABLE.strip().splitlines())
        + "\n",
        encoding="utf-8",
    )
    survivors = []
    try:
        print(f"== mutation check: each of the {len(RULES)} rules of dedupe/decide.py disabled in turn ==")
        for rule in RULES:
            started = time.monotonic()
            env = {**os.environ, "THRESHER_DISABLE_RULE": rule.name, "PYTHONPATH": f"{folder}:{REPO}"}
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "thresher_mutate_plugin", *TESTS],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            caught = done.returncode != 0
            failed_test = next(
                (line.split(" ")[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")), ""
            )
            print(
                f"{'caught' if caught else 'NOT CAUGHT':<11} {rule.name}"
                + (f"  <- {failed_test.split('::')[-1]}" if failed_test else "")
                + f" ({time.monotonic() - started:.0f} s)"
            )
            if not caught:
                survivors.append(rule.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if survivors:
        print(f"{len(survivors)} rule(s) whose removal no test notices:")
        for name in survivors:
            print(f"  {name}")
        return 1
    print("every rule's removal is caught by at least one test")
    return 0
