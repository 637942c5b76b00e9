"""The `thresher` command line: what a librarian types.

Global options (--config, --db, -q, -v, --prefect) go before or after the command, as with git
or docker: `thresher --db review.duckdb status` and `thresher status --db review.duckdb` agree.
"""

from __future__ import annotations

import argparse
import os
import sys


def _global_options(*, inherited: bool) -> argparse.ArgumentParser:
    """The options every command takes. On the commands themselves they default to SUPPRESS, so
    a value given before the command is not overwritten by the command's own default."""
    unset = {"default": argparse.SUPPRESS} if inherited else {}
    flag = {"default": argparse.SUPPRESS} if inherited else {"default": False}
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("global options (before or after the command)")
    group.add_argument(
        "--config",
        metavar="PATH",
        help="config.yaml to use (default: $THRESHER_CONFIG, or ./config.yaml if present)",
        **unset,
    )
    group.add_argument("--db", metavar="PATH", help="the DuckDB file (overrides `database:`)", **unset)
    group.add_argument("-q", "--quiet", action="store_true", help="no progress display", **flag)
    group.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs", **flag)
    group.add_argument(
        "--prefect",
        action="store_true",
        help="run as Prefect flows even without PREFECT_API_URL (on a temporary local server)",
        **flag,
    )
    return options


def screening_formats(parser: argparse.ArgumentParser, help_text: str) -> None:
    """--format and --excel of the exports for screening tools."""
    parser.add_argument("--format", choices=["csv", "ris", "asreview"], default=None, help=help_text)
    parser.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thresher",
        description="Harvest, import and deduplicate the literature for a systematic review.",
        parents=[_global_options(inherited=False)],
    )
    common = [_global_options(inherited=True)]
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
        return subparsers.add_parser(name, help=help_text, description=help_text, parents=common)

    p = command(sub, "harvest", "harvest OAI-PMH sources (configured, or one ad hoc URL)")
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

    p = command(sub, "import", "import export files (BibTeX, RIS, EndNote XML, CSV)")
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

    p = command(sub, "dedupe", "group the records that describe the same publication")
    p.add_argument(
        "--explain",
        nargs=2,
        metavar=("ID1", "ID2"),
        help="why two records are or are not in one cluster (record id or SOURCE:NATIVE_ID)",
    )

    p = command(sub, "review", "uncertain pairs for a person: export, then import")
    review = p.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    q = command(review, "export", "write the undecided 'maybe' pairs to CSV")
    q.add_argument("--out", required=True, metavar="FILE.csv")
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")
    q = command(review, "import", "read same/different verdicts from the CSV")
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--reviewer", help="who decided (kept with each verdict)")

    p = command(sub, "corpus", "build the candidate corpus for screening")
    p.add_argument("--query", help="a search strategy for this build (default: search.query in config.yaml)")
    p.add_argument("--all", action="store_true", help="ignore the search strategy: every study")

    p = command(sub, "screen", "screening decisions")
    screen = p.add_subparsers(dest="screen_command", required=True, metavar="ACTION")
    q = command(
        screen,
        "import",
        "read screening decisions: ASReview LAB, Rayyan or Covidence exports, or a sheet with a "
        "decision column (files given together are one round: reviewers who disagree make a conflict)",
    )
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument("--reviewer", help="who decided, when the file does not say")
    q.add_argument(
        "--stage",
        default="title-abstract",
        choices=["title-abstract", "full-text"],
        help="when the file does not say",
    )
    q.add_argument(
        "--decision",
        choices=["include", "exclude", "maybe"],
        help="the whole file is this decision (Covidence exports the studies of one decision)",
    )

    p = command(sub, "prisma", "PRISMA 2020 counts, and the flow diagram")
    p.add_argument("--out", metavar="FILE.svg|FILE.png", help="draw the diagram here")

    p = command(sub, "export", "write CSV exports")
    export = p.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    q = command(export, "candidates", "the latest candidate corpus, for screening tools")
    q.add_argument("--out", required=True, metavar="FILE")
    screening_formats(
        q,
        "csv, ris (Rayyan, Covidence) or asreview (CSV with decisions so far as prior labels); "
        "default: from the file name (.ris, else CSV)",
    )
    q = command(export, "screened", "the screened set with decisions and reasons")
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--decision", choices=["include", "exclude", "maybe"])
    q.add_argument("--stage", choices=["title-abstract", "full-text"])
    screening_formats(
        q,
        "csv (every decision), or the studies of one stage as ris or asreview for the next round; "
        "default: from the file name",
    )
    q = command(export, "clusters", "one row per source record with its cluster id")
    q.add_argument("--out", required=True, metavar="FILE.csv")
    q.add_argument("--excel", action="store_true", help="UTF-8 with BOM, for Excel")

    command(sub, "status", "records, deletions, last harvest and last error per source")
    command(sub, "doctor", "check the store and say what it finds")
    p = command(sub, "backup", "copy the database (waits for any writer to finish)")
    p.add_argument("--out", required=True, metavar="FILE.duckdb")
    p = command(sub, "restore", "replace the database with a backup")
    p.add_argument("backup", metavar="FILE.duckdb")
    command(
        sub,
        "nightly",
        "run the nightly flow once, now: harvest every enabled source, dedupe, rebuild the corpus "
        "(for cron or systemd)",
    )
    command(
        sub,
        "serve",
        "run the nightly harvest on the schedule in config.yaml (needs a running `prefect server`)",
    )
    p = command(sub, "sample-server", "serve the bundled sample EPrints records over OAI-PMH on 127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--page-size", type=int, default=10)
    p.add_argument("files", nargs="*", help="recorded ListRecords files (default: the samples)")
    p = command(sub, "demo", "the whole pipeline on the bundled samples, offline (what `make run` does)")
    p.add_argument("--out", default="demo", help="folder for the demo database and CSV")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Imported once the arguments are read, so `--help` and usage errors answer at once.
    from thresher.config import ConfigError
    from thresher.flows import commands, prefect_env, settings

    try:
        config = settings.load(args.config, args.db)
    except ConfigError as exc:
        print(f"thresher: {exc}", file=sys.stderr)
        return commands.EXIT_USAGE
    # Before anything imports Prefect: offline, no telemetry, a home beside the configuration.
    prefect_env.configure(config.base_dir / ".prefect", quiet=not args.verbose)
    try:
        return commands.dispatch(args, config)
    except BrokenPipeError:
        # The reader of our output went away (`thresher status | head`): nothing failed here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return commands.EXIT_OK
    except KeyboardInterrupt:
        print(
            "\nthresher: interrupted; everything committed so far is kept, and the next run "
            "resumes from the last committed page.",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
