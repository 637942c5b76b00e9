"""`make run`: the whole pipeline on the bundled samples, offline, ending in a readable summary."""

from __future__ import annotations

from pathlib import Path

from thresher.config import Config, SourceConfig
from thresher.flows.harvest import harvest_sources_flow, open_store
from thresher.flows.progress import Progress
from thresher.oai_server import serve_files

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
            live = store.count("NOT deleted")
            deleted = store.count("deleted")
    print(f"\nThe store holds {live} live records and {deleted} tombstones.")
    return 0 if all(s.status == "ok" for s in summaries) else 1
