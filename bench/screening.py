"""Screening decisions back from a tool that dropped our ids (Rayyan, Covidence): how many rows
find their study, how many find the right one, and how long `thresher screen import` takes as a
whole process.

A labelled set from ../shared/benchmarks/dedupe goes through the real import and dedupe; every
study of the corpus then comes back as a screening tool's row written from one of its source
records (another database's version of it where the study has several: the title, authors and
venue as that database wrote them), without our cluster_id, and with the DOI removed from every
other row so that titles and the dedupe engine have to do the work. Each row carries two
reviewers' decisions (Rayyan's notes), one in ten of them disagreeing.

Baseline: the matcher this replaced (a DOI, else the exact title of the study's merged record).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import failed

REPO = Path(__file__).resolve().parent.parent
SETS = REPO.parent / "shared" / "benchmarks" / "dedupe"
CHOSEN = {
    # name: records file (biomedicine and computer science: two fields' habits)
    "cytology": "sra-rathbone-2015/cytology_screening/records_pre_merged.csv",
    "dblp-acm": "leipzig-dblp-acm/records.csv",
}
SMOKE = {"stroke": "sra-rathbone-2015/stroke/records_pre_merged.csv"}
HEADER = "key,title,year,journal,volume,issue,pages,authors,abstract,notes,doi".split(",")


# Runs one command and prints its own peak RSS: a process of its own per measurement.
_LAUNCH = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr); "
    "sys.exit(done.returncode)"
)


def _thresher(db: Path, *args: str) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of one whole `thresher` command."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)  # the command line as a librarian runs it: no server
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _LAUNCH,
            sys.executable,
            "-m",
            "thresher.flows.cli",
            "--db",
            str(db),
            "-q",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=db.parent,
        timeout=3600,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"thresher {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    peak = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak, done.stdout


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def _tool_rows(db: Path) -> tuple[list[dict], dict[int, int]]:
    """The rows a screening tool would give back, and line -> the study each row was made from."""
    from thresher.store import Store

    with Store.open(db, read_only=True) as store:
        rows = store.con.execute(
            """
            WITH corpus AS (
                SELECT cluster_id FROM corpus_members
                WHERE build_id = (SELECT max(build_id) FROM corpus_builds)
            ), chosen AS (
                SELECT m.cluster_id, r.*
                FROM cluster_members m JOIN records r USING (record_id) JOIN clusters c USING (cluster_id)
                WHERE m.cluster_id IN (SELECT cluster_id FROM corpus) AND m.role <> 'notice'
                QUALIFY row_number() OVER (
                    PARTITION BY m.cluster_id
                    ORDER BY (r.record_id = c.representative), hash(r.record_id)) = 1
            )
            SELECT cluster_id, record_id, title, year, container, volume, issue, pages,
                   array_to_string(authors, ' and '), abstract, doi
            FROM chosen ORDER BY cluster_id
            """
        ).fetchall()
    out, truth = [], {}
    for n, (
        cluster_id,
        record_id,
        title,
        year,
        journal,
        volume,
        issue,
        pages,
        authors,
        abstract,
        doi,
    ) in enumerate(rows):
        ana = "Included" if n % 3 == 0 else "Excluded"
        ben = ana if n % 10 else ("Excluded" if ana == "Included" else "Included")
        notes = f'RAYYAN-INCLUSION: {{"Ana"=>"{ana}", "Ben"=>"{ben}"}}'
        if "Excluded" in (ana, ben):
            notes += " | RAYYAN-EXCLUSION-REASONS: wrong population"
        out.append(
            {
                "key": f"rayyan-{record_id}",
                "title": _one_line(title),
                "year": year or "",
                "journal": _one_line(journal),
                "volume": _one_line(volume),
                "issue": _one_line(issue),
                "pages": _one_line(pages),
                "authors": _one_line(authors),
                "abstract": _one_line(abstract)[:2000],
                "notes": notes,
                "doi": (doi or "") if n % 2 else "",
            }
        )
        truth[n + 2] = cluster_id  # the header is line 1; every row is one line
    return out, truth


def _baseline(db: Path, rows: list[dict]) -> dict[int, int]:
    """The matcher this replaced: a DOI, else the exact (case- and space-folded) merged title."""
    from thresher import sql
    from thresher.identifiers import normalise_doi
    from thresher.store import Store

    with Store.open(db, read_only=True) as store:
        store.con.execute(sql.query("cluster_text"))
        by_doi: dict[str, int] = {}
        for cluster_id, doi in store.con.execute(
            "SELECT m.cluster_id, r.doi FROM records r JOIN cluster_members m USING (record_id) "
            "WHERE r.doi IS NOT NULL AND NOT r.deleted"
        ).fetchall():
            by_doi.setdefault(doi, cluster_id)
        by_title: dict[str, int] = {}
        for cluster_id, title in store.con.execute(
            "SELECT cluster_id, title FROM cluster_text WHERE title IS NOT NULL"
        ).fetchall():
            by_title.setdefault(" ".join(title.lower().split()), cluster_id)
    found = {}
    for n, row in enumerate(rows):
        doi = normalise_doi(row["doi"])
        cluster_id = by_doi.get(doi) if doi else by_title.get(" ".join(row["title"].lower().split()))
        if cluster_id is not None:
            found[n + 2] = cluster_id
    return found


def _score(found: dict[int, int], truth: dict[int, int]) -> tuple[float, float]:
    right = sum(1 for line, cluster_id in found.items() if truth.get(line) == cluster_id)
    return right / max(len(truth), 1), right / max(len(found), 1)


def run_set(name: str, records_file: Path, tmp: Path) -> None:
    db = tmp / f"{name}.duckdb"
    _thresher(db, "import", str(records_file), "--source", name)
    _thresher(db, "dedupe")
    _thresher(db, "corpus", "--all")
    rows, truth = _tool_rows(db)
    sheet = tmp / f"{name}_rayyan.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    baseline = _baseline(db, rows)
    seconds, peak, _ = _thresher(db, "screen", "import", str(sheet))
    from thresher.store import Store

    with Store.open(db, read_only=True) as store:
        applied = dict(
            store.con.execute(
                "SELECT line, any_value(cluster_id) FROM screening_decisions "
                "WHERE file_name = ? GROUP BY line",
                [sheet.name],
            ).fetchall()
        )
        how = dict(
            store.con.execute(
                "SELECT split_part(matched_by, ' (', 1), count(DISTINCT line) FROM screening_decisions "
                "WHERE file_name = ? GROUP BY ALL",
                [sheet.name],
            ).fetchall()
        )
        conflicts = store.con.execute(
            "SELECT count(*) FROM (SELECT cluster_id FROM screening_decisions WHERE file_name = ? "
            "GROUP BY cluster_id HAVING count(DISTINCT decision) > 1)",
            [sheet.name],
        ).fetchone()[0]
    recall, precision = _score(applied, truth)
    base_recall, base_precision = _score(baseline, truth)
    ways = ", ".join(f"{way} {n}" for way, n in sorted(how.items(), key=lambda x: -x[1]))
    print(
        f"{name:<10} {len(rows):>6} {recall:>8.3f} {precision:>9.3f}"
        f" {base_recall:>9.3f} {base_precision:>9.3f}"
        f" {seconds:>7.2f} {len(rows) / seconds:>8,.0f} {peak:>7} {conflicts:>9}   {ways}"
    )


def main(smoke: bool = False) -> None:
    if not SETS.exists():
        print("screening benchmark: skipped, ../shared/benchmarks/dedupe is not beside this checkout")
        return
    print("== screening: a tool's export without our ids, back to its studies (thresher screen import) ==")
    print(
        "found = rows applied to the study they were written from (recall); right = of those applied, "
        "the right study (precision);\nbaseline = DOI, else the exact merged title (the matcher this "
        "replaced); s and rows/s: the whole `thresher screen import` process; MB: its peak RSS"
    )
    print(
        f"{'set':<10} {'rows':>6} {'found':>8} {'right':>9} {'base fnd':>9} {'base rgt':>9}"
        f" {'s':>7} {'rows/s':>8} {'MB':>7} {'conflicts':>9}   matched by"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, records_file in (SMOKE if smoke else CHOSEN).items():
            try:
                run_set(name, SETS / records_file, Path(tmp))
            except Exception as exc:  # noqa: BLE001 - report it and go on
                failed(f"screening {name}", exc)
