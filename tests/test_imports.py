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


def read(path: Path, source: str = "test", id_column: str | None = None) -> list[Record | Reject]:
    from thresher.harvesters.imports import read_entries

    fmt, encoding = sniff(path)
    return list(read_entries(path, fmt, whole_file_encoding(path, encoding), source, id_column))


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
        # A family name with its particles before given names; a group's name with "and" in it.
        ("van der Merwe, Helen E.", ["van der Merwe, Helen E."]),
        ("de la Cruz, Maria Elena; Ng, Bo", ["de la Cruz, Maria Elena", "Ng, Bo"]),
        ("EDUCAUSE Center for Analysis and Research", ["EDUCAUSE Center for Analysis and Research"]),
        ("Ann Lee and Bo Ng and Lantern University", ["Ann Lee", "Bo Ng", "Lantern University"]),
        ("Economic and Social Research Council", ["Economic and Social Research Council"]),
        ("Bill and Melinda Gates Foundation", ["Bill and Melinda Gates Foundation"]),
        ("Ann Lee\nBo Ng\nCentre for Rural Health", ["Ann Lee", "Bo Ng", "Centre for Rural Health"]),
        ("de Souza AB, Lee C", ["de Souza, AB", "Lee, C"]),
        # Google Scholar's list cut short, the mark after a comma or glued to the last name.
        ("T Liu, \u2026", ["T Liu"]),
        ("T Liu, N Nasser\u2026", ["T Liu", "N Nasser"]),
        ("T Liu, N Nasser, ...", ["T Liu", "N Nasser"]),
        # Or by a person: "et al." is no author.
        ("Iversen et al.", ["Iversen"]),
        ("Lee, Ann; Ng, Bo; et al.", ["Lee, Ann", "Ng, Bo"]),
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


def test_a_catalogues_inline_markup_is_no_part_of_a_csv_title(tmp_path):
    """OpenAlex's and Crossref's titles keep their markup ("<i>MOOC</i>", "<scp>K-12</scp>")."""
    path = tmp_path / "openalex.csv"
    path.write_text(
        "id,title,publication_year\n"
        "https://openalex.org/W1,Rethinking <i>MOOC</i> completion in <scp>K-12</scp> classrooms,2021\n"
        "https://openalex.org/W2,Why 3 < 5 in early numeracy,2020\n",
        encoding="utf-8",
    )
    tagged, compared = _records(path)
    assert tagged.title == "Rethinking MOOC completion in K-12 classrooms"
    assert compared.title == "Why 3 < 5 in early numeracy"


def test_a_research_in_progress_paper_typed_so_in_ris_is_an_early_report(tmp_path):
    path = tmp_path / "zotero.ris"
    path.write_text(
        "TY  - CONF\nAU  - Okonkwo, Ada\nTI  - Rubric talk in ninth-grade writing\nPY  - 2019\n"
        "T2  - ECIS 2019 Proceedings\nM3  - Research-in-progress paper\nER  - \n",
        encoding="utf-8",
    )
    assert _records(path)[0].type == "conference-abstract"


def test_a_dspace_metadata_export_is_read_by_its_dublin_core_columns(tmp_path):
    """DSpace's CSV export names its columns by their Dublin Core names, one column per language
    ("dc.title[en_US]", "dc.title[]"), its values joined by "||"; its deposit dates are not the
    work's year."""
    path = tmp_path / "dspace.csv"
    path.write_text(
        "id,collection,dc.contributor.author[en_US],dc.date.accessioned,dc.date.issued,"
        "dc.identifier.doi,dc.identifier.uri,dc.relation.ispartof,dc.title[en_US],dc.title[],"
        "dc.type,oaire.citation.volume,oaire.citation.startPage,oaire.citation.endPage\n"
        '4f1c,123456789/7,"Okafor, Chidi||Lee, Ann",2023-01-09T10:00:00Z,2021-06,'
        "https://doi.org/10.5555/jsc.2021.7,http://hdl.handle.net/123456789/4242||https://repo.example.edu/items/4f1c,"
        "Journal of School Collaboration,Peer tutoring in rural schools,,Article,12,101,118\n"
        '9a2b,123456789/7,"Brandt, Ulrike",2023-02-01T10:00:00Z,2020,,,,,Rubric talk in writing classes,'
        "Thesis,,,\n",
        encoding="utf-8",
    )
    article, thesis = _records(path)
    assert (article.title, article.authors, article.year) == (
        "Peer tutoring in rural schools",
        ["Okafor, Chidi", "Lee, Ann"],
        2021,
    )
    assert (article.doi, article.container, article.volume, article.pages) == (
        "10.5555/jsc.2021.7",
        "Journal of School Collaboration",
        "12",
        "101-118",
    )
    assert article.type == "article" and article.native_id == "4f1c"
    assert article.urls == ["http://hdl.handle.net/123456789/4242", "https://repo.example.edu/items/4f1c"]
    assert (thesis.title, thesis.year, thesis.type) == ("Rubric talk in writing classes", 2020, "thesis")


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


# ---- what each database's export names its fields ---------------------------------------------


def _records(path: Path, id_column: str | None = None) -> list[Record]:
    return [i for i in read(path, id_column=id_column) if isinstance(i, Record)]


def test_a_csv_without_ids_keeps_each_record_under_its_own_id_when_exported_again(store, tmp_path):
    """A CSV with no id column (Lens, a spreadsheet): the next export, re-sorted, with a record
    more and a count of citations changed, updates each record, never another one in its row;
    the same record twice in one export is kept twice."""
    header = "Title,Authors,Year,Source Title,Volume,Pages,Citing Works Count\n"
    rows = [
        'Teacher collaboration in rural schools,"Osei, K.; Lind, M.",2021,Rural Education,12,1-20,3\n',
        'Peer tutoring and reading fluency,"Haddad, S.",2020,Reading Research,8,44-59,10\n',
        'Peer tutoring and reading fluency,"Haddad, S.",2020,Reading Research,8,44-59,10\n',
    ]
    first, second = tmp_path / "lens-export.csv", tmp_path / "lens-export-2.csv"
    first.write_text(header + "".join(rows), encoding="utf-8")
    newer = 'School leadership and data use,"Brandt, U.",2022,Leadership Quarterly,3,5-9,0\n'
    cited_more = rows[0].replace(",3\n", ",7\n")
    second.write_text(header + newer + rows[1] + rows[2] + cited_more, encoding="utf-8")
    ids = [r.native_id for r in _records(first)]
    assert len(set(ids)) == 3 and ids[2] == ids[1] + "#2"
    run_id = store.begin_run("import", "t")
    import_file(store, run_id, first, "t")
    summary = import_file(store, run_id, second, "t")
    assert (summary.counts.new, summary.counts.unchanged) == (1, 2) and summary.changed == [ids[0]]
    titles = dict(store.con.execute("SELECT native_id, title FROM records").fetchall())
    assert [titles[i] for i in ids] == [r.split(",")[0] for r in rows]


def test_web_of_science_tab_delimited_is_read_by_its_field_tags(tmp_path):
    """Web of Science's tab-delimited export: columns named by tag, where ID is Keywords Plus,
    SP the sponsors, BP/EP the pages, AR the article number, AF the full names and UT the id."""
    tags = [
        "PT",
        "AU",
        "AF",
        "TI",
        "SO",
        "SP",
        "DE",
        "ID",
        "PY",
        "VL",
        "IS",
        "BP",
        "EP",
        "AR",
        "DI",
        "DT",
        "UT",
    ]
    rows = [
        [
            "J",
            "Osei, K; Lind, M",
            "Osei, Kwame; Lind, Maria",
            "Teacher collaboration in rural schools",
            "RURAL EDUCATION",
            "",
            "collaboration",
            "TRUST; NETWORKS",
            "2021",
            "12",
            "2",
            "101",
            "118",
            "",
            "10.5555/re.2021.12",
            "Article",
            "WOS:000000000000001",
        ],
        [
            "C",
            "Haddad, S",
            "Haddad, Samir",
            "Peer tutoring and reading fluency",
            "2020 IEEE FRONTIERS IN EDUCATION CONFERENCE",
            "IEEE; IEEE Educ Soc",
            "",
            "TRUST; NETWORKS",
            "2020",
            "",
            "",
            "",
            "",
            "9274012",
            "",
            "Proceedings Paper",
            "WOS:000000000000002",
        ],
    ]
    path = tmp_path / "savedrecs.txt"
    path.write_text(
        "\ufeff" + "\t".join(tags) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    assert sniff(path)[0] == "csv"
    article, paper = _records(path)
    assert (article.native_id, paper.native_id) == ("WOS:000000000000001", "WOS:000000000000002")
    assert article.authors == ["Osei, Kwame", "Lind, Maria"] and article.pages == "101-118"
    assert article.container == "RURAL EDUCATION" and article.type == "article"
    assert paper.pages == "9274012" and paper.type == "conference"


def test_a_dimensions_export_starts_with_a_line_about_the_data(tmp_path):
    path = tmp_path / "Dimensions-Publication.csv"
    path.write_text(
        '"About the data: Exported on Nov 26, 2026. Criteria: ""peer tutoring"" in title."\n'
        '"Rank","Publication ID","DOI","Title","Source title","Anthology title","PubYear",'
        '"Volume","Issue","Pagination","Publication Type"\n'
        '"1","pub.1000000001","","Peer tutoring in rural schools","","Handbook of Peer Learning",'
        '"2021","","","45-60","Chapter"\n',
        encoding="utf-8",
    )
    assert sniff(path)[0] == "csv"
    (chapter,) = _records(path)
    assert chapter.native_id == "pub.1000000001" and chapter.container == "Handbook of Peer Learning"
    assert chapter.type == "chapter" and chapter.pages == "45-60"


def test_article_numbers_stand_where_pages_would(tmp_path):
    """Scopus CSV "Art. No.", Scopus BibTeX "art_number", ACM "articleno", RIS "C7"."""
    scopus = tmp_path / "scopus.csv"
    scopus.write_text(
        "Authors,Title,Year,Source title,Volume,Issue,Art. No.,Page start,Page end,DOI,EID\n"
        "Osei K.,Teacher collaboration in rural schools,2021,Computers & Education,170,,104229,,,,"
        "2-s2.0-1\n",
        encoding="utf-8",
    )
    bib = tmp_path / "scopus.bib"
    bib.write_text(
        "@ARTICLE{a1, title={Teacher collaboration}, year={2021}, art_number={104229}}\n"
        "@inproceedings{a2, title={Peer tutoring}, year={2020}, articleno={12}, numpages={6}}\n",
        encoding="utf-8",
    )
    ris = tmp_path / "wos.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - Teacher collaboration in rural schools\nPY  - 2021\nC7  - 104229\nER  - \n",
        encoding="utf-8",
    )
    assert [r.pages for r in _records(scopus) + _records(bib) + _records(ris)] == [
        "104229",
        "104229",
        "12",
        "104229",
    ]


def test_ris_venues_years_and_types_as_each_exporter_writes_them(tmp_path):
    """Zotero's access date (Y2) is no year; ACM's proceedings title (BT) is the venue, not the
    series' acronym (T3); a thesis's university (PB) is its venue where nothing else names one."""
    path = tmp_path / "mixed.ris"
    path.write_text(
        "TY  - ELEC\nTI  - Guidance on generative AI in schools\nY2  - 2026/11/26/\nER  - \n"
        "TY  - CONF\nTI  - Peer tutoring in CS1\nBT  - Proceedings of the 52nd ACM Technical Symposium"
        " on Computer Science Education\nT3  - SIGCSE '21\nPY  - 2021\nER  - \n"
        "TY  - THES\nTI  - Teacher collaboration in rural schools\nPB  - University of Leeds\n"
        "PY  - 2019\nER  - \n",
        encoding="utf-8",
    )
    web, paper, thesis = _records(path)
    assert web.year is None
    assert (
        paper.container.startswith("Proceedings of the 52nd ACM")
        and thesis.container == "University of Leeds"
    )


def test_a_springerlink_csv_with_its_item_columns_and_run_together_authors(tmp_path):
    path = tmp_path / "SearchResults.csv"
    path.write_text(
        "Item Title,Publication Title,Book Series Title,Journal Volume,Journal Issue,Item DOI,Authors,"
        "Publication Year,URL,Content Type\n"
        '"Digital readiness of small retailers","Digital Transformation in SMEs","Lecture Notes in Business'
        ' Information Processing",,,10.9999/978-3-000-00000-0_7,"Henrik NordinMary McDonaldÉmile Durand",'
        "2022,https://link.springer.com/chapter/10.9999/978-3-000-00000-0_7,Chapter\n"
        '"Platform work in rural Ireland","Information Systems Frontiers",,24,3,10.9999/s10796-022-1,'
        '"Aoife Byrne",2022,https://link.springer.com/article/10.9999/s10796-022-1,Article\n',
        encoding="utf-8",
    )
    chapter, article = _records(path)
    assert chapter.title == "Digital readiness of small retailers" and chapter.type == "chapter"
    assert chapter.authors == ["Henrik Nordin", "Mary McDonald", "Émile Durand"]
    assert (
        chapter.container == "Digital Transformation in SMEs" and chapter.doi == "10.9999/978-3-000-00000-0_7"
    )
    assert (article.container, article.volume, article.issue, article.type) == (
        "Information Systems Frontiers", "24", "3", "article",
    )  # fmt: skip


def test_a_publish_or_perish_csv_keeps_the_links_to_the_page_and_its_full_text(tmp_path):
    """Publish or Perish's Google Scholar rows link the page a row was made from and, apart, its
    full text: both are kept (a link to ERIC's record says which record the row is)."""
    path = tmp_path / "PoPCites.csv"
    path.write_text(
        "Cites,Authors,Title,Year,Source,Publisher,ArticleURL,CitesURL,GSRank,Type,FullTextURL\n"
        '3,"A Okonkwo, M Lindqvist","Instructor use of early-alert dashboards",2019,ERIC,eric.ed.gov,'
        "https://eric.ed.gov/?id=ED590123,https://scholar.google.com/scholar?cites=1,82,PDF,"
        "https://files.eric.ed.gov/fulltext/ED590123.pdf\n"
        '0,"K Osei","Peer tutoring in rural schools",2018,,,,,83,CITATION,\n',
        encoding="utf-8",
    )
    linked, bare = _records(path, "GSRank")
    assert linked.urls == [
        "https://eric.ed.gov/?id=ED590123",
        "https://files.eric.ed.gov/fulltext/ED590123.pdf",
    ]
    assert bare.urls == [] and bare.native_id == "83"


def test_an_openalex_csv_with_its_columns_named_by_their_place(tmp_path):
    path = tmp_path / "works-csv.csv"
    path.write_text(
        "id,doi,title,display_name,publication_year,publication_date,type,authorships.author.display_name,"
        "primary_location.source.display_name,biblio.volume,biblio.issue,biblio.first_page,biblio.last_page\n"
        "https://openalex.org/W4312345678,https://doi.org/10.9999/jsc.2021.45,Peer feedback in schools,"
        "Peer feedback in schools,2021,2021-03-01,article,Ada Okonkwo|Wei Li,Journal of School Collaboration,"
        "12,3,45,67\n",
        encoding="utf-8",
    )
    (record,) = _records(path)
    assert (record.title, record.authors, record.year, record.doi) == (
        "Peer feedback in schools", ["Ada Okonkwo", "Wei Li"], 2021, "10.9999/jsc.2021.45",
    )  # fmt: skip
    assert (record.container, record.volume, record.issue, record.pages) == (
        "Journal of School Collaboration", "12", "3", "45-67",
    )  # fmt: skip


@pytest.mark.parametrize(
    "cell, names",
    [
        ("Henrik NordinLars Petersen", ["Henrik Nordin", "Lars Petersen"]),
        ("JoAnn Smith", ["JoAnn Smith"]),  # a given name with a capital inside
        ("Mary SmithLaToya Jackson", ["Mary Smith", "LaToya Jackson"]),
        ("Tom LeeMcKenzie Smith", ["Tom Lee", "McKenzie Smith"]),
        ("Mary McDonaldTom DeVries", ["Mary McDonald", "Tom DeVries"]),
        ("Jan KowalskiŁucja Nowak", ["Jan Kowalski", "Łucja Nowak"]),
        ("Jan van der BergAnna de Vries", ["Jan van der Berg", "Anna de Vries"]),
        ("Mary Smith, Tom Lee", ["Mary Smith", "Tom Lee"]),  # separated: an ordinary list
    ],
)
def test_springerlinks_run_together_authors(cell, names):
    from thresher.harvesters.csv_table import split_run_together

    assert split_run_together(cell) == names


def test_dblps_doi_is_read_from_its_ee_field(tmp_path):
    path = tmp_path / "dblp.bib"
    path.write_text(
        "@article{DBLP:journals/jsc/OkonkwoL21,\n  author = {Ada Okonkwo and Wei Li 0003},\n"
        "  title = {Peer feedback rubrics in ninth-grade writing},\n  journal = {J. Sch. Collab.},\n"
        "  volume = {41},\n  year = {2021},\n  url = {https://dblp.org/rec/journals/jsc/OkonkwoL21},\n"
        "  ee = {https://doi.org/10.5555/j.jsc.2021.104530}\n}\n",
        encoding="utf-8",
    )
    (record,) = _records(path)
    assert record.doi == "10.5555/j.jsc.2021.104530"
    assert "https://doi.org/10.5555/j.jsc.2021.104530" in record.urls
    # A paper given only its arXiv copy's DOI: not the paper's own (CoRR's records are that copy).
    for venue, wanted in (("booktitle = {ICIE}", None), ("journal = {CoRR}", "10.48550/arxiv.2101.01234")):
        path.write_text(
            "@inproceedings{DBLP:conf/icie/Okonkwo21,\n  author = {Ada Okonkwo},\n"
            f"  title = {{Rubric talk}},\n  {venue},\n  year = {{2021}},\n"
            "  ee = {https://doi.org/10.48550/arXiv.2101.01234}\n}\n",
            encoding="utf-8",
        )
        (record,) = _records(path)
        assert record.doi == wanted, venue


def test_a_conference_abstract_in_a_journals_supplement_and_pubmeds_links_to_other_records(tmp_path):
    """Embase (through Ovid) and CENTRAL type a conference abstract in M3; PubMed's notes about
    another record ("Erratum for: ... doi: ...") carry that record's DOI, not this one's."""
    path = tmp_path / "x.ris"
    path.write_text(
        "TY  - JOUR\nAU  - Okonkwo, Ada\nT1  - Tele-nursing simulation in rural wards\nPY  - 2021\n"
        "JO  - Nurse Education in Practice\nVL  - 22\nIS  - Suppl 1\nSP  - S43\nM3  - Conference Abstract\n"
        "ER  - \n"
        "TY  - JOUR\nAU  - Okonkwo, Ada\nT1  - Tele-nursing simulation in rural wards\nPY  - 2021\n"
        "M3  - Journal: Conference Abstract\nER  - \n"
        "TY  - JOUR\nT1  - Erratum.\nPY  - 2022\nJO  - Nurse Education in Practice\n"
        "N1  - Erratum for: Okonkwo A. Tele-nursing simulation in rural wards. doi: 10.5555/nep.2022.104513\n"
        "ER  - \n"
        "TY  - JOUR\nT1  - Tele-nursing simulation in rural wards\nPY  - 2022\n"
        "N1  - doi: 10.5555/nep.2022.104513\nER  - \n",
        encoding="utf-8",
    )
    embase, central, erratum, article = _records(path)
    assert embase.type == central.type == "conference-abstract"
    assert erratum.doi is None and article.doi == "10.5555/nep.2022.104513"


def test_dblps_short_conference_name_takes_the_meeting_year_of_its_proceedings_key(tmp_path):
    """DBLP names a conference by its acronym alone ("NCISR") and the meeting by the proceedings'
    key ("DBLP:conf/ncisr/2014"): the venue is that meeting ("NCISR 2014"), so the same title at
    two meetings is two papers. Not where the name gives a year, nor for a journal."""
    path = tmp_path / "dblp.bib"
    entries = [
        ("inproceedings", "booktitle = {{NCISR}}", "DBLP:conf/ncisr/2014", "2014"),
        ("inproceedings", "booktitle = {{DDO@ECIS}}", "DBLP:conf/ecis/2021w", "2021"),
        ("inproceedings", "booktitle = {ICIS 2018 Proceedings}", "DBLP:conf/icis/2019", "2018"),
        ("article", "journal = {Inf. Syst. J.}", "DBLP:journals/isj/2020", "2020"),
        ("inproceedings", "booktitle = {{NCISR}}", "", "2015"),
    ]
    # DBLP's number telling apart people of one name is no part of the name.
    path.write_text(
        "@inproceedings{DBLP:conf/x/1,\n  author = {Fang Huang 0006 and Wei Zhang},\n  title = {T},\n"
        "  booktitle = {{ICIE}},\n  year = {2014}\n}\n",
        encoding="utf-8",
    )
    assert _records(path)[0].authors == ["Huang, Fang", "Zhang, Wei"]
    path.write_text(
        "".join(
            f"@{kind}{{DBLP:x/{n},\n  author = {{Ada Okonkwo}},\n  title = {{Ride sharing}},\n"
            f"  {venue},\n  year = {{{year}}},\n" + (f"  crossref = {{{ref}}}\n" if ref else "") + "}\n"
            for n, (kind, venue, ref, year) in enumerate(entries)
        ),
        encoding="utf-8",
    )
    assert [r.container for r in _records(path)] == [
        "NCISR 2014",
        "DDO@ECIS 2021",
        "ICIS 2018 Proceedings",
        "Inf. Syst. J.",
        "NCISR",
    ]


def test_an_eric_paper_given_at_a_meeting_is_a_conference_paper_with_the_meeting_for_venue(tmp_path):
    path = tmp_path / "eric.ris"
    path.write_text(
        "TY  - RPRT\nAU  - Okonkwo, Ada\nT1  - Peer feedback rubrics in ninth-grade writing\nY1  - 2017\n"
        "N1  - Paper presented at the Annual Meeting of the American Educational Research Association"
        " (San Antonio, TX, Apr 27-May 1, 2017)\nM3  - Speeches/Meeting Papers; Reports - Research\n"
        "AN  - ED500001\nER  - \n"
        "TY  - RPRT\nAU  - Okonkwo, Ada\nT1  - District feedback policy review\nPY  - 2018\n"
        "PB  - Lantern County Schools\nM3  - Reports - Evaluative\nAN  - ED500002\nER  - \n"
        # Typed CONF by EBSCO: the same.
        "TY  - CONF\nAU  - Okonkwo, Ada\nT1  - Rubric talk in ninth-grade writing\nY1  - 2019\n"
        "N1  - Paper presented at the Annual Meeting of the American Educational Research Association"
        " (AERA) (Toronto, Canada, Apr 5-9, 2019)\nM3  - Speeches/Meeting Papers; Reports - Research\n"
        "AN  - ED500003\nER  - \n"
        # What the note says after the meeting's place and dates is no part of the meeting's name.
        "TY  - CONF\nAU  - Okonkwo, Ada\nT1  - Rubric talk in tenth-grade writing\nY1  - 2020\n"
        "N1  - Paper presented at the Annual Conference of the Lantern Council of Teachers of English"
        " (Lantern City, LC, Nov 19-22, 2020). For related documents, see ED 500 001 and ED 500 003.\n"
        "AN  - ED500004\nER  - \n"
        # A meeting's acronym with its year before the place and dates stays its name.
        "TY  - CONF\nAU  - Okonkwo, Ada\nT1  - Rubric talk online\nY1  - 2021\n"
        "N1  - Paper presented at the International Conference on Lantern Learning (ICLL 2021)"
        " (Lyon, France, Jun 17-21, 2021)\nAN  - ED500005\nER  - \n"
        # EBSCO's publication types in its note, not in M3.
        "TY  - CONF\nAU  - Okonkwo, Ada\nT1  - Rubric talk in eleventh-grade writing\nY1  - 2022\n"
        "T2  - Annual Meeting of the Lantern Educational Research Association\n"
        "N1  - Accession Number: ED500006; Language: English; Publication Type: Speeches/Meeting Papers;"
        " Reports - Research; Number of Pages: 9; Entry Date: 2023\nAN  - ED500006\nER  - \n"
        "TY  - JOUR\nAU  - Okonkwo, Ada\nT1  - Rubric talk in twelfth-grade writing\nY1  - 2023\n"
        "JO  - Lantern Journal of Writing\nN1  - Accession Number: EJ500007; Publication Type: Journal"
        " Articles; Reports - Research; Speeches/Meeting Papers; Entry Date: 2023\nAN  - EJ500007\nER  - \n"
        # The note's parts ended with full stops instead of semicolons.
        "TY  - CONF\nAU  - Okonkwo, Ada\nT1  - Rubric talk in the writing centre\nY1  - 2022\n"
        "T2  - Annual Meeting of the Lantern Educational Research Association\n"
        "N1  - Accession Number: ED500008. Publication Type: Speeches/Meeting Papers. Reports - Research."
        " Entry Date: 2023.\nAN  - ED500008\nER  - \n",
        encoding="utf-8",
    )
    paper, report, typed, later, named, noted, printed, stopped = _records(path)
    assert noted.type == "conference-abstract"
    assert stopped.type == "conference-abstract"
    assert printed.type == "article"
    assert named.container == "International Conference on Lantern Learning (ICLL 2021)"
    assert later.container == "Annual Conference of the Lantern Council of Teachers of English"
    assert paper.type == "conference-abstract"
    assert paper.container == "Annual Meeting of the American Educational Research Association"
    assert (report.type, report.container) == ("report", "Lantern County Schools")
    assert typed.type == "conference-abstract"
    assert typed.container == "Annual Meeting of the American Educational Research Association (AERA)"


@pytest.mark.parametrize(
    "label, mapped",
    [
        ("Proceedings Paper", "conference"),
        ("Article; Proceedings Paper", "article"),  # the first a database names
        ("Editorial Material; Proceedings Paper", "editorial"),
        ("Correction; Proceedings Paper", "erratum"),
        ("Books; Reports - Research", "book"),
        ("Case Reports; Journal Article", "article"),  # PubMed lists its types in alphabetical order
        ("Dataset; Journal Article", "article"),
        ("conference proceedings article", "conference"),
        ("Proceeding", "conference"),
        ("Chapter", "chapter"),
        ("Meeting Abstract", "conference-abstract"),
        ("Conference poster", "conference-abstract"),  # a repository's type: shown, not printed
        ("Poster", "conference-abstract"),
        ("Article; Early Access", "article"),
        ("Editorial Material", "editorial"),
        ("Retraction", "retraction"),  # Web of Science's notice (Scopus's "Retracted" is the article)
        ("Expression of Concern", "concern"),
        ("Speeches/Meeting Papers; Reports - Research", "conference-abstract"),  # ERIC's meeting paper
        ("Journal Articles; Reports - Research; Speeches/Meeting Papers", "article"),  # printed since
    ],
)
def test_document_types_as_databases_label_them(label, mapped):
    from thresher.harvesters.vocabulary import map_type

    assert map_type([label]) == mapped
    assert map_type(["inproceedings"]) is None  # BibTeX's own type, not Dimensions' "Proceeding"


def test_a_ris_file_without_ids_keeps_each_record_under_its_own_id_when_exported_again(store, tmp_path):
    """Zotero's RIS has no ID: "Exported Items.ris" exported again, re-sorted and with a record
    more, updates each record and never overwrites another in its place."""
    one = "TY  - JOUR\nTI  - Teacher collaboration in rural schools\nAU  - Osei, Kwame\nPY  - 2021\nER  - \n"
    two = "TY  - JOUR\nTI  - Peer tutoring and reading fluency\nAU  - Haddad, Samir\nPY  - 2020\nER  - \n"
    new = "TY  - RPRT\nTI  - School leadership and data use\nAU  - Brandt, Ulrike\nPY  - 2022\nER  - \n"
    path = tmp_path / "Exported Items.ris"
    run_id = store.begin_run("import", "t")
    path.write_text(one + two, encoding="utf-8")
    import_file(store, run_id, path, "zotero")
    path.write_text(new + two + one, encoding="utf-8")
    summary = import_file(store, run_id, path, "zotero")
    assert (summary.counts.new, summary.counts.updated, summary.counts.unchanged) == (1, 0, 2)
    assert store.con.execute("SELECT count(DISTINCT title) FROM records").fetchone()[0] == 3


def test_a_record_without_an_id_keeps_it_through_corrections_and_across_files(store, tmp_path):
    """A record with a DOI is known by it and its title's letters: the published version of an
    article in press (its volume and pages added, its title's case mended) is updated, not added
    again; two works under one DOI (abstracts under their supplement's) keep their own ids in
    any order. The same record in two files of one import is stored once, in either order. An
    identical file read again after the ids changed says why it adds records."""
    header = "Title,Authors,Year,Source Title,Volume,Pages,DOI\n"
    in_press = 'Teacher Collaboration in Rural Schools,"Osei, K.",2021,Rural Education,,,10.5555/re.2021.1\n'
    plain = 'Peer tutoring and reading fluency,"Haddad, S.",2020,Reading Research,,,\n'
    first, published = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(header + in_press + plain, encoding="utf-8")
    published.write_text(
        header
        + in_press.replace(
            "Teacher Collaboration in Rural Schools", "Teacher collaboration in rural schools"
        ).replace(",,,10", ",12,101-118,10")
        + plain,
        encoding="utf-8",
    )
    run_id = store.begin_run("import", "t")
    import_file(store, run_id, first, "t")
    summary = import_file(store, run_id, published, "t")
    assert (summary.counts.new, summary.counts.updated) == (0, 1)
    assert summary.changed == [_records(first)[0].native_id]
    supplement = "10.5555/supp.2021.s1"
    abstracts = [
        f'Screen time and sleep in adolescents,"Lee, A.",2021,Sleep Abstracts,5,,{supplement}\n',
        f'Caffeine and attention in students,"Ng, B.",2021,Sleep Abstracts,5,,{supplement}\n',
    ]
    sorted_one, sorted_two = tmp_path / "s1.csv", tmp_path / "s2.csv"
    sorted_one.write_text(header + "".join(abstracts), encoding="utf-8")
    sorted_two.write_text(header + "".join(reversed(abstracts)), encoding="utf-8")
    ids = {r.title: r.native_id for r in _records(sorted_one)}
    assert len(set(ids.values())) == 2 and ids == {r.title: r.native_id for r in _records(sorted_two)}
    part1, part2 = tmp_path / "part1.csv", tmp_path / "part2.csv"
    part1.write_text(header + in_press, encoding="utf-8")
    part2.write_text(header + in_press + plain, encoding="utf-8")
    for order in ((part1, part2), (part2, part1)):
        taken: dict[str, str] = {}
        results = [import_file(store, run_id, f, "u", taken=taken) for f in order]
        assert sum(r.rejected for r in results) == 0
        assert store.con.execute("SELECT count(*) FROM records WHERE source = 'u'").fetchone()[0] == 2
    # Records an earlier version named by their place in the file ("row 3", "export.ris#3"):
    # the identical file read again gives each its new id, keeping its row (and so its cluster
    # and decisions); two records it cannot tell apart by title and year are added again, and
    # the summary says so.
    before = dict(store.con.execute("SELECT title, record_id FROM records WHERE source = 'u'").fetchall())
    store.con.execute("UPDATE records SET native_id = 'row ' || record_id WHERE source = 'u'")
    again = import_file(store, run_id, part2, "u")
    assert (again.renamed, again.counts.new) == (2, 0) and "keeps its clusters" in again.note
    assert (
        dict(store.con.execute("SELECT title, record_id FROM records WHERE source = 'u'").fetchall())
        == before
    )
    twins = tmp_path / "twins.csv"
    twins.write_text(header + plain + plain.replace("Haddad, S.", "Haddad, Samir"), encoding="utf-8")
    import_file(store, run_id, twins, "v")
    store.con.execute("UPDATE records SET native_id = 'row ' || record_id WHERE source = 'v'")
    assert import_file(store, run_id, twins, "v").counts.new == 2
    ris = tmp_path / "Exported Items.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - Peer tutoring and reading fluency\nPY  - 2020\nER  - \n", encoding="utf-8"
    )
    import_file(store, run_id, ris, "w")
    store.con.execute("UPDATE records SET native_id = 'Exported Items.ris#1' WHERE source = 'w'")
    assert import_file(store, run_id, ris, "w").renamed == 1


def test_web_of_science_tab_delimited_is_unquoted_and_reads_early_access(tmp_path):
    """A quotation mark in a Web of Science abstract is text: it must not swallow the records
    after it. An early-access record's year is its EA date where PY is empty; an online-only
    journal's ISSN its EI."""
    tags = ["PT", "AU", "TI", "SO", "AB", "PY", "EA", "SN", "EI", "UT"]
    rows = [
        [
            "J",
            "Osei, K",
            '"Flipped" classrooms in rural schools',
            "RURAL EDUCATION",
            '"Peer learning\u201d is common in rural schools.',
            "",
            "MAR 2023",
            "",
            "2345-6787",
            "WOS:1",
        ],
        [
            "J",
            "Haddad, S",
            "Peer tutoring and reading fluency",
            "READING RESEARCH",
            "An abstract.",
            "2020",
            "",
            "0034-0553",
            "",
            "WOS:2",
        ],
        [
            "J",
            "Brandt, U",
            "School leadership and data use",
            "LEADERSHIP QUARTERLY",
            "Another.",
            "2022",
            "",
            "",
            "",
            "WOS:3",
        ],
    ]
    path = tmp_path / "savedrecs.txt"
    path.write_text("\t".join(tags) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    records = _records(path)
    assert [r.native_id for r in records] == ["WOS:1", "WOS:2", "WOS:3"]
    assert records[0].title == '"Flipped" classrooms in rural schools'
    assert records[0].year == 2023 and records[0].issn == ["2345-6787"]


def test_a_one_column_csv_of_titles_is_read_from_its_header(tmp_path):
    path = tmp_path / "titles.csv"
    path.write_text(
        "Title,\nPeer tutoring in rural schools,check later\nSchool leadership,\n", encoding="utf-8"
    )
    assert [r.title for r in _records(path)] == ["Peer tutoring in rural schools", "School leadership"]


def test_a_ris_books_own_title_is_no_venue(tmp_path):
    path = tmp_path / "books.ris"
    path.write_text(
        "TY  - BOOK\nTI  - Peer Learning in Rural Schools\nBT  - Peer learning in rural schools: a handbook\n"
        "PY  - 2020\nER  - \n",
        encoding="utf-8",
    )
    assert _records(path)[0].container is None


def test_ebscos_source_column_is_the_journal_with_its_issues_citation(tmp_path):
    path = tmp_path / "ebsco.csv"
    path.write_text(
        "Title,Author,Source,Publication Year,An\n"
        'Peer tutoring in rural schools,"Osei, Kwame",'
        '"British Journal of Educational Technology. Mar2018, Vol. 49 Issue 1, p495-513. 19p.",2018,1\n'
        'School leadership,"Brandt, Ulrike","Phi Delta Kappan. Sep/Oct2019, Vol. 101 Issue 2, p4.",2019,2\n',
        encoding="utf-8",
    )
    first, second = _records(path)
    assert (first.container, first.volume, first.issue, first.pages) == (
        "British Journal of Educational Technology",
        "49",
        "1",
        "495-513",
    )
    assert (second.container, second.pages, first.native_id) == ("Phi Delta Kappan", "4", "1")
    from thresher.harvesters.csv_table import _EBSCO_SOURCE

    for date in ("Spring2018", "3/1/2018", "Jan-Mar2019", "2nd Quarter2018", "Mar2018 Supplement"):
        assert _EBSCO_SOURCE.match(f"Phi Delta Kappan. {date}, Vol. 101 Issue 2, p4."), date


def test_web_of_science_tab_delimited_saved_again_by_excel_keeps_its_quoted_cells(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(
        "PT\tAU\tTI\tAB\tPY\tUT\n"
        'J\tOsei, K\t"The ""flipped"" classroom and sleep"\t"Line one.\nLine two."\t2021\tWOS:1\n'
        "J\tHaddad, S\tPeer tutoring and reading fluency\tAn abstract.\t2020\tWOS:2\n",
        encoding="utf-8",
    )
    first, second = _records(path)
    assert first.title == 'The "flipped" classroom and sleep' and first.native_id == "WOS:1"
    assert "Line two" in first.abstract and second.native_id == "WOS:2"
