"""Keeping a store healthy: `thresher doctor`, backups and restores."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from thresher import sql
from thresher.store import Store, StoreError

# Findings that are facts of life rather than faults (they do not make doctor fail).
INFORMATIONAL = {
    "runs that did not finish (killed or crashed)",
    "records not yet deduplicated",
    "unfinished harvest windows",
}


@dataclass
class Finding:
    check: str
    count: int
    advice: str

    @property
    def problem(self) -> bool:
        return self.count > 0 and self.check not in INFORMATIONAL


def doctor(store: Store) -> tuple[int, list[Finding]]:
    """(schema version, findings). The schema is checked by opening the store at all."""
    rows = store.con.execute(sql.query("doctor")).fetchall()
    return store.schema_version(), [Finding(*row) for row in rows]


def backup(store: Store, target: Path) -> tuple[int, int]:
    """Copy the store (which we hold, so nobody writes) to `target`, then check the copy opens.

    Returns (bytes, records in the copy).
    """
    target = Path(target)
    if target.resolve() == store.path.resolve():
        raise StoreError("the backup cannot be the database itself")
    store.con.execute("CHECKPOINT")  # everything into the main file; the WAL is now empty
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        shutil.copyfile(store.path, partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        records = _verify(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target.stat().st_size, records


def _verify(path: Path) -> int:
    try:
        con = duckdb.connect(str(path), read_only=True, config={"autoinstall_known_extensions": False})
    except duckdb.Error as exc:
        raise StoreError(f"{path}: not a usable Thresher database ({exc})") from None
    try:
        version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        records = con.execute("SELECT count(*) FROM records").fetchone()[0]
    except duckdb.Error as exc:
        raise StoreError(f"{path}: not a Thresher database ({exc})") from None
    finally:
        con.close()
    if not version:
        raise StoreError(f"{path}: has no schema version")
    return records


def restore(source: Path, database: Path, lock_timeout: float, on_wait=None) -> tuple[int, Path]:
    """Replace `database` with the backup `source`; the database being replaced is kept beside
    it as DATABASE.before-restore. Refuses while another process holds the database."""
    source, database = Path(source), Path(database)
    if not source.exists():
        raise StoreError(f"{source}: no such backup")
    records = _verify(source)
    kept = database.with_name(database.name + ".before-restore")
    if database.exists():
        # Taking the lock proves no one is writing; release it before the swap.
        Store.open(database, lock_timeout=lock_timeout, on_wait=on_wait, command="thresher restore").close()
        shutil.copyfile(database, kept)
        wal = database.with_name(database.name + ".wal")
        if wal.exists():
            wal.unlink()
    partial = database.with_name(f".{database.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, database)
    return records, kept
