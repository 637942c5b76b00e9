"""What each `thresher` command does: the domain API called directly, or through Prefect flows
(flows/runners.py decides). Nothing here imports Prefect unless a command runs as a flow."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from thresher.config import Config, ConfigError, SourceConfig, check_source_name
from thresher.csv_out import UnsafePath, safe_output_path
from thresher.flows import runners
from thresher.progress import Progress
from thresher.store import Store, StoreError, StoreLocked, open_store

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
DATESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"thresher: {message}", file=sys.stderr)
    return code


def dispatch(args: argparse.Namespace, config: Config | None) -> int:
    handler = {
        "harvest": cmd_harvest,
        "import": cmd_import,
        "status": cmd_status,
        "dedupe": cmd_dedupe,
        "review": cmd_review,
        "export": cmd_export,
        "corpus": cmd_corpus,
        "screen": cmd_screen,
        "prisma": cmd_prisma,
        "doctor": cmd_doctor,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "serve": cmd_serve,
        "nightly": cmd_nightly,
        "sample-server": cmd_sample_server,
        "demo": cmd_demo,
    }[args.command]
    try:
        return handler(args, config)
    except StoreLocked as exc:
        return fail(str(exc), EXIT_LOCKED)
    except UnsafePath as exc:
        return fail(str(exc))
    except (StoreError, ConfigError) as exc:
        return fail(str(exc), EXIT_FAILED)


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(enabled=False) if args.quiet else Progress()


def _out(path: str, config: Config) -> Path:
    return safe_output_path(path, protect=(config.database_path,))


def _sources_for(args: argparse.Namespace, config: Config) -> list[SourceConfig]:
    if args.url:
        if not args.source_name:
            raise ConfigError("--url needs --source NAME: the name its records are stored under")
        if args.sources:
            raise ConfigError("give either configured SOURCE names or --url, not both")
        try:
            check_source_name(args.source_name)
        except ValueError as exc:
            raise ConfigError(f"--source: {exc}") from None
        try:
            return [
                SourceConfig(
                    name=args.source_name,
                    base_url=args.url,
                    metadata_prefix=args.prefix or "oai_dc",
                    sets=args.sets or [],
                )
            ]
        except ValueError as exc:
            raise ConfigError(f"--url: {exc.errors()[0]['msg']}") from None  # type: ignore[attr-defined]
    if args.source_name:
        raise ConfigError(
            "--source names an ad hoc source and needs --url; "
            "to harvest a configured source give its name alone"
        )
    if args.sources:
        chosen = [config.source(name) for name in args.sources]
    else:
        chosen = [s for s in config.sources if s.enabled]
        if not chosen:
            raise ConfigError(
                "no enabled sources in the configuration: add one under `sources:` in "
                "config.yaml, or harvest an endpoint ad hoc with --url URL --source NAME"
            )
    overrides = {k: v for k, v in (("metadata_prefix", args.prefix), ("sets", args.sets)) if v}
    return [s.model_copy(update=overrides) for s in chosen] if overrides else chosen


def cmd_harvest(args: argparse.Namespace, config: Config) -> int:
    for flag, value in (("--from", args.window_from), ("--until", args.window_until)):
        if value and not DATESTAMP.match(value):
            return fail(f"{flag} {value!r}: use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
    try:
        sources = _sources_for(args, config)
    except ConfigError as exc:
        return fail(str(exc))
    progress = _progress(args)
    run = runners.choose(args.prefect)
    with open_store(config, progress.message, command="thresher harvest") as store:
        summaries = run.harvest(store, sources, config, args.window_from, args.window_until, progress)
    for summary in summaries:
        print(summary.line())
    return EXIT_OK if all(s.status == "ok" for s in summaries) else EXIT_FAILED


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    try:
        check_source_name(args.source_name)
    except ValueError as exc:
        return fail(f"--source: {exc}")
    paths = [Path(f) for f in args.files]
    progress = _progress(args)
    run = runners.choose(args.prefect)
    with open_store(config, progress.message, command="thresher import") as store:
        summaries = run.import_files(store, paths, args.source_name, args.format, args.id_column, progress)
    for summary in summaries:
        print("\n".join(summary.lines()))
    failed = sum(s.status == "failed" for s in summaries)
    if not failed:
        return EXIT_OK
    if failed < len(summaries):
        # Like a nightly run with a failed source: the rest is stored, and a script still learns.
        return fail(
            f"{failed} of {len(summaries)} files not imported (named above); the other files' "
            "records are stored: import the failed ones again once mended",
            EXIT_FAILED,
        )
    return EXIT_FAILED


def cmd_dedupe(args: argparse.Namespace, config: Config) -> int:
    with open_store(config, command="thresher dedupe") as store:
        if args.explain:
            from thresher.dedupe.review import ReviewError, explain

            try:
                print(explain(store, *args.explain))
            except ReviewError as exc:
                return fail(str(exc))
            return EXIT_OK
        summary = runners.choose(args.prefect).dedupe(store)
    print(summary.line())
    if summary.maybes:
        pairs = "pair waits" if summary.maybes == 1 else "pairs wait"
        print(f"{summary.maybes} uncertain {pairs} for a person: thresher review export --out pairs.csv")
    return EXIT_OK


def cmd_review(args: argparse.Namespace, config: Config) -> int:
    from thresher.dedupe.review import ReviewError, export_review, import_review

    target = _out(args.out, config) if args.review_command == "export" else None
    with open_store(config, command=f"thresher review {args.review_command}") as store:
        if target is not None:
            count = export_review(store, target, excel_bom=args.excel)
            print(
                f"{count} pairs written to {args.out}: mark each 'same' or 'different' in the "
                "decision column, then: thresher review import " + args.out
            )
            return EXIT_OK
        try:
            result = import_review(store, Path(args.file), args.reviewer)
        except ReviewError as exc:
            return fail(str(exc), EXIT_FAILED)
    print(
        f"{result.applied} verdicts applied, {result.skipped_blank} rows left blank, "
        f"{len(result.problems)} rows with problems"
    )
    for problem in result.problems:
        print("    " + problem)
    print("they take effect at the next `thresher dedupe`, and on every run after it")
    return EXIT_OK if not result.problems or result.applied else EXIT_FAILED


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from thresher.dedupe.review import export_clusters
    from thresher.screening.exports import export_candidates, export_screened, format_for

    out = _out(args.out, config)
    if args.excel and args.export_command != "clusters" and format_for(out, args.format) == "ris":
        return fail("--excel is for CSV files; Rayyan, Covidence and reference managers read RIS as it is")
    with open_store(config, command=f"thresher export {args.export_command}") as store:
        if args.export_command == "clusters":
            count = export_clusters(store, out, excel_bom=args.excel)
            what = "source records"
        elif args.export_command == "candidates":
            fmt = format_for(out, args.format)
            try:
                count = export_candidates(store, out, fmt, excel_bom=args.excel)
            except LookupError as exc:
                return fail(str(exc), EXIT_FAILED)
            what = "candidate studies" + (
                " (with their title-abstract decisions as ASReview prior labels)" if fmt == "asreview" else ""
            )
        else:
            fmt = format_for(out, args.format)
            count = export_screened(store, out, args.decision, args.stage, excel_bom=args.excel, fmt=fmt)
            what = (
                "screening decisions"
                if fmt == "csv"
                else f"screened studies ({args.stage or 'title-abstract'}"
                + (f", {args.decision}" if args.decision else "")
                + ")"
            )
    print(f"{count} {what} written to {out}")
    return EXIT_OK


def cmd_corpus(args: argparse.Namespace, config: Config) -> int:
    from thresher.screening.search import QueryError, compile_query

    search = config.search.model_copy(
        update={"query": None if args.all else (args.query or config.search.query)}
    )
    if search.query:
        try:
            compile_query(search.query)
        except QueryError as exc:
            return fail(str(exc))
    with open_store(config, command="thresher corpus") as store:
        build = runners.choose(args.prefect).corpus(store, search)
    print(build.line())
    print("export it with: thresher export candidates --out candidates.csv (or .ris)")
    return EXIT_OK


def cmd_screen(args: argparse.Namespace, config: Config) -> int:
    from thresher.screening.decisions import ScreeningError, flagged, import_decisions

    with open_store(config, command="thresher screen import") as store:
        try:
            result = import_decisions(
                store, [Path(f) for f in args.files], args.reviewer, args.stage, args.decision
            )
        except ScreeningError as exc:
            return fail(str(exc), EXIT_FAILED)
        late = flagged(store)
    for tool in result.tools:
        print(f"read {tool}")
    print("\n".join(result.lines()))
    if late:
        print(
            f"{len(late)} screened studies gained records after their decision (look again): "
            + ", ".join(str(r[0]) for r in late[:20])
        )
    return EXIT_OK if result.applied or not result.problems else EXIT_FAILED


def cmd_prisma(args: argparse.Namespace, config: Config) -> int:
    from thresher.screening.prisma import counts, draw

    with open_store(config, command="thresher prisma") as store:
        numbers = counts(store)
    print(numbers.table())
    for problem in numbers.checks():
        print(f"warning: {problem}")
    if args.out:
        try:
            draw(numbers, _out(args.out, config))
        except ValueError as exc:
            return fail(str(exc))
        print(f"diagram written to {args.out}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace, config: Config) -> int:
    from thresher.maintenance import doctor

    path = config.database_path
    if not path.exists():
        return fail(f"{path}: no database here", EXIT_FAILED)
    with open_store(config, command="thresher doctor") as store:
        version, findings = doctor(store)
    print(f"{path}: schema version {version} (current), opened and migrated cleanly")
    for f in findings:
        mark = "ok  " if f.count == 0 else ("FIX " if f.problem else "note")
        print(f"  [{mark}] {f.check}: {f.count}" + (f" - {f.advice}" if f.count else ""))
    problems = [f for f in findings if f.problem]
    print("no problems found" if not problems else f"{len(problems)} problem(s) found")
    return EXIT_OK if not problems else EXIT_FAILED


def cmd_backup(args: argparse.Namespace, config: Config) -> int:
    from thresher.maintenance import backup

    target = _out(args.out, config)
    with open_store(config, command="thresher backup") as store:
        size, records = backup(store, target)
    print(f"backup written to {args.out}: {size:,} bytes, {records:,} records, verified")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, config: Config) -> int:
    from thresher.maintenance import restore

    records, kept = restore(
        Path(args.backup), config.database_path, config.lock_timeout_seconds, on_wait=print
    )
    print(
        f"{config.database_path} restored from {args.backup} ({records:,} records); the "
        f"database it replaced is kept as {kept}"
    )
    return EXIT_OK


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    path = config.database_path
    if not path.exists():
        return fail(
            f"{path}: no database yet; run `thresher harvest` or `thresher import` first", EXIT_FAILED
        )
    with Store.open(path, read_only=True, lock_timeout=config.lock_timeout_seconds, on_wait=print) as store:
        rows = store.source_status()
    print(f"{path}")
    print(runners.describe(args.prefect))
    if not rows:
        print("no sources yet")
        return EXIT_OK
    header = f"{'source':<24} {'records':>9} {'deleted':>8}  {'last successful run':<20}  last error"
    print(header)
    print("-" * len(header))
    for source, live, deleted, last_ok, error, error_at, unfinished in rows:
        ok = last_ok.strftime("%Y-%m-%d %H:%M UTC") if last_ok else "never"
        problem = f"{error_at:%Y-%m-%d %H:%M}: {error}" if error else "-"
        if unfinished:
            problem += f" [{unfinished} unfinished window(s): the next run resumes them]"
        print(f"{source:<24} {live:>9,} {deleted:>8,}  {ok:<20}  {problem}")
    return EXIT_OK


def cmd_nightly(args: argparse.Namespace, config: Config) -> int:
    """The nightly flow, once: what `thresher serve` runs on its schedule."""
    from thresher.flows import settings
    from thresher.flows.nightly import SourcesFailed, nightly_flow

    path = settings.config_path(args.config)
    try:
        lines = nightly_flow(config_path=str(path) if path else None, database=str(config.database_path))
    except SourcesFailed as exc:  # some sources failed; the rest was stored and deduplicated
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    for line in lines:
        print(line)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    if not runners.prefect_api():
        return fail(
            "`thresher serve` schedules runs on a Prefect server. Start one first:\n"
            "    prefect server start            # http://127.0.0.1:4200, UI included\n"
            "then, in another terminal:\n"
            "    export PREFECT_API_URL=http://127.0.0.1:4200/api\n"
            "    thresher serve --config config.yaml"
        )
    from thresher.flows import settings
    from thresher.flows.nightly import serve

    enabled = sum(s.enabled for s in config.sources)
    print(
        f"serving the nightly harvest: cron '{config.schedule.cron}' ({config.schedule.timezone}); "
        f"{enabled} enabled sources; runs recorded on {runners.prefect_api()}",
        flush=True,
    )
    serve(config, settings.config_path(args.config))
    return EXIT_OK


def cmd_sample_server(args: argparse.Namespace, config: Config | None) -> int:
    from thresher.samples import EPRINTS_RECORDS, sample
    from thresher.samples.oai_server import serve_files

    files = args.files or [sample(EPRINTS_RECORDS)]
    with serve_files(files, page_size=args.page_size, port=args.port) as server:
        print(
            f"OAI-PMH endpoint: {server.url}  ({len(server.provider.repository.records())} records; "
            "Ctrl-C to stop)",
            flush=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return EXIT_OK


def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    from thresher.flows.demo import run_demo

    return run_demo(Path(args.out), config, quiet=args.quiet)
