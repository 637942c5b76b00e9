"""Search strategy, candidate corpus, screening decisions, exports and PRISMA, end to end."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from thresher.config import SearchConfig
from thresher.dedupe.engine import run_dedupe
from thresher.harvesters.ris import read_ris
from thresher.records import Record
from thresher.screening.corpus import build_corpus, candidates
from thresher.screening.decisions import flagged, import_decisions
from thresher.screening.exports import export_candidates_csv, export_candidates_ris, export_screened
from thresher.screening.prisma import counts, draw, svg
from thresher.screening.search import QueryError, compile_query

QUERY = (
    '("inter-school" OR "school-to-school" OR "professional learning network*") '
    'AND (leader* OR "social capital" OR collaborat*)'
)


@pytest.mark.parametrize(
    "query, position",
    [
        ("(a OR b", 0),
        ("a AND", 5),
        ("colour:red", 0),
        ('"open', 0),
        ("a ) b", 2),
        ("OR a", 0),
        ("le*der", 0),
        ("title:", 6),
        ('"school networks"[xx]', 17),
        ('"school networks" [ti]', 18),
    ],
)
def test_malformed_queries_point_at_the_position(query, position):
    with pytest.raises(QueryError) as error:
        compile_query(query)
    assert error.value.position == position
    assert "^" in str(error.value)


def test_a_field_tag_after_a_quoted_phrase_searches_that_field():
    """PubMed's and Ovid's form, '"school networks"[ti]', as a word's 'leader*[ti]' is: the
    phrase in the title alone, as 'title:"school networks"'."""
    tagged, prefixed = (
        compile_query('"school networks"[ti] AND leader*'),
        compile_query('title:"school networks" AND leader*'),
    )
    assert (tagged.where, tagged.params) == (prefixed.where, prefixed.params)
    tagged = compile_query('"school networks"[tiab]')
    assert "abstract" in tagged.where and "keywords" not in tagged.where


def test_query_words_are_parameters_not_sql():
    compiled = compile_query('title:"x\') OR 1=1 --" AND "y\'; DROP TABLE records"')
    assert "DROP" not in compiled.where and "1=1" not in compiled.where
    assert any("DROP" in p.upper() for p in compiled.params)


def test_the_search_strategy_selects_clusters_and_is_repeatable(review):
    first = build_corpus(review, SearchConfig(query=QUERY))
    second = build_corpus(review, SearchConfig(query=QUERY))
    assert 0 < first.clusters_matched < first.clusters_total
    ids = [r[0] for r in candidates(review, first.build_id)]
    assert ids == [r[0] for r in candidates(review, second.build_id)]
    for row in candidates(review, first.build_id):
        text = " ".join(str(v or "") for v in row[1:7]).lower()
        assert any(
            w in text
            for w in ("inter-school", "inter school", "school-to-school", "professional learning network")
        )
    narrower = build_corpus(review, SearchConfig(query=QUERY, year_from=2024))
    assert narrower.clusters_matched < first.clusters_matched
    assert review.con.execute("SELECT count(*) FROM corpus_builds").fetchone()[0] == 3


def test_tombstones_never_reach_the_corpus(review):
    build = build_corpus(review)
    sources = " ".join(r[14] for r in candidates(review, build.build_id))
    deleted = [r[0] for r in review.con.execute("SELECT native_id FROM records WHERE deleted").fetchall()]
    assert deleted and not any(d in sources for d in deleted)


def test_candidates_export_for_screening_tools_and_ris_round_trip(review, tmp_path):
    build_corpus(review, SearchConfig(query=QUERY))
    out = tmp_path / "candidates.csv"
    n = export_candidates_csv(review, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == n > 0
    assert {"title", "abstract", "authors", "year", "doi", "keywords", "cluster_id", "sources", "url"} <= set(
        rows[0]
    )
    ris = tmp_path / "candidates.ris"
    assert export_candidates_ris(review, ris) == n
    back = [r for r in read_ris(ris, "roundtrip") if isinstance(r, Record)]
    assert len(back) == n
    by_id = {r["cluster_id"]: r for r in rows}
    for record in back:
        row = by_id[record.native_id.removeprefix("cluster-")]
        assert record.title == row["title"]
        assert record.doi == (row["doi"] or None)
        assert str(record.year) == row["year"]
        assert "; ".join(record.authors) == row["authors"]


def test_screening_decisions_history_flags_and_exports(review, tmp_path):
    build = build_corpus(review, SearchConfig(query=QUERY))
    ids = [r[0] for r in candidates(review, build.build_id)]
    decisions = tmp_path / "asreview.csv"
    decisions.write_text(f"cluster_id,included\n{ids[0]},1\n{ids[1]},0\n{ids[2]},1\n", encoding="utf-8")
    first = import_decisions(review, decisions, reviewer="ann")
    assert first.applied == 3 and not first.problems
    # A later decision supersedes; nothing is overwritten.
    later = tmp_path / "later.csv"
    later.write_text(
        f"cluster_id,decision,reason,reviewer\n{ids[2]},exclude,wrong setting,bob\n", encoding="utf-8"
    )
    import_decisions(review, later)
    assert review.con.execute("SELECT count(*) FROM screening_decisions").fetchone()[0] == 4
    out = tmp_path / "excluded.csv"
    assert export_screened(review, out, decision="exclude") == 2
    rows = {r["cluster_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows[str(ids[2])]["reason"] == "wrong setting" and rows[str(ids[2])]["reviewer"] == "bob"
    # A new record joining a screened study is flagged, not silently screened.
    rep = review.con.execute(
        "SELECT r.title, r.authors, r.year, r.doi, r.container, r.volume, r.issue, r.pages "
        "FROM records r JOIN clusters c ON c.representative = r.record_id "
        "WHERE c.cluster_id = ?",
        [ids[0]],
    ).fetchone()
    assert flagged(review) == []
    review.write_records(
        [
            Record(
                "late",
                "l1",
                title=rep[0],
                authors=rep[1],
                year=rep[2],
                doi=rep[3],
                container=rep[4],
                volume=rep[5],
                issue=rep[6],
                pages=rep[7],
            )
        ],
        review.begin_run("import", "late"),
    )
    run_dedupe(review)
    assert [r[0] for r in flagged(review)] == [ids[0]]


def test_a_decisions_file_with_problems_reports_each_row(review, tmp_path):
    build = build_corpus(review)
    ids = [r[0] for r in candidates(review, build.build_id)]
    doi = review.con.execute(
        "SELECT doi FROM cluster_text WHERE doi IS NOT NULL AND cluster_id NOT IN (?, ?, ?) "
        "ORDER BY cluster_id LIMIT 1",
        [ids[0], ids[3], ids[4]],
    ).fetchone()[0]
    path = tmp_path / "d.csv"
    path.write_text(
        "cluster_id,doi,decision\n"
        f"{ids[0]},,include\n"
        "999999,,include\n"
        f",https://doi.org/{doi.upper()},exclude\n"
        f"{ids[3]},,perhaps\n"
        f"{ids[4]},,include\n{ids[4]},,exclude\n",
        encoding="utf-8",
    )
    result = import_decisions(review, path)
    assert result.applied == 2, result.problems
    assert len(result.problems) == 3
    missing = tmp_path / "m.csv"
    missing.write_text("title,notes\nx,y\n", encoding="utf-8")
    from thresher.screening.decisions import ScreeningError

    with pytest.raises(ScreeningError, match="no decision column"):
        import_decisions(review, missing)


def test_prisma_counts_add_up_and_the_diagram_shows_them(review, tmp_path):
    build = build_corpus(review, SearchConfig(query=QUERY))
    ids = [r[0] for r in candidates(review, build.build_id)]
    path = tmp_path / "d.csv"
    path.write_text(
        "cluster_id,decision,stage,reason\n"
        f"{ids[0]},include,title-abstract,\n{ids[1]},include,title-abstract,\n"
        f"{ids[2]},exclude,title-abstract,\n"
        f"{ids[0]},include,full-text,\n{ids[1]},exclude,full-text,wrong design\n",
        encoding="utf-8",
    )
    assert import_decisions(review, path).applied == 5
    c = counts(review)
    assert c.checks() == []
    assert c.identified == {"eprints": 34, "scopus": 14, "wos": 12}
    assert c.identified_total - c.duplicates_removed == c.clusters
    assert (c.screened, c.screening_excluded, c.sought, c.assessed, c.included) == (
        build.clusters_matched,
        1,
        2,
        2,
        1,
    )
    assert c.fulltext_excluded == {"wrong design": 1}
    picture = svg(c)
    for value in (c.identified_total, c.duplicates_removed, c.screened, c.included):
        assert f"(n = {value:,})" in picture
    png = tmp_path / "prisma.png"
    draw(c, png)
    from PIL import Image

    with Image.open(png) as image:
        assert image.size[0] > 1000 and image.size[1] > 800
        colours = image.convert("L").getcolors(maxcolors=1 << 20)
        dark = sum(n for n, level in colours if level < 128)
        assert dark > 5000  # boxes, arrows and text were drawn


def test_exports_neutralise_formulas_and_keep_non_ascii(store, tmp_path):
    store.write_records(
        [
            Record(
                "s",
                "1",
                title='=HYPERLINK("http://evil")',
                year=2020,
                authors=["Ørsted, Å."],
                abstract="+cmd|' /C calc'!A0",
            )
        ],
        store.begin_run("import", "s"),
    )
    run_dedupe(store)
    build_corpus(store)
    out = tmp_path / "c.csv"
    export_candidates_csv(store, out, excel_bom=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    row = next(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert row["title"].startswith("'=") and row["abstract"].startswith("'+")
    assert row["authors"] == "Ørsted, Å."


def test_exports_refuse_a_folder_and_leave_no_partial_file(store, tmp_path):
    store.write_records([Record("s", "1", title="T")], store.begin_run("import", "s"))
    run_dedupe(store)
    build_corpus(store)
    with pytest.raises(IsADirectoryError):
        export_candidates_csv(store, tmp_path)
    assert list(Path(tmp_path).iterdir()) == [tmp_path / "thresher.duckdb"] or all(
        not p.name.endswith(".tmp") for p in tmp_path.iterdir()
    )
