"""Run every benchmark (or those named: python -m bench harvest ...)."""

from __future__ import annotations

import sys

from bench import dedupe, dedupe_scale, harvest, hostile, imports

BENCHMARKS = {
    "harvest": harvest.main,
    "import": imports.main,
    "dedupe": dedupe.main,
    "dedupe-scale": dedupe_scale.main,
    "hostile": hostile.main,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
        return 2
    for name in chosen:
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
