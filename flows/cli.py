"""The `thresher` command line: what a librarian types. Each command runs a Prefect flow."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from thresher import prefect_env

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
REPO = Path(__file__).resolve().parent.parent


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config.yaml to use (default: ./config.yaml if present, or $THRESHER_CONFIG)",
    )
    parser.add_argument("--db", metavar="PATH", help="the DuckDB file (overrides `database:`)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thresher",
        description="Harvest, import and deduplicate the literature for a systematic review.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("harvest", help="harvest OAI-PMH sources (configured, or one ad hoc URL)")
    _common(p)
    p.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="configured sources to harvest (default: every enabled one)",
    )
    p.add_argument("--url", help="harvest this OAI-PMH endpoint ad hoc (needs --source)")
    p.add_argument(
        "--source", dest="source_name", metavar="NAME", help="the name to store ad hoc records under"
    )
    p.add_argument("--prefix", default=None, help="metadata prefix (default oai_dc)")
    p.add_argument("--set", dest="sets", action="append", metavar="SPEC", help="a set to harvest")
    p.add_argument(
        "--from",
        dest="window_from",
        metavar="DATE",
        help="harvest records changed from DATE (YYYY-MM-DD or full datestamp)",
    )
    p.add_argument("--until", dest="window_until", metavar="DATE", help="harvest records changed up to DATE")

    p = sub.add_parser("import", help="import export files (BibTeX, RIS, EndNote XML, CSV)")
    _common(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to import")
    p.add_argument(
        "--source",
        dest="source_name",
        required=True,
        metavar="NAME",
        help="the name to store the records under (e.g. scopus-2026-11)",
    )
    p.add_argument(
        "--format",
        default="auto",
        choices=["auto", "bibtex", "ris", "endnote-xml", "csv"],
        help="the files' format (default: detected from the content)",
    )
    p.add_argument(
        "--id-column", metavar="COLUMN", help="CSV only: the column holding each record's own identifier"
    )

    p = sub.add_parser("dedupe", help="group the records that describe the same publication")
    _common(p)
    p.add_argument(
        "--explain",
        nargs=2,
        metavar=("ID1", "ID2"),
        help="why two records are or are not in one cluster (record id or SOURCE:NATIVE_ID)",
    )

    p = sub.add_parser("review", help="uncertain pairs for a person: export, then import")
    review = p.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    q = review.add_parser("export", help="write the undecided 'maybe' pairs to CSV")
    _common(q)
    q.add_argument("--out", required=True, metavar="FILE.csv")
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")
    q = review.add_parser("import", help="read same/different verdicts from the CSV")
    _common(q)
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--reviewer", help="who decided (kept with each verdict)")

    p = sub.add_parser("corpus", help="build the candidate corpus for screening")
    _common(p)
    p.add_argument("--query", help="a search strategy for this build (default: search.query in config.yaml)")
    p.add_argument("--all", action="store_true", help="ignore the search strategy: every study")

    p = sub.add_parser("screen", help="screening decisions")
    screen = p.add_subparsers(dest="screen_command", required=True, metavar="ACTION")
    q = screen.add_parser(
        "import", help="read decisions (ASReview 'included', or a 'decision' column) from CSV"
    )
    _common(q)
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--reviewer", help="who decided, when the file does not say")
    q.add_argument(
        "--stage",
        default="title-abstract",
        choices=["title-abstract", "full-text"],
        help="when the file does not say",
    )

    p = sub.add_parser("prisma", help="PRISMA 2020 counts, and the flow diagram")
    _common(p)
    p.add_argument("--out", metavar="FILE.svg|FILE.png", help="draw the diagram here")

    p = sub.add_parser("export", help="write CSV exports")
    export = p.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    q = export.add_parser("candidates", help="the latest candidate corpus, for screening tools")
    _common(q)
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument(
        "--format", choices=["csv", "ris"], default=None, help="default: from the file name (.ris, else CSV)"
    )
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")
    q = export.add_parser("screened", help="the screened set with decisions and reasons")
    _common(q)
    q.add_argument("--out", required=True, metavar="FILE.csv")
    q.add_argument("--decision", choices=["include", "exclude", "maybe"])
    q.add_argument("--stage", choices=["title-abstract", "full-text"])
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")
    q = export.add_parser("clusters", help="one row per source record with its cluster id")
    _common(q)
    q.add_argument("--out", required=True, metavar="FILE.csv")
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")

    p = sub.add_parser("status", help="records, deletions, last harvest and last error per source")
    _common(p)

    p = sub.add_parser("doctor", help="check the store and say what it finds")
    _common(p)

    p = sub.add_parser("backup", help="copy the database (waits for any writer to finish)")
    _common(p)
    p.add_argument("--out", required=True, metavar="FILE.duckdb")

    p = sub.add_parser("restore", help="replace the database with a backup")
    _common(p)
    p.add_argument("backup", metavar="FILE.duckdb")

    p = sub.add_parser(
        "nightly",
        help="run the nightly flow once, now: harvest every enabled "
        "source, dedupe, rebuild the corpus (for cron or systemd)",
    )
    _common(p)

    p = sub.add_parser(
        "serve",
        help="run the nightly harvest on the schedule in config.yaml (needs a running `prefect server`)",
    )
    _common(p)

    p = sub.add_parser(
        "sample-server", help="serve the bundled sample EPrints records over OAI-PMH on 127.0.0.1"
    )
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--page-size", type=int, default=10)
    p.add_argument("files", nargs="*", help="recorded ListRecords files (default: the samples)")

    p = sub.add_parser(
        "demo", help="the whole pipeline on the bundled samples, offline (what `make run` does)"
    )
    _common(p)
    p.add_argument("--out", default="demo", help="folder for the demo database and CSV")
    return parser


def load(args: argparse.Namespace):
    from thresher.config import load_config

    path = args.config or os.environ.get("THRESHER_CONFIG")
    if path is None and Path("config.yaml").exists():
        path = "config.yaml"
    config = load_config(path)
    if getattr(args, "db", None):
        config.database = str(Path(args.db).resolve())
    return config


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    quiet_logs = not getattr(args, "verbose", False)
    from thresher.config import ConfigError

    try:
        config = load(args) if hasattr(args, "config") else None
    except ConfigError as exc:
        print(f"thresher: {exc}", file=sys.stderr)
        return EXIT_USAGE
    home = (config.base_dir if config else Path.cwd()) / ".prefect"
    prefect_env.configure(home, quiet=quiet_logs)
    from thresher.flows import commands  # imports prefect: only after the environment is set

    try:
        return commands.dispatch(args, config)
    except KeyboardInterrupt:
        print(
            "\nthresher: interrupted; everything committed so far is kept, and the next run "
            "resumes from the last committed page.",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
