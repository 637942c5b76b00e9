"""Deduplication: each stage on small real-shaped cases, hard negatives, stable ids, reviews."""

from __future__ import annotations

import csv

import pytest

from thresher.csv_out import safe_cell, write_csv
from thresher.dedupe.cluster import assign_ids, cluster
from thresher.dedupe.decide import decide
from thresher.dedupe.engine import run_dedupe
from thresher.dedupe.normalise import normalise, pages, strip_title_notes
from thresher.dedupe.review import explain, export_clusters, export_review, import_review
from thresher.dedupe.score import FIELDS, from_rows, score, unlike_titles
from thresher.records import Record

BASE = dict(
    title="Teacher collaboration networks and student achievement in lower secondary "
    "schools: a multilevel analysis",
    authors=["Hartmann, Lena", "Osei, Kwame A.", "Lindqvist, Maria"],
    year=2023,
    doi="10.5555/j.ijsc.2023.02.007",
    container="International Journal of School Collaboration",
    volume="41",
    issue="2",
    pages="101-118",
    type="article",
)


def judge(left: dict, right: dict) -> tuple[str, str]:
    def norm(rid, r):
        return normalise(
            rid,
            r.get("title"),
            r.get("authors"),
            r.get("year"),
            r.get("doi"),
            r.get("container"),
            r.get("volume"),
            r.get("issue"),
            r.get("pages"),
            r.get("type"),
        )

    x, y = norm(1, left), norm(2, right)
    row = [1, 2]
    for name in FIELDS:
        row += [getattr(x, name), getattr(y, name)]
    decision, rule = decide(score(from_rows([tuple(row)])))
    return decision[0], rule[0]


def variant(**changes) -> dict:
    return {**BASE, **changes}


# ---- normalise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("221-6", ("221", "226")),
        ("221-226", ("221", "226")),
        ("S123-S130", ("123", "130")),
        ("e0123", ("123", None)),
        ("1524", ("1524", None)),
        ("", (None, None)),
        ("NA", (None, None)),
    ],
)
def test_pages(raw, expected):
    assert pages(raw) == expected


def test_titles_lose_markup_language_tags_and_database_notes():
    n = normalise(
        1, "Efficacy of <i>X</i> in older adults. [Chinese]", None, None, None, None, None, None, None, None
    )
    assert n.title == "efficacy of x in older adults"
    assert strip_title_notes("HPV testing: a review. [Review] [45 refs]") == "HPV testing: a review."
    assert strip_title_notes("Eculizumab for aHUS (vol 360, pg 542, 2009)") == "Eculizumab for aHUS"
    # The same note without brackets, as some exports print it.
    assert (
        strip_title_notes("Anti-factor H antibodies. Erratum appears in Am J Transplant 2009 Sep;9(9):2205")
        == "Anti-factor H antibodies"
    )
    assert (
        strip_title_notes("Erratum in: anti-factor H antibodies") == "Erratum in: anti-factor H antibodies"
    )  # an erratum's own title keeps its first word


def test_numbers_pages_and_reply_markers():
    def n(title, pages=None):
        return normalise(1, title, None, 2020, None, None, None, None, pages, None)

    # "10 000" and "10000" are one number
    assert n("A study among 10 000 women").title_numbers == n("A study among 10000 women").title_numbers
    assert n("Phase 2 trial").title_numbers != n("Phase 3 trial").title_numbers
    assert n("T", "e12724").eloc and n("T", "a1754").eloc
    assert not n("T", "S123-S130").eloc and not n("T", "969-972").eloc
    assert n("Atypical HUS after streptococcal infection. Reply").kind == "reply"
    assert n("Atypical HUS after streptococcal infection").kind == "article"


def test_name_suffixes_do_not_make_another_author():
    with_suffix = normalise(
        1, "T", ["Lynch Jr, T J", "Smith TJ Jr"], 2020, None, None, None, None, None, None
    )
    plain = normalise(2, "T", ["Lynch, T J", "Smith TJ"], 2020, None, None, None, None, None, None)
    assert with_suffix.authors == plain.authors == "lynch tj;smith tj"
    assert with_suffix.first_author == "lynch"


def test_authors_become_family_initials_and_na_is_missing():
    n = normalise(
        1, "T", ["García-López, Ana M.", "Smith JA", "NA"], 2020, "NA", "NA", "NA", None, "NA", None
    )
    assert n.authors == "garcia lopez am;smith ja"
    assert n.doi is None and n.volume is None and n.start_page is None and n.journal == ""


# ---- decide: true duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"title": BASE["title"].upper()},
        {"title": BASE["title"].replace(":", " -"), "doi": None},
        {"authors": ["Hartmann, L.", "Osei, K. A.", "Lindqvist, M."], "pages": "101-18"},
        {"container": "Int J Sch Collab", "doi": None},
        {"year": 2022, "doi": "https://doi.org/10.5555/J.IJSC.2023.02.007"},
        {"volume": "1", "issue": "Suppl 1"},  # a mis-keyed volume
        {"pages": "118-130", "doi": None},  # one database starts it on the page the last one ended
        {"pages": "118", "doi": None, "year": 2022},  # only the last page given; online-first year
        {"pages": "e1754", "doi": None},  # the electronic article number instead of print pages
        {"pages": "102", "doi": None},  # only the first page, one off
        {"pages": "201-218", "volume": "14"},  # the DOI and the title agree; pages and volume mis-keyed
        {"authors": ["Hartmann Jr, Lena", "Osei, Kwame A.", "Lindqvist, Maria"], "doi": None},
    ],
)
def test_true_duplicates_match(changes):
    assert judge(BASE, variant(**changes))[0] == "match"


# ---- decide: hard negatives --------------------------------------------------------------


@pytest.mark.parametrize(
    "right, reason",
    [
        (
            variant(title="Erratum: " + BASE["title"], doi="10.5555/j.ijsc.2023.02.099", pages="240"),
            "erratum",
        ),
        (variant(title="Erratum: " + BASE["title"], doi=None, pages=None, type="erratum"), "kind"),
        (variant(title="Reply to: " + BASE["title"], doi=None, pages=None), "kind"),
        (
            variant(
                title=BASE["title"],
                doi=None,
                type="conference-abstract",
                pages=None,
                container="Abstracts of the Annual Conference",
            ),
            "kind",
        ),
        (variant(title="Webinar: " + BASE["title"], doi=None, pages=None), "kind"),
        (variant(doi="10.5555/j.ijsc.2023.02.008"), "DOIs"),
        (variant(year=2021, doi=None), "years"),
        (variant(pages="201-218", doi=None), "start pages"),
        # An erratum notice printed under the article's own title, later in the volume
        (variant(pages="240", doi=None), "start pages"),
        (variant(pages="240-240", doi=None, year=2024), "start pages"),
        # Touching pages are no excuse when the authors differ (a reply on the article's last page)
        (variant(pages="118", doi=None, authors=["Brandt, Ulrike", "Kaya, E."]), "authors"),
        (variant(title=BASE["title"] + ". Reply", doi=None, pages="118"), "kind"),
        # An electronic article number in another volume is another work
        (variant(pages="e1754", doi=None, volume="42"), "volume"),
        (variant(pages="119-130", doi=None), "start pages"),  # both ranges given: no slack
        (variant(title=BASE["title"] + " 2", doi=None), "numbers"),
    ],
)
def test_hard_negatives_do_not_match(right, reason):
    decision, rule = judge(BASE, right)
    assert decision != "match", rule


def test_in_vivo_and_in_vitro_are_different_studies():
    left = variant(title="Effects of compound X on endothelial cells in vivo", doi=None, pages=None)
    right = variant(title="Effects of compound X on endothelial cells in vitro", doi=None, pages=None)
    assert judge(left, right)[0] == "non-match"
    men = variant(title="Physical activity and depression in older men", doi=None, pages=None)
    women = variant(title="Physical activity and depression in older women", doi=None, pages=None)
    assert judge(men, women)[0] == "non-match"


def test_different_conference_abstracts_sharing_a_proceedings_doi():
    left = variant(title="School networks in rural Norway", doi="10.5555/proc.2023")
    right = variant(
        title="Teacher turnover and school leadership in Kenya",
        doi="10.5555/proc.2023",
        authors=["Otieno, J."],
    )
    assert judge(left, right)[0] == "non-match"


def test_cochrane_review_updates_stay_apart():
    old = variant(
        title="Interventions for preventing bullying in schools",
        year=2015,
        doi="10.1002/14651858.cd012345.pub2",
        container="Cochrane Database Syst Rev",
    )
    new = variant(
        title="Interventions for preventing bullying in schools",
        year=2021,
        doi="10.1002/14651858.cd012345.pub3",
        container="Cochrane Database Syst Rev",
    )
    assert judge(old, new)[0] == "non-match"


# ---- cluster -------------------------------------------------------------------------------


def test_a_dropped_subtitle_when_the_whole_citation_agrees():
    full = variant(title="Unilateral neglect in stroke: a comparative study", doi=None)
    short = variant(title="Unilateral neglect in stroke", doi=None)
    assert judge(full, short)[0] == "match"
    assert judge(full, {**short, "pages": "101"})[0] != "match"  # no whole range to agree on
    assert judge({**full, "pages": "101-101"}, {**short, "pages": "101-101"})[0] != "match"
    assert judge(full, {**short, "container": "Stroke Rehabilitation"})[0] != "match"
    assert judge(full, {**short, "volume": "40"})[0] != "match"
    headed = variant(title="Medical progress: unilateral neglect in stroke", doi=None)
    assert judge(headed, short)[0] == "match"
    assert judge(headed, {**short, "pages": "101-117"})[0] != "match"


def test_a_translated_title_after_the_original_in_a_translated_journal_name():
    original = variant(
        title="Effect of positive airway pressure on pleural effusion in tuberculosis",
        doi=None,
        container="Revista Brasileira de Fisioterapia",
    )
    both = variant(
        title=original["title"] + ". Efeito da pressao positiva nas vias aereas sobre o derrame pleural",
        doi=None,
        container="Brazilian Journal of Physical Therapy",
    )
    assert judge(original, both) == (
        "match",
        "one title continues the other; same year, authors, volume and start page",
    )
    assert judge(original, {**both, "pages": "119-130"})[0] != "match"


def test_pairs_with_unlike_titles_are_set_aside_before_the_rules():
    short = "unilateral neglect in stroke"
    original = "effect of positive airway pressure on pleural effusion in tuberculosis"
    x = ["teacher collaboration networks and student achievement", short, original]
    y = [
        "homework policy in italian primary schools and parental involvement",
        short + " a comparative study of two rehabilitation programmes after a first stroke",
        original + " efeito da pressao positiva nas vias aereas sobre o derrame pleural em "
        "pacientes com tuberculose",
    ]
    assert unlike_titles(x, y).tolist() == [True, False, False]


def test_one_weak_link_cannot_chain_two_studies():
    # 1 and 3 carry different DOIs; 2 (no DOI) matches both.
    groups, refused = cluster([1, 2, 3], [], [(1, 2), (2, 3)], [], {1: "10.1/a", 3: "10.1/b"})
    assert sorted(map(len, groups)) == [1, 2] and refused == 1
    groups, refused = cluster([1, 2, 3], [], [(1, 2), (2, 3)], [(1, 3)], {})
    assert sorted(map(len, groups)) == [1, 2] and refused == 1


def test_people_overrule_the_rules():
    groups, _ = cluster([1, 2, 3], [(1, 3)], [(1, 2)], [(1, 3)], {1: "10.1/a", 3: "10.1/b"})
    assert sorted(map(len, groups)) == [3]


def test_ids_stay_where_they_were():
    counter = iter(range(100, 200))
    previous = {1: 10, 2: 10, 3: 11, 4: 12}
    assignment, retired = assign_ids([[1, 2, 5], [3], [4], [6]], previous, lambda: next(counter))
    assert assignment == {1: 10, 2: 10, 5: 10, 3: 11, 4: 12, 6: 100}
    assert retired == {}
    # A merge keeps the id most members had; the other is retired into it.
    assignment, retired = assign_ids([[1, 2, 3]], {1: 10, 2: 10, 3: 11}, lambda: next(counter))
    assert set(assignment.values()) == {10} and retired == {11: 10}
    # A split: the larger part keeps the id.
    assignment, retired = assign_ids([[1, 2], [3]], {1: 10, 2: 10, 3: 10}, lambda: next(counter))
    assert assignment[1] == assignment[2] == 10 and assignment[3] != 10


# ---- through the store ---------------------------------------------------------------------


def _add(store, *records: Record) -> None:
    store.write_records(list(records), store.begin_run("import", "t"))


def rec(source: str, native_id: str, **fields) -> Record:
    data = {**BASE, **fields}
    return Record(
        source=source,
        native_id=native_id,
        title=data["title"],
        authors=data["authors"],
        year=data["year"],
        doi=data["doi"],
        container=data["container"],
        volume=data["volume"],
        issue=data["issue"],
        pages=data["pages"],
        type=data["type"],
    )


def clusters_of(store) -> dict[str, int]:
    return dict(
        store.con.execute(
            "SELECT source || ':' || native_id, cluster_id FROM records "
            "JOIN cluster_members USING (record_id)"
        ).fetchall()
    )


def test_cluster_ids_are_stable_across_reruns_and_new_records(store):
    _add(
        store,
        rec("scopus", "a1"),
        rec("wos", "w1", title=BASE["title"].upper()),
        rec(
            "scopus",
            "a2",
            title="Homework policy in Italian primary schools",
            doi=None,
            authors=["Rossi, G."],
            pages="88-104",
            volume="3",
        ),
    )
    run_dedupe(store)
    first = clusters_of(store)
    assert first["scopus:a1"] == first["wos:w1"] != first["scopus:a2"]
    run_dedupe(store)
    assert clusters_of(store) == first
    _add(
        store,
        rec("pubmed", "p1", doi=None),
        rec("pubmed", "p2", title="Another study", doi="10.5555/other", authors=["Lee, A."]),
    )
    summary = run_dedupe(store)
    after = clusters_of(store)
    assert summary.normalised == 2  # only the new records were compared
    assert {k: after[k] for k in first} == first  # nothing renumbered
    assert after["pubmed:p1"] == first["scopus:a1"]  # the new duplicate joined the old cluster
    assert after["pubmed:p2"] not in first.values()


def test_review_decisions_survive_reruns(store, tmp_path):
    _add(
        store,
        rec("s", "1"),
        rec(
            "s", "2", doi=None, year=2024, pages=None, volume=None, container="Conference of School Networks"
        ),
    )
    run_dedupe(store)
    assert len(set(clusters_of(store).values())) == 2
    out = tmp_path / "pairs.csv"
    assert export_review(store, out) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    rows[0]["decision"] = "same"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = import_review(store, out, reviewer="ann")
    assert result.applied == 1 and not result.problems
    run_dedupe(store)
    assert len(set(clusters_of(store).values())) == 1
    _add(store, rec("s", "3", title="Unrelated", doi="10.5555/x", authors=["Z, Z."]))
    run_dedupe(store)
    merged = clusters_of(store)
    assert merged["s:1"] == merged["s:2"] != merged["s:3"]
    assert export_review(store, out) == 0  # decided pairs are not asked again
    assert "a person decided: same (ann" in explain(store, "s:1", "s:2")


def test_a_person_can_separate_a_match(store, tmp_path):
    _add(store, rec("s", "1"), rec("s", "2", doi=None))
    run_dedupe(store)
    assert len(set(clusters_of(store).values())) == 1
    ids = [r[0] for r in store.con.execute("SELECT record_id FROM records ORDER BY 1").fetchall()]
    verdicts = tmp_path / "v.csv"
    verdicts.write_text(f"pair,decision\n{ids[0]}-{ids[1]},different\n", encoding="utf-8")
    import_review(store, verdicts)
    run_dedupe(store)
    assert len(set(clusters_of(store).values())) == 2


def test_bad_review_rows_are_reported_and_good_ones_applied(store, tmp_path):
    _add(store, rec("s", "1"), rec("s", "2", doi=None))
    ids = [r[0] for r in store.con.execute("SELECT record_id FROM records ORDER BY 1").fetchall()]
    path = tmp_path / "v.csv"
    path.write_text(
        f"pair,decision\n{ids[0]}-{ids[1]},same\nx-y,same\n{ids[0]}-999999,same\n{ids[0]}-{ids[1]},perhaps\n",
        encoding="utf-8",
    )
    result = import_review(store, path)
    assert result.applied == 1
    assert len(result.problems) == 3
    assert any(":3: pair 'x-y'" in p for p in result.problems)
    assert any("not in this database" in p for p in result.problems)
    assert any("'perhaps'" in p for p in result.problems)


def test_explain_shows_scores_and_the_rule(store):
    _add(store, rec("s", "1"), rec("s", "2", doi="10.5555/other"))
    run_dedupe(store)
    text = explain(store, "s:1", "s:2")
    assert "rules now: non-match (different DOIs)" in text
    assert "scores: title 1.000" in text and "verdict: in different clusters" in text


def test_a_new_engine_version_decides_everything_again_without_renumbering(store):
    _add(
        store,
        rec("s", "1"),
        rec("s", "2", doi=None),
        rec("s", "3", title="Unrelated work", doi="10.5555/x", authors=["Z, Z."]),
    )
    run_dedupe(store)
    before = clusters_of(store)
    # What an older engine would have left behind: another version and a stale decision.
    store.con.execute("UPDATE dedupe_meta SET value = 'old' WHERE key = 'engine'")
    store.con.execute("UPDATE dedupe_pairs SET decision = 'maybe', rule = 'an old rule'")
    summary = run_dedupe(store)
    assert summary.engine_upgraded and summary.normalised == 3
    assert "every pair decided again" in summary.line()
    assert (
        store.con.execute("SELECT count(*) FROM dedupe_pairs WHERE rule = 'an old rule'").fetchone()[0] == 0
    )
    assert clusters_of(store) == before
    again = run_dedupe(store)
    assert not again.engine_upgraded and again.normalised == 0


def test_deleted_records_leave_their_cluster(store):
    _add(store, rec("s", "1"), rec("s", "2", doi=None))
    run_dedupe(store)
    store.write_records([Record("s", "2", deleted=True)], store.begin_run("h", "s"))
    run_dedupe(store)
    assert list(clusters_of(store)) == ["s:1"]


def test_export_clusters_has_one_row_per_record(store, tmp_path):
    _add(store, rec("s", "1"), rec("t", "=HYPERLINK(1)", doi=None))
    run_dedupe(store)
    out = tmp_path / "clusters.csv"
    assert export_clusters(store, out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["native_id"] for r in rows} == {"1", "'=HYPERLINK(1)"}
    assert {r["source"] for r in rows} == {"s", "t"} and len({r["cluster_id"] for r in rows}) == 1


# ---- CSV safety ------------------------------------------------------------------------------


def test_formula_cells_are_neutralised():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+44 20") == "'+44 20" and safe_cell("\tx") == "'\tx"
    assert safe_cell("-12.5") == "-12.5" and safe_cell("plain") == "plain"
    assert safe_cell(["a", "b"]) == "a; b" and safe_cell(None) == ""


def test_a_failed_write_leaves_the_old_file(tmp_path):
    out = tmp_path / "x.csv"
    write_csv(out, ["a"], [["old"]])

    def rows():
        yield ["new"]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_csv(out, ["a"], rows())
    assert out.read_text(encoding="utf-8").splitlines() == ["a", "old"]
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
