"""Run every benchmark (or those named: python -m bench harvest ...); --smoke runs each end to
end at a tiny size (seconds; `make test` does, so a broken benchmark fails CI).

Every benchmark runs even when one fails; the exit status is non-zero when any did.
`python -m bench mutate` (not part of the full run) checks that the dedupe tests notice the
removal of each rule.
"""

from __future__ import annotations

import sys
import time
import traceback

from bench import cli, common, dedupe, dedupe_scale, harvest, hostile, imports, mutate, screening

BENCHMARKS = {
    "harvest": harvest.main,
    "import": imports.main,
    "dedupe": dedupe.main,
    "dedupe-scale": dedupe_scale.main,
    "hostile": hostile.main,
    "screening": screening.main,
    "cli": cli.main,
}
COMMANDS = {"mutate": mutate.main}


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    names = [a for a in argv if not a.startswith("--")]
    if names and names[0] in COMMANDS:
        return COMMANDS[names[0]](names[1:])
    chosen = names or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join([*BENCHMARKS, *COMMANDS])}")
        return 2
    for name in chosen:
        started = time.monotonic()
        try:
            BENCHMARKS[name](smoke=smoke)
        except Exception as exc:  # noqa: BLE001 - report it, and go on with the next benchmark
            traceback.print_exc()
            common.failed(name, exc)
        if smoke:
            print(f"({name}: {time.monotonic() - started:.1f} s)")
    if common.FAILURES:
        print(f"\n{len(common.FAILURES)} benchmark failure(s):")
        for failure in common.FAILURES:
            print(f"  {failure}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
