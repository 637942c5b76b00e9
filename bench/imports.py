"""Import benchmark: 100,000 generated BibTeX entries and 100,000 RIS records.

Thresher's import (parse, decode LaTeX in the fields used, map, store) beside plain
`bibtexparser.parse_file` on the same file, each in its own process (time and peak memory).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from bench.common import run_json

COUNT = 100_000
WORDS = (
    "school network leadership collaboration teacher learning social capital trust policy "
    "evidence practice reform partnership equity outcomes professional inter-school "
    "improvement system knowledge"
).split()
FAMILIES = [
    'M{\\"u}ller',
    "Garc{\\'\\i}a",
    "Smith",
    "O'Brien",
    "Nguyen",
    "{\\O}stergaard",
    "Johnson",
    "Kowalski",
    "Tanaka",
    "Okafor",
    "Dubois",
    "Rossi",
]
RIS_FAMILIES = [
    "Müller",
    "García",
    "Smith",
    "O'Brien",
    "Nguyen",
    "Østergaard",
    "Johnson",
    "Kowalski",
    "Tanaka",
    "Okafor",
    "Dubois",
    "Rossi",
]


def _abstract(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(140)).capitalize() + "."


def generate_bibtex(path: Path, count: int = COUNT, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            authors = " and ".join(
                f"{rng.choice(FAMILIES)}, {rng.choice('ABCDEFGHJK')}." for _ in range(rng.randint(1, 6))
            )
            title = " ".join(rng.choice(WORDS) for _ in range(10)).capitalize()
            out.write(
                f"@ARTICLE{{Key{n},\n\tauthor = {{{authors}}},\n"
                f"\ttitle = {{{title} in the {{UK}} {n}}},\n\tyear = {{{2000 + n % 25}}},\n"
                f"\tjournal = {{Journal of {rng.choice(WORDS).capitalize()} Studies}},\n"
                f"\tvolume = {{{n % 60}}},\n\tnumber = {{{n % 12}}},\n"
                f"\tpages = {{{n % 500}--{n % 500 + 20}}},\n\tdoi = {{10.5555/bench.{n}}},\n"
                f"\tabstract = {{{_abstract(rng)}}},\n"
                f"\tauthor_keywords = {{{'; '.join(rng.sample(WORDS, 4))}}},\n"
                f"\tissn = {{20524471}},\n\tlanguage = {{English}},\n"
                f"\tdocument_type = {{Article}},\n\tsource = {{Scopus}},\n"
                f"\tnote = {{Cited by: {n % 40}}}\n}}\n\n"
            )


def generate_ris(path: Path, count: int = COUNT, seed: int = 13) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="\r\n") as out:
        for n in range(count):
            lines = ["TY  - JOUR"]
            lines += [
                f"AU  - {rng.choice(RIS_FAMILIES)}, {rng.choice('ABCDEFGHJK')}."
                for _ in range(rng.randint(1, 6))
            ]
            lines += [
                f"TI  - {' '.join(rng.choice(WORDS) for _ in range(10)).capitalize()} {n}",
                f"T2  - JOURNAL OF {rng.choice(WORDS).upper()} STUDIES",
                f"PY  - {2000 + n % 25}",
                f"VL  - {n % 60}",
                f"IS  - {n % 12}",
                f"SP  - {n % 500}",
                f"EP  - {n % 500 + 20}",
                f"DO  - 10.5555/BENCH.{n}",
                f"AB  - {_abstract(rng)}",
            ]
            lines += [f"KW  - {k}" for k in rng.sample(WORDS, 4)]
            lines += ["SN  - 2052-4471", f"AN  - WOS:{n:015d}", "ER  - ", ""]
            out.write("\n".join(lines) + "\n")


BARE_PARSE = """
import json, resource, sys, time
import bibtexparser
start = time.perf_counter()
library = bibtexparser.parse_file(sys.argv[1])
print(json.dumps({"entries": len(library.entries), "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

THRESHER_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from thresher.harvesters.imports import import_file
from thresher.store import Store
with Store.open(sys.argv[2]) as store:
    run_id = store.begin_run("import", "bench")
    start = time.perf_counter()
    summary = import_file(store, run_id, Path(sys.argv[1]), "bench")
    seconds = time.perf_counter() - start
    stored = store.con.execute("SELECT count(*) FROM records").fetchone()[0]
assert summary.status == "ok", summary.error
print(json.dumps({"entries": summary.entries, "stored": stored, "rejected": summary.rejected,
                  "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main(smoke: bool = False) -> None:
    count = 500 if smoke else COUNT
    print(f"== import: {count:,} generated BibTeX entries and {count:,} RIS records ==")
    print("baseline: bibtexparser 2.1 parse_file (default stack: no LaTeX decoding, no storing)")
    with tempfile.TemporaryDirectory() as tmp:
        bib, ris = Path(tmp) / "bench.bib", Path(tmp) / "bench.ris"
        generate_bibtex(bib, count)
        generate_ris(ris, count)
        bare = run_json(BARE_PARSE, str(bib))
        ours = run_json(THRESHER_IMPORT, str(bib), str(Path(tmp) / "bib.duckdb"))
        ris_run = run_json(THRESHER_IMPORT, str(ris), str(Path(tmp) / "ris.duckdb"))
        sizes = bib.stat().st_size / 1e6, ris.stat().st_size / 1e6
    print(
        f"{'what':<34} {'entries':>8} {'seconds':>8} {'entries/s':>10} {'peak MB':>8} "
        f"{'+ per parse worker MB':>22}"
    )
    for name, r in (
        ("bibtexparser.parse_file (bare)", bare),
        ("thresher import, BibTeX", ours),
        ("thresher import, RIS", ris_run),
    ):
        workers = f"{r['worker_mb']:.0f} (x2)" if r.get("worker_mb") else "-"
        print(
            f"{name:<34} {r['entries']:>8,} {r['seconds']:>8.1f} "
            f"{r['entries'] / r['seconds']:>10,.0f} {r['peak_mb']:>8.0f} {workers:>22}"
        )
    print(
        f"files: BibTeX {sizes[0]:.0f} MB, RIS {sizes[1]:.0f} MB; stored: BibTeX "
        f"{ours['stored']:,}, RIS {ris_run['stored']:,}"
    )
    print(
        f"BibTeX import / bare parse time: {ours['seconds'] / bare['seconds']:.2f}x "
        "(target <= 2x); targets: 100,000 entries < 60 s, peak < 1,024 MB"
    )


if __name__ == "__main__":
    main()
