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
# A pytest plugin loaded before the tests: the named rule never fires.
PLUGIN = """
import os

import numpy


def pytest_configure(config):
    name = os.environ.get("THRESHER_DISABLE_RULE")
    if not name:
        return
    from thresher.dedupe import decide

    (rule,) = [r for r in decide.RULES if r.name == name]
    never = decide.Rule(rule.name, rule.decision, lambda p, f: numpy.zeros(len(p), dtype=bool),
                        rule.vetoes_chaining, rule.report)
    decide.RULES[decide.RULES.index(rule)] = never
"""


def _tests(folder: Path, rule: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{folder}:{REPO}"}
    env.pop("THRESHER_DISABLE_RULE", None)
    if rule is not None:
        env["THRESHER_DISABLE_RULE"] = rule
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "thresher_mutate_plugin", *TESTS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def main(argv: list[str] | None = None) -> int:
    from thresher.dedupe.decide import RULES

    folder = Path(tempfile.mkdtemp(prefix="thresher-mutate-"))
    (folder / "thresher_mutate_plugin.py").write_text(PLUGIN, encoding="utf-8")
    survivors = []
    try:
        control = _tests(folder, None)
        if control.returncode != 0:  # the tests must pass as they are, or nothing here means anything
            print(control.stdout[-3000:] + control.stderr[-3000:])
            print("the dedupe tests fail without any rule disabled: fix them first")
            return 2
        print(f"== mutation check: each of the {len(RULES)} rules of dedupe/decide.py disabled in turn ==")
        for rule in RULES:
            started = time.monotonic()
            done = _tests(folder, rule.name)
            if done.returncode not in (0, 1):  # not a test failing: pytest itself could not run
                print(done.stdout[-3000:] + done.stderr[-3000:])
                raise RuntimeError(f"pytest exited {done.returncode} with {rule.name!r} disabled")
            failed_test = next(
                (line.split(" ")[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")), ""
            )
            caught = done.returncode == 1 and bool(failed_test)
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
