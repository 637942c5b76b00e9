"""`make run`: the whole pipeline on the bundled samples, offline, ending in a readable summary.

It runs the same Prefect flows as the nightly run, on Prefect's temporary local server (or on
the Prefect API in PREFECT_API_URL, when one is configured).
"""

from __future__ import annotations

from pathlib import Path

from thresher.config import Config, SearchConfig, SourceConfig
from thresher.dedupe.review import export_clusters
from thresher.flows import runners
from thresher.progress import Progress
from thresher.samples import EPRINTS_RECORDS, SAMPLE_QUERY, SCOPUS_BIBTEX, WOS_RIS, sample
from thresher.samples.oai_server import serve_files
from thresher.screening.exports import export_candidates_csv, export_candidates_ris
from thresher.screening.prisma import counts as prisma_counts
from thresher.screening.prisma import draw
from thresher.store import open_store


def run_demo(out: Path, config: Config, *, quiet: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    config = config.model_copy(update={"database": str((out / "thresher.duckdb").resolve())})
    search = config.search if config.search.query else SearchConfig(query=SAMPLE_QUERY, year_from=2000)
    progress = Progress(enabled=False) if quiet else Progress()
    run = runners.prefect()
    print(f"Thresher demo: everything stays on this machine; database {config.database}")
    with serve_files([sample(EPRINTS_RECORDS)], page_size=10) as server:
        print(f"1. Harvesting the sample EPrints repository served at {server.url}")
        source = SourceConfig(name="sample-eprints", base_url=server.url)
        with open_store(config, progress.message, command="thresher demo") as store:
            summaries = run.harvest(store, [source], config, None, None, progress)
            for summary in summaries:
                print("   " + summary.line())
            print("2. Importing the sample database exports (Scopus BibTeX, Web of Science RIS)")
            imported = []
            for name, path in (("scopus-sample", sample(SCOPUS_BIBTEX)), ("wos-sample", sample(WOS_RIS))):
                imported += run.import_files(store, [path], name, "auto", None, progress)
            for file_summary in imported:
                print("\n".join("   " + line for line in file_summary.lines()))
            print("3. Deduplicating")
            dedupe = run.dedupe(store)
            print("   " + dedupe.line())
            clusters_csv = out / "clusters.csv"
            export_clusters(store, clusters_csv)
            print(f"   every source record with its cluster: {clusters_csv}")
            print(f"4. Building the candidate corpus with the search strategy {search.query!r}")
            build = run.corpus(store, search)
            print("   " + build.line())
            candidates_csv = out / "candidates.csv"
            count = export_candidates_csv(store, candidates_csv)
            export_candidates_ris(store, out / "candidates.ris")
            print(f"   {count} candidate studies for screening: {candidates_csv} (and .ris)")
            numbers = prisma_counts(store)
            draw(numbers, out / "prisma.svg")
            by_source = store.con.execute(
                "SELECT source, count(*) FILTER (WHERE NOT deleted), "
                "count(*) FILTER (WHERE deleted) FROM records GROUP BY source ORDER BY source"
            ).fetchall()
    print("\nThe store now holds, per source (live records, tombstones):")
    for name, live, deleted in by_source:
        print(f"   {name:<16} {live:>4} {deleted:>4}")
    print(f"\nPRISMA 2020 counts so far (diagram: {out / 'prisma.svg'}):")
    print("\n".join("   " + line for line in numbers.table().splitlines()))
    print(
        f"\nNext: screen {candidates_csv} in ASReview, Rayyan or Covidence, then bring the "
        "decisions back with `thresher screen import FILE` (their CSV, Excel or RIS export)."
    )
    ok = all(s.status == "ok" for s in summaries) and all(f.status != "failed" for f in imported)
    return 0 if ok else 1
