"""Screening round trips with the tools reviewers use: ASReview LAB 3 (its own readers and
writers, a test extra), Rayyan and Covidence (web services: files in their documented export
shapes, written here), and sheets. Candidates out, decisions back on the right studies, the
screened set out, PRISMA consistent, and decisions kept through later harvests and dedupes."""

from __future__ import annotations

import csv
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from thresher.config import SearchConfig, SourceConfig
from thresher.dedupe.engine import run_dedupe
from thresher.harvesters.harvest import harvest_source
from thresher.harvesters.imports import import_file
from thresher.records import Record
from thresher.samples import SAMPLE_QUERY
from thresher.screening.corpus import build_corpus, candidates
from thresher.screening.decisions import ScreeningError, flagged, import_decisions, screened
from thresher.screening.exports import export_candidates, export_screened
from thresher.screening.matching import Matcher
from thresher.screening.prisma import counts

from conftest import SAMPLES, in_ci, thresher_command


def _import_asreview():
    """ASReview's readers and writers. Importing them installs requests-cache for the whole
    process (its dataset module does, writing synergy_cache.sqlite in the current folder): the
    import runs in a scratch folder and the cache is taken out again, so every other test's HTTP
    goes to the real server uncached."""
    here = os.getcwd()
    os.chdir(tempfile.mkdtemp(prefix="thresher-asreview-"))
    try:
        import asreview.data
        import pandas
    finally:
        os.chdir(here)
    import requests
    import requests_cache

    requests_cache.uninstall_cache()
    assert not issubclass(requests.Session, requests_cache.CacheMixin)
    return asreview.data, pandas


try:
    asreview_data, pd = _import_asreview()
except ImportError:  # pragma: no cover - `make test` installs it; CI must not skip these
    if in_ci():
        raise
    pytest.skip("needs ASReview LAB 3 (the test extra: pip install -e '.[test]')", allow_module_level=True)


def _status(store, stage: str = "title-abstract") -> dict[int, tuple]:
    """cluster -> (decision, reason, reviewer, conflict, labels, note) as it stands."""
    return {r[0]: (r[2], r[3], r[4], r[7], r[8], r[9]) for r in screened(store, stage=stage)}


@pytest.fixture
def corpus(review, tmp_path):
    """The sample store with its candidate corpus, exported as CSV and RIS."""
    build_corpus(review, SearchConfig(query=SAMPLE_QUERY))
    rows = {r[0]: r for r in candidates(review)}
    export_candidates(review, tmp_path / "candidates.csv", "csv")
    export_candidates(review, tmp_path / "candidates.ris", "ris")
    return review, rows


# ---- ASReview LAB 3 ------------------------------------------------------------------------------


def asreview_export(
    source: Path,
    out: Path,
    labels: dict[int, tuple],
    writer,
    drop_our_id: bool = False,
    emails=None,
    tags=None,
):
    """What ASReview's web app exports for a project made from `source` (its api_export_dataset):
    the input columns, the record group, then, joined on the group, each labelled record's label,
    time, note, user name and email and tags (asreview_tag_<group>_<tag> 1/0); unlabelled records
    have none. The left join makes the labels floats (1.0, 0.0, empty) in CSV, TSV and Excel;
    RIS gets 1, 0 or None. Written by ASReview's own writer.
    `labels`: cluster id -> (label, note, user); `emails`, `tags`: cluster id -> email, tag names."""
    reader = asreview_data.RISReader if source.suffix == ".ris" else asreview_data.CSVReader
    df = reader.read_data(source)
    ids = (
        df["id"].str.removeprefix("cluster-").astype(int)
        if "id" in df.columns
        else df["cluster_id"].astype(int)
    )
    if reader is asreview_data.RISReader:
        from asreview.data.utils import convert_ris_list_columns_to_string

        if writer is not asreview_data.RISWriter:
            df = convert_ris_list_columns_to_string(df)
    emails, tags = emails or {}, tags or {}
    df["asreview_group_id"] = range(len(df))
    df["asreview_label"] = pd.array([labels.get(i, (None,))[0] for i in ids], dtype="Float64").astype(float)
    df["asreview_time"] = [("2026-11-30 10:00:00" if i in labels else None) for i in ids]
    df["asreview_note"] = [labels.get(i, (None, None))[1] for i in ids]
    df["asreview_user_name"] = [labels.get(i, (None, None, None))[2] for i in ids]
    df["asreview_user_email"] = [emails.get(i) for i in ids]
    for tag in sorted({tag for names in tags.values() for tag in names}):
        df[f"asreview_tag_{tag}"] = [
            (1.0 if tag in tags.get(i, ()) else 0.0) if i in labels else float("nan") for i in ids
        ]
    if drop_our_id:
        df = df.drop(columns=[c for c in ("id", "cluster_id") if c in df.columns])
    if writer is asreview_data.RISWriter:
        # As the app's results table has them: 1, 0, or None for a record not seen.
        df["asreview_label"] = pd.Series(
            [None if pd.isna(v) else int(v) for v in df["asreview_label"]], index=df.index, dtype=object
        )
    writer.write_data(df, out)
    return out


def test_asreview_reads_every_candidate_export_with_its_own_readers(corpus, tmp_path):
    store, rows = corpus
    for name, reader in (
        ("candidates.csv", asreview_data.CSVReader),
        ("candidates.ris", asreview_data.RISReader),
    ):
        records = reader.read_records(tmp_path / name, dataset_id="thresher")
        assert len(records) == len(rows) == 18
        assert sorted(r.title for r in records) == sorted(r[1] for r in rows.values())
        assert all(r.abstract for r in records)
    # The ASReview form carries the decisions so far as prior labels.
    first, second, *_ = sorted(rows)
    sheet = tmp_path / "d.csv"
    sheet.write_text(f"cluster_id,decision\n{first},include\n{second},exclude\n", encoding="utf-8")
    import_decisions(store, sheet)
    export_candidates(store, tmp_path / "asreview.csv", "asreview")
    records = asreview_data.CSVReader.read_records(tmp_path / "asreview.csv", dataset_id="thresher")
    labelled = {r.title: r.included for r in records if r.included in (0, 1)}
    assert labelled == {rows[first][1]: 1, rows[second][1]: 0}


@pytest.mark.parametrize(
    "writer, suffix",
    [(asreview_data.CSVWriter, "csv"), (asreview_data.TSVWriter, "tsv"), (asreview_data.ExcelWriter, "xlsx")],
)
def test_an_asreview_export_comes_back_labels_notes_and_users(corpus, tmp_path, writer, suffix):
    store, rows = corpus
    ids = sorted(rows)
    labels = {
        ids[0]: (1, "relevant: a network study", "Ana Reviewer"),
        ids[1]: (0, "not about schools", "Ana Reviewer"),
        ids[2]: (0, None, None),
        ids[3]: (1, None, None),
    }
    path = asreview_export(
        tmp_path / "candidates.csv",
        tmp_path / f"export.{suffix}",
        labels,
        writer,
        emails={ids[3]: "ben@example.org"},
        tags={ids[0]: ["design_mixed"], ids[3]: ["design_mixed", "setting_rural"]},
    )
    if suffix != "xlsx":
        assert ",1.0," in path.read_text(encoding="utf-8").replace("\t", ",")  # floats, as the app writes
    result = import_decisions(store, path, reviewer="fallback")
    assert (result.applied, result.blank, result.problems) == (4, len(rows) - 4, [])
    assert result.matched_by == {"cluster_id": 4}
    status = _status(store)
    assert status[ids[0]][:3] == ("include", "relevant: a network study", "Ana Reviewer")
    assert status[ids[0]][4] == "design mixed"
    assert status[ids[1]][:3] == ("exclude", "not about schools", "Ana Reviewer")
    assert status[ids[2]][:3] == ("exclude", None, "fallback")  # no user: the --reviewer
    assert status[ids[3]][:3] == ("include", None, "ben@example.org")  # no name: the email
    assert status[ids[3]][4] == "design mixed; setting rural"
    assert set(status) == set(ids[:4])  # unlabelled records stay not screened


@pytest.mark.parametrize("drop_our_id", [False, True])
def test_an_asreview_ris_export_comes_back_with_or_without_our_id(corpus, tmp_path, drop_our_id):
    store, rows = corpus
    ids = sorted(rows)
    labels = {ids[3]: (1, "keep", "Ben"), ids[4]: (0, "wrong design", "Ben")}
    path = asreview_export(
        tmp_path / "candidates.ris", tmp_path / "export.ris", labels, asreview_data.RISWriter, drop_our_id
    )
    text = path.read_text(encoding="utf-8")
    assert "ASReview_relevant" in text and "ASReview_not_seen" in text
    result = import_decisions(store, path)
    assert (result.applied, result.blank, result.problems) == (2, len(rows) - 2, [])
    if not drop_our_id:
        assert result.matched_by == {"cluster_id": 2}
    else:
        assert "cluster_id" not in result.matched_by
    status = _status(store)
    assert status[ids[3]][:3] == ("include", "keep", "Ben")
    assert status[ids[4]][:3] == ("exclude", "wrong design", "Ben")


# ---- Rayyan -------------------------------------------------------------------------------------

RAYYAN_HEADER = (
    "key,title,year,month,day,journal,issn,volume,issue,pages,authors,url,language,publisher,"
    "location,abstract,notes,doi,keywords,pubmed_id,pmc_id"
).split(",")


def rayyan_notes(votes: dict[str, str], labels=(), reasons=(), user_notes=None) -> str:
    parts = ["RAYYAN-INCLUSION: {" + ", ".join(f'"{who}"=>"{what}"' for who, what in votes.items()) + "}"]
    if labels:
        parts.append("RAYYAN-LABELS: " + ",".join(labels))
    if reasons:
        parts.append("RAYYAN-EXCLUSION-REASONS: " + ",".join(reasons))
    if user_notes:
        parts.append(
            "USER-NOTES: {"
            + ", ".join(
                f'"{who}"=>[' + ", ".join(f'"{n}"' for n in notes) + "]" for who, notes in user_notes.items()
            )
            + "}"
        )
    return " | ".join(parts)


def write_rayyan_csv(path: Path, candidates_csv: Path, notes_by_id: dict[int, str], encoding: str) -> Path:
    """Rayyan's CSV export of the candidates it was given: its own keys, authors joined with
    'and', every reviewer's decision in the notes, and no column of ours."""
    rows = list(csv.DictReader(candidates_csv.open(encoding="utf-8")))
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RAYYAN_HEADER)
        for n, row in enumerate(rows, start=1):
            writer.writerow(
                [
                    f"rayyan-{4290000 + n}",
                    row["title"],
                    row["year"],
                    "",
                    "",
                    row["journal"],
                    "",
                    row["volume"],
                    row["issue"],
                    row["pages"],
                    " and ".join(row["authors"].split("; ")),
                    row["url"],
                    "eng",
                    "",
                    "",
                    row["abstract"],
                    notes_by_id.get(int(row["cluster_id"]), ""),
                    row["doi"],
                    row["keywords"],
                    "",
                    "",
                ]
            )
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_rayyan_csv_keeps_each_reviewer_conflicts_reasons_and_labels(corpus, tmp_path, encoding):
    store, rows = corpus
    ids = sorted(rows)
    notes = {
        ids[0]: rayyan_notes({"Ana": "Included", "Ben": "Included"}, labels=["network"]),
        ids[1]: rayyan_notes(
            {"Ana": "Excluded", "Ben": "Excluded"},
            reasons=["wrong population", "foreign language"],
            user_notes={"Ben": ["Résumé only", "check the 2023 paper"]},
        ),
        ids[2]: rayyan_notes({"Ana": "Included", "Ben": "Excluded"}, reasons=["wrong outcome"]),
        ids[3]: rayyan_notes({"Ana": "Maybe"}),
        # Rayyan's older exports keep exclusion reasons among the labels.
        ids[4]: rayyan_notes({"Ben": "Excluded"}, labels=["__EXR__wrong setting", "qualitative"]),
    }
    path = write_rayyan_csv(tmp_path / "rayyan.csv", tmp_path / "candidates.csv", notes, encoding)
    result = import_decisions(store, path)
    assert result.problems == []
    assert (result.applied, result.studies, result.blank) == (8, 5, len(rows) - 5)
    assert "cluster_id" not in result.matched_by  # Rayyan drops our id: found by DOI or title
    status = _status(store)
    assert status[ids[0]] == ("include", None, "Ana; Ben", False, "network", None)
    assert status[ids[1]][:4] == ("exclude", "wrong population; foreign language", "Ana; Ben", False)
    assert status[ids[1]][5] == "Résumé only; check the 2023 paper"
    # Reviewers who disagree: a conflict, both decisions kept with their reviewers.
    assert status[ids[2]][0] == "maybe" and status[ids[2]][3] is True
    assert status[ids[2]][1] == "conflict: Ana include; Ben exclude (wrong outcome)"
    assert result.conflicts == [f"study {ids[2]} (title-abstract): Ana include; Ben exclude (wrong outcome)"]
    assert status[ids[3]][0] == "maybe" and status[ids[3]][3] is False
    assert status[ids[4]][:2] == ("exclude", "wrong setting") and status[ids[4]][4] == "qualitative"
    c = counts(store)
    assert c.checks() == [] and c.conflicts == {"title-abstract": 1}
    assert (c.sought, c.screening_excluded) == (1, 2)
    # Someone decides the conflict: a later import settles it; every decision stays stored.
    settle = tmp_path / "settle.csv"
    settle.write_text(f"cluster_id;decision;reviewer\n{ids[2]};include;Cat\n", encoding="cp1252")
    assert import_decisions(store, settle).applied == 1
    assert _status(store)[ids[2]][:4] == ("include", None, "Cat", False)
    assert counts(store).conflicts == {}
    assert (
        store.con.execute(
            "SELECT count(*) FROM screening_decisions WHERE cluster_id = ?", [ids[2]]
        ).fetchone()[0]
        == 3
    )


def rayyan_ris_entry(row: tuple, key: int, notes: str, abstract: str | None = None) -> str:
    """One record of Rayyan's RIS export: its own accession number, no ID of ours, the year as
    Y1, and the reviewers' decisions in N1."""
    authors = "".join(f"AU  - {a}\n" for a in row[3].split("; "))
    return (
        f"TY  - JOUR\nTI  - {row[1]}\n{authors}Y1  - {row[4]}\nT2  - {row[7] or ''}\n"
        f"AB  - {abstract or row[2]}\nAN  - rayyan-{key}\nN1  - {notes}\nER  - \n"
    )


def test_a_rayyan_ris_export_is_read_from_its_notes(corpus, tmp_path):
    store, rows = corpus
    with_doi = sorted(i for i in rows if rows[i][5])
    without_doi = sorted(i for i in rows if not rows[i][5])
    votes = {
        with_doi[0]: '{"Ana"=>"Included"}',
        with_doi[1]: '{"Ana" => "Excluded"} | RAYYAN-EXCLUSION-REASONS: background article',
        with_doi[2]: '{"Ana"=>"Excluded", "Ben"=>"Included"} | RAYYAN-EXCLUSION-REASONS: background article',
        with_doi[3]: '{"Ana"=>"Undecided", "Ben"=>"Included"}',  # Ana has not decided: Ben's counts
        with_doi[4]: "{Ana=>Included}",  # not Rayyan's shape: listed, not guessed at
        # A reviewer's note quoting another study's DOI does not make this row that study.
        without_doi[0]: '{"José"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: población incorrecta | '
        f'USER-NOTES: {{"José"=>["duplicate of https://doi.org/{rows[with_doi[5]][5]}"]}}',
    }
    # The first record's abstract is long, so the accented names come after the first 64 KB.
    entries = [
        rayyan_ris_entry(
            rows[i], 990 + n, f"Imported | RAYYAN-INCLUSION: {v}", "x " * 40_000 if not n else None
        )
        for n, (i, v) in enumerate(votes.items())
    ]
    path = tmp_path / "rayyan.ris"
    path.write_bytes("\n".join(entries).encode("cp1252"))
    result = import_decisions(store, path, stage="full-text")
    status = _status(store, "full-text")
    assert status[with_doi[0]][:2] == ("include", None)
    assert status[with_doi[1]][:2] == ("exclude", "background article")
    assert status[with_doi[2]][1] == "conflict: Ana exclude (background article); Ben include"
    assert status[with_doi[3]][:3] == ("include", None, "Ben")
    assert with_doi[4] not in status and with_doi[5] not in status
    assert status[without_doi[0]][:3] == ("exclude", "población incorrecta", "José")
    assert status[without_doi[0]][5] == f"duplicate of https://doi.org/{rows[with_doi[5]][5]}"
    assert result.applied == 6
    (problem,) = result.problems
    assert problem.startswith(f"{path}:") and "cannot read Rayyan's inclusion note" in problem
    line = int(problem.split(":")[1])
    assert path.read_bytes().decode("cp1252").splitlines()[line - 1] == "TY  - JOUR"


def test_hostile_sheets_are_refused_or_listed_and_nothing_lands_on_the_wrong_study(corpus, tmp_path):
    store, rows = corpus
    ids = sorted(rows)
    stored = "SELECT count(*) FROM screening_decisions"
    # A stray quote would run rows together (and move decisions): the file is refused at its line.
    stray = tmp_path / "stray.csv"
    stray.write_text(
        f'cluster_id,decision,note\n{ids[0]},include,ok\n{ids[1]},exclude,"unclosed\n{ids[2]},include,\n',
        encoding="utf-8",
    )
    with pytest.raises(ScreeningError, match=r"stray.csv:3: not a readable table"):
        import_decisions(store, stray)
    wide = tmp_path / "wide.csv"
    wide.write_text(f"cluster_id,decision\n{ids[0]},include,extra,cells\n", encoding="utf-8")
    with pytest.raises(ScreeningError, match=r"wide.csv:2: 4 cells where the header has 2"):
        import_decisions(store, wide)
    twice = tmp_path / "twice.csv"
    twice.write_text(f"cluster_id,decision,Decision\n{ids[0]},include,exclude\n", encoding="utf-8")
    with pytest.raises(ScreeningError, match="2 columns are named like 'decision'"):
        import_decisions(store, twice)
    assert store.con.execute(stored).fetchone()[0] == 0
    # Our id with another study's title (a sheet from another store, a column out of place):
    # not applied. The tool's small rewrites of the right title are no contradiction.
    shifted = tmp_path / "shifted.csv"
    shifted.write_text(
        "cluster_id,title,decision\n"
        f'{ids[0]},"{rows[ids[1]][1]}",exclude\n'
        f'{ids[2]},"{rows[ids[2]][1].lower().rstrip(".")}.",exclude\n',
        encoding="utf-8",
    )
    result = import_decisions(store, shifted)
    assert result.applied == 1 and set(_status(store)) == {ids[2]}
    (problem,) = result.problems
    assert f"shifted.csv:2: cluster_id {ids[0]} is the study" in problem


# ---- Covidence ----------------------------------------------------------------------------------

COVIDENCE_HEADER = (
    "Title,Authors,Abstract,Published Year,Published Month,Journal,Volume,Issue,Pages,"
    "Accession Number,DOI,Ref,Covidence #,Study,Notes,Tags"
).split(",")


def write_covidence_csv(path: Path, rows: list[tuple]) -> Path:
    """Covidence's export of one stage and decision: the studies, no decision column."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COVIDENCE_HEADER)
        for n, row in enumerate(rows, start=1):
            family_initials = [a.replace(",", "") for a in (row[3] or "").split("; ")]
            writer.writerow(
                [row[1], "; ".join(family_initials), row[2], row[4], "", row[7], row[8], row[9], row[10],
                 "", row[5] or "", "", f"#{n}", f"{family_initials[0].split()[0]} {row[4]}", "", ""]
            )  # fmt: skip
    return path


def test_a_covidence_export_is_one_decision_the_librarian_names(corpus, tmp_path):
    store, rows = corpus
    ids = sorted(rows)
    path = write_covidence_csv(tmp_path / "covidence_included.csv", [rows[i] for i in ids[:4]])
    with pytest.raises(ScreeningError, match="--decision include"):
        import_decisions(store, path)
    result = import_decisions(store, path, reviewer="team", stage="full-text", decision="include")
    assert (result.applied, result.problems) == (4, [])
    assert {i for i, s in _status(store, "full-text").items() if s[0] == "include"} == set(ids[:4])
    ris = tmp_path / "covidence_excluded.ris"
    ris.write_text(
        "".join(
            f"TY  - JOUR\nTI  - {rows[i][1]}\nAU  - {rows[i][3].split('; ')[0]}\nPY  - {rows[i][4]}\n"
            f"JO  - \nVL  - \nDO  - {rows[i][5] or ''}\nAN  - \nER  - \n\n"
            for i in ids[4:6]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ScreeningError, match="Covidence"):
        import_decisions(store, ris)
    assert import_decisions(store, ris, decision="exclude").applied == 2
    # A file that carries its own decisions refuses a --decision for the whole file.
    asreview = asreview_export(
        tmp_path / "candidates.csv", tmp_path / "a.csv", {ids[0]: (1, None, None)}, asreview_data.CSVWriter
    )
    with pytest.raises(ScreeningError, match="carries its own decisions"):
        import_decisions(store, asreview, decision="exclude")


# ---- finding the study when the tool dropped our id --------------------------------------------


def _record(native_id: str, title: str, authors: list[str], year: int, journal: str, **fields) -> Record:
    return Record("db", native_id, title=title, authors=authors, year=year, container=journal, **fields)


def test_a_row_one_acronym_from_a_sibling_study_finds_its_own_study(store):
    # A team's two papers one acronym apart ("MOOCs" / "SPOCs"), each in two databases; a tool's
    # row of the second, with no DOI or venue: the engine finds it one study, as dedupe would.
    team = dict(authors=["Zhao, Lin", "Moreau, Claire"], year=2021)
    records = []
    for source in ("scopus", "wos"):
        records += [
            _record(f"{source}-mooc", "Learner engagement in MOOCs: a self-determination perspective",
                    team["authors"], 2021, "Distance Learning Review", doi="10.9999/dlr.2021.301"),
            _record(f"{source}-spoc", "Learner engagement in SPOCs: a self-determination perspective",
                    team["authors"], 2021, "Interactive Learning Settings", doi="10.9999/ils.2021.877"),
        ]  # fmt: skip
    store.write_records(records, store.begin_run("import", "t"))
    run_dedupe(store)
    spoc = store.con.execute(
        "SELECT cluster_id FROM cluster_members JOIN records USING (record_id) WHERE native_id = 'wos-spoc'"
    ).fetchone()[0]
    row = Record(
        source="rayyan",
        native_id="r1",
        title="Learners engagement in SPOCs: a self-determination perspective",
        authors=["Zhao, L.", "Moreau, C."],
        year=2021,
    )
    (found,) = Matcher(store).match([(None, row)])
    assert found.problem is None and found.cluster_id == spoc, found


def test_rows_are_found_by_doi_title_or_the_engine_and_ambiguous_rows_are_not_applied(store, tmp_path):
    store.write_records(
        [
            _record(
                "a",
                "Peer tutoring in rural primary schools: a cluster randomised trial",
                ["Okafor, Ngozi", "Lindqvist, Maja"],
                2021,
                "Journal of Rural Education",
                volume="12",
                issue="3",
                pages="201-219",
            ),
            _record(
                "b",
                "Homework policies and pupil wellbeing",
                ["Duarte, Paulo"],
                2019,
                "Educational Policy Review",
                doi="10.9999/epr.2019.7",
            ),
            # Two different studies with one title in one year: only their authors tell them apart.
            _record("c", "Teacher retention in remote schools", ["Nakamura, Ken"], 2020, "Rural Teacher"),
            _record("d", "Teacher retention in remote schools", ["Abara, Chidi"], 2020, "Teaching Quarterly"),
            # A DOI that two records carry (a book's DOI on two of its chapters).
            _record(
                "e",
                "Chapter one: mentoring",
                ["Ivanova, Lena"],
                2018,
                "Mentoring in Practice",
                doi="10.9999/book.2018",
            ),
            _record(
                "f",
                "Chapter two: coaching",
                ["Ivanova, Lena"],
                2018,
                "Mentoring in Practice",
                doi="10.9999/book.2018",
            ),
            # A paper in two parts: one title, one year, told apart by issue and pages.
            _record(
                "g",
                "Reading for pleasure in secondary schools",
                ["Brennan, Aoife"],
                2022,
                "Literacy Today",
                volume="9",
                issue="1",
                pages="1-18",
            ),
            _record(
                "h",
                "Reading for pleasure in secondary schools",
                ["Brennan, Aoife"],
                2022,
                "Literacy Today",
                volume="9",
                issue="2",
                pages="101-119",
            ),
            # A regular column: the same title in every issue.
            _record(
                "i",
                "Book reviews",
                ["Haddad, Rami"],
                2020,
                "Literacy Today",
                volume="7",
                issue="1",
                pages="90-92",
            ),
            _record(
                "j",
                "Book reviews",
                ["Haddad, Rami"],
                2021,
                "Literacy Today",
                volume="8",
                issue="1",
                pages="88-91",
            ),
        ],  # fmt: skip
        store.begin_run("import", "invented"),
    )
    run_dedupe(store)
    cluster = dict(
        store.con.execute(
            "SELECT r.native_id, m.cluster_id FROM records r JOIN cluster_members m USING (record_id)"
        ).fetchall()
    )
    assert len(set(cluster.values())) == 10
    path = tmp_path / "decisions.csv"
    path.write_text(
        "Title,Authors,Published Year,Journal,Volume,Issue,Pages,DOI,decision\n"
        # A copy from another database: punctuation, case and a typo differ, no DOI.
        '"Peer-tutoring in rural primary school: A cluster-randomised trial.",'
        '"Okafor N; Lindqvist M",2021,J Rural Educ,12,3,,,include\n'
        ",,,,,,,https://doi.org/10.9999/EPR.2019.7,exclude\n"
        "Teacher retention in remote schools,,2020,,,,,,include\n"
        "Teacher retention in remote schools,Abara C,2020,,,,,,exclude\n"
        "Chapter two: coaching,Ivanova L,2018,Mentoring in Practice,,,,10.9999/book.2018,include\n"
        "Chapter three: supervision,Ivanova L,2018,,,,,10.9999/book.2018,include\n"
        "A study nobody screened for,Nobody N,1999,,,,,,include\n"
        # Its title and year are both parts'; the issue and pages say which (the engine's rules).
        "Reading for pleasure in secondary schools,Brennan A,2022,Lit Today,9,2,101-19,,exclude\n"
        # A column's title with nothing more specific: it could be any issue's.
        "Book reviews,Haddad R,2021,Literacy Today,,,,,exclude\n",
        encoding="utf-8",
    )
    result = import_decisions(store, path, reviewer="Dee")
    status = _status(store)
    assert status[cluster["a"]][0] == "include"
    assert status[cluster["b"]][0] == "exclude"
    assert status[cluster["f"]][0] == "include"
    assert status[cluster["d"]][0] == "exclude"  # its first author settles which study
    assert status[cluster["h"]][0] == "exclude"
    for unsure in "cegij":
        assert cluster[unsure] not in status
    assert result.applied == 5
    assert result.matched_by["dedupe engine"] == 2 and result.matched_by["DOI"] == 1
    problems = "\n".join(result.problems)
    assert f"{path}:4: its title and year are those of 2 studies" in problems
    assert f"{path}:7: its DOI 10.9999/book.2018 is on 2 studies" in problems
    assert f"{path}:8: no study matches it" in problems
    assert f"{path}:10: its title recurs in its venue" in problems
    assert len(result.problems) == 4


# ---- rounds, the screened set and later runs ------------------------------------------------------


def test_a_round_trip_through_the_tools_keeps_prisma_consistent_and_survives_later_runs(
    corpus, tmp_path, fast_config, oai_server
):
    store, rows = corpus
    ids = sorted(rows)
    # Round 1, title-abstract in ASReview: six included, the rest excluded.
    labels = {i: (1 if n < 6 else 0, None, "Ana") for n, i in enumerate(ids)}
    first = asreview_export(
        tmp_path / "candidates.csv", tmp_path / "round1.csv", labels, asreview_data.CSVWriter
    )
    assert import_decisions(store, first).applied == len(ids)
    # Round 2, full text in Rayyan, from the screened set exported as RIS.
    included_ris = tmp_path / "included.ris"
    assert export_screened(store, included_ris, "include", "title-abstract", fmt="ris") == 6
    from thresher.harvesters.ris import read_ris

    for_rayyan = [r for r in read_ris(included_ris, "x") if isinstance(r, Record)]
    assert {int(r.native_id.removeprefix("cluster-")) for r in for_rayyan} == set(ids[:6])
    ft_notes = {
        i: rayyan_notes(
            {"Ben": "Included" if n < 3 else "Excluded"}, reasons=[] if n < 3 else ["wrong design"]
        )
        for n, i in enumerate(ids[:6])
    }
    export_candidates(store, tmp_path / "all.csv", "csv")
    rayyan = write_rayyan_csv(tmp_path / "rayyan_ft.csv", tmp_path / "all.csv", ft_notes, "utf-8")
    assert import_decisions(store, rayyan, stage="full-text").applied == 6
    c = counts(store)
    assert c.checks() == []
    assert (c.screened, c.sought, c.screening_excluded, c.assessed, c.included) == (
        len(ids),
        6,
        len(ids) - 6,
        6,
        3,
    )
    assert c.fulltext_excluded == {"wrong design": 3}
    # The screened set out, as CSV and as ASReview priors for the next round.
    out = tmp_path / "screened.csv"
    assert export_screened(store, out) == len(ids) + 6
    sheet = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["decision"] for r in sheet if r["stage"] == "full-text"} == {"include", "exclude"}
    priors = tmp_path / "next.csv"
    export_screened(store, priors, "include", "full-text", fmt="asreview")
    records = asreview_data.CSVReader.read_records(priors, dataset_id="next")
    assert sorted(r.included for r in records) == [1, 1, 1]
    # Later runs: the harvest again, and a new search that brings another copy of an included
    # study (as another database writes it); every decision stays on its study, and the study
    # that gained a record is flagged for a second look, not silently screened.
    before = {(r[0], r[1]): r[2] for r in screened(store)}
    server = oai_server([SAMPLES / "eprints" / "records.xml"])
    assert (
        harvest_source(store, SourceConfig(name="eprints", base_url=server.url), fast_config).status == "ok"
    )
    study = rows[ids[0]]
    copy = tmp_path / "new_search.ris"
    copy.write_text(
        f"TY  - JOUR\nTI  - {study[1].upper()}\n"
        + "".join(f"AU  - {a}\n" for a in study[3].split("; "))
        + f"PY  - {study[4]}\nJO  - {study[7]}\nDO  - https://doi.org/{study[5]}\nID  - NEW-1\nER  - \n",
        encoding="utf-8",
    )
    assert import_file(store, store.begin_run("import", "new"), copy, "new-search").status == "ok"
    run_dedupe(store)
    joined = store.con.execute(
        "SELECT m.cluster_id FROM records r JOIN cluster_members m USING (record_id) "
        "WHERE r.native_id = 'NEW-1'"
    ).fetchone()[0]
    assert joined == ids[0]
    assert {(r[0], r[1]): r[2] for r in screened(store)} == before
    assert [r[0] for r in flagged(store)] == [ids[0], ids[0]]  # both stages decided before it came
    assert counts(store).included == 3


def test_the_command_line_reads_a_tool_export_and_explains_a_refusal(corpus, tmp_path):
    store, rows = corpus
    ids = sorted(rows)
    asreview = asreview_export(
        tmp_path / "candidates.csv",
        tmp_path / "asreview.csv",
        {ids[0]: (1, None, "Ana"), ids[1]: (0, "off topic", "Ana")},
        asreview_data.CSVWriter,
    )
    covidence = write_covidence_csv(tmp_path / "covidence.csv", [rows[ids[2]]])
    database = store.path
    store.close()

    def thresher(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            thresher_command(*args, "--db", str(database)), capture_output=True, text=True, timeout=120
        )

    done = thresher("screen", "import", str(asreview))
    assert done.returncode == 0, done.stderr
    assert "read asreview.csv: asreview csv" in done.stdout
    assert "2 decisions recorded on 2 studies" in done.stdout
    refused = thresher("screen", "import", str(covidence))
    assert refused.returncode != 0
    assert "covidence.csv" in refused.stderr and "--decision include|exclude" in refused.stderr
    taken = thresher("screen", "import", str(covidence), "--decision", "exclude", "--stage", "title-abstract")
    assert taken.returncode == 0 and "1 decision recorded on 1 study" in taken.stdout
