"""`make run`: the whole pipeline on the bundled samples, offline, ending in a readable summary."""

from __future__ import annotations

from pathlib import Path

from thresher.config import Config, SourceConfig
from thresher.corpus import Filters, export_candidates_csv, export_candidates_ris
from thresher.flows.corpus import corpus_flow
from thresher.flows.dedupe import dedupe_flow
from thresher.flows.harvest import harvest_sources_flow, open_store
from thresher.flows.imports import import_flow
from thresher.flows.progress import Progress
from thresher.flows.review import export_clusters
from thresher.oai_server import serve_files
from thresher.prisma import counts as prisma_counts
from thresher.prisma import draw

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def run_demo(out: Path, config: Config, *, quiet: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    config = config.model_copy(update={"database": str((out / "thresher.duckdb").resolve())})
    progress = Progress(enabled=False) if quiet else Progress()
    print(f"Thresher demo: everything stays on this machine; database {config.database}")
    with serve_files([SAMPLES / "eprints" / "records.xml"], page_size=10) as server:
        print(f"1. Harvesting the sample EPrints repository served at {server.url}")
        source = SourceConfig(name="sample-eprints", base_url=server.url)
        with open_store(config, progress, command="thresher demo") as store:
            summaries = harvest_sources_flow(store, [source], config, progress=progress)
            for summary in summaries:
                print("   " + summary.line())
            print("2. Importing the sample database exports (Scopus BibTeX, Web of Science RIS)")
            imported = []
            for name, path in (
                ("scopus-sample", SAMPLES / "exports" / "scopus.bib"),
                ("wos-sample", SAMPLES / "exports" / "wos.ris"),
            ):
                imported += import_flow(store, [path], name, progress=progress)
            for file_summary in imported:
                print("\n".join("   " + line for line in file_summary.lines()))
            print("3. Deduplicating")
            dedupe = dedupe_flow(store, progress)
            print("   " + dedupe.line())
            clusters_csv = out / "clusters.csv"
            export_clusters(store, clusters_csv)
            print(f"   every source record with its cluster: {clusters_csv}")
            print("4. Building the candidate corpus with the search strategy in config.yaml")
            search = config.search
            build = corpus_flow(
                store,
                search.query,
                Filters(search.year_from, search.year_to, list(search.types), list(search.languages)),
            )
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
        "decisions back with `thresher screen import FILE.csv`."
    )
    ok = all(s.status == "ok" for s in summaries) and all(f.status != "failed" for f in imported)
    return 0 if ok else 1
