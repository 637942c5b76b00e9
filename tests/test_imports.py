"""Importing the exports librarians get: each exporter's quirks, bad input, re-imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thresher.harvesters.bibtex import read_bibtex
from thresher.harvesters.csv_table import split_authors
from thresher.harvesters.files import ImportFileError, Reject, sniff, whole_file_encoding
from thresher.harvesters.imports import import_file
from thresher.records import Record

from conftest import REPO, count, shared

DATA = REPO / "tests" / "data" / "exports"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
FORMATS = {".bib": "bibtex", ".ris": "ris", ".xml": "endnote-xml", ".csv": "csv"}


def read(path: Path, source: str = "test") -> list[Record | Reject]:
    from thresher.harvesters.imports import read_entries

    fmt, encoding = sniff(path)
    return list(read_entries(path, fmt, whole_file_encoding(path, encoding), source, None))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_exporter_is_read_with_its_quirks(name):
    path = DATA / name
    expected = EXPECTED[name]
    entries = expected["entries"] if isinstance(expected, dict) else expected
    fmt, _ = sniff(path)
    assert fmt == FORMATS[path.suffix]
    items = read(path)
    records = [i for i in items if isinstance(i, Record)]
    got = [
        {
            "native_id": r.native_id,
            "title": r.title,
            "first_author": r.authors[0] if r.authors else None,
            "n_authors": len(r.authors),
            "year": r.year,
            "doi": r.doi,
        }
        for r in records
    ]
    assert got == entries
    rejects = [i for i in items if isinstance(i, Reject)]
    wanted = expected.get("rejects", []) if isinstance(expected, dict) else []
    assert [r.line for r in rejects] == [w["line"] for w in wanted]


def test_rejects_say_why_and_keep_the_raw_text():
    items = read(DATA / "broken.bib")
    unbalanced, duplicate = [i for i in items if isinstance(i, Reject)]
    assert "looking for field-value closing" in unbalanced.error
    assert unbalanced.raw.startswith("@")
    assert "duplicate entry key 'tan2020reading' (first at line" in duplicate.error
    ris = [i for i in read(DATA / "broken.ris") if isinstance(i, Reject)]
    assert all("no end tag (ER  - )" in r.error for r in ris)
    (too_many,) = [i for i in read(DATA / "broken.csv") if isinstance(i, Reject)]
    assert "5 fields but the header has 4" in too_many.error


@pytest.mark.parametrize(
    "name, message",
    [("not_really.bib", "this is a PDF"), ("empty.ris", "the file is empty"), ("binary.csv", "binary file")],
)
def test_files_that_are_not_exports_get_one_clear_message(name, message):
    with pytest.raises(ImportFileError, match=message):
        sniff(DATA / name)


def test_latex_names_and_dois_are_decoded():
    records = {r.native_id: r for r in read(DATA / "jabref.bib") if isinstance(r, Record)}
    first = next(iter(records.values()))
    assert first.authors[0] == "González, María"
    assert all("{" not in (r.title or "") and "\\" not in (r.title or "") for r in records.values())
    assert all(r.doi is None or (r.doi.startswith("10.") and "%" not in r.doi) for r in records.values())


def test_scopus_quirks():
    records = [r for r in read(DATA / "scopus.bib") if isinstance(r, Record)]
    assert {r.type for r in records} >= {"article", "conference", "erratum"}
    assert all(r.issn == [] or r.issn[0][4] == "-" for r in records)
    assert any(r.keywords for r in records)
    assert all("Cited by" not in (r.abstract or "") for r in records)


def test_wos_field_names_are_case_insensitive():
    records = [r for r in read(DATA / "wos.bib") if isinstance(r, Record)]
    assert all(r.doi and r.container and r.abstract for r in records)
    assert all("{" not in r.title for r in records)


def test_corporate_authors_stay_whole_and_and_others_is_dropped():
    records = [r for r in read(DATA / "zotero.bib") if isinstance(r, Record)]
    authors = [a for r in records for a in r.authors]
    assert "World Health Organization" in authors
    assert not any(a.lower() in ("others", "others,") for a in authors)


@pytest.mark.parametrize(
    "cell, names",
    [
        # One person: a one-word family name before given names, or a family name of two words
        # (a particle, two surnames) before initials or one given name.
        ("Okafor, Chidi Emeka", ["Okafor, Chidi Emeka"]),
        ("Brandt, Ulrike M.", ["Brandt, Ulrike M."]),
        ("van Dijk, S.", ["van Dijk, S."]),
        ("Ibarra Solís, Marta", ["Ibarra Solís, Marta"]),
        ("de Groot, A., Muus, P., Le Roux, M.", ["de Groot, A.", "Muus, P.", "Le Roux, M."]),
        ("Okafor, Chidi Emeka, Lee, Ann", ["Okafor, Chidi Emeka", "Lee, Ann"]),
        # Two or more people, joined by commas.
        ("Petrov D, Li KI", ["Petrov, D", "Li, KI"]),
        ("Ann Lee, Bo Ng", ["Ann Lee", "Bo Ng"]),
        ("Aha, D.W., Kibler, D. and Albert, M.K", ["Aha, D.W.", "Kibler, D.", "Albert, M.K"]),
    ],
)
def test_a_csv_cell_of_authors_splits_into_people(cell, names):
    assert split_authors(cell) == names


def test_ris_crlf_bom_and_continuation_lines():
    endnote = [r for r in read(DATA / "endnote.ris") if isinstance(r, Record)]
    assert endnote and all(not r.title.startswith("\ufeff") for r in endnote)
    ovid = [r for r in read(DATA / "ovid.ris") if isinstance(r, Record)]
    assert any(len(r.abstract or "") > 300 for r in ovid)  # the wrapped abstract, joined


def test_endnote_xml_joins_style_runs():
    records = [r for r in read(DATA / "endnote.xml") if isinstance(r, Record)]
    assert any("in vivo" in r.title for r in records)
    assert {r.type for r in records} >= {"article", "conference", "chapter"}


def test_cp1252_csv_from_excel():
    path = DATA / "excel_cp1252.csv"
    assert whole_file_encoding(path, sniff(path)[1]) == "cp1252"
    records = [r for r in read(path) if isinstance(r, Record)]
    assert any("\u2013" in r.title for r in records)


# ---- through the store ---------------------------------------------------------------------


def test_import_reports_counts_and_stores_rejects(store):
    run_id = store.begin_run("import", "t")
    summary = import_file(store, run_id, DATA / "broken.bib", "t")
    assert (summary.counts.new, summary.rejected, summary.status) == (3, 2, "ok")
    rows = store.con.execute(
        "SELECT file_name, line, error, raw IS NOT NULL FROM rejects ORDER BY line"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("broken.bib", 11), ("broken.bib", 32)]
    assert all(r[3] for r in rows)


def test_reimporting_the_same_file_changes_nothing(store):
    run_id = store.begin_run("import", "t")
    import_file(store, run_id, DATA / "scopus.bib", "t")
    before = store.con.execute("SELECT native_id, updated_at FROM records ORDER BY 1").fetchall()
    again = import_file(store, run_id, DATA / "scopus.bib", "t")
    assert again.status == "unchanged-file" and again.counts.new == again.counts.updated == 0
    assert "identical to scopus.bib" in again.note
    assert store.con.execute("SELECT native_id, updated_at FROM records ORDER BY 1").fetchall() == before


def test_a_corrected_file_updates_the_changed_entries_and_says_which(store, tmp_path):
    original = (DATA / "zotero.bib").read_text(encoding="utf-8")
    first = tmp_path / "export.bib"
    first.write_text(original, encoding="utf-8")
    run_id = store.begin_run("import", "t")
    import_file(store, run_id, first, "t")
    key = EXPECTED["zotero.bib"][1]["native_id"]
    start = original.index("{" + key + ",")
    title_at = original.index("title = {", start) + len("title = {")
    corrected = tmp_path / "export-corrected.bib"
    corrected.write_text(original[:title_at] + "Corrected " + original[title_at:], encoding="utf-8")
    summary = import_file(store, run_id, corrected, "t")
    assert summary.counts.updated == 1 and summary.changed == [key]
    assert summary.counts.unchanged == len(EXPECTED["zotero.bib"]) - 1
    stored = store.con.execute("SELECT title, origin FROM records WHERE native_id = ?", [key]).fetchone()
    assert stored[0].startswith("Corrected") and stored[1] == "export-corrected.bib"


def test_the_same_key_in_two_files_of_one_import_is_rejected_not_overwritten(store, tmp_path):
    from thresher.harvesters.imports import import_file as one

    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text("@article{k1, title={First}, year=2020}\n", encoding="utf-8")
    b.write_text("@article{k1, title={Second}, year=2021}\n@article{k2, title={T}}\n", encoding="utf-8")
    run_id = store.begin_run("import", "t")
    taken: dict[str, str] = {}
    one(store, run_id, a, "t", taken=taken)
    summary = one(store, run_id, b, "t", taken=taken)
    assert summary.rejected == 1 and "already read from a.bib" in summary.rejects[0].error
    assert store.con.execute("SELECT title FROM records WHERE native_id = 'k1'").fetchone() == ("First",)


def test_a_file_with_nothing_usable_fails(store, tmp_path):
    junk = tmp_path / "junk.bib"
    junk.write_text("@article{a, title = {never closed\n", encoding="utf-8")
    summary = import_file(store, store.begin_run("import", "t"), junk, "t")
    assert summary.status == "failed" and "no entry could be read" in summary.error


def test_large_bibtex_files_are_parsed_by_workers_in_order(tmp_path):
    from bench.imports import generate_bibtex

    path = tmp_path / "many.bib"
    generate_bibtex(path, count=3000)
    serial = [r.native_id for r in read_bibtex(path, "s", workers=0)]
    parallel = [r.native_id for r in read_bibtex(path, "s", workers=2)]
    assert serial == parallel == [f"Key{n}" for n in range(3000)]


# ---- the benchmark sets, end to end --------------------------------------------------------


@pytest.mark.parametrize(
    "relative, expected",
    [
        ("benchmarks/dedupe/asysd-diabetes/labelled_test_set.csv", 1845),
        ("benchmarks/dedupe/sra-rathbone-2015/cytology_screening/records_pre_merged.csv", 1856),
        ("benchmarks/dedupe/sra-rathbone-2015/haematology/records_pre_merged.csv", 1415),
        ("benchmarks/dedupe/sra-rathbone-2015/respiratory/records_pre_merged.csv", 1988),
        ("benchmarks/dedupe/sra-rathbone-2015/stroke/records_pre_merged.csv", 1292),
        ("benchmarks/dedupe/sra-rathbone-2015/respiratory/Respiratory_endnote.xml", 1988),
        ("benchmarks/dedupe/iebh-deduplicator-forbes2024/copper.xml", 505),
        ("benchmarks/dedupe/iebh-deduplicator-forbes2024/tafenoquine.xml", 179),
    ],
)
def test_benchmark_sets_import_end_to_end_with_their_counts(store, relative, expected):
    path = shared(relative)
    summary = import_file(store, store.begin_run("import", "bench"), path, "bench")
    assert summary.status == "ok", summary.error
    assert (summary.entries, summary.rejected, summary.counts.new) == (expected, 0, expected)
    assert count(store) == expected
