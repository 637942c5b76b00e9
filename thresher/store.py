"""The DuckDB store: opened by one writer at a time, migrated on open, written page by page."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from thresher import sql
from thresher.config import Config
from thresher.records import Record

LOCK_MESSAGE = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)


class StoreError(Exception):
    """The store cannot be opened or written; the message says why and what is kept."""


class StoreLocked(StoreError):
    """Another process holds the database for writing."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class PageCounts:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    stale: int = 0

    def add(self, other: PageCounts) -> None:
        for name in ("new", "updated", "deleted", "unchanged", "stale"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return self.new + self.updated + self.deleted + self.unchanged + self.stale


@dataclass
class HarvestState:
    """Where a harvest scope stands: the end of its last complete window, and a checkpoint."""

    source: str
    metadata_prefix: str
    set_spec: str
    complete_until: str | None = None
    window_from: str | None = None
    window_until: str | None = None
    resumption_token: str | None = None
    pages_done: int = 0
    records_done: int = 0
    run_id: int | None = None

    @property
    def in_progress(self) -> bool:
        return self.window_until is not None


@dataclass
class RunTotals:
    pages: int = 0
    counts: PageCounts = field(default_factory=PageCounts)
    cleaned_bytes: int = 0
    retries: int = 0


def owner_file(path: Path) -> Path:
    return path.with_name(path.name + ".owner.json")


def describe_owner(path: Path) -> str:
    """Who holds the database, as far as its owner file says."""
    try:
        info = json.loads(owner_file(path).read_text(encoding="utf-8"))
        return f"pid {info['pid']}, '{info['command']}', since {info['started_at']}"
    except (OSError, ValueError, KeyError):
        return "another process"


class Store:
    """One open DuckDB file. Methods are serialised by a lock, so threads can share a Store."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._appender = None

    # ---- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        lock_timeout: float = 60.0,
        on_wait: Callable[[str], None] | None = None,
        command: str | None = None,
    ) -> Store:
        """Open (and migrate) the store, waiting up to `lock_timeout` s for another writer."""
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"{path}: no database here yet (run a harvest or import first)")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create the folder ({exc})") from None
        deadline = time.monotonic() + lock_timeout
        told = False
        while True:
            try:
                con = duckdb.connect(
                    str(path),
                    read_only=read_only,
                    config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
                )
                break
            except duckdb.IOException as exc:
                if not LOCK_MESSAGE.search(str(exc)):
                    raise StoreError(f"{path}: cannot open the database ({exc})") from None
                holder = describe_owner(path)
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"{path} is in use by {holder}; gave up after waiting {lock_timeout:.0f} s. "
                        "Nothing was changed; run again when it has finished."
                    ) from None
                if on_wait and not told:
                    on_wait(f"{path} is in use by {holder}; waiting up to {lock_timeout:.0f} s")
                    told = True
                time.sleep(min(0.5, max(0.05, deadline - time.monotonic())))
            except duckdb.Error as exc:
                raise StoreError(f"{path}: cannot open the database ({exc})") from None
        # No progress bars of DuckDB's own on our output (long queries draw them on stdout).
        con.execute("SET enable_progress_bar = false")
        store = cls(con, path, read_only)
        if not read_only:
            store._claim(command or " ".join(sys.argv[:3]))
            store.migrate()
            store._mark_interrupted_runs()
        else:
            store._check_schema()
        return store

    def _claim(self, command: str) -> None:
        info = {"pid": os.getpid(), "command": command, "started_at": utcnow().isoformat() + "Z"}
        try:
            owner_file(self.path).write_text(json.dumps(info), encoding="utf-8")
        except OSError:
            pass  # the owner file only improves messages; the lock itself is DuckDB's

    def close(self) -> None:
        with self._lock:
            if self.con is None:
                return
            self._appender = None
            self.con.close()
            self.con = None
            if not self.read_only:
                try:
                    info = json.loads(owner_file(self.path).read_text(encoding="utf-8"))
                    if info.get("pid") == os.getpid():
                        owner_file(self.path).unlink()
                except (OSError, ValueError):
                    pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def _check_schema(self) -> None:
        latest = sql.migrations()[-1][0]
        found = self.schema_version()
        if found > latest:
            raise StoreError(
                f"{self.path} has schema version {found}, newer than this Thresher knows "
                f"({latest}); upgrade Thresher"
            )

    def migrate(self) -> None:
        with self._lock:
            self._check_schema()
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
            )
            current = self.schema_version()
            for version, name, text in sql.migrations():
                if version <= current:
                    continue
                with self.transaction():
                    self.con.execute(text)
                    self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, utcnow()])
            self.con.execute(sql.query("stage_records"))

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            else:
                self.con.execute("COMMIT")

    def set_memory_limit(self, megabytes: int) -> None:
        """Cap DuckDB's cache (it spills to disk beyond it rather than fail)."""
        with self._lock:
            self.con.execute(f"SET memory_limit = '{int(megabytes)}MB'")

    # ---- runs ------------------------------------------------------------------------------------

    def _mark_interrupted_runs(self) -> None:
        # We hold the write lock, so any run still marked running belongs to a dead process.
        with self._lock:
            self.con.execute(
                "UPDATE import_batches SET status = 'interrupted', finished_at = ? WHERE status = 'running'",
                [utcnow()],
            )
            self.con.execute(
                "UPDATE runs SET status = 'interrupted', finished_at = coalesce(finished_at, ?), "
                "error = coalesce(error, 'the process stopped before the run finished "
                "(killed or crashed); the next run resumes from the last committed page') "
                "WHERE status = 'running'",
                [utcnow()],
            )

    def begin_run(self, kind: str, source: str, detail: str = "") -> int:
        with self._lock:
            run_id = self.con.execute("SELECT nextval('run_id_seq')").fetchone()[0]
            self.con.execute(
                "INSERT INTO runs (run_id, kind, source, started_at, status, detail) "
                "VALUES (?, ?, ?, ?, 'running', ?)",
                [run_id, kind, source, utcnow(), detail],
            )
            return run_id

    def finish_run(self, run_id: int, status: str, totals: RunTotals, error: str | None = None) -> None:
        c = totals.counts
        with self._lock:
            self.con.execute(
                "UPDATE runs SET status = ?, finished_at = ?, pages = ?, records_new = ?, "
                "records_updated = ?, records_deleted = ?, records_unchanged = ?, "
                "records_stale = ?, cleaned_bytes = ?, retries = ?, error = ? WHERE run_id = ?",
                [
                    status,
                    utcnow(),
                    totals.pages,
                    c.new,
                    c.updated,
                    c.deleted,
                    c.unchanged,
                    c.stale,
                    totals.cleaned_bytes,
                    totals.retries,
                    error,
                    run_id,
                ],
            )

    # ---- records ---------------------------------------------------------------------------------

    def _stage(self, records: Iterable[Record]) -> None:
        # A key repeated inside one batch would make ON CONFLICT keep the first row: keep the
        # latest by datestamp (later in the batch wins a tie).
        latest: dict[tuple[str, str], Record] = {}
        for record in records:
            key = (record.source, record.native_id)
            held = latest.get(key)
            if held is None or not (
                held.datestamp and record.datestamp and record.datestamp < held.datestamp
            ):
                latest[key] = record
        self.con.execute("DELETE FROM staging")
        if self._appender is None:
            self._appender = self.con.appender("staging")
        self._appender.append_rows([r.as_row() + (r.content_hash(),) for r in latest.values()])
        self._appender.flush()

    def write_records(
        self,
        records: list[Record],
        run_id: int,
        checkpoint: HarvestState | None = None,
        changed: list[str] | None = None,
        rejects: list[tuple] | None = None,
    ) -> PageCounts:
        """Upsert a page of records (and the checkpoint that follows it) in one transaction.

        `changed`, when given, receives the native ids of records whose stored version changes;
        `rejects` rows are stored in the same transaction.
        """
        with self.transaction():
            self._stage(records)
            if changed is not None:
                changed.extend(r[0] for r in self.con.execute(sql.query("changed_in_staging")).fetchall())
            if rejects:
                self.con.executemany(
                    "INSERT INTO rejects (batch_id, source, file_name, line, native_id, error, raw)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rejects,
                )
            row = self.con.execute(sql.query("classify_staging")).fetchone()
            counts = PageCounts(*row[:5])
            now = utcnow()
            # Each statement only when it has work: an empty ON CONFLICT still costs.
            if row[5]:
                self.con.execute(sql.query("insert_new"), [now, run_id])
            if counts.updated:
                self.con.execute(sql.query("upsert_live"), [now, run_id])
            if row[6]:
                self.con.execute(sql.query("upsert_tombstones"), [now, run_id])
            if counts.unchanged:
                self.con.execute(sql.query("touch_unchanged"), [now, run_id])
            if checkpoint is not None:
                self._save_state(checkpoint, now)
        return counts

    # ---- import batches -------------------------------------------------------------------------

    def previous_import(self, source: str, sha256: str) -> tuple | None:
        """(batch id, finished at, file name) of a completed import of the same bytes."""
        with self._lock:
            return self.con.execute(
                "SELECT batch_id, finished_at, file_name FROM import_batches WHERE source = ? "
                "AND sha256 = ? AND status IN ('ok', 'unchanged-file') ORDER BY batch_id DESC "
                "LIMIT 1",
                [source, sha256],
            ).fetchone()

    def positional_ids(self, source: str) -> dict[tuple[str, int | None], list[str]]:
        """The source's records an earlier version named by their place in their file ("row 12",
        "export.ris#12"), by (title, year)."""
        with self._lock:
            rows = self.con.execute(
                "SELECT title, year, native_id FROM records WHERE source = ? "
                "AND (regexp_full_match(native_id, 'row [0-9]+') OR (starts_with(native_id, origin || '#') "
                "AND regexp_full_match(substr(native_id, length(origin) + 2), '[0-9]+')))",
                [source],
            ).fetchall()
        found: dict[tuple[str, int | None], list[str]] = {}
        for title, year, native_id in rows:
            found.setdefault((title, year), []).append(native_id)
        return found

    def rename_records(self, source: str, renames: list[tuple[str, str]]) -> int:
        """Give records new native ids (old, new), where no record holds the new one yet; the
        record keeps its row, its cluster and every decision on it."""
        done = 0
        with self.transaction():
            for old, new in renames:
                taken = self.con.execute(
                    "SELECT 1 FROM records WHERE source = ? AND native_id = ?", [source, new]
                ).fetchone()
                if not taken:
                    self.con.execute(
                        "UPDATE records SET native_id = ? WHERE source = ? AND native_id = ?",
                        [new, source, old],
                    )
                    done += 1
        return done

    def begin_batch(
        self,
        run_id: int,
        source: str,
        path: Path,
        size: int,
        sha256: str,
        fmt: str | None,
        encoding: str | None,
    ) -> int:
        with self._lock:
            batch_id = self.con.execute("SELECT nextval('batch_id_seq')").fetchone()[0]
            self.con.execute(
                "INSERT INTO import_batches (batch_id, run_id, source, file_name, file_path, "
                "file_size, sha256, format, encoding, started_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')",
                [batch_id, run_id, source, path.name, str(path), size, sha256, fmt, encoding, utcnow()],
            )
            return batch_id

    def finish_batch(
        self,
        batch_id: int,
        status: str,
        entries: int,
        counts: PageCounts,
        rejected: int,
        error: str | None = None,
    ) -> None:
        with self._lock:
            self.con.execute(
                "UPDATE import_batches SET status = ?, finished_at = ?, entries = ?, "
                "records_new = ?, records_updated = ?, records_unchanged = ?, rejected = ?, "
                "error = ? WHERE batch_id = ?",
                [
                    status,
                    utcnow(),
                    entries,
                    counts.new,
                    counts.updated,
                    counts.unchanged,
                    rejected,
                    error,
                    batch_id,
                ],
            )

    # ---- harvest state --------------------------------------------------------------------------

    def harvest_state(self, source: str, metadata_prefix: str, set_spec: str) -> HarvestState:
        with self._lock:
            row = self.con.execute(
                "SELECT complete_until, window_from, window_until, resumption_token, pages_done, "
                "records_done, run_id FROM harvest_state "
                "WHERE source = ? AND metadata_prefix = ? AND set_spec = ?",
                [source, metadata_prefix, set_spec],
            ).fetchone()
        state = HarvestState(source, metadata_prefix, set_spec)
        if row:
            (
                state.complete_until,
                state.window_from,
                state.window_until,
                state.resumption_token,
                state.pages_done,
                state.records_done,
                state.run_id,
            ) = row
        return state

    def _save_state(self, state: HarvestState, now: datetime) -> None:
        self.con.execute(
            sql.query("save_checkpoint"),
            {
                "source": state.source,
                "prefix": state.metadata_prefix,
                "set_spec": state.set_spec,
                "complete_until": state.complete_until,
                "window_from": state.window_from,
                "window_until": state.window_until,
                "token": state.resumption_token,
                "pages_done": state.pages_done,
                "records_done": state.records_done,
                "run_id": state.run_id,
                "now": now,
            },
        )

    def save_state(self, state: HarvestState) -> None:
        with self.transaction():
            self._save_state(state, utcnow())

    def record_source(self, name: str, kind: str, base_url: str | None, identify: dict) -> None:
        with self._lock:
            self.con.execute(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE "
                "SET kind = excluded.kind, base_url = excluded.base_url, "
                "repository_name = excluded.repository_name, granularity = excluded.granularity, "
                "earliest_datestamp = excluded.earliest_datestamp, "
                "deleted_record = excluded.deleted_record, updated_at = excluded.updated_at",
                [
                    name,
                    kind,
                    base_url,
                    identify.get("repository_name"),
                    identify.get("granularity"),
                    identify.get("earliest_datestamp"),
                    identify.get("deleted_record"),
                    utcnow(),
                ],
            )

    def record_raw_page(self, sha256: str, run_id: int, source: str, url: str, page: int, size: int) -> None:
        with self._lock:
            self.con.execute(
                "INSERT OR REPLACE INTO raw_pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                [sha256, run_id, source, url, page, utcnow(), size],
            )

    # ---- reading --------------------------------------------------------------------------------

    def source_status(self) -> list[tuple]:
        with self._lock:
            return self.con.execute(sql.query("source_status")).fetchall()


def open_store(config: Config, on_wait: Callable[[str], None] | None = print, command: str = "") -> Store:
    """The configured database, for writing, waiting up to `lock_timeout_seconds` for a writer."""
    return Store.open(
        config.database_path, lock_timeout=config.lock_timeout_seconds, on_wait=on_wait, command=command
    )
