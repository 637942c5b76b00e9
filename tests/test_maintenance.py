"""thresher doctor, backup and restore."""

from __future__ import annotations

import pytest

from thresher import sql
from thresher.csv_out import UnsafePath, safe_output_path
from thresher.dedupe.engine import run_dedupe
from thresher.maintenance import backup, doctor, restore
from thresher.records import Record
from thresher.store import Store, StoreError

from conftest import count


def _fill(store: Store) -> None:
    store.write_records(
        [
            Record("s", "1", title="A study of schools"),
            Record("s", "2", title="Another study", doi="10.5555/x"),
        ],
        store.begin_run("import", "s"),
    )
    run_dedupe(store)


def test_doctor_finds_nothing_wrong_in_a_healthy_store(store):
    _fill(store)
    version, findings = doctor(store)
    assert version == sql.migrations()[-1][0] and not [f for f in findings if f.count]


def test_doctor_reports_damage(store):
    _fill(store)
    store.con.execute("DELETE FROM records WHERE native_id = '1'")
    store.con.execute(
        "INSERT INTO screening_decisions (decision_id, cluster_id, stage, decision, decided_at, batch) "
        "VALUES (1, 999, 'title-abstract', 'include', now()::TIMESTAMP, 1)"
    )
    _, findings = doctor(store)
    found = {f.check: f.count for f in findings}
    assert found["cluster members whose record is gone"] == 1
    assert found["screening decisions on unknown clusters"] == 1
    assert any(f.problem for f in findings)


def test_backup_and_restore_round_trip(tmp_path):
    db = tmp_path / "review.duckdb"
    with Store.open(db) as store:
        _fill(store)
        size, records = backup(store, tmp_path / "backups" / "b.duckdb")
        assert size > 0 and records == 2
        store.write_records(
            [Record("s", "3", title="Added after the backup")], store.begin_run("import", "s")
        )
    restored, kept = restore(tmp_path / "backups" / "b.duckdb", db, lock_timeout=5)
    assert restored == 2 and kept.exists()
    with Store.open(db, read_only=True) as store:
        assert count(store) == 2
    with Store.open(kept, read_only=True) as store:
        assert count(store) == 3


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    with pytest.raises(StoreError, match="not a usable Thresher database"):
        restore(junk, tmp_path / "review.duckdb", lock_timeout=1)
    with pytest.raises(StoreError, match="no such backup"):
        restore(tmp_path / "missing.duckdb", tmp_path / "review.duckdb", lock_timeout=1)


def test_output_paths_that_climb_out_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnsafePath, match="climbs out"):
        safe_output_path("../../etc/cron.d/x.csv")
    with pytest.raises(UnsafePath, match="the database itself"):
        safe_output_path("review.duckdb", protect=(tmp_path / "review.duckdb",))
    assert safe_output_path("exports/x.csv") == tmp_path / "exports" / "x.csv"
    assert safe_output_path(str(tmp_path.parent / "y.csv")) == tmp_path.parent / "y.csv"


def test_a_store_from_before_compressed_raw_keeps_every_record_and_id(tmp_path):
    """Version 11 rebuilds the records table (its raw column zstd-compressed): a store made by
    version 10 keeps its rows and their ids, new records get fresh ids, and upserts still find
    the old rows by (source, native_id)."""
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    for version, name, text in sql.migrations():
        if version <= 10:
            con.execute(text)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)", [version, name])
    con.execute(
        "INSERT INTO records (source, native_id, title, raw, content_hash, first_seen, last_seen, "
        "updated_at, origin) VALUES ('s', 'a', 'Old title', '<dc>old</dc>', 'h1', now()::TIMESTAMP, "
        "now()::TIMESTAMP, now()::TIMESTAMP, 'file.xml')"
    )
    old_id = con.execute("SELECT record_id FROM records").fetchone()[0]
    con.close()

    with Store.open(path) as store:
        assert store.schema_version() == 11
        made = store.con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = 'records'").fetchone()[0]
        assert "USING COMPRESSION ZSTD" in made.upper()
        assert store.con.execute(
            "SELECT record_id, title, raw, origin FROM records WHERE native_id = 'a'"
        ).fetchone() == (old_id, "Old title", "<dc>old</dc>", "file.xml")
        run = store.begin_run("import", "s")
        counts = store.write_records(
            [Record("s", "a", title="New title", raw="<dc>new</dc>"), Record("s", "b", raw="<dc>b</dc>")], run
        )
        assert (counts.new, counts.updated) == (1, 1)
        rows = store.con.execute(
            "SELECT native_id, record_id, title FROM records ORDER BY native_id"
        ).fetchall()
        assert rows[0] == ("a", old_id, "New title") and rows[1][1] > old_id
