"""Deduplication: each stage on invented records that show one phenomenon each; studies with
their reports; evidence weighed by the store; stable ids and people's verdicts."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from thresher.csv_out import safe_cell, write_csv
from thresher.dedupe.cluster import assign_ids, cluster
from thresher.dedupe.decide import RECURRING_TITLE, RULES, VETOES, _places_differ, decide
from thresher.dedupe.engine import run_dedupe
from thresher.dedupe.model import M, Model, weigh
from thresher.dedupe.normalise import (
    author_name,
    is_author,
    is_degree,
    is_section_title,
    journal_key,
    normalise,
    notice_subject,
    pages,
    retraction_mark,
    strip_title_notes,
    title_edition,
    title_numbers,
    venues_compatible,
)
from thresher.dedupe.review import explain, export_clusters, export_review, import_review
from thresher.dedupe.score import FIELDS, STATS, from_rows, pages_levels, score, unlike_titles
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
NO_STATS = {
    "title_count": (1, 1),
    "doi_count": (1, 1),
    "journal_count": (1, 1),
    "recurring": (False, False),
    "title_dois": (1, 1),
    "twin": (0, 0),
}


def _row(x, y, ids: tuple[int, int] = (1, 2), **stats) -> tuple:
    """One pair's row as sql/dedupe_record_fields.sql gives it to from_rows: both sides' fields,
    then the store's counts (`stats` overriding NO_STATS)."""
    row = list(ids)
    for name in FIELDS:
        row += [getattr(x, name), getattr(y, name)]
    for name in STATS:
        row += list(stats.get(name, NO_STATS[name]))
    return tuple(row)


def _norm(record_id: int, r: dict):
    return normalise(
        record_id,
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


def judge(
    left: dict, right: dict, model: Model | None = None, names: dict[str, int] | None = None, **stats
) -> tuple[str, str, str | None]:
    """(decision, rule, which side is the linked report: 'left', 'right' or None) for one pair,
    with the model a store too small to estimate its own uses (`names`: the store's works per
    author family name)."""
    x, y = _norm(1, left), _norm(2, right)
    # (What the store gives beside the normalised fields: the ISBNs by their nine digits.)
    x.isbn, y.isbn = left.get("isbn_key"), right.get("isbn_key")
    pairs = score(from_rows([_row(x, y, **stats)]))
    model = model or Model()
    decided = decide(pairs, model, weigh(model, pairs, names or {}))
    report = {0: None, 1: "left", 2: "right"}[int(decided.report[0])]
    return decided.decision[0], decided.rule[0], report


def variant(**changes) -> dict:
    return {**BASE, **changes}


def unnumbered(**changes) -> dict:
    """BASE with no DOI, volume, issue or pages: where it was published says only its venue."""
    return variant(doi=None, volume=None, issue=None, pages=None, **changes)


def unplaced(**fields) -> dict:
    """A record that says nothing of where it was published: no DOI, venue, volume, issue or
    pages unless given (a report, a thesis, a citation)."""
    return {"doi": None, "container": None, "volume": None, "issue": None, "pages": None, **fields}


def rule_named(start: str) -> str:
    names = [r.name for r in RULES if r.name.startswith(start)]
    (name,) = [start] if start in names else names
    return name


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


def test_titles_lose_markup_language_tags_database_and_programme_notes():
    n = _norm(1, {"title": "Efficacy of <i>X</i> in older adults. [Chinese]"})
    assert n.title == "efficacy of x in older adults"
    assert _norm(1, {"title": "Labelled with <sup>99m</sup>Tc and K<inf>Ca</inf>3.1"}).title == (
        "labelled with 99mtc and kca3 1"
    )
    assert strip_title_notes("HPV testing: a review. [Review] [45 refs]") == "HPV testing: a review."
    # The venue a citation parser ran into the title; not a subtitle that starts with "In".
    for run_in in (". In: ICIE 2023 (2023)", ". In Proceedings of the 5th ICIE", ". In: In: ICIE '14"):
        assert (
            strip_title_notes("Peer tutoring in rural schools" + run_in) == "Peer tutoring in rural schools"
        )
    for kept in ("Peer tutoring. In search of a method", "Peer tutoring. in: schools"):
        assert strip_title_notes(kept) == kept
    assert strip_title_notes("Tutoring by peers: a trial [abstract no: 134]") == "Tutoring by peers: a trial"
    assert strip_title_notes("Eculizumab for aHUS (vol 360, pg 542, 2009)") == "Eculizumab for aHUS"
    assert (
        strip_title_notes("More on X in children... N Engl J Med. 2009 Jan 29;360(5):544-6")
        == "More on X in children"
    )
    assert strip_title_notes(
        "Anti-factor H antibodies. Erratum appears in Am J Transplant 2009 Sep;9(9):2205"
    ) == ("Anti-factor H antibodies")
    assert (
        strip_title_notes("Query optimization at the crossroads (Panel)")
        == "Query optimization at the crossroads"
    )
    assert (
        strip_title_notes("Tutorial: designing a highly available store")
        == "designing a highly available store"
    )
    assert strip_title_notes("Erratum: X (Proceedings of the National Academy of Sci (Janu") == "Erratum: X"
    # What Google Scholar puts before a title.
    for marked in ("[HTML] Peer coaching", "[CITATION][C] Peer coaching", "[PDF] Peer coaching"):
        assert strip_title_notes(marked) == "Peer coaching", marked
    assert strip_title_notes("Peer coaching [C] in rural schools") == "Peer coaching [C] in rural schools"
    # ProQuest's number for a thesis, as a reference list or a catalogue gives it.
    assert (
        strip_title_notes(
            "Peer coaching [Doctoral dissertation, Lantern University]. ProQuest Dissertations (10837456)"
        )
        == "Peer coaching"
    )
    assert (
        strip_title_notes("Peer coaching in rural schools (Order No. 3456789)")
        == "Peer coaching in rural schools"
    )
    for cited in (
        "Peer coaching (Publication No. 28148373) [Doctoral dissertation, Lantern University]. ProQuest "
        "Dissertations and Theses Global.",
        "Peer coaching. ProQuest Dissertations Publishing, 2019. 10837456.",
    ):
        assert strip_title_notes(cited) == "Peer coaching", cited
    # A title about ProQuest keeps its words.
    assert strip_title_notes("Teaching with ProQuest LLC databases") == "Teaching with ProQuest LLC databases"
    # A long run of spaces is no trap for the notes' pattern (it once took seconds).
    assert strip_title_notes("Peer coaching (pilot)" + " " * 3000 + "in rural schools").endswith("schools")


def test_footnote_marks_are_not_part_of_a_title_but_numbering_is():
    def folded(title):
        return _norm(1, {"title": title}).title

    assert (
        folded("Professional learning networks in rural schools 1")
        == "professional learning networks in rural schools"
    )
    assert (
        folded("Professional learning networks in rural schools*")
        == "professional learning networks in rural schools"
    )
    assert folded("Professional learning networks: part 1") == "professional learning networks part 1"


def test_title_numbers():
    assert title_numbers("a study among 10 000 women") == title_numbers("a study among 10000 women")
    assert title_numbers("database tuning part ii") == title_numbers("database tuning part 2") == "2"
    assert title_numbers("school reform in 2019") == ""  # a year names when, not which
    assert title_numbers("b2b commerce and covid19") == ""  # a number inside a name
    assert title_numbers("phase 2 trial") != title_numbers("phase 3 trial")
    assert title_numbers("strategic plan 2010 20") == ""  # "2010-20": a range of years


def test_a_roman_numeral_ending_a_title_numbers_it():
    assert title_numbers("session details assessment ii") == "2"
    assert title_numbers("conducting panel studies in information systems tutorial i") == "1"
    assert title_numbers("leadership for generation z and x") == ""  # a letter, not a numeral
    tutorial = variant(
        title="Conducting panel studies in information systems: Tutorial I", doi=None, pages=None
    )
    second = {**tutorial, "title": "Conducting panel studies in information systems: Tutorial II"}
    assert judge(tutorial, second)[:2] == ("non-match", rule_named("different numbers in the titles"))
    # A name's version glued to it, where the other title has the name alone: another model.
    utaut = variant(title="Extending UTAUT to explain learning management system use", doi=None, pages=None)
    utaut2 = {**utaut, "title": utaut["title"].replace("UTAUT", "UTAUT2")}
    assert judge(utaut, utaut2)[:2] == ("non-match", rule_named("different numbers in the titles"))
    covid = variant(title="COVID19 and online learning in rural schools", doi=None)
    assert judge(covid, {**covid, "title": "COVID-19 and online learning in rural schools"})[0] == "match"
    # A numeral that ends one title and stands inside the other is a name's ("Title IX").
    title = "Gender equity in college athletics under Title IX"
    assert judge(variant(title=title), variant(title=title + ": a thirty-year review"))[0] == "match"


def test_numbers_written_as_words_are_the_digits_of_a_copy():
    title = "Effects of a two-year mentoring programme on the retention of novice teachers"
    assert (
        judge(variant(title=title), variant(title=title.replace("two-year", "2-year"), doi=None))[0]
        == "match"
    )
    decade = "Twenty-five years of research on flipped classrooms: a bibliometric review"
    assert (
        judge(variant(title=decade), variant(title=decade.replace("Twenty-five", "25"), doi=None))[0]
        == "match"
    )
    # Other numbers, in words or digits, are other reports; number words both titles have
    # are no numbers of the other's.
    three = "Three schools, one reform: Part 3"
    assert judge(variant(title=three), variant(title=three.replace("3", "1"), doi=None))[0] == "non-match"
    part = "Part 2: " + title
    assert judge(variant(title=part), variant(title="Part three: " + title, doi=None))[:2] == (
        "non-match",
        rule_named("different numbers in the titles"),
    )


def test_notices_kinds_and_article_numbers():
    assert notice_subject("Erratum: Social capital among teachers") == (
        "erratum",
        "Social capital among teachers",
    )
    assert notice_subject("Correction to: Homework and sleep") == ("erratum", "Homework and sleep")
    assert notice_subject("Retraction: Homework and sleep")[0] == "retraction"
    assert notice_subject("Author Correction: Homework and sleep") == ("erratum", "Homework and sleep")
    # IEEE's, in the plural, the title in quotes; not a study of corrections.
    assert notice_subject("Corrections to \u201cHomework and sleep\u201d") == (
        "erratum",
        "Homework and sleep",
    )
    assert notice_subject("Corrections to grade inflation in rural schools")[0] is None
    assert notice_subject("Publisher's Correction: Homework and sleep")[0] == "erratum"
    assert notice_subject("Editorial Expression of Concern: Homework and sleep")[0] == "concern"
    assert notice_subject("Author corrections in peer review")[0] is None
    assert notice_subject("Retraction note to: Homework and sleep") == ("retraction", "Homework and sleep")
    assert notice_subject("Expression of concern: Homework and sleep")[0] == "concern"
    assert notice_subject("Correction of scoliosis in adolescents") == (
        None,
        "Correction of scoliosis in adolescents",
    )

    def kind(**r):
        return _norm(1, {"title": "A study of school networks", **r}).kind

    assert kind(title="Erratum: A study of school networks") == "erratum"
    assert kind(title="A study of school networks. Reply") == "reply"
    assert kind(title="Comment on: A study of school networks") == "reply"
    assert kind(title="A study of school networks (demo abstract)") == "abstract"
    assert kind(type="conference-abstract") == "abstract"
    assert kind(container="arXiv") == "preprint"
    # Preprint servers of the social sciences and education, and DBLP's name for arXiv.
    assert [kind(container=c) for c in ("EdArXiv", "SocArXiv", "CoRR abs/2301.01234")] == ["preprint"] * 3
    assert kind(container="Corrosion Reviews") == kind(container="CORR") == "article"
    # ERIC files a dissertation as a report published by ProQuest LLC, or with its degree.
    assert kind(type="report", container="ProQuest LLC") == kind(type="report", volume="Ed.D.") == "thesis"
    # Google Scholar's row of a dissertation names ProQuest's thesis publishing as its source.
    assert kind(container="ProQuest Dissertations Publishing") == "thesis"
    # So does Google Scholar's untyped row placed nowhere that names only a university; not a
    # research centre there, whose reports it lists so too, nor a row with a volume or pages.
    assert kind(container="University of Lantern") == kind(container="Lantern State University") == "thesis"
    assert kind(container="University of Lantern Consortium on School Research") == "article"
    assert kind(container="University of Lantern", volume="12", pages="33-51") == "article"
    # So does a university repository's series of them.
    for series in ("Electronic Theses and Dissertations", "Theses and Dissertations--Education",
                   "Walden Dissertations and Doctoral Studies"):  # fmt: skip
        assert kind(container=series) == "thesis", series
    assert kind(type="report", container="Westat, Inc.") == "report"
    # A series of working papers or technical reports publishes reports of the work.
    series = (
        "NBER Working Paper Series",
        "EdWorkingPapers",
        "IZA Discussion Papers",
        "Technical Report TR-17",
    )
    assert [kind(container=c) for c in series] == ["report"] * 4
    # A journal of working papers is a journal where the export says it publishes articles.
    assert kind(container="Working Papers in Reading Linguistics", type="article") == "article"
    assert kind(type="report") == "report" and kind(type="thesis") == "thesis"
    assert kind(title="Webinar: a study of school networks") == "talk"
    assert kind(title="Video feedback for student teachers") == "article"  # a topic, not a video
    talks = ("Keynote address", "Peer tutoring in rural schools (webinar)", "Podcast: peer tutoring")
    studies_of_talks = ("Podcasts in higher education: a review", "Webinar-based professional development")
    assert [kind(title=t) for t in talks + studies_of_talks] == ["talk"] * 3 + ["article"] * 2
    # Nor is a study of video lectures one; a video says so before a colon or in brackets.
    videos = (
        "Video lecture: peer tutoring in rural schools",
        "Peer tutoring in rural schools [video recording]",
    )
    studies_of_videos = (
        "Video lecture engagement in MOOCs",
        "Effects of video recording on teacher reflection",
    )
    assert [kind(title=t) for t in videos + studies_of_videos] == ["talk"] * 2 + ["article"] * 2
    # A reply says so; a study of a response does not reply to anything.
    replies = (
        "Re: Okafor et al. on peer tutoring",
        "Response to the March 2020 commentary by Jones",
        "Response to Okafor's critique",
        "Peer tutoring in rural schools - authors' reply",
    )
    studies = (
        "Response to intervention in early reading",
        "Students' response to written feedback",
        "RE-tree: an index for regular expressions",
        "Re-designing assessment for online courses",
    )
    assert [kind(title=t) for t in replies + studies] == ["reply"] * 4 + ["article"] * 4
    # An abstract or poster marked before its title; not a title that starts with the word.
    abstracts = ("Poster 112: Peer tutoring in rural schools", "Abstract: Peer tutoring in rural schools")
    topics = ("Abstract reasoning in secondary mathematics", "Poster presentations as assessment in nursing")
    assert [kind(title=t) for t in abstracts + topics] == ["abstract"] * 2 + ["article"] * 2
    # An early short report its title marks so, before or after; not a title about progress.
    early = (
        "Peer tutoring in rural schools: Research in Progress",
        "Peer tutoring in rural schools (Research-in-Progress Paper)",
        "Work in Progress: Peer tutoring in rural schools",
        "Peer tutoring in rural schools - a work-in-progress report",
        "Peer tutoring in rural schools (Short Paper)",
    )
    about = (
        "Research in progress monitoring for early readers",
        "Research in progress monitoring for early readers (RTI)",
        "Measuring work in progress in lean hospitals",
        "Short paper prototypes for low-vision users",
        "Teachers' identity as work in progress",
        "Limiting work in process in Kanban systems (WIP)",
        "Inclusive education in Finnish lower secondary schools: a work in progress",
    )
    assert [kind(title=t) for t in early + about] == ["abstract"] * 5 + ["article"] * 7
    # The mark is no part of the work's title: the paper it became has it without.
    marked = (*abstracts, *early[:4])
    assert {_norm(1, {"title": t}).title for t in marked} == {"peer tutoring in rural schools"}
    assert _norm(1, {"title": topics[0]}).title.startswith("abstract reasoning")
    assert kind(title=early[0], type="article") == "article"  # a journal's article, whatever its title
    # Or the conference's track of such papers says so (however the source types the paper:
    # OpenAlex's "article"); not a book's title.
    assert kind(container="ECIS 2021 Research-in-Progress Papers", type="conference") == "abstract"
    assert kind(container="HICSS 2020 Research-in-Progress Papers", type="article") == "abstract"
    assert kind(container="ECIS 2021 Research Papers", type="conference") == "article"
    assert kind(container="Teaching as Work in Progress: Essays on Practice", type="chapter") == "article"
    assert kind(container="Education Research in Progress") == "article"
    # A meeting's track named after its year, or the AIS meetings' one-page TREOs.
    assert kind(container="WI2019 Research-in-Progress", type="conference") == "abstract"
    assert kind(container="AMCIS 2021 TREOs", type="conference") == "abstract"
    assert kind() == "article"
    n = _norm(1, {"pages": "12:1-12:20"})
    assert n.eloc and n.start_page is None  # an article number, not a printed page
    assert _norm(1, {"pages": "e12724"}).eloc and not _norm(1, {"pages": "969-972"}).eloc
    eric = _norm(1, {"pages": "p1011-1023"})  # ERIC's citation: "v31 n3 p1011-1023"
    assert not eric.eloc and (eric.start_page, eric.end_page) == ("1011", "1023")
    assert _norm(1, {"pages": "P12"}).eloc  # a poster's number in an abstracts supplement
    scopus = _norm(1, {"pages": "Art. no. 103125"})  # Scopus's article number in the pages
    assert scopus.eloc and scopus.start_page is None
    assert _norm(1, {"pages": "xii, 215 p."}).start_page is None  # a thesis's extent


def test_authors_become_family_and_initials_and_not_authors_are_dropped():
    n = _norm(1, {"authors": ["García-López, Ana M.", "Smith JA", "NA", "et al."]})
    assert n.authors == "garcia lopez, am;smith, ja" and n.given == "ana m;j a"
    with_suffix = _norm(1, {"authors": ["Lynch Jr, T J", "Smith TJ Jr"]})
    assert with_suffix.authors == _norm(2, {"authors": ["Lynch, T J", "Smith TJ"]}).authors
    assert _norm(1, {"authors": ["Vol", "Downloaded", "Journal"]}).authors == ""  # page-header words
    # A family name first in capitals, as some journals print it; not initials ("W.-J. Smith").
    capitals = _norm(
        1, {"authors": ["ZHANG Wei", "NGUYEN Thi Lan", "W.-J. van den Heuvel", "GARCÍA LÓPEZ Ana"]}
    )
    assert capitals.authors == "zhang, w;nguyen, tl;heuvel, wjvd;garcia lopez, a"


def test_given_names_in_another_order_are_one_person():
    """A Vietnamese name in English order ("Huong Thi Dang") and in its own ("Dang, Thi Huong"),
    in a citation that says nothing else of where it was published."""
    cited = unplaced(
        title="Teacher agency in curriculum reform in Vietnamese upper secondary schools",
        authors=["Huong Thi Dang"],
        year=2021,
        container="Asia Pacific Journal of Education",
    )
    assert judge(cited, {**cited, "authors": ["Dang, Thi Huong"]})[0] == "match"
    assert (
        judge({**cited, "authors": ["Bao Quoc Pham"]}, {**cited, "authors": ["Pham, Quoc Bao"]})[0] == "match"
    )
    # Other given names in another order are another person ("Wang, Xiao Yu" / "Wang, Yu Xiao").
    assert (
        judge({**cited, "authors": ["Wang, Xiao Yu"]}, {**cited, "authors": ["Wang, Yu Xiao"]})[0] != "match"
    )


def test_an_article_number_against_the_articles_own_pages_from_1():
    """ACM's article number in the pages field ("45") and the article's PDF pages ("1-29"):
    neither different pages nor a one-page notice later in the volume."""
    acm = variant(pages="45", doi=None)
    assert judge(acm, variant(pages="1-29"))[:2] == ("match", "enough evidence")
    x, y = _norm(1, variant(pages="1")), _norm(2, variant(pages="1-18"))
    sides = [
        {name: np.array([getattr(n, name)], dtype=object) for name in ("start_page", "end_page", "eloc")}
        for n in (x, y)
    ]
    assert pages_levels(*sides)[0] == 1  # a lone "1" against "1-18" is the same first page


def test_missing_values_are_missing():
    n = _norm(1, {"title": "T", "doi": "NA", "container": "NA", "volume": "NA", "pages": "NA"})
    assert n.doi is None and n.volume is None and n.start_page is None and n.journal == ""
    assert _norm(1, {"volume": "1)"}).volume is None  # a fragment of "16 (Suppl. 1)"
    assert _norm(1, {"issue": "Suppl. 3"}).issue == _norm(1, {"issue": "S3"}).issue == "3"
    assert _norm(1, {"issue": "SUPPL"}).issue is None  # a supplement, not which one
    assert _norm(1, {"issue": "e70933"}).issue is None  # an article number in the issue field


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("SIGMOD Record", "ACM SIGMOD Record", 2),
        ("J Clin Oncol", "Journal of Clinical Oncology", 2),
        ("ACM Trans. Database Syst.", "ACM Transactions on Database Systems (TODS)", 1),
        ("VLDB", "Proceedings of the 22nd International Conference on Very Large Data Bases", 1),
        ("BMJ", "British Medical Journal", 1),
        ("Circulation", "Circulation. Conference: American Heart Association Scientific Sessions", 1),
        # Acronyms made of more than first letters, or with a word skipped.
        ("ACIE 2021 Proceedings", "Americas Conference on Instructional Engineering", 1),
        ("HCES", "Proceedings of the Annual Hawaii Conference on Education Studies", 1),
        ("ER Q.", "Educational Research Quarterly", 1),
        ("VLDB", "VLDB J.", 0),  # a conference and the journal of the same name
        ("VLDB", "The VLDB Journal: The International Journal on Very Large Data Bases", 0),
        ("ACIE 2021 Proceedings", "European Conference on Information Systems", 0),
        # An acronym leaves out only a conference's own words, never a word of the name.
        ("ACIE 2021 Proceedings", "Pacific Americas Conference on Instructional Engineering", 0),
        ("JIE", "Journal of Instructional Engineering Education", 0),
        # Two meetings of one conference, by year or by number, are two venues; one meeting is one.
        ("ICIE 2018 Proceedings", "ICIE 2019 Proceedings", 0),
        (
            "39th International Conference on Instructional Engineering",
            "40th Intl. Conf. on Instructional Engineering",
            0,
        ),
        ("ICIE 2019 Proceedings", "40th International Conference on Instructional Engineering, ICIE 2019", 1),
        ("ICIE", "ICIE 2019 Proceedings", 2),
        # Not a date's day or a theme's century, nor a journal's volume.
        (
            "International Conference on Instructional Engineering, Oslo, December 13th, 2018",
            "39th International Conference on Instructional Engineering",
            1,
        ),
        ("Teaching in the 21st Century Conference", "Teaching in the 20th Century Conference", 0),
        ("Journal of Instruction: Conference Series 1940", "Journal of Instruction: Conference Series", 2),
        ("Circulation", "Circulation Journal", 0),
        ("SIGMOD Conference", "SIGMOD Record", 0),
        ("Journal of School Leadership", "Computers and Education", 0),
        # A volume of a series of proceedings written into its name, in any style; two volumes
        # are two venues.
        (
            "Advances in Instructional Design Systems (volume 2)",
            "Advances in Instructional Design Systems II",
            2,
        ),
        ("Advances in Instructional Design Systems, Vol. 2", "Advances in Instructional Design Systems 3", 2),
        (
            "Advances in Instructional Design Systems (volume 2)",
            "Advances in Instructional Design Systems III",
            0,
        ),
        # "Advances in" is left out of an acronym, and so is a place or date in brackets.
        ("AIDS 2", "Advances in Instructional Design Systems II (Oslo, 1989)", 1),
        ("AIDS", "Advances in Instructional Design Systems, Vol. 2", 1),
        ("Advances in Instructional Design Systems VI", "Advances in Instructional Design Systems VII", 0),
        (
            "Advances in Instructional Design Systems XXIV",
            "Advances in Instructional Design Systems (Vol. 24)",
            2,
        ),
        ("Journal of Xi'an Pedagogy", "Journal of Xi'an Pedagogy", 2),
        # A journal's name in another language, abbreviated as ISO 4 does.
        ("Rev Iber Pedagog", "Revista Iberica de Pedagogia", 2),
        ("Ann Fr Didact Lang", "Annales Francaises d Didactique et de Langues", 1),
        # The acronym before the name in one, after it in the other.
        (
            "ICIE 2019 - Proceedings of the 2019 ACM Conference on Instructional Engineering",
            "Annual Conference on Instructional Engineering, ICIE",
            2,
        ),
        # Web of Science's own abbreviations.
        ("EDUC RES QUART", "Educational Research Quarterly", 2),
        ("IEEE T LEARN TECHNOL", "IEEE Transactions on Learning Technologies", 2),
        ("SIGCSE REC", "ACM SIGCSE Record", 2),
        ("ANNU REV EDUC RES", "Annual Review of Educational Research", 2),
        # Where the journal is published, added to tell it from another of its name.
        ("SCHOOL LEADERSHIP-BASEL", "School Leadership (Switzerland)", 2),
        ("INFORM TEACH-AMSTER", "Informatics and Teaching", 2),
        ("School Leadership (United States)", "School Leadership (Switzerland)", 0),  # two journals
        # A meeting's year glued to its acronym.
        ("EDUTECH19 Proceedings", "EDUTECH20 Proceedings", 0),
        ("ICIE2019", "ICIE 2019 Proceedings", 2),
        ("HCE'19", "HCE 2019", 2),
        # The meeting spelled out, and a place after the name, are no letters of the acronym.
        (
            "Fortieth International Conference on Instructional Engineering, Oslo 2019",
            "ICIE 2019 Proceedings",
            1,
        ),
        (
            "Fortieth International Conference on Instructional Engineering, Oslo 2019",
            "ICIE 2020 Proceedings",
            0,
        ),
        # The same full name, whatever else each adds.
        (
            "Proceedings of the 40th International Conference on Instructional Engineering (ICIE 2019)",
            "Fortieth International Conference on Instructional Engineering, Oslo 2019",
            1,
        ),
        # More of the name after the comma is part of the name.
        ("International Conference on Instructional Engineering, Design and Media", "ICIE 2019", 0),
        ("Journal of Instructional Engineering, Design and Media", "JIE", 0),
        # A meeting's papers as a digital library's collection: the proceedings of that meeting.
        ("ECIE 2020 Research Papers", "28th European Conference on Instructional Engineering, ECIE 2020", 1),
        ("ECIE 2021 Research-in-Progress Papers", "ECIE 2022 Research Papers", 0),
        ("ECIE 2021 Panels", "European Conference on Instructional Engineering (ECIE)", 1),
        ("ECIE 2021 Panels", "ECIE 2022 Panels", 0),
        ("Scientific Research Papers", "Scientific Research", 1),  # a journal's name: no meeting
        # Series that publish many conferences' proceedings, as Scopus gives the source.
        ("IDA 2020", "ACM International Conference Proceeding Series", 1),
        (
            "2nd International Conference on Instructional Engineering",
            "Journal of Physics: Conference Series",
            1,
        ),
        ("Advances in Social Science, Education and Humanities Research", "Computers and Education", 0),
        # Each series is itself: two series are two venues, one series in two styles one.
        ("Journal of Physics: Conference Series", "AIP Conference Proceedings", 0),
        ("Lecture Notes in Instructional Design", "Lecture Notes in Business Information Processing", 0),
        ("Lecture Notes in Computer Science (including subseries ...)", "Lect. Notes Comput. Sci.", 2),
        # A journal named with a subtitle that says it is a journal, and by its name alone.
        ("Comunicar", "Comunicar: Revista Científica de Comunicación y Educación", 2),
        ("Pixel-Bit", "Pixel-Bit. Revista de Medios y Educación", 2),
        ("Computers & Education", "Computers & Education: An International Journal", 2),
        ("Comunicar", "Comunicar Journal", 0),  # no subtitle: another journal's name
        # Not an abbreviation before a full stop.
        ("Int. Journal of School Collaboration", "Journal of School Collaboration", 2),
        ("Educ. Journal of Science", "Educ", 0),
        ("Aust. Journal of Education", "Aust. Journal of Teacher Education", 1),
        ("Scand. Journal of Educational Research", "Scand", 0),
        # A meeting's number spelled with a hyphen is no letter of its acronym.
        ("Forty-Third International Conference on Instructional Engineering, Oslo 2022", "ICIE 2022", 1),
        ("Twenty-fifth Americas Conference on Instructional Engineering", "ACIE 2019 Proceedings", 1),
        # Two journals named by the same words in another order are two journals; a catalogue's
        # inverted name is the journal's.
        ("Pedagogical Research Review", "Review of Pedagogical Research", 0),
        ("Research in School Collaboration, Journal of", "Journal of Research in School Collaboration", 2),
        ("School Collaboration, International Journal of", "Int J School Collab", 2),
        (
            "Instructional Engineering, IEEE Transactions on",
            "IEEE Transactions on Instructional Engineering",
            2,
        ),
        ("School Collaboration, Journal of Research in", "Journal of Research in School Collaboration", 2),
        ("Pedagogy, Annual Review of", "Annual Review of Pedagogy", 2),
        # A report's page count after its publisher (EBSCO's citation of an ERIC document).
        ("Northern Centre for Rural Schooling. 2022. 72 pp.", "Northern Centre for Rural Schooling", 2),
    ],
)
def test_venue_names_in_cataloguing_styles(a, b, expected):
    assert venues_compatible(journal_key(a), journal_key(b)) == expected


def test_section_titles():
    for title in ("editor s notes", "chair s message", "book review column", "guest editorial", "editorial"):
        assert is_section_title(title)
    assert not is_section_title("teacher collaboration networks")


# ---- authors as sets --------------------------------------------------------------------------


def test_a_pdfs_affiliation_marks_are_no_part_of_a_name():
    marked = ["Lena Hartmann a,*", "Kwame A. Osei b", "Maria Lindqvist 1,2", "Hartmann1", "Osei\u2020"]
    assert [author_name(n)[0] for n in marked] == ["hartmann", "osei", "lindqvist", "hartmann", "osei"]
    # Initials stay initials.
    assert author_name("Osei, K")[:2] == ("osei", "k") and author_name("Osei KA")[:2] == ("osei", "ka")
    assert author_name("Osei, a")[:2] == ("osei", "a") and author_name("Lindqvist, M. c")[:2] == (
        "lindqvist",
        "mc",
    )
    assert author_name("Wei Wang 0001")[:2] == ("wang", "w")  # DBLP's number for one of two Wei Wangs
    pdf = variant(authors=["Lena Hartmann a,*", "Kwame A. Osei b", "Maria Lindqvist a"], doi=None, year=None)
    assert judge(BASE, pdf)[0] == "match"


def test_marks_a_reader_split_into_the_family_name_and_what_is_no_person_are_not_names():
    # A BibTeX reader splits "Lena Hartmann2" or "Kwame Osei 1" into family and given names with
    # the mark in the family name, or the mark as the family name.
    split = ["Hartmann2, Lena", "1, Kwame A. Osei", "b, Maria Lindqvist", "Osei *, Kwame", "Osei, K.1"]
    assert [author_name(n)[:2] for n in split] == [
        ("hartmann", "l"),
        ("osei", "ka"),
        ("lindqvist", "m"),
        ("osei", "k"),
        ("osei", "k"),
    ]
    # An e-mail address beside a name is not part of it; on its own, or a masthead's role, it is
    # no author ("Article, Original" turned round by a reader).
    for written in (
        "Lena Hartmann (l.hartmann@uni.example.edu)",
        "Lena Hartmann [email: lh@uni.example.edu]",
    ):
        assert author_name(written)[:2] == ("hartmann", "l"), written
    assert not is_author("mailto:lh@uni.example.edu")
    not_people = ["l.hartmann@uni.example.edu", "of Computer Science, Department", "Editors-in-Chief"]
    for line in [*not_people, "Guest Editors", "Article, Original"]:
        assert not is_author(line), line
    assert is_author("Schoolcraft, J.") and is_author("Department Store Workers Union")
    # An affiliation line is no author beside people; alone, it is the organisation that wrote.
    beside = _norm(
        1, variant(authors=["School of Education", "Hartmann, Lena", "Department of IS, Lantern U"])
    )
    assert beside.authors == "hartmann, l"
    alone = _norm(1, variant(authors=["Institute of Education Sciences", "Department for Education"]))
    assert alone.authors.count(";") == 1
    pdf = variant(
        authors=[
            "Lena Hartmann (l.hartmann@uni.example.edu)",
            "School of Education",
            "1, Kwame A. Osei",
            "Lindqvist2, Maria",
        ],  # fmt: skip
        doi=None,
    )
    assert judge(BASE, pdf)[:2] == ("match", "enough evidence")


@pytest.mark.parametrize(
    "other",
    [
        ["Osei, Kwame A.", "Lindqvist, Maria", "Hartmann, Lena"],  # another order
        ["L. Hartmann", "K. A. Osei", "M. Lindqvist"],  # initials, given names first
        ["Lena, H.", "Kwame, O.", "Maria, L."],  # given and family names swapped
        ["Hartman, Lena", "Osei, Kwame A.", "Lindquist, Maria"],  # one-letter slips, transliteration
    ],
)
def test_author_lists_agree_in_any_style(other):
    decision, rule, _ = judge(BASE, variant(authors=other, doi=None))
    assert (decision, rule) == ("match", "enough evidence")


def _authors_scored(left: list[str], right: list[str]):
    return score(from_rows([_row(_norm(1, variant(authors=left)), _norm(2, variant(authors=right)))]))


def _overlap(left: list[str], right: list[str]) -> float:
    return float(_authors_scored(left, right).author_overlap[0])


def test_a_name_written_family_first_or_with_a_particle_dropped_is_one_person():
    # "Tran Thi Mai" (read as given names "Tran Thi", family name "Mai") is "Tran, T. M.".
    assert _overlap(["Tran Thi Mai"], ["Tran, T. M."]) == 1.0
    assert _overlap(["Tran Thi Mai"], ["Tran, T. H."]) == 0.0
    # A particle kept by one database and dropped by another.
    assert _overlap(["El Haddad, R.", "von Lantern, J."], ["Haddad, R.", "Lantern, J."]) == 1.0
    assert _overlap(["El Haddad, R."], ["Haddad, S."]) == 0.0
    # So one author's paper is not sent to a person as two teams' under one title.
    paper = unnumbered(authors=["Tran Thi Mai"])
    assert judge(paper, {**paper, "authors": ["Tran, T. M."]})[:2] == ("match", "enough evidence")


@pytest.mark.parametrize(
    "left, right",
    [
        # Two family names, the second dropped by one database (Spanish and Portuguese names).
        (["Ibarra Solís, Marta", "Quispe, Rosa"], ["Ibarra, Marta", "Quispe, Rosa"]),
        (["Ferreira-Lopes, Joana"], ["Ferreira, J."]),
        # The first family name read as a given name: "Marta Ibarra Solís" as given + family.
        (["Marta Ibarra Solís", "Rosa Quispe"], ["Ibarra, Marta", "Quispe, Rosa"]),
    ],
)
def test_a_second_family_name_dropped_or_read_as_a_given_name_is_one_person(left, right):
    assert _overlap(left, right) == 1.0


def test_a_person_known_by_the_middle_name_is_one_person():
    """One database gives the first initial, the other only the name the author goes by."""
    assert _overlap(["Mbeki, T. Sipho", "Quispe, Rosa"], ["Quispe, R.", "Mbeki, Sipho"]) == 1.0
    # Initials that share no letter in those places are two people.
    assert _overlap(["Mbeki, T. Sipho"], ["Mbeki, Lindiwe"]) == 0.0


def test_a_given_name_read_as_part_of_the_family_name_is_one_person():
    """'Cheong, Hae Il' exported as 'Il Cheong, H.' by one database, 'Cheong, H. I.' by another."""
    assert _overlap(["Il Cheong, H.", "Quispe, Rosa"], ["Cheong, H. I.", "Quispe, R."]) == 1.0
    # A word that is none of the other's initials is a family name of its own.
    assert _overlap(["Le Cheong, H."], ["Cheong, H. I."]) == 0.0


def test_an_umlaut_written_out_is_the_same_name():
    assert _overlap(["Röhl, Marta", "Osei, K."], ["Roehl, M.", "Osei, K."]) == 1.0
    assert _overlap(["Röhl, Marta"], ["Rahl, M."]) == 0.0
    assert _overlap(["Xue, L."], ["Xu, L."]) == 0.0  # short names: another name, not an umlaut


def test_an_organisation_with_its_own_acronym_after_its_name_is_that_organisation():
    """ "Education Commission of the States (ECS)" in one list, "ECS" or the name alone in
    another: one author. Not where the bracket holds another organisation's acronym."""
    assert _overlap(["Education Commission of the States (ECS)"], ["ECS"]) == 1.0
    assert (
        _overlap(["Southern Regional Education Board (SREB)"], ["Southern Regional Education Board"]) == 1.0
    )
    assert _overlap(["Southern Regional Education Board (ECS)"], ["ECS"]) == 0.0


def test_a_groups_name_is_compared_whole():
    """ACM writes 'CORPORATE The Lantern Team', DBLP 'Lantern Team': one group, not a person
    called Team with the initials of the words before it."""
    assert _norm(1, variant(authors=["CORPORATE The Lantern Team"])).authors == "lantern team, "
    assert _overlap(["CORPORATE The Lantern Team"], ["Lantern Team"]) == 1.0
    assert _overlap(["The Lantern Team"], ["The Beacon Team"]) == 0.0
    # Compared whole, without the slips a person's name may have.
    assert _overlap(["Lantern Council of Teachers of Art"], ["Lantern Council of Teachers of Music"]) == 0.0
    # In the plural, and with a comma in it (a company's "Inc.", a university's campus).
    assert (
        _norm(1, variant(authors=["Lantern Institutes for Research"])).authors
        == "lantern institutes for research, "
    )
    assert _overlap(["Lantern Institutes for Research"], ["Lantern Institutes for Research"]) == 1.0
    assert _norm(1, variant(authors=["Lantern Reading Center, Inc."])).authors == "lantern reading center, "
    assert _overlap(["Lantern Reading Center, Inc."], ["Lantern Reading Center"]) == 1.0
    assert _norm(1, variant(authors=["Lanternworks, Inc."])).authors == "lanternworks, "
    assert _norm(1, variant(authors=["University of Lantern, North Campus"])).authors.endswith(", ")
    # Abbreviated ("Dept."), or a unit named after its parent by one database.
    assert _overlap(["Lantern State Education Department"], ["Lantern State Education Dept."]) == 1.0
    assert (
        _overlap(["Lantern Dept. of Education, Office of Rural Schooling"], ["Office of Rural Schooling"])
        == 1.0
    )
    # Not a short name within another's: "Department of Education" is every state's, and a
    # ministry of four words is every country's (the words before it are no group of its own).
    assert _overlap(["Lantern Department of Education"], ["Department of Education"]) == 0.0
    assert (
        _overlap(["Ministry of Education and Research"], ["Lanternian Ministry of Education and Research"])
        == 0.0
    )
    # A family name that is also a group's word is a person's in a short name.
    assert _overlap(["Jane Board"], ["Board, Jane"]) == 1.0
    assert _norm(1, variant(authors=["Academy, Ann"])).authors == "academy, a"
    assert (
        _overlap(["Ann Academy"], ["Academy, Ann"])
        == _overlap(["Jane Laboratory"], ["Laboratory, J."])
        == 1.0
    )
    # A group's acronym is its name written out; another group's is not.
    written_out = ["Organisation for Reading and Co-operative Learning"]
    assert _overlap(["ORCL"], written_out) == _overlap(["O.R.C.L."], written_out) == 1.0
    assert _overlap(["ORL"], written_out) == 0.0
    # A person's family name is no group's acronym: a person has initials or a given name.
    assert _overlap(["Orcl, R."], written_out) == _overlap(["Orcl, Rita"], written_out) == 0.0


def test_a_report_by_a_group_named_by_its_acronym():
    """One database names a report's author 'OECD', another 'Organisation for Economic
    Co-operation and Development': one author."""
    report = unplaced(
        title="Reading literacy of fifteen-year-olds in rural schools: indicators",
        authors=["Lantern Association for Rural Schools"],
        year=2021,
        type="report",
    )
    assert judge(report, {**report, "authors": ["LARS"]})[:2] == ("match", "enough evidence")


def _authors_level(left: list[str], right: list[str]) -> int:
    return int(_authors_scored(left, right).levels["authors"][0])


def test_a_long_list_missing_a_name_is_the_same_list():
    team = [f"{family}, {initial}." for family, initial in zip(
        ["Abara", "Brandt", "Castell", "Dimitriou", "Eze", "Fonseca", "Grahn", "Haddad", "Ibsen",
         "Jovanovic", "Kowalczyk", "Lindqvist"], "ABCDEFGHIJKL", strict=True)]  # fmt: skip
    other_order = team[6:] + team[:6]
    assert _authors_level(team, other_order[:-1] + ["Moreau, N."]) == 1  # 11 of 12: the same list
    assert _authors_level(team[:4], team[:3] + ["Moreau, N."]) == 2  # 3 of 4: most of it


def test_a_shared_first_name_with_another_family_name_is_another_person():
    assert _overlap(["Ibarra, Marta"], ["Solís, Marta"]) == 0.0
    assert _overlap(["Camps, R."], ["Campbell, R."]) == 0.0


# ---- decide: the same publication --------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"title": BASE["title"].upper()},
        {"title": BASE["title"].replace(":", " -"), "doi": None},
        {"authors": ["Hartmann, L.", "Osei, K. A.", "Lindqvist, M."], "pages": "101-18"},
        {"container": "Int J Sch Collab", "doi": None},
        {"year": 2022, "doi": "https://doi.org/10.5555/J.IJSC.2023.02.007"},
        {"pages": "118-130", "doi": None},  # one database starts it on the page the last one ended
        {"pages": "e1754", "doi": None},  # the electronic article number instead of print pages
        {"pages": "102", "doi": None},  # only the first page, one off
        {"pages": "201-218", "volume": "14"},  # the DOI and the title agree; pages and volume mis-keyed
        {"authors": ["Hartmann Jr, Lena", "Osei, Kwame A.", "Lindqvist, Maria"], "doi": None},
        {"title": BASE["title"] + " 1", "doi": None},  # a footnote mark
        {
            "title": "Teacher collaboration networks and student achievement in lower secondary schools",
            "doi": None,
        },
    ],
)
def test_true_duplicates_match(changes):
    assert judge(BASE, variant(**changes))[:2] == ("match", "enough evidence")


def test_an_article_number_against_the_pdfs_own_pages():
    """An online journal's article number ("102998", no end page) against the pages of the
    article's PDF counted from 1 says nothing of where either lies: the same article, not an
    abstract printed before it in the volume. A dash a PDF's text lost still reads as a range."""
    numbered = variant(doi=None, issue=None, pages="102998")
    assert judge(variant(doi=None, issue=None, pages="1-18"), numbered)[:2] == ("match", "enough evidence")
    assert judge(variant(doi=None, pages="101-118"), variant(doi=None, pages="101118"))[:2] == (
        "match",
        "enough evidence",
    )
    assert judge(variant(doi=None, pages="102998"), variant(doi=None, pages="103004"))[0] == "non-match"
    # Six digits are a lost dash as well as an article number: another article's pages still differ.
    other = variant(doi=None, pages="201-218", title=BASE["title"].replace("multilevel", "longitudinal"))
    assert judge(other, variant(doi=None, pages="101118"))[:2] == (
        "non-match",
        rule_named("different start pages"),
    )


def test_an_article_number_in_the_issue_field():
    printed = variant(doi=None, issue="3", pages="791")
    assert judge(printed, variant(doi=None, issue="791", pages=None))[:2] == ("match", "enough evidence")


def test_a_conference_paper_without_journal_volume_or_pages():
    paper = dict(
        title="Peer review between schools: a design study",
        authors=["Fairclough, A.", "Nwosu, B."],
        year=2021,
        container="Proceedings of the European Conference on Educational Research",
    )
    assert judge(paper, {**paper, "title": "Peer review between schools"})[0] == "match"  # subtitle dropped
    assert judge(paper, {**paper, "container": "ECER"})[0] == "match"  # the acronym
    assert judge(paper, {**paper, "authors": ["Fairclough, A."]})[0] == "match"  # a shorter list


# ---- decide: different works (each rule, checked by its name) ------------------------------------


@pytest.mark.parametrize(
    "right, rule",
    [
        # Another article's DOI, with pages of its own.
        (variant(doi="10.5555/j.ijsc.2023.02.008", pages="119-134"), "different DOIs"),
        # (Not with the same volume and range of pages: that is the article, whatever the year.)
        (variant(year=2020, doi=None, pages=None), "years more than 1 apart"),
        (variant(pages="201-218", doi=None), "different start pages"),
        (variant(pages="119-130", doi=None), "different start pages"),  # both ranges given: no slack
        # Touching pages are no excuse when the authors differ (a comment on the last page)
        (variant(pages="118", doi=None, authors=["Brandt, Ulrike", "Kaya, E."]), "different start pages"),
        (variant(pages="e1754", doi=None, volume="42"), "different volumes"),
        (variant(issue="3", pages=None, doi=None), "different issues of one volume"),
        (variant(title=BASE["title"] + ": part 2", doi=None), "different numbers in the titles"),
        (variant(title="Webinar: " + BASE["title"], doi=None, pages=None), "different kinds of publication"),
        (
            variant(title="Reply to: " + BASE["title"], doi=None, pages=None, authors=["Brandt, U."]),
            "different kinds of publication",
        ),
        (
            unnumbered(year=2024, container="Computers and Education"),
            "different venues in different years",
        ),
    ],
)
def test_different_works_stay_apart_by_their_rule(right, rule):
    decision, fired, _ = judge(BASE, right)
    assert (decision, fired) == ("non-match", rule_named(rule))
    assert rule_named(rule) in VETOES  # and keeps the two studies' clusters apart


def test_a_wrong_doi_in_one_source_does_not_split_copies_that_agree_in_full():
    # One source gave its neighbour's DOI, the journal's (online ISSN for print), or another
    # article's; title, authors, venue, volume, issue and first page all say one article.
    wrong = rule_named("two DOIs, one wrong")
    for doi in ("10.5555/j.ijsc.2023.02.008", "10.5555/2345-6789.41.2.101", "10.7777/tlr.2019.1123"):
        assert judge(BASE, variant(doi=doi)) == ("match", wrong, None), doi
    # Give or take case, an abbreviated venue and online-first a year before.
    other = variant(doi="10.5555/j.ijsc.2023.02.070", title=BASE["title"].upper(), year=2022)
    assert judge(BASE, {**other, "container": "Int J Sch Collab"})[:2] == ("match", wrong)
    assert rule_named("different DOIs") in VETOES and wrong not in VETOES
    # Anything short of a full citation, and the DOIs stand: where nothing else differs, by a
    # veto of its own (which copies elsewhere can show to be one wrong DOI).
    only = ("non-match", rule_named("different DOIs, and nothing else"))
    different = ("non-match", rule_named("different DOIs"))
    page_one = variant(pages="1-16")
    for left, changes, expected in (
        (BASE, dict(pages=None), only),  # nothing says where it is printed
        (page_one, dict(pages="1-18"), only),  # page 1: every article of such a journal starts there
        (BASE, dict(volume=None), only),
        (BASE, dict(issue="3"), different),
        (BASE, dict(year=2021), different),
        (BASE, dict(authors=["Hartmann, Lena", "Brandt, Ulrike"]), different),  # not the same people
        (BASE, dict(container="Journal of Educational Administration"), different),
        (
            BASE,
            dict(title="Teacher collaboration networks and student wellbeing in lower secondary schools"),
            different,
        ),
        (BASE, dict(pages="119-134"), different),
    ):
        assert judge(left, variant(doi="10.5555/j.ijsc.2023.02.112", **changes))[:2] == expected, changes
    assert rule_named("different DOIs, and nothing else") in VETOES
    # A DOI one keystroke from the other (a character mistyped, dropped or added, two swapped),
    # on a copy that gives nothing else to differ by (a scraped copy without volume or pages).
    bare_copy = dict(pages=None, volume=None, issue=None)
    for slip in ("10.5555/j.ijsc.2023.02.008", "10.5555/j.ijsc.2023.02.07", "10.5555/j.ijsc.2023.20.007"):
        assert judge(BASE, variant(doi=slip, **bare_copy))[:2] == ("match", wrong), slip
    for not_a_slip in ("10.5555/j.ijsc.2023.02.112", "10.5556/j.ijsc.2023.02.007"):
        assert judge(BASE, variant(doi=not_a_slip, **bare_copy))[:2] == only, not_a_slip
    # A DOI cut short, as a PDF's text breaks it at a line's end, on an extracted copy.
    for cut in ("10.5555/j.ijsc.2023.02.0", "10.5555/j.ijsc.2023"):
        assert judge(BASE, variant(doi=cut, **bare_copy))[:2] == ("match", wrong), cut
    # Cut after its year, where a line most often breaks, beside the full citation.
    cited = variant(doi="10.5555/j.ijsc.2023.104123", pages="104123", issue=None)
    assert judge(cited, variant(doi="10.5555/j.ijsc.2023", **bare_copy))[:2] == ("match", wrong)
    cut_other = variant(
        doi="10.5555/j.ijsc.2023", title="Teacher collaboration networks and student wellbeing"
    )
    assert judge(BASE, {**cut_other, **bare_copy})[0] != "match"
    assert judge(BASE, variant(doi="10.5555/j.ijsc.2023.02.008", issue="3"))[:2] == different
    # Two versions of one review under their DOIs (".pub2") are two publications.
    review = variant(doi="10.5555/14651858.CD004366", pages="CD004366", issue=None)
    assert judge(review, {**review, "doi": "10.5555/14651858.CD004366.pub2"})[:2] == different
    # A column on the same page of every issue, each issue paged from 1: one copy without its
    # issue is not shown to be the other issue's column.
    column = variant(title="Editor's note", authors=["Okonjo, Ada"], pages="4", issue="2")
    assert (
        judge(column, variant(**{**column, "issue": None, "doi": "10.5555/j.ijsc.2023.03.001"}))[:2] == only
    )
    # The signs of two works that come after the DOIs still say so.
    part = variant(doi="10.5555/j.ijsc.2023.02.008", title=BASE["title"] + ", part 2")
    assert judge(variant(title=BASE["title"] + ", part 1"), part)[:2] == (
        "non-match",
        rule_named("different numbers in the titles"),
    )
    # Two kinds of record (an erratum under the article's citation) are not copies.
    erratum = variant(doi="10.5555/j.ijsc.2023.02.099", title="Erratum: " + BASE["title"], type="erratum")
    assert judge(BASE, erratum)[0] != "match"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Learner engagement in MOOCs: a mixed-methods study", "moocs"),
        ("IoT and ICT in rural schools", "iot ict"),
        ("SaaS adoption by B2B firms in the EU", "saas b2b eu"),
        ("Integrated STEAM education, Part II", "steam"),  # not the Roman numeral
        ("Teachers and mHealth apps", ""),  # one capital: a brand's spelling, not an acronym
        ("LEARNER ENGAGEMENT IN MOOCS", ""),  # all capitals: the case says nothing
    ],
)
def test_title_acronyms_are_read_from_the_titles_case(title, expected):
    assert _norm(1, {"title": title}).acronyms == expected


def test_titles_naming_different_acronyms_are_two_works():
    # A team's two papers, one acronym apart, against a citation of one of them that carries no
    # DOI or pages (a scraped record), or both in one proceedings: however few letters apart.
    sparse = unplaced(type=None)
    proceedings = dict(doi=None, volume=None, issue=None, pages=None, container="ICIS 2020 Proceedings")
    for a, b in (
        ("ICT integration in rural primary schools", "IoT integration in rural primary schools"),
        (
            "Learner engagement in MOOCs: a mixed-methods study",
            "Learner engagement in SPOCs: a mixed-methods study",
        ),
        (
            "SaaS adoption in Indian SMEs: an empirical study",
            "PaaS adoption in Indian SMEs: an empirical study",
        ),
        ("ERP adoption in family firms", "CRM adoption in family firms"),
        ("Trust in B2B e-commerce platforms", "Trust in B2C e-commerce platforms"),
        (
            "Effects of VR-based instruction on spatial ability",
            "Effects of AR-based instruction on spatial ability",
        ),
    ):
        assert judge(variant(title=a), {**sparse, **{k: BASE[k] for k in ("authors", "year")}, "title": b})[
            :2
        ] == ("non-match", rule_named("contrasting title words")), (a, b)
        assert judge(variant(title=a, **proceedings), variant(title=b, **proceedings))[0] == "non-match", (
            a,
            b,
        )
    # Copies stay copies: an acronym spelt out or dropped, a place written two ways, a title a
    # database wrote in sentence case or all capitals.
    for a, b in (
        ("The Internet of Things (IoT) in primary schools", "The Internet of Things in primary schools"),
        ("ICT integration in primary schools in the US", "ICT integration in primary schools in the USA"),
        ("ICT integration in rural primary schools", "Ict integration in rural primary schools"),
        ("Learner engagement in MOOCs", "LEARNER ENGAGEMENT IN MOOCS"),
        # An acronym the other copy writes with a space or hyphen, beside another difference.
        ("Behavioural intention to use ChatGPT in Ghana", "Behavioral intention to use Chat GPT in Ghana"),
        ("The effect of eWOM on purchase intention", "The effect of e-WOM on purchase intentions"),
        ("Drivers of SME digitalisation: an fsQCA study", "Drivers of SME digitalization: an fs/QCA study"),
    ):
        assert judge(variant(title=a), variant(title=b, doi=None))[0] == "match", (a, b)
    # Under one DOI, one work, whatever one database made of an acronym; not under a proceedings'
    # DOI that many titles carry.
    ict, iot = (variant(title=f"{a} integration in rural primary schools") for a in ("ICT", "IoT"))
    assert judge(ict, iot)[0] == "match"
    assert judge(ict, {**iot, "pages": "119-130"}, doi_count=(50, 50))[:2] == (
        "non-match", rule_named("contrasting title words"),
    )  # fmt: skip
    # An acronym of the letters of Roman numerals is an acronym ("CLIL" / "CLT").
    assert judge(
        variant(title="CLIL teachers' beliefs in Spain"), unplaced(title="CLT teachers' beliefs in Spain")
    )[:2] == ("non-match", rule_named("contrasting title words"))


def test_contrasting_title_words_are_different_studies():
    left = variant(title="Effects of compound X on endothelial cells in vivo", doi=None, pages=None)
    right = variant(title="Effects of compound X on endothelial cells in vitro", doi=None, pages=None)
    assert judge(left, right)[:2] == ("non-match", rule_named("contrasting title words"))
    adults = variant(title="A trial of drug X in adult patients with disease Y", doi=None, pages=None)
    children = variant(title="A trial of drug X in paediatric patients with disease Y", doi=None, pages=None)
    assert judge(adults, children)[1] == rule_named("contrasting title words")
    # Who was studied and how: a team's two papers at one conference, without pages.
    paper = dict(doi=None, pages=None, volume=None, issue=None, container="ICIE 2021 Proceedings")
    for a, b in (("teachers", "students"), ("online", "blended"), ("antecedents", "consequences")):
        one = variant(title=f"Perceptions of {a} on flipped classrooms in vocational schools", **paper)
        other = variant(title=f"Perceptions of {b} on flipped classrooms in vocational schools", **paper)
        assert judge(one, other)[:2] == ("non-match", rule_named("contrasting title words")), (a, b)
    # The good or the bad side of one thing, a paper each; both sides in one title contrast with neither.
    for a, b in (("Benefits", "Risks"), ("Opportunities", "Threats"), ("Advantages", "Disadvantages")):
        one = variant(title=f"{a} of teacher resistance to school information systems", **paper)
        other = variant(title=f"{b} of teacher resistance to school information systems", **paper)
        assert judge(one, other)[:2] == ("non-match", rule_named("contrasting title words")), (a, b)
    both = variant(title="Benefits and risks of teacher resistance to school information systems", **paper)
    assert judge(
        both, {**both, "title": "Risks and benefits of teacher resistance to school information systems"}
    )[1] != rule_named("contrasting title words")
    # What was measured: one project's outcomes, a paper each, in one journal and year.
    study = dict(doi=None, pages=None, volume=None, issue=None, container="Reading and Writing Quarterly")
    for a, b in (("fluency", "comprehension"), ("self-efficacy", "digital competence"), ("trust", "loyalty")):
        one = variant(
            title=f"Effects of repeated practice on {a} of struggling learners in grade three", **study
        )
        other = variant(
            title=f"Effects of repeated practice on {b} of struggling learners in grade three", **study
        )
        assert judge(one, other)[:2] == ("non-match", rule_named("contrasting title words")), (a, b)
    # Which report of an evaluation: its interim and final reports, its first and second year's.
    evaluation = dict(
        doi=None, pages=None, volume=None, issue=None, container="Lantern Research", type="report"
    )
    for a, b in (("Interim report", "Final report"), ("First-year report", "Second-year report"),
                 ("Baseline report", "Follow-up report")):  # fmt: skip
        one = variant(title=f"Evaluation of the rural STEM academies initiative: {a}", **evaluation)
        other = variant(title=f"Evaluation of the rural STEM academies initiative: {b}", **evaluation)
        assert judge(one, other)[:2] == ("non-match", rule_named("contrasting title words")), (a, b)
    # How it was studied, which kind of review, which language, who learned and who taught.
    ways = (
        ("An fsQCA study", "A PLS-SEM study"),
        ("A systematic review", "A scoping review"),
        ("Arabic learners", "English learners"),
        ("The learners' view", "The instructors' view"),
        ("Scale development", "Scale validation"),
        ("Evidence from higher education", "Evidence from secondary education"),
    )
    for a, b in ways:
        one = variant(title=f"Configurations of feedback in online writing courses: {a}", **paper)
        other = variant(title=f"Configurations of feedback in online writing courses: {b}", **paper)
        assert judge(one, other)[:2] == ("non-match", rule_named("contrasting title words")), (a, b)
    # A book that accompanies another: its study guide, its essentials, its instructor's manual.
    textbook = unnumbered(
        title="Information systems for teachers and school leaders", container=None, type="book"
    )
    for before in ("Study guide for", "Essentials of", "Instructor's manual to accompany"):
        companion = {**textbook, "title": f"{before} {textbook['title']}"}
        assert judge(textbook, companion)[0] == "non-match", before
    essentials = {**textbook, "title": "Essentials of information systems for teachers"}
    assert judge(essentials, {**essentials, "title": "The essentials of information systems for teachers"})[
        0
    ] == ("match")
    # Nor two spellings of one word of a group.
    counsellors = variant(title="School counsellors' wellbeing during the pandemic", doi=None, pages=None)
    counselors = {**counsellors, "title": "School counselors' wellbeing during the pandemic"}
    assert judge(counsellors, counselors)[1] != rule_named("contrasting title words")
    # Not a subtitle one database dropped that names the other word, nor a hyphen.
    title = "Teachers' acceptance of learning management systems in higher education"
    subtitle = variant(title=title + ": the students' view", doi=None)
    assert judge(subtitle, variant(title=title, doi=None))[1] != rule_named("contrasting title words")
    hyphen = variant(title="Post-graduate students' acceptance of learning management systems", doi=None)
    closed = {**hyphen, "title": hyphen["title"].replace("Post-graduate", "Postgraduate")}
    assert judge(hyphen, closed)[1] != rule_named("contrasting title words")


def test_one_study_in_each_place_is_two_studies():
    # A team's study in two countries, or a national study's reports by state, under one title:
    # without pages, volume or DOI on one side only the place tells them apart.
    ghana = unnumbered(
        title="Teacher self-efficacy and technology integration: evidence from secondary schools in Ghana"
    )
    nigeria = {**ghana, "title": ghana["title"].replace("Ghana", "Nigeria")}
    assert judge(ghana, nigeria)[:2] == ("non-match", rule_named("contrasting title words"))
    report = dict(authors=["Centre for Research on School Outcomes"], container=None, type="report", doi=None)
    texas = variant(
        title="Charter school performance in Texas", **report, pages=None, volume=None, issue=None
    )
    florida = {**texas, "title": "Charter school performance in Florida"}
    assert judge(texas, florida)[:2] == ("non-match", rule_named("contrasting title words"))
    german = variant(title="German pre-service teachers' beliefs about inclusive education", doi=None)
    dutch = {**german, "title": "Dutch pre-service teachers' beliefs about inclusive education"}
    assert judge(german, dutch)[:2] == ("non-match", rule_named("contrasting title words"))
    # A sibling study's preprint is not this study's companion report.
    preprint = {**nigeria, "container": "EdArXiv", "type": "preprint", "year": 2022}
    assert judge(preprint, ghana)[0] == "non-match"
    assert judge(preprint, {**ghana, "title": nigeria["title"]})[:2] == (
        "companion",
        rule_named("a conference abstract or preprint"),
    )
    # A place's names, and its people's or language's word, are one place.
    turkey = variant(title="Digital competence of pre-service teachers in Turkey", doi=None)
    renamed = {**turkey, "title": "Digital competence of pre-service teachers in Türkiye"}
    assert judge(turkey, renamed)[:2] == ("match", "enough evidence")
    assert not _places_differ("teachers in india", "indian teachers")
    assert not _places_differ("schools in burma", "schools in myanmar")
    assert _places_differ("evidence from ghana", "evidence from nigeria")
    # A place within another is no contrast with it; a name of two words is read whole.
    for x, y in (
        ("teacher workload in england", "teacher workload in the uk"),
        ("schools in hong kong", "schools in china"),
        ("schools in new south wales", "schools in australia"),
        ("african american students in texas", "american students"),
        ("latin american students", "brazilian students"),
        ("schools in latin america", "schools in the united states"),
        ("schools in new england", "schools in massachusetts"),
        ("south african teachers", "teachers in south africa"),
    ):
        assert not _places_differ(x, y), (x, y)
    for x, y in (
        ("charter schools in texas", "charter schools in florida"),
        ("schools in new mexico", "schools in mexico"),
        ("schools in west virginia", "schools in virginia"),
        ("south african teachers", "nigerian teachers"),
    ):
        assert _places_differ(x, y), (x, y)
    # A title that names both places is not a sibling of one that names one of them.
    both = {**ghana, "title": ghana["title"].replace("Ghana", "Ghana and Nigeria")}
    assert judge(both, ghana)[1] != rule_named("contrasting title words")
    # Online against face-to-face is another study, as online against blended is.
    online = variant(title="Students' engagement in online statistics courses", doi=None, pages=None)
    in_class = {**online, "title": "Students' engagement in face-to-face statistics courses"}
    assert judge(online, in_class)[:2] == ("non-match", rule_named("contrasting title words"))


def test_a_library_catalogues_statement_of_responsibility_is_no_part_of_the_title():
    # MARC's 245 $c after " / ": the thesis the article came from, as a library catalogue gives it.
    thesis = dict(
        title=BASE["title"].replace(": ", " : ") + " / Lena Hartmann.",
        authors=["Hartmann, Lena"],
        year=2021,
        type="thesis",
        container="University of Northvale",
    )
    assert _norm(2, thesis).title == _norm(1, BASE).title
    assert judge(BASE, thesis)[0] == "companion"
    assert (
        _norm(2, dict(thesis, title="Teaching and learning / edited by A. Smith")).title
        == "teaching and learning"
    )
    # Nor where the words after the slash are the title's ("Teacher / student ratios" by An,
    # "Black / White gaps" by White, "Learning / by doing").
    for title, authors in (
        ("Teacher / student ratios in an urban district", ["An, J."]),
        ("Black / White achievement gaps in urban schools", ["White, J."]),
        ("Learning / by doing in vocational schools", []),
    ):
        kept = _norm(2, dict(thesis, title=title, authors=authors)).title.split()
        assert title.split(" / ")[1].split()[1].lower() in kept, title
    # A slash in a title that names no author stays.
    assert _norm(2, dict(thesis, title="Input / output devices in lower secondary schools")).title == (
        "input output devices in lower secondary schools"
    )


def test_an_organisation_as_one_records_author_and_the_others_publisher_is_one_author():
    # ERIC gives an organisation's report with no author and the organisation as its source; a
    # reference manager's copy names the organisation as the author and no publisher.
    eric = dict(
        title="Classroom assessment in rural schools: a national survey, 2022 edition",
        authors=[],
        year=2022,
        container="Lantern Institute for Rural Schooling",
        type="report",
    )
    library = {**eric, "authors": ["Lantern Institute for Rural Schooling"], "container": None}
    assert judge(eric, library)[:2] == ("match", "enough evidence")
    # Written as the other source writes it: the parent body's acronym after it in brackets, as
    # ERIC names its sources; a country's name abbreviated by one source and not the other.
    for as_author, as_venue in (
        ("Lantern Institute for Rural Schooling", "Lantern Institute for Rural Schooling (ED)"),
        ("U.S. Office of Rural Schooling", "US Office of Rural Schooling"),
        ("United States Office of Rural Schooling", "U.S. Office of Rural Schooling"),
        ("UK Office for Rural Schooling", "United Kingdom Office for Rural Schooling"),
    ):
        pair = {**eric, "container": as_venue}, {**library, "authors": [as_author]}
        assert judge(*pair)[:2] == ("match", "enough evidence"), as_venue
    # The organisation by its acronym alone, by its name with its acronym after it, or beside
    # its parent body (a government's department and its office) as a hand-searched list names it.
    for as_author in (
        ["LIRS"],
        ["Lantern Institute for Rural Schooling (LIRS)"],
        ["U.S. Department of Rural Affairs", "Lantern Institute for Rural Schooling"],
    ):
        assert judge(eric, {**library, "authors": as_author})[:2] == ("match", "enough evidence"), as_author
    # Not a journal's initials, nor a person without initials among them.
    journal = {**eric, "container": "Journal of Rural Schooling Studies"}
    assert judge(journal, {**library, "authors": ["JRSS"]})[0] != "match"
    assert (
        judge(eric, {**library, "authors": ["Lantern Institute for Rural Schooling", "Okafor, N."]})[0]
        != "match"
    )
    # Another country's office of that name is another organisation.
    other_country = {**library, "authors": ["UK Office of Rural Schooling"]}
    assert judge({**eric, "container": "US Office of Rural Schooling"}, other_country)[0] != "match"
    # Another organisation, or a person, is not the publisher.
    assert judge(eric, {**library, "authors": ["Northern Centre for School Surveys"]})[0] != "match"
    assert judge(eric, {**library, "authors": ["Lantern Institute for Rural Schooling, I. R."]})[0] != "match"
    # Where many records of the store carry that venue, its name says little as evidence; the
    # report's title, which few records carry, in its year, still says one report (ERIC's
    # corporate source publishes hundreds); a title many records carry does not.
    many = judge(eric, library, journal_count=(40, 1))
    assert many[:2] == ("match", rule_named("one report, by the organisation")), many
    assert judge(eric, library, journal_count=(40, 1), title_count=(6, 6))[0] != "match"
    assert judge(eric, {**library, "year": 2024}, journal_count=(40, 1))[0] != "match"
    # Nor is a meeting it holds its report's publisher.
    meeting = {**eric, "container": "Annual Meeting of the Lantern Institute for Rural Schooling 2022"}
    assert judge(meeting, {**library, "authors": ["Lantern Institute for Rural Schooling"]})[0] != "match"


def test_an_organisations_annual_report_a_year_apart_is_the_next_instalment():
    report = unplaced(
        title="The state of online learning in schools",
        authors=["National Council for Online Learning"],
        year=2019,
        type="report",
    )
    rule = rule_named("an organisation's report of another year")
    assert judge(report, {**report, "year": 2020})[:2] == ("non-match", rule)
    assert rule in VETOES
    assert judge(report, {**report, "authors": [], "year": 2020})[:2] == ("non-match", rule)
    # Google Scholar gives no type: a record without volume, issue or pages naming the
    # organisation is as much its report (not one without authors: a trial's registry entry).
    untyped = {**report, "type": None}
    assert judge(untyped, {**untyped, "year": 2020})[:2] == ("non-match", rule)
    assert judge({**untyped, "authors": []}, {**untyped, "authors": [], "year": 2020})[1] != rule
    # Nor people known by one name ("Suparno"): no organisation.
    known_by_one = {**untyped, "authors": ["Suparno", "Wahyudi"]}
    assert judge(known_by_one, {**known_by_one, "year": 2020})[1] != rule
    # A group named in the plural, or with its company's "Inc.", is no person either.
    for group in ("Lantern Institutes for Research", "Lantern Reading Center, Inc."):
        by_group = {**report, "authors": [group]}
        assert judge(by_group, {**by_group, "year": 2020})[:2] == ("non-match", rule), group
    # The same report from two databases, in its year, is one report.
    assert judge(report, {**report, "container": "ERIC"})[0] == "match"
    # A person's technical report, cited with the year after it was written, is one report.
    memo = {
        **report,
        "authors": ["Hartmann, Lena", "Osei, Kwame A."],
        "container": "Technical report TR-19-04",
    }
    assert judge(memo, {**memo, "year": 2020})[1] != rule
    # Titles that name the same year name one instalment, whichever year each database gives it.
    results = {**report, "title": "International survey of online learning 2018: results"}
    assert judge(results, {**results, "year": 2018})[1] != rule
    # Another title is for the evidence to weigh, not this rule.
    assert (
        judge(report, {**report, "title": "The state of online learning in rural schools", "year": 2020})[1]
        != rule
    )
    # So is an organisation's report under one DOI.
    assert (
        judge({**report, "doi": "10.5555/ncol.2019"}, {**report, "doi": "10.5555/ncol.2019", "year": 2020})[1]
        != rule
    )


def test_one_report_published_by_a_laboratory_and_by_its_institute():
    """A report's venue is who published or distributed it: databases name the laboratory, its
    institute or the series. The same title, authors and year are one report."""
    report = unplaced(
        title="Impacts of a summer bridge program on college persistence for first-generation students",
        authors=["Castillo, Marisol", "Okafor, Daniel"],
        year=2020,
        container="Regional Lantern Laboratory Southwest",
        type="report",
    )
    institute = {**report, "container": "Institute of Lantern Sciences"}
    assert judge(report, institute)[:2] == ("match", "enough evidence")
    # Not another year's, nor one by other authors: those are for a person or apart.
    assert judge(report, {**institute, "year": 2021})[0] != "match"
    assert judge(report, {**institute, "authors": ["Brandt, Ulrike"]})[0] != "match"
    # Articles in two journals are no report.
    articles = {**report, "type": "article"}
    assert judge(articles, {**articles, "container": "Journal of Lantern Studies"})[0] != "match"


def test_two_theses_by_two_people_are_two_theses():
    thesis = unplaced(
        title="Teacher perceptions of peer observation",
        authors=["Hartmann, Lena M."],
        year=2021,
        container="ProQuest Dissertations and Theses",
        type="thesis",
    )
    other = {**thesis, "authors": ["Osei, Kwame A."]}
    assert judge(thesis, other)[:2] == ("non-match", rule_named("two theses by two people"))
    assert judge(thesis, {**other, "year": 2022, "container": "University of Ghana"})[0] == "non-match"
    # One person's thesis, the name written another way (or missing), is one.
    assert judge(thesis, {**thesis, "authors": ["L. M. Hartman"]})[0] == "match"
    assert judge(thesis, {**thesis, "authors": []})[1] != rule_named("two theses by two people")
    # Its university in one database, the thesis database in another: no venue to disagree on.
    university = {**thesis, "container": "University of Ghana", "volume": "Ed.D."}
    assert judge(thesis, university)[0] == "match"
    # Under one DOI it is one thesis, whoever the second record names.
    with_doi = {**thesis, "doi": "10.5555/thesis.2021.17"}
    assert judge(with_doi, {**with_doi, "authors": ["University of Ghana"]})[1] != rule_named("two theses")
    # Names that share a letter may be one name swapped or transliterated: the evidence decides.
    assert judge(thesis, {**thesis, "authors": ["Lena, Hartmann"]})[1] != rule_named("two theses")


def test_a_word_in_anothers_place_where_one_record_has_no_doi_or_pages_is_for_a_person():
    """Google Scholar's copy of a team's paper, without DOI or pages, one content word of its title
    in another's place: a sibling paper's title as likely as a slip."""
    article = variant(title="Home schooling and student burnout in an introductory statistics course")
    scraped = {**article, "doi": None, "volume": None, "issue": None, "pages": None}
    sibling = {
        **scraped,
        "title": "Home schooling and student learning outcomes in an introductory statistics course",
    }
    rule = rule_named("a word put in another's place")
    assert judge(article, sibling)[:2] == ("maybe", rule)
    assert judge(article, scraped)[:2] == ("match", "enough evidence")
    # Not a spelling, a form of the word or a typo; and where neither record has a DOI or pages
    # (two catalogues' entries), the rest of the citation is weighed as usual.
    for title in (
        "Home schooling and student burnouts in an introductory statistics course",
        "Home schooling and student burnuot in an introductory statistics course",
        "Hmoe schooling and student burnout in an introductory statistics course",  # letters swapped
    ):
        assert judge(article, {**scraped, "title": title})[1] != rule, title
    assert judge({**article, "doi": None, "pages": None}, sibling)[1] != rule


def test_a_title_cut_short_is_the_start_of_the_others():
    """Google Scholar cuts a long title short ("... perspectives in …"): the words it has are the
    other's first words, its numbers the other's first numbers."""
    full = variant(
        title="Engagement in synchronous online classes during COVID-19: a Delphi study of teachers"
    )
    scraped = dict(doi=None, volume=None, issue=None, pages=None)
    for cut in (
        "Engagement in synchronous online classes during …",
        "Engagement in synchronous online classes...",
    ):
        copy = {**full, **scraped, "title": cut}
        assert _norm(1, copy).title_cut
        assert judge(full, copy)[:2] == ("match", "enough evidence"), cut
    # Not the start of another title, nor a title with other numbers than the other's first.
    other = {**full, **scraped, "title": "Engagement in asynchronous online classes during …"}
    assert judge(full, other)[0] != "match"
    wave = variant(title="Engagement in online classes, wave 2: a Delphi study", doi=None)
    assert (
        judge(wave, {**wave, **scraped, "title": "Engagement in online classes, wave 3: a …"})[0]
        == "non-match"
    )
    # Without the marks the same words are a dropped ending, weighed as such.
    assert not _norm(1, {**full, "title": "Engagement in synchronous online classes during"}).title_cut


def test_two_teams_papers_under_one_generic_title_are_for_a_person():
    """One generic title in one journal and year, by two teams: nothing says one paper."""
    review = unnumbered(title="Digital literacy in higher education: a systematic review")
    other_team = {**review, "authors": ["Kowalczyk, Piotr", "Rossi, Marco"]}
    rule = rule_named("no author in common")
    assert judge(review, other_team) == ("maybe", rule, None)
    assert judge(review, review)[:2] == ("match", "enough evidence")
    # The DOI, the pages, or volume and issue say one paper, whoever the authors are.
    assert judge({**review, "doi": "10.5555/dl.1"}, {**other_team, "doi": "10.5555/dl.1"})[0] == "match"
    assert judge({**review, "pages": "1-20"}, {**other_team, "pages": "1-20"})[0] == "match"
    in_issue = dict(volume="12", issue="3")
    assert judge({**review, **in_issue}, {**other_team, **in_issue})[0] == "match"
    # Not where a side names no person (an organisation; a name cut to one letter), nor where a
    # side's first author bears a name common in the store (a page-header word every record of
    # a journal was given as its author): copies disagree there.
    assert judge(review, {**review, "authors": ["Digital Education Council"]})[1] != rule
    assert judge(review, {**review, "authors": ["P, E"]})[1] != rule
    header = {**review, "authors": ["Quarterly, M."]}
    assert judge(review, header, names={"quarterly": 30})[1] != rule
    assert judge(review, header, names={"quarterly": 3})[1] == rule


def test_one_thesis_in_two_databases_and_a_bare_citation_of_it():
    """A thesis has one author: its title by that person within a year is that thesis, whatever
    else the databases give (ProQuest, ERIC, the university's repository). Google Scholar's
    untyped record of it, with no DOI, volume or pages, is a copy of it, not the article it
    became."""
    thesis = unplaced(
        title="Teacher perceptions of peer observation in rural schools",
        authors=["Hartmann, Lena M."],
        year=2021,
        container="ProQuest Dissertations and Theses",
        volume="Ed.D.",
        type="thesis",
    )
    common = {"hartmann": 400}  # a name many records share: little evidence from it
    eric = {**thesis, "container": "ERIC", "authors": ["L Hartmann"], "year": 2022}
    assert judge(thesis, eric, names=common)[:2] == ("match", rule_named("one thesis"))
    assert judge(thesis, {**eric, "authors": ["Osei, Kwame A."]})[0] == "non-match"
    # Two people of one family name and initial: their given names tell them apart.
    essays = {**thesis, "title": "Essays in development economics", "authors": ["Wang, Yi"]}
    other_wang = {**essays, "authors": ["Wang, Yue"], "year": 2022, "container": "Lantern University"}
    assert judge(essays, other_wang, names={"wang": 400})[0] != "match"
    scholar = {**thesis, "container": "University of Lantern", "volume": None, "type": None}
    # (Naming the university, it is a thesis itself; naming nothing, a citation of one.)
    assert judge(thesis, scholar)[:2] == ("match", rule_named("one thesis"))
    assert judge(thesis, {**scholar, "container": None})[:2] == (
        "match",
        rule_named("a citation of the thesis"),
    )
    # A letter apart ("behaviour"/"behavior"), a year later, by its author's initials: that thesis.
    spelled = {
        **scholar,
        "title": thesis["title"].replace("peer", "peers"),
        "year": 2022,
        "authors": ["LM Hartmann"],
    }
    assert judge(thesis, spelled)[:2] == ("match", rule_named("one thesis"))
    # A journal's article of it is the study's publication, the thesis its companion; so is a
    # record that names a book, not a university.
    article = {**scholar, "container": "Journal of Rural Teaching", "volume": "12", "pages": "33-51"}
    assert judge(thesis, article)[0] == "companion"
    assert judge(thesis, {**scholar, "container": "Advances in Rural Teaching"})[0] == "companion"
    assert judge(thesis, {**scholar, "container": "Teachers College Record"})[0] == "companion"


def test_a_report_and_a_bare_citation_of_it_are_represented_by_the_report(store):
    """ERIC's record of a report and Google Scholar's untyped citation of it (no DOI, volume or
    pages): the report represents the study, the citation is a copy."""
    report = unplaced(
        title="Impacts of a summer bridge program for first-generation students",
        authors=["Castillo, Marisol", "Okafor, Daniel"],
        year=2020,
        container="Regional Lantern Laboratory",
    )
    _add(
        store,
        rec("eric", "ed1", **report, type="report"),
        rec("scholar", "g1", **{**report, "container": None}, type=None),
    )
    run_dedupe(store)
    roles = roles_of(store)
    assert roles == {"eric:ed1": "publication", "scholar:g1": "duplicate"}


def test_a_screening_tools_untyped_row_of_a_report_or_thesis_is_a_copy_of_it(store):
    """Covidence's or Rayyan's row carries no type: with its authors and, as its venue, the
    report's organisation or the thesis's university (in any language), it is a copy of the
    report or thesis, which represents the study; a journal's name makes it the article."""
    report = unplaced(
        title="Impacts of a summer bridge program for first-generation students",
        authors=["Castillo, Marisol", "Okafor, Daniel"],
        year=2020,
        container="Regional Lantern Laboratory",
    )
    thesis = unplaced(
        title="Teacher perceptions of peer observation in rural schools",
        authors=["Hartmann, Lena"],
        year=2021,
        container="Universidad de Granada",
    )
    row_of = {**report, "authors": ["Castillo, M.", "Okafor, D."]}
    assert judge({**report, "type": "report"}, row_of)[0] == "match"
    assert judge({**thesis, "type": "thesis"}, {**thesis, "authors": ["Hartmann, L."]})[0] == "match"
    journal_row = {**row_of, "container": "Journal of College Access"}
    assert judge({**report, "type": "report"}, journal_row)[0] == "companion"
    # Nor a journal named after the organisation, nor a university's journal or press.
    named_after = {**row_of, "container": "Regional Lantern Laboratory Studies"}
    assert judge({**report, "type": "report"}, named_after)[0] == "companion"
    for journal in ("Revista de la Universidad de Granada", "Editorial Universidad de Granada"):
        article = {**thesis, "authors": ["Hartmann, L."], "container": journal}
        assert judge({**thesis, "type": "thesis"}, article)[0] == "companion", journal
    _add(
        store,
        rec("eric", "ed1", **report, type="report"),
        rec("mendeley", "m1", **report, type="report"),
        rec("covidence", "c1", **row_of, type=None),
        rec("proquest", "t1", **{**thesis, "container": None}, type="thesis"),
        rec("rayyan", "r1", **{**thesis, "authors": ["Hartmann, L."]}, type=None),
    )
    run_dedupe(store)
    roles = roles_of(store)
    assert sorted(roles.values()) == ["duplicate"] * 3 + ["publication"] * 2, roles
    assert roles["covidence:c1"] == roles["rayyan:r1"] == "duplicate"


def test_an_untyped_row_by_an_organisation_that_is_its_own_publisher_is_its_report(store):
    """A screening tool's row gives no type; its one author, an organisation, also named as its
    venue (its publisher) says a report, as the typed copies do: one report, represented by a
    typed copy. An organisation's paper in a journal stays an article."""
    report = unplaced(
        title="The state of lantern schools 2022",
        authors=["Lantern Schools Network Europe"],
        year=2022,
        container="Lantern Schools Network Europe",
    )
    assert _norm(1, {**report, "type": None}).kind == "report"
    assert _norm(1, {**report, "type": None, "container": "Journal of Lantern Schools"}).kind == "article"
    assert _norm(1, {**report, "type": None, "authors": ["Okonkwo, Ada"]}).kind == "article"
    _add(
        store,
        rec("library", "r1", **{**report, "container": None}, type="report"),
        rec("lens", "r1", **{**report, "container": None}, type="report"),
        rec("covidence", "r1", **report, type=None),
    )
    run_dedupe(store)
    c, roles = clusters_of(store), roles_of(store)
    assert c["library:r1"] == c["lens:r1"] == c["covidence:r1"], c
    assert sorted(roles.values()) == ["duplicate", "duplicate", "publication"], roles


def test_a_preprint_with_only_bare_citations_of_it_represents_its_study(store):
    """A preprint that never became an article, with a crawler's and a search engine's bare copies
    (no type, DOI, volume or pages): the preprint represents its study and the copies are its
    duplicates, not the other way round."""
    preprint = unplaced(
        title="How do teachers respond to hackathons? A longitudinal case study",
        authors=["Okonkwo, Ada", "Lindqvist, Maria"],
        year=2012,
        container="EdArXiv",
        type="preprint",
    )
    _add(
        store,
        rec("osf", "p1", **preprint),
        rec("crawl", "c1", **{**preprint, "container": None, "type": None}),
        rec("scholar", "g1", **{**preprint, "container": None, "type": None, "authors": ["A Okonkwo"]}),
    )
    run_dedupe(store)
    c, roles = clusters_of(store), roles_of(store)
    assert c["osf:p1"] == c["crawl:c1"] == c["scholar:g1"], c
    assert roles == {"osf:p1": "publication", "crawl:c1": "duplicate", "scholar:g1": "duplicate"}, roles


def test_a_journals_record_of_an_item_titled_an_extended_abstract_elsewhere_represents_it(store):
    """One database titles a journal's item "... (Extended Abstract)", another gives it under the
    same journal with neither volume nor pages: the journal's record is the item, not a bare
    citation of the abstract, and represents the study."""
    item = unplaced(
        title="An aspect of peer tutoring in rural schools",
        authors=["Okonkwo, Ada", "Lindqvist, Maria"],
        year=1995,
        container="Lantern Teaching Record",
    )
    _add(
        store,
        rec("acm", "a1", **item, type="article"),
        rec("dblp", "d1", **{**item, "title": item["title"] + " (Extended Abstract)"}, type="article"),
    )
    run_dedupe(store)
    c, roles = clusters_of(store), roles_of(store)
    assert c["acm:a1"] == c["dblp:d1"]
    assert roles == {"acm:a1": "publication", "dblp:d1": "companion"}, roles


def test_a_thesis_and_a_journals_bare_record_of_the_article_it_became(store):
    """A journal's name on the untyped record: the article, the study's publication; the thesis
    its companion."""
    thesis = unplaced(
        title="Teacher perceptions of peer observation in rural schools",
        authors=["Hartmann, Lena M."],
        year=2021,
        container="ProQuest Dissertations and Theses",
        volume="Ed.D.",
    )
    article = {**thesis, "container": "Journal of Rural Teaching", "volume": None}
    _add(store, rec("proquest", "t1", **thesis, type="thesis"), rec("scholar", "a1", **article, type=None))
    run_dedupe(store)
    roles = roles_of(store)
    assert roles == {"scholar:a1": "publication", "proquest:t1": "companion"}


def test_bare_citations_of_a_meeting_paper_or_thesis_join_the_study_with_it(store, tmp_path):
    """Google Scholar's bare row of a meeting paper or a thesis (no type, DOI, volume or pages;
    the paper's year, two before the article's) is a copy of that report: it comes with the
    report into the study of the article the report became, as a companion, though its year keeps
    it from being the article. A person's "different" keeps it out."""
    paper = unplaced(
        title="Instructor use of early-alert dashboards at a regional public college",
        authors=["Okonkwo, Ada", "Lindqvist, Maria"],
        year=2019,
        container="Annual Meeting of the Lantern Educational Research Association",
    )
    thesis = unplaced(
        title="Student perceptions of course dashboards at a public research university",
        authors=["Hartmann, Lena"],
        year=2019,
        container="Northbridge University",
    )
    published = dict(container="Journal of Learning Technology Studies", volume="37", issue="2")
    _add(
        store,
        rec("eric", "ed1", **paper, type="conference-abstract"),
        rec(
            "scholar",
            "s1",
            **{**paper, "container": None, "authors": ["A Okonkwo", "M Lindqvist"]},
            type=None,
        ),
        rec("scopus", "a1", **{**paper, **published, "year": 2021, "pages": "101-118"}, type="article"),
        rec("wos", "a2", **{**paper, **published, "year": 2021, "pages": "101-18"}, type="article"),
        rec("proquest", "t1", **thesis, type="thesis"),
        rec("scholar", "s2", **{**thesis, "authors": ["L Hartmann"]}, type=None),
        rec("scopus", "b1", **{**thesis, **published, "year": 2021, "pages": "201-219"}, type="article"),
        rec("wos", "b2", **{**thesis, **published, "year": 2021, "pages": "201-19"}, type="article"),
    )
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert len({clusters[r] for r in ("eric:ed1", "scholar:s1", "scopus:a1", "wos:a2")}) == 1, clusters
    assert len({clusters[r] for r in ("proquest:t1", "scholar:s2", "scopus:b1", "wos:b2")}) == 1, clusters
    assert clusters["eric:ed1"] != clusters["proquest:t1"]
    assert (
        roles["scholar:s1"] == roles["eric:ed1"] == roles["scholar:s2"] == roles["proquest:t1"] == "companion"
    )
    assert {roles[r] for r in ("scopus:a1", "wos:a2", "scopus:b1", "wos:b2")} == {"publication", "duplicate"}
    # A person's "different" between the bare row and the article stands.
    ids = dict(store.con.execute("SELECT source || ':' || native_id, record_id FROM records").fetchall())
    verdicts = tmp_path / "v.csv"
    verdicts.write_text(
        f"pair,decision\n{ids['scholar:s1']}-{ids['scopus:a1']},different\n", encoding="utf-8"
    )
    assert import_review(store, verdicts, reviewer="ann").applied == 1
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["scholar:s1"] != clusters["scopus:a1"]


def test_a_bare_row_of_a_meeting_abstract_naming_the_meeting_joins_it_with_its_paper(store):
    """A one-page abstract at one meeting (AIS's TREOs) became a full paper at the next year's
    meeting. Google Scholar's row of the abstract names only the meeting (cut short): kept from
    the full paper by its venue and year, it is the abstract's copy, and comes with it."""
    title = "Platform ecosystems and the resilience of small firms"
    people = ["Bjornstad, Ingrid", "Lindqvist, Maria"]
    placed_nowhere = dict(doi=None, volume=None, issue=None, pages=None, authors=people)
    abstract = dict(placed_nowhere, title=title, year=2022)
    full = dict(placed_nowhere, title=f"{title}: a longitudinal study", year=2023)
    _add(
        store,
        rec("aisel", "treo", **abstract, container="AMCIS 2022 TREOs", type="conference"),
        rec("scholar", "row", **abstract, container="Americas Conference on Information …", type=None),
        rec("aisel", "full", **full, container="ICIS 2023 Proceedings", type="conference"),
        rec(
            "scopus",
            "full",
            **full,
            container="44th International Conference on Information Systems, ICIS 2023",
            type="conference",
        ),  # fmt: skip
    )
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert len({clusters[r] for r in ("aisel:treo", "scholar:row", "aisel:full", "scopus:full")}) == 1, (
        clusters
    )
    assert roles["aisel:treo"] == roles["scholar:row"] == "companion"


def test_a_full_paper_and_its_row_are_not_an_abstracts_copies_kept_from_the_journal_version(store):
    """A meeting's abstract (a TREO), the full paper at the next year's meeting (a proceedings'
    record, typed, and Google Scholar's row of it) and the journal article a year after that: the
    full paper is a work of its own, not the abstract's copy, so the journal article stays apart
    from it (different venues in different years)."""
    people = ["Bjornstad, Ingrid", "Lindqvist, Maria"]
    title = "Platform ecosystems and the resilience of small firms"
    nowhere = dict(doi=None, volume=None, issue=None, pages=None, authors=people)
    icis = "42nd International Conference on Information Systems, ICIS 2021"
    _add(
        store,
        rec(
            "aisel",
            "treo",
            **nowhere,
            title=title,
            year=2020,
            container="AMCIS 2020 TREOs",
            type="conference",
        ),
        rec("scopus", "icis", **nowhere, title=title, year=2021, container=icis, type="conference"),
        rec(
            "scholar",
            "icis",
            **nowhere,
            title=title,
            year=2021,
            container="International Conference on …",
            type=None,
        ),  # fmt: skip
        rec(
            "scopus",
            "jais",
            authors=people,
            title=title,
            year=2022,
            container="Journal of Lantern Systems",
            doi="10.5555/jls.00777",
            volume="23",
            issue="4",
            pages="900-930",
            type="article",
        ),  # fmt: skip
    )
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["scopus:icis"] == clusters["scholar:icis"] != clusters["scopus:jais"], clusters


def _ssrn_preprint(**fields) -> Record:
    """The record "ssrn:p1": a preprint on SSRN, placed nowhere else."""
    return rec("ssrn", "p1", **unplaced(container="SSRN Electronic Journal", **fields), type="preprint")


def test_an_editorial_typed_copy_does_not_keep_the_preprint_from_its_article(store):
    """One piece typed an editorial by one database ("Editorial Material") and an article by
    another, with its preprint: the editorial-typed copy is not the preprint's work, but it does
    not keep the preprint from the study either."""
    title = "Why platform governance needs a sociotechnical lens"
    common = dict(
        title=title, year=2021, doi="10.5555/ejis.2021.1900001", volume="30", issue="3", pages="245-252"
    )
    _add(
        store,
        rec("wos", "w1", **common, type="editorial"),
        rec("scopus", "s1", **common, type="article"),
        _ssrn_preprint(title=title, year=2020),
    )
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert clusters["wos:w1"] == clusters["scopus:s1"] == clusters["ssrn:p1"], clusters
    assert roles["ssrn:p1"] == "companion"


def test_a_preprint_is_no_report_of_an_editorial_most_of_its_copies_type_so(store):
    """A special issue's editorial, titled with its theme, by editors who posted a preprint under
    a title that starts so the year before: two databases type the editorial so, a third calls it
    an article. The preprint is not the editorial's report, whichever copy it meets."""
    people = ["Carter, Nina", "de Vries, Jan"]
    theme = "Digital business model innovation in small firms"
    editorial = dict(title=theme, authors=people, year=2020, doi="10.5555/em.2020.00412", volume="30",
                     issue="2", pages="201-204")  # fmt: skip
    _add(
        store,
        rec("scopus", "e1", **editorial, type="editorial"),
        rec("wos", "e2", **editorial, type="editorial"),
        rec("lens", "e3", **editorial, type="article"),
        _ssrn_preprint(title=f"{theme}: the role of dynamic capabilities", authors=people, year=2019),
    )
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["scopus:e1"] == clusters["wos:e2"] == clusters["lens:e3"] != clusters["ssrn:p1"], clusters


@pytest.mark.parametrize("other_type", ["review", "other", None])
def test_every_typed_copy_counts_against_an_editorial_type_and_an_untyped_one_says_nothing(store, other_type):
    """One piece typed an editorial by one database and a review or a note (other) by another:
    a tie, and its preprint is its report. Against a row no source typed (Google Scholar's), the
    editorial type stands: no preprint is the report of an editorial."""
    title = "Why platform governance needs a sociotechnical lens"
    common = dict(
        title=title, year=2021, doi="10.5555/ejis.2021.1900001", volume="30", issue="3", pages="245-252"
    )
    _add(
        store,
        rec("wos", "w1", **common, type="editorial"),
        rec("scopus", "s1", **common, type=other_type),
        _ssrn_preprint(title=title, year=2020),
    )
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["wos:w1"] == clusters["scopus:s1"], clusters
    assert (clusters["ssrn:p1"] == clusters["wos:w1"]) is (other_type is not None), clusters


def test_an_editorial_type_is_counted_against_every_copy_in_the_study_however_it_joined(store, tmp_path):
    """Two databases type a piece an editorial, two an article: a tie, and the preprint is its
    report, although one article-typed copy (under its title in another language, with no DOI)
    joined the study only by a person's verdict, never compared with an editorial-typed copy."""
    title = "Why platform governance needs a sociotechnical lens"
    common = dict(
        title=title, year=2021, doi="10.5555/ejis.2021.1900001", volume="30", issue="3", pages="245-252"
    )
    _add(
        store,
        rec("wos", "w1", **common, type="editorial"),
        rec("psyc", "p1", **common, type="editorial"),
        rec("scopus", "s1", **common, type="article"),
        # (A French catalogue's record, without DOI, pages or authors: compared with nothing.)
        rec(
            "cairn",
            "c1",
            **unplaced(title="Pourquoi la gouvernance des plateformes", year=2021, authors=[]),
            type="article",
        ),  # fmt: skip
        _ssrn_preprint(title=title, year=2020),
    )
    ids = dict(store.con.execute("SELECT source || ':' || native_id, record_id FROM records").fetchall())
    verdicts = tmp_path / "v.csv"
    a, b = sorted((ids["scopus:s1"], ids["cairn:c1"]))
    verdicts.write_text(f"pair,decision\n{a}-{b},same\n", encoding="utf-8")
    import_review(store, verdicts)
    run_dedupe(store)
    clusters = clusters_of(store)
    assert len({clusters[r] for r in ("wos:w1", "psyc:p1", "scopus:s1", "cairn:c1", "ssrn:p1")}) == 1, (
        clusters
    )


def test_no_one_page_abstract_is_the_report_of_an_editorial(store):
    """A one-page record earlier in the volume under an article's title is its abstract; under
    the title of a piece most databases type an editorial it is no report of it."""
    editorial = dict(title="Digital business model innovation in small firms", year=2020, volume="41",
                     issue="2", pages="101-104", doi="10.5555/j.ijsc.2023.02.007")  # fmt: skip
    _add(
        store,
        rec("scopus", "e1", **editorial, type="editorial"),
        rec("wos", "e2", **editorial, type="editorial"),
        rec("lens", "e3", **editorial, type="article"),
        rec("pubmed", "x1", **{**editorial, "doi": None, "pages": "12"}, type="article"),
    )
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["scopus:e1"] == clusters["wos:e2"] == clusters["lens:e3"] != clusters["pubmed:x1"], (
        clusters
    )


def test_a_preprint_retitled_at_both_ends_a_year_before_its_article_is_compared_and_linked(store):
    """The title changed at its start and near its end ("Students' ... in four colleges" /
    "Student ... at four colleges"), a year later: no title key in common, nor first author and
    year; the authors together and the years a year apart bring the two records to be compared."""
    preprint = unplaced(
        title="Students' acceptance of peer feedback software: a survey in four Lantern colleges",
        authors=["Okonkwo, Ada", "Lindqvist, Maria", "Castillo, Marisol"],
        year=2021,
        container="EdArXiv",
        doi="10.35542/osf.io/ab12c",
    )
    article = {
        **preprint,
        "title": "Student acceptance of peer feedback software: a survey at four Lantern colleges",
        "year": 2022,
        "container": "Journal of Lantern Teaching Studies",
        "doi": "10.5555/jlts.2022.0107",
        "volume": "14",
        "pages": "101-118",
    }
    _add(store, rec("osf", "p1", **preprint, type="preprint"), rec("scopus", "a1", **article, type="article"))
    # Others by the same authors two years apart are not compared for it.
    later = {**preprint, "title": "Peer feedback software in Lantern colleges", "year": 2024, "doi": None}
    _add(store, rec("scopus", "a2", **later, type="article"))
    summary = run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert clusters["osf:p1"] == clusters["scopus:a1"] != clusters["scopus:a2"]
    assert roles["osf:p1"] == "companion" and roles["scopus:a1"] == "publication"
    assert summary.candidates == 1, summary.candidates


def test_a_yearbooks_volumes_are_told_apart_by_their_isbns_and_editions_by_the_years_titles_name(store):
    """A yearbook's volumes under one title by its editors, a year apart: their ISBNs (none in
    common) say two books; an ISBN-10 and the ISBN-13 of one book are one. An annual report's
    edition whose title names its year against an untyped row of the next year's, whose title
    names none: two editions; the row joins the edition of its year."""
    yearbook = unplaced(
        title="Anuario de investigación en aulas digitales",
        authors=["Castro Ibáñez, Felipe", "López Martín, Ana Belén"],
        container="Ediciones Lantern",
        type="book",
    )
    _add(
        store,
        rec("dialnet", "b20", **yearbook, year=2020, isbn=["9788411225427"]),
        rec("library", "b20", **{**yearbook, "container": None}, year=2020, isbn=["841122542X"]),
        rec("dialnet", "b21", **yearbook, year=2021, isbn=["9788411226011"]),
        rec("mendeley", "b21", **yearbook, year=2021, isbn=["9788411226011"]),
    )
    report = unplaced(authors=["Lantern Schools Network"], container="Lantern Schools Network", type="report")
    _add(
        store,
        rec("lens", "r22", **report, title="The state of lantern schools: yearbook 2022", year=2022),
        rec("library", "r22", **report, title="The state of lantern schools: yearbook 2022.", year=2022),
        rec("library", "r23", **report, title="The state of lantern schools: yearbook 2023", year=2023),
        rec(
            "covidence",
            "r23",
            **{**report, "type": None},
            title="The State of Lantern Schools Yearbook",
            year=2023,
        ),
    )
    run_dedupe(store)
    c = clusters_of(store)
    assert c["dialnet:b20"] == c["library:b20"] != c["dialnet:b21"] == c["mendeley:b21"], c
    assert c["lens:r22"] == c["library:r22"] != c["library:r23"] == c["covidence:r23"], c
    # A database that dates an edition a year after the year its title names: the same edition.
    dated_later = unplaced(**report, title="The State of Lantern Schools Yearbook", year=2023)
    # A paper under its DOI with the proceedings' electronic ISBN, dated by the publisher, and a
    # copy without DOI with the print ISBN, dated by the meeting: no two books.
    paper = {**BASE, "isbn_key": "728115161"}
    copy = {**BASE, "doi": None, "year": 2022, "isbn_key": "728115162"}
    assert judge(paper, copy)[0] == "match"
    # A title naming a year ("... during the 2020 school closures") against a preprint of it
    # without the year, a year before: the preprint, not another edition.
    article = variant(title="Remote teaching during the 2020 school closures in rural schools", year=2022)
    preprint = {
        **article,
        "title": "Remote teaching during school closures in rural schools",
        "year": 2021,
        "container": "EdArXiv",
        "type": "preprint",
        **dict(doi=None, volume=None, issue=None, pages=None),
    }
    row = {**preprint, "container": None, "type": None}
    assert judge(article, row)[0] == "maybe"
    assert judge(article, preprint)[0] == "companion"
    dated = {**report, "title": "The state of lantern schools: yearbook 2022", "year": 2023}
    assert judge(dated, dated_later)[0] != "non-match"
    assert judge({**dated, "year": 2022}, dated_later)[:2] == ("non-match", rule_named("different numbers"))


def test_a_book_under_its_isbn_is_one_book_however_many_reviews_carry_its_title(store):
    """A book's title is its reviews' titles too, so the title is weak evidence in the store; the
    ISBN both copies of the book give, with the title and the authors, says one book. The reviews
    (other people, in journals, without the ISBN) stay apart from it."""
    book = unplaced(
        title="La escuela en red: políticas y prácticas digitales",
        authors=["Rojas Valenzuela, Carmen"],
        year=2020,
        type="book",
    )
    reviews = [
        rec(
            source,
            f"r{n}",
            **{**book, "type": "article", "authors": [who], "container": journal, "year": 2021},
        )
        for n, (source, who, journal) in enumerate(
            [
                ("scielo", "Ferreira da Silva, Mariana", "Cadernos de Formação Docente"),
                ("lens", "Ferreira da Silva, Mariana", "Cadernos de Formação Docente"),
                ("redalyc", "Torres Salinas, Andrés", "Perfiles Educativos del Sur"),
                ("lens", "Torres Salinas, A.", "Perfiles Educativos del Sur"),
            ]
        )
    ]
    _add(
        store,
        rec("library", "b1", **{**book, "pages": "312"}, isbn=["9789566048985"]),
        rec(
            "dialnet",
            "b1",
            **{**book, "authors": ["Valenzuela, Carmen Rojas"], "container": "Ediciones del Sur"},
            isbn=["9789566048985"],
        ),
        *reviews,
    )
    run_dedupe(store)
    c = clusters_of(store)
    assert c["library:b1"] == c["dialnet:b1"], c
    assert c["library:b1"] not in {c["scielo:r0"], c["redalyc:r2"]} and c["scielo:r0"] != c["redalyc:r2"], c
    # Where the title is on six records, the ISBN decides (a copy dated a year later).
    copy = {**book, "authors": ["Valenzuela, Carmen Rojas"], "container": "Ediciones del Sur", "year": 2021}
    common = {"title_count": (6, 6)}
    assert judge(book, copy, **common)[0] != "match"
    assert judge({**book, "isbn_key": "956604898"}, {**copy, "isbn_key": "956604898"}, **common)[0] == "match"
    assert judge({**book, "isbn_key": "956604898"}, {**copy, "isbn_key": "956604899"}, **common)[0] != "match"


def test_a_books_introduction_and_a_report_series_years_instalment_are_one_work_in_each_copy(store):
    """ "Introduction" recurs in a book series (every volume has one) and an intervention report's
    title in its clearinghouse's list (updated every few years): the ISBN both give with the same
    first page, from 1, is one chapter; the same organisation's report of the same year is that
    year's (its sign "[R]", as ERIC writes ®, is no word). Other books' introductions and the
    report's other years stay apart."""
    chapter = unplaced(
        title="Introduction",
        authors=["Rojas Valenzuela, Carmen", "Almeida, João Pedro"],
        year=2022,
        container="Digital Pedagogy in Lantern Universities",
        pages="1-8",
        type="chapter",
    )
    other_book = {**chapter, "container": "Digital Pedagogy in Lantern Schools", "year": 2023}
    report = unplaced(
        authors=["Lantern Evidence Clearinghouse"], container="Lantern Evidence Clearinghouse", type="report"
    )
    title = "StoryLadder. Beginning Reading Intervention Report"
    _add(
        store,
        rec("library", "c1", **chapter, isbn=["9783031677274"]),
        rec(
            "scopus",
            "c1",
            **{**chapter, "authors": ["Rojas-Valenzuela, C.", "Almeida, J.P."]},
            isbn=["3031677273"],
        ),
        rec("mendeley", "c2", **other_book, isbn=["9783031677281"]),
        rec("library", "c2", **other_book, isbn=["9783031677281"]),
        rec(
            "scopus",
            "c3",
            **{**chapter, "container": "Lantern Book Series", "year": 2021},
            isbn=["9783031600005"],
        ),
        rec("ebsco", "ED531877", **report, title=title.replace("Ladder.", "Ladder[R]."), year=2012),
        rec("proquest", "2018339629", **report, title=title.replace("Ladder.", "Ladder\u00ae."), year=2012),
        rec("ebsco", "ED560001", **report, title=title, year=2015),
        rec("proquest", "2018330001", **report, title=title, year=2015),
        rec("ebsco", "ED590001", **report, title=title, year=2019),
    )
    run_dedupe(store)
    c = clusters_of(store)
    assert c["library:c1"] == c["scopus:c1"] and c["mendeley:c2"] == c["library:c2"], c
    assert len({c["library:c1"], c["library:c2"], c["scopus:c3"]}) == 3, c
    assert c["ebsco:ED531877"] == c["proquest:2018339629"] and c["ebsco:ED560001"] == c["proquest:2018330001"]
    assert len({c["ebsco:ED531877"], c["ebsco:ED560001"], c["ebsco:ED590001"]}) == 3, c
    # A short title an organisation gives many reports a year ("Quarterly progress report") is no
    # year's one report.
    quarterly = {**report, "title": "Quarterly progress report", "year": 2018}
    assert judge(quarterly, quarterly, recurring=(True, True))[:2] == ("non-match", RECURRING_TITLE)
    marked = {**BASE, **report, "year": 2012}
    folded = {
        _norm(1, {**marked, "title": f"Read 180{sign}: a review"}).title
        for sign in ("[R]", "[TM]", "\u2122", "")
    }
    assert folded == {"read 180 a review"}
    assert _norm(1, {**marked, "title": "Vitamin [R] in mice"}).title == "vitamin r in mice"
    assert _norm(1, {**marked, "title": "The A[R] receptor in mice"}).title == "the a r receptor in mice"


def test_two_editions_of_a_book_are_two_works():
    book = unnumbered(
        title="Research methods for education students (8th ed.)", container="Campus Press", type="book"
    )
    seventh = {**book, "title": "Research methods for education students (7th ed.)", "year": 2022}
    assert judge(book, seventh)[:2] == ("non-match", rule_named("different numbers in the titles"))
    eighth_words = {**book, "title": "Research methods for education students, eighth edition"}
    seventh_words = {
        **book,
        "title": "Research methods for education students, seventh edition",
        "year": 2022,
    }
    assert judge(eighth_words, seventh_words)[:2] == (
        "non-match",
        rule_named("different numbers in the titles"),
    )
    # The same edition written two ways, or named on one side only, is one book.
    assert judge(book, eighth_words)[0] == "match"
    assert judge(book, {**book, "title": "Research methods for education students"})[0] == "match"
    assert title_edition("research methods 2nd rev ed") == 2 and title_edition("edited by a team") is None
    assert (
        title_edition("research methods twenty first edition")
        == 21
        == title_edition("research methods 21st ed")
    )


def test_different_conference_abstracts_sharing_a_proceedings_doi():
    left = variant(title="School networks in rural Norway", doi="10.5555/proc.2023", pages=None)
    right = variant(
        title="Teacher turnover and school leadership in Kenya", doi="10.5555/proc.2023", pages=None
    )
    assert judge(left, right)[:2] == ("non-match", rule_named("the same DOI on unlike titles"))


def test_one_article_under_a_title_in_another_language_keeps_its_doi():
    """The same DOI, authors, year and pages under the title in the article's own language: one
    article. With other pages or other authors, the DOI is a proceedings' or a book's."""
    translated = variant(
        title="Lehrerkooperation und Schulleistung in der Sekundarstufe: eine Mehrebenenanalyse"
    )
    assert judge(BASE, translated)[:2] == ("match", "enough evidence")
    for other in ({"pages": "119-130"}, {"authors": ["Brandt, Ulrike"]}):
        assert judge(BASE, {**translated, **other})[0] == "non-match"
    # Two titles in English, unlike, and only a first page to go by: a proceedings' DOI.
    english = variant(title="Peer observation of teaching in lower secondary schools: a case study")
    assert judge(BASE, {**english, "pages": "101"})[:2] == ("non-match", rule_named("the same DOI on unlike"))
    # A proceedings' whole range, from page 1, is no article's citation, in any language.
    volume = {"pages": "1-350"}
    for other in (english, translated):
        assert judge({**BASE, **volume}, {**other, **volume})[0] == "non-match"


def test_an_article_with_its_title_in_two_languages_keeps_its_doi():
    """A journal that prints each title in its own language and in English: one database gives
    the one, another the other, under the article's DOI, by the same authors."""
    portuguese = variant(
        title="Ensino remoto emergencial na educacao basica: percepcoes de professores",
        container="Revista Educacao e Sociedade",
        pages="e248712",
    )
    english = variant(
        title="Emergency remote teaching in basic education: perceptions of teachers",
        container="Revista Educacao e Sociedade",
        volume=None,
        pages=None,
    )
    assert judge(portuguese, english)[:2] == ("match", "enough evidence")
    # Not two teams' papers under a proceedings' DOI, nor two titles in English.
    assert judge(portuguese, {**english, "authors": ["Brandt, Ulrike"]})[0] == "non-match"
    english_too = {**portuguese, "title": "Remote teaching in rural schools: teachers' workload"}
    assert judge(english_too, english)[:2] == ("non-match", rule_named("the same DOI on unlike"))
    # English titles with words other languages have too ("do", "e-books", "no", "die") are English.
    for title in (
        "Do e-books improve reading? No",
        "Android OS e-learning apps: do students learn",
        "Die-cast models",
    ):
        assert judge({**english_too, "title": title}, english)[1] == rule_named("the same DOI on unlike"), (
            title
        )


def test_online_first_two_years_before_the_issue():
    """The same DOI, title and authors two years apart: the online-first year against the
    issue's. Without the DOI, or with other authors, two years apart are two works."""
    online = variant(year=2021, volume=None, issue=None, pages=None)
    assert judge(online, BASE)[:2] == ("match", "enough evidence")
    assert judge({**online, "doi": None}, {**BASE, "doi": None})[:2] == (
        "non-match",
        rule_named("years more than 1 apart"),
    )
    assert judge({**online, "authors": ["Brandt, Ulrike"]}, BASE)[0] == "non-match"
    # Not years further apart, nor two records that both have their place in a volume, another
    # place (a review's update under its first version's DOI).
    assert judge({**online, "year": 2015}, BASE)[:2] == ("non-match", rule_named("years more than 1 apart"))
    update = variant(year=2021, volume="39", pages="55-70")
    assert judge(update, BASE)[:2] == ("non-match", rule_named("years more than 1 apart"))
    # Nor an article number every version of a review carries ("CD001871").
    review = variant(pages="CD001871", volume="7", issue="7")
    assert judge({**review, "year": 2021}, review)[:2] == ("non-match", rule_named("years more than 1 apart"))
    # The same place, DOI and title: one article, whatever year each database gives it (the
    # online year with the issue's volume and pages, a journal two years behind).
    assert judge(variant(year=2021), BASE)[:2] == ("match", "enough evidence")
    # Pages from 1 (each article paged from 1) place nothing.
    assert judge(variant(year=2021, pages="1-18"), {**BASE, "pages": "1-18"})[0] == "non-match"
    # ERIC's copy, dated with the online year and without the DOI: the same volume and pages,
    # by the same authors, say one article; other pages or other authors, two works.
    eric = variant(year=2021, doi=None, pages="p101-118")
    assert judge(eric, BASE)[:2] == ("match", "enough evidence")
    assert judge({**eric, "pages": "p201-218"}, BASE)[0] == "non-match"
    assert judge({**eric, "authors": ["Brandt, Ulrike"]}, BASE)[0] == "non-match"
    # A reference manager's record of the article's PDF, dated the year it was downloaded: the
    # same volume, pages, title and authors are the article, however many years apart.
    downloaded = variant(year=2026, doi=None, container=None)
    assert judge(downloaded, BASE)[0] == "match"
    assert judge({**downloaded, "pages": "201-218"}, BASE)[0] == "non-match"


def test_a_junk_title_keeps_its_correct_doi():
    """A record extracted from a PDF whose title is the journal's running header (many records
    carry it) still matches the real record with its DOI."""
    junk = variant(title="International Journal of School Collaboration Vol 41 No 2", pages=None)
    decision, rule, _ = judge(BASE, junk, title_dois=(1, 40))
    assert decision != "non-match" or rule != rule_named("the same DOI on unlike titles")
    assert decision == "match"
    # What a PDF's first page prints before the title, taken for it: no title; the DOI and the
    # people say which article. "Editorial" is an item's title.
    for label in (
        "ARTICLE INFO",
        "a b s t r a c t",
        "Original Article",
        "Contents lists available at ScienceDirect",
    ):
        assert _norm(2, variant(title=label)).title == "", label
        assert judge(BASE, variant(title=label, pages=None, volume=None, issue=None))[0] == "match", label
    assert _norm(2, variant(title="Editorial")).title == "editorial"
    assert _norm(2, variant(title="Highlights", doi=None)).title == "highlights"
    assert _norm(2, variant(title="Abstract")).title == ""  # beside a DOI: the PDF's front matter
    # Two records without a title have no title in common: not a bare citation of a thesis, nor
    # a notice of an article on another page.
    thesis = dict(
        title="Untitled",
        authors=["Hartmann, Lena"],
        year=2022,
        type="thesis",
        container="University of Northvale",
    )
    assert judge(thesis, dict(title="ARTICLE INFO", authors=["Hartmann, Lena"], year=2022))[0] != "match"
    first = variant(title="Research Article", doi=None, authors=["Okonjo, Ada"])
    assert judge(first, {**first, "title": "Original Article", "pages": "305"})[0] == "non-match"


def test_a_lone_pdf_record_whose_title_is_its_pages_header_keeps_its_doi():
    """One PDF record, its title the running header of the article's own page (venue, volume,
    year and the article's first page), its authors page words: the DOI says which article. An
    issue's contents carrying the same DOI name the venue but not the article's page."""
    header = dict(
        title="International Journal of School Collaboration 41 (2023) 101-118",
        authors=["Contents lists available at ScienceDirect"],
        year=2023,
        doi=BASE["doi"],
    )
    assert judge(BASE, header)[:2] == ("match", rule_named("the same DOI, carried by no other title"))
    contents = dict(header, title="International Journal of School Collaboration, Volume 41, Issue 2")
    assert judge(BASE, contents)[0] != "match"
    # The issue's contents from the article's page on; a title with words of its own; no venue.
    for title in (
        "International Journal of School Collaboration, Volume 41, Issue 2, Pages 101-250",
        "Sustainable schools in 101 districts",
        "Vol. 41 (2023) 101-118",
    ):
        assert judge(BASE, dict(header, title=title))[0] != "match", title
    # Not where other titles carry the DOI too (a proceedings' DOI on each of its papers).
    assert judge(BASE, header, doi_count=(3, 3))[0] != "match"
    # The header of the article's pages with its volume and issue but no page ("Vol. 41, No. 2,
    # 2023"), by the article's authors, is the article; a record without the page, under the
    # DOI, likewise (the header's page is then the article's); by page words, the issue's contents.
    by_them = dict(
        header,
        authors=BASE["authors"],
        title="International Journal of School Collaboration Vol. 41, No. 2, 2023",
    )
    assert judge(BASE, by_them)[:2] == ("match", rule_named("the same DOI, carried by no other title"))
    assert judge({**BASE, "pages": None}, {**by_them, "title": header["title"]})[0] == "match"
    assert judge(BASE, dict(by_them, authors=header["authors"]))[0] != "match"
    # A volume alone, or the issue's contents by its editor (one of the article's authors, not its first).
    assert judge(BASE, dict(by_them, title="International Journal of School Collaboration 41"))[0] != "match"
    editor = dict(by_them, authors=[BASE["authors"][2]])
    assert judge(BASE, editor)[0] != "match"


def test_a_pdfs_header_naming_the_venue_by_its_initials_or_whole_name_or_the_articles_number():
    """More of the headers PDFs give as the title, beside the article's DOI: the venue by its
    initials, the volume and the article's number (a journal that numbers its articles), its
    printed pages beside that number, its first and last page where the other record gives no
    issue, or the venue's name alone (the people must then agree)."""
    header = dict(authors=BASE["authors"], year=2023, doi=BASE["doi"], container=None, volume=None,
                  issue=None, pages=None)  # fmt: skip
    numbered = variant(pages="7", issue=None)  # article 7 of volume 41
    same_doi = ("match", rule_named("the same DOI, carried by no other title"))
    for title in (
        "International Journal of School Collaboration Volume 41 Article 7",
        "IJSC Volume 41 Article 7",
        "International Journal of School Collaboration, Volume 41, Article 7, pp. 101-118, 2023",
    ):
        assert judge(numbered, dict(header, title=title))[:2] == same_doi, title
        assert judge(numbered, dict(header, title=title.replace("41", "42")))[0] != "match", title
    # Another article's number than the record's, or by other people from page 1, is not it.
    assert judge(numbered, dict(header, title="IJSC Volume 41 Article 10"))[0] != "match"
    from_1 = variant(pages="1-18", issue=None)
    by_others = dict(header, title="IJSC Volume 41 Article 10, pp. 1-18", authors=["Brandt, U."])
    assert judge(from_1, by_others)[0] != "match"
    # The article's number against a record that gives its printed pages instead.
    assert judge(BASE, dict(header, title="IJSC Volume 41 Article 7"))[:2] == same_doi
    assert judge(BASE, dict(header, title="IJSC Volume 41 Article 7", authors=["Brandt, U."]))[0] != "match"
    # First and last page, with the issue the other record does not give.
    short = variant(pages="5-19", issue=None)
    assert judge(short, dict(header, title="Int. J. Sch. Collab., 41 (2), 5-19."))[:2] == same_doi
    # The venue's whole name alone, by the same people; by others (an issue's masthead), not.
    alone = dict(header, title="International Journal of School Collaboration")
    assert judge(BASE, alone)[0] == "match"
    assert judge(BASE, dict(alone, authors=["Editorial Office"]))[0] != "match"
    assert judge(BASE, dict(alone, title="School Collaboration"))[0] != "match"
    # Nor a short title of the venue's words (an article "Computers in education" in Computers &
    # Education), nor its words in another order.
    ce = variant(container="Computers & Education")
    for title in ("Computers in education", "Education and computers", "Educational computing"):
        assert judge(ce, dict(header, title=title))[0] != "match", title
        assert _norm(1, variant(title=title, container="Computers & Education")).title != "", title


def test_a_title_that_is_its_own_venues_name_or_a_page_foot_is_no_title():
    """A PDF record titled with its own venue's name (under its DOI), or with the page's foot (the
    journal's ISSNs, a copyright line), has no title of its own; a book named as its series, a
    study of copyright, keep theirs."""
    pdf = variant(title="International Journal of School Collaboration", volume=None, issue=None, pages=None)
    assert _norm(1, pdf).title == ""
    foot = "ISSN 1436-4522 (online) and 1176-3647 (print). \u00a9 International Forum of School Collaboration"
    assert _norm(1, variant(title=foot)).title == ""
    assert _norm(1, variant(title="\u00a9 2023 The Authors")).title == ""
    assert _norm(1, variant(title="Copyright law and open educational resources")).title != ""
    # The page's foot read as the venue is no venue either.
    assert _norm(1, variant(container=foot)).journal == ""
    book = variant(
        title="School Collaboration Studies", container="School Collaboration Studies", type="book"
    )
    assert _norm(1, book).title != ""


def test_a_journals_section_named_a_report_is_an_article_in_its_volume():
    """ "Brief Report", "Case Report", "Panel Report": a journal's sections, its articles where the
    record places them in a volume; a report in a series of reports is a report."""
    assert _norm(1, variant(type="report")).kind == "article"
    assert _norm(
        1, unplaced(title="Rural school networks", type="report", container="Lantern Institute")
    ).kind == ("report")
    series = variant(type="report", container="Lantern Working Papers in Education", volume="12")
    assert _norm(1, series).kind == "report"
    # A series of reports or briefs, its reports numbered in the volume field, is a series.
    for container, volume in (
        ("NCEE Evaluation Report", "2019-4003"),
        ("RAND Research Reports", "RR-2456"),
        ("Lantern Policy Brief", "12"),
        ("Lantern Institute for Education Research", "12"),
    ):
        report = unplaced(title="Rural school networks", type="report", container=container, volume=volume)
        assert _norm(1, report).kind == "report", container


def test_a_supplement_number_exported_as_the_volume_is_no_other_volume():
    """ "30 (Suppl. 3)" exported by one database as volume 3: one side's volume is the other's
    issue, and the pages are a page apart (an abstract's first page miscounted)."""
    abstract = variant(doi=None, volume="30", issue="Suppl. 3", pages="51")
    assert judge(abstract, {**abstract, "volume": "3", "issue": None, "pages": "52"})[0] == "match"
    # A volume that is not the other's issue still says two works.
    decision, rule, _ = judge(abstract, {**abstract, "volume": "4", "issue": None, "pages": "52"})
    assert (decision, rule) == ("non-match", rule_named("different volumes"))


def test_a_citations_wrong_volume_with_the_articles_page_range_is_a_slip():
    """A citation with a wrong volume and its title shortened ("Peer tutoring." for "Peer
    tutoring algorithms") but the article's whole page range, year, authors and venue: one
    article. Not from page 1 (every issue's first article), nor by other people, nor another year."""
    article = variant(doi=None, title="Peer tutoring networks in rural schools", issue=None, pages="37-66")
    cited = {**article, "title": "Peer tutoring networks.", "volume": "42"}
    assert judge(article, cited)[0] != "non-match"
    different = ("non-match", rule_named("different volumes"))
    assert judge(article, {**cited, "pages": "37-60"})[:2] == different
    assert judge({**article, "pages": "1-30"}, {**cited, "pages": "1-30"})[:2] == different
    assert judge(article, {**cited, "authors": ["Brandt, Ulrike"]})[0] == "non-match"
    assert judge(article, {**cited, "year": 2022})[0] == "non-match"


def test_pages_and_volumes_written_as_in_a_citation():
    written = (
        "pp. 212-219",
        "pages 37-66.",
        "(pp. 137 -141)",
        "p. 806--811",
        "2, pp. 524-532,",
        "2) (pp. 52-60).",
        "12-19 (pp. 8)",
        "iii + 215 pp. 3 figs",
        "pp. 524 532.",  # the dash lost in a PDF's text
        "12 3",  # not a range
    )
    assert [pages(v) for v in written] == [
        ("212", "219"), ("37", "66"), ("137", "141"), ("806", "811"), ("524", "532"), ("52", "60"),
        ("12", "19"), (None, None), ("524", "532"), ("12", None),
    ]  # fmt: skip
    volumes = ("Vol. 6,", "volume 12", "6(1)", "(Vol. I)", "volume2,", "Vol.3")
    read = [normalise(1, "A title", [], 1991, None, "J", v, None, None, "article").volume for v in volumes]
    assert read == ["6", "12", "6", None, "2", "3"]


def test_a_page_range_whose_dash_was_lost_is_the_same_pages():
    """PDFs' text often loses the en dash: "101118" is 101-118, and neither another start page
    nor a one-page notice printed later in the volume."""
    decision, rule, report = judge(BASE, variant(pages="101118", doi=None))
    assert (decision, report) == ("match", None), rule
    # Not any number that starts like the range: a one-page item printed later.
    assert judge(BASE, variant(pages="1011", doi=None))[2] == "right"
    # Nor a range against a range ("10-11" is not "101-118" glued).
    assert judge(variant(pages="10-11"), variant(pages="101-118", doi=None))[0] == "non-match"


def test_a_number_repeated_in_a_subtitle_is_no_other_number():
    short = variant(doi=None, title="Foreword by the ICIE 19 programme chairs")
    long_ = variant(doi=None, title="Foreword by the ICIE 19 programme chairs: best papers of ICIE 19")
    assert judge(short, long_)[0] == "match"
    other = variant(doi=None, title="Foreword by the ICIE 19 programme chairs: best papers of ICIE 20")
    assert judge(short, other)[1] == rule_named("different numbers in the titles")
    # A report's number in its series, on one side only, is no other number ("(REL 2020-031)");
    # two reports' numbers are two reports.
    report = variant(doi=None, title="Impacts of a summer bridge program for first-generation students")
    assert judge(report, {**report, "title": report["title"] + " (LRL 2020-031)"})[0] == "match"
    assert judge(report, {**report, "title": report["title"] + ". LRL 2020-031"})[0] == "match"
    assert judge(
        {**report, "title": report["title"] + " (LRL 2020-031)"},
        {**report, "title": report["title"] + " (LRL 2020-032)"},
    )[1] == rule_named("different numbers in the titles")
    # Nor is its year another year of the title's; a number of four digits is a number too.
    in_2016 = {**report, "title": "Outcomes of the 2016 summer bridge program for first-generation students"}
    for number in (" (LRL 2020-031)", " (LRLE 2020-4008)"):
        assert judge(in_2016, {**in_2016, "title": in_2016["title"] + number})[0] == "match", number
    # The order of the numbers still counts: "volume 2, part 1" is not "volume 1, part 2".
    two_one = variant(doi=None, title="Teacher collaboration, volume 2, part 1")
    one_two = variant(doi=None, title="Teacher collaboration, volume 1, part 2")
    assert judge(two_one, one_two)[0] == "non-match"


def test_a_citations_slips_do_not_make_another_work():
    """A citation that gets the volume wrong, without pages, and one that gives its year before
    the title: the same article."""
    cited = variant(doi=None, pages=None, volume="42", issue=None)
    assert judge(BASE, cited)[0] == "match"
    year_first = variant(doi=None, year=None, title="(2023) " + BASE["title"])
    assert normalise(1, year_first["title"], [], None, None, None, None, None, None, None).year == 2023
    assert judge(BASE, year_first)[0] == "match"
    # A column's title in two volumes is two instalments: the volumes keep them apart.
    column = dict(title="Editor's Notes", authors=["Snodgrass, Richard T."], year=2002, container="J Data")
    decision, rule, _ = judge({**column, "volume": "31", "pages": "1-2"}, {**column, "volume": "32"})
    assert (decision, rule) == ("non-match", rule_named("different volumes"))
    # Nor another venue's volume.
    other = variant(doi=None, pages=None, volume="42", container="Journal of Rural Education")
    assert judge(BASE, other)[1] == rule_named("different volumes")


def test_a_recurring_column_needs_more_than_its_title():
    column = dict(
        title="Editor's Notes",
        authors=["Snodgrass, Richard T."],
        year=2002,
        container="SIGMOD Record",
        volume="31",
    )
    decision, rule, _ = judge(column, {**column, "container": "ACM SIGMOD Record"})
    assert (decision, rule) == ("non-match", rule_named("a title that recurs"))
    assert rule_named("a title that recurs") not in VETOES  # too little evidence, not two works
    # The same column with the same pages is one item.
    assert judge({**column, "pages": "5-6"}, {**column, "pages": "5-6"})[0] == "match"
    # A title recurring in its venue by the store's own counts, not by its words.
    talk = dict(column, title="Reminiscences on influential papers")
    assert judge(talk, talk, recurring=(True, True))[1] == rule_named("a title that recurs")
    # A track's or a special issue's introduction recurs with its topic, year after year.
    track = dict(
        title="Introduction to the minitrack on digital government services",
        authors=["Osei, Kwame A.", "Hartmann, Lena"],
        year=2021,
        container="Proceedings of the Annual Lantern Conference on System Sciences",
    )
    assert judge(track, {**track, "year": 2022})[:2] == ("non-match", rule_named("a title that recurs"))
    assert judge({**track, "pages": "2101-2102"}, {**track, "pages": "2101-2102"})[0] == "match"
    # It comes once a year: that year's, by the same people in the same venue, is one item (a
    # citation without its pages or DOI); by other people, or in another venue, it is not.
    assert judge(track, {**track, "pages": "2101-2102", "container": "LCSS"})[0] == "match"
    assert judge(track, {**track, "authors": ["Lindqvist, Maria", "Seo, Minji"]})[0] != "match"
    other_venue = {**track, "container": "Journal of Public Sector Information Systems"}
    assert judge(track, other_venue)[0] != "match"
    # A special issue's introduction under its DOI, online first two years before its issue, or
    # cited with a slip of the volume, is one item, as any article is.
    intro = variant(title="Introduction to the special issue on teacher collaboration networks")
    online_first = {**intro, "year": 2021, "volume": None, "issue": None, "pages": None}
    assert judge(intro, online_first)[0] == "match"
    # Cited with a slip of the volume and no pages, it is the one other record with its title
    # in its year (its twin), or nothing says which instalment it is.
    cited = {**intro, "doi": None, "volume": "42", "pages": None}
    assert judge(intro, cited, twin=(2, 1))[0] == "match"
    # Where each issue is paged from 1, every issue's editorial starts on page 1: the page says
    # nothing, the issues do.
    editorial = dict(column, title="Editorial", issue="2", pages="1-3", doi=None)
    assert judge(editorial, {**editorial, "issue": "3", "pages": "1-2"})[0] == "non-match"
    assert judge(editorial, {**editorial, "issue": "3"})[0] == "non-match"
    assert judge(editorial, {**editorial, "pages": "1-3"})[0] == "match"
    # An article paged from 1, its issue a slip in one database: the same range by the same
    # authors is one article (not a column's).
    paged = variant(pages="1-18", issue="2")
    assert judge(paged, {**paged, "issue": "3", "doi": None})[0] == "match"
    # Under two labels in one issue, on its pages: one introduction.
    guest = dict(column, title="Guest editorial: learning analytics dashboards", issue="2", pages="226-229")
    special = {**guest, "title": "Guest editorial: special issue on learning analytics dashboards"}
    assert judge(guest, special)[0] == "match"


def test_unlike_titles_are_for_a_person_whatever_else_agrees():
    """Two abstracts printed on one page of a supplement agree on everything but the title."""
    one = variant(title="Eculizumab in adult patients with a rare kidney disease", doi=None, pages="1660")
    other = variant(
        title="Home infusion as a model of drug delivery for a rare kidney disease", doi=None, pages="1660"
    )
    assert judge(one, other)[:2] == ("maybe", rule_named("titles unlike"))
    assert judge(one, {**one, "title": None})[:2] == ("maybe", rule_named("titles unlike"))
    # Two conferences' versions of one talk: the same title, venues apart, nothing else to cite.
    talk = dict(title="Application servers and associated technologies", authors=["Mohan, C."], year=2002)
    assert judge({**talk, "container": "SIGMOD Conference"}, {**talk, "container": "VLDB"})[0] != "match"


def test_a_number_glued_to_a_word_is_the_same_number():
    web = "Teaching with Web 2.0 tools in rural secondary schools: a mixed-methods study"
    glued = web.replace("Web 2.0", "Web2.0")
    assert judge(variant(title=web, doi=None), variant(title=glued, doi=None))[:2] == (
        "match",
        "enough evidence",
    )
    assert judge(variant(title=web + ", part 1", doi=None), variant(title=glued + ", part 2", doi=None))[
        :2
    ] == (
        "non-match",
        "different numbers in the titles",
    )
    assert judge(
        variant(title="Database tuning, part I", doi=None),
        variant(title="Database tuning, part II", doi=None),
    )[:2] == ("non-match", "different numbers in the titles")
    # Nor where one database dropped the subtitle.
    covid = "Student engagement in online learning during COVID-19"
    full = variant(title=covid + ": a mixed-methods study of first-year students in two countries", doi=None)
    assert (
        judge(full, variant(title=covid.replace("-", ""), doi=None))[1] != "different numbers in the titles"
    )


def test_an_annual_report_of_another_year_is_another_edition():
    report = dict(authors=["Lantern Council of Teachers"], doi=None, container=None, volume=None, issue=None,
                  pages=None, type="report", year=2021)  # fmt: skip
    this_year = variant(title="Schools at a glance 2021: indicators of teaching and learning", **report)
    next_year = {**this_year, "title": this_year["title"].replace("2021", "2022")}  # catalogued in 2021
    assert judge(this_year, next_year)[:2] == ("non-match", "different numbers in the titles")
    # A year only one title names is a subtitle dropped, not another edition.
    dropped = {**this_year, "title": "Schools at a glance: indicators of teaching and learning"}
    assert judge(this_year, dropped)[1] != "different numbers in the titles"
    # A school year written short or in full is one year; another school year is another edition.
    short = {**this_year, "title": "Schools in the 2020-21 school year: indicators of teaching"}
    assert judge(short, {**short, "title": short["title"].replace("2020-21", "2020-2021")})[0] == "match"
    assert judge(short, {**short, "title": short["title"].replace("2020-21", "2021-22")})[:2] == (
        "non-match",
        "different numbers in the titles",
    )


def test_an_article_online_before_its_issue_is_paged_from_one():
    ahead = variant(doi=None, volume=None, issue=None, pages="1-18")
    assert judge(ahead, variant(doi=None))[:2] == ("match", "enough evidence")
    # With a volume of its own, page 1 is a page: another article (not where the range is as
    # long as the other's: a PDF's own pages, see the test below).
    assert judge(variant(doi=None, pages="1-12"), variant(doi=None))[0] == "non-match"


def test_one_title_at_two_meetings_of_a_conference_is_two_papers():
    """A research-in-progress paper and the completed paper a year later, under one title."""
    first = unnumbered(container="ICIE 2018 Proceedings", year=2018)
    second = {**first, "container": "ICIE 2019 Proceedings", "year": 2019}
    assert judge(first, second)[:2] == ("non-match", "different venues in different years")
    # One meeting's paper, its year a year off in one database (a December meeting).
    assert judge(second, {**second, "year": 2020})[0] == "match"
    # A workshop at a conference is a meeting of its own year, as DBLP's names with the year of
    # their proceedings' key are ("DDO@ECIS 2021", "NCISR 2014"); a citation naming no year joins either.
    workshop = {**first, "container": "DDO@ECIS 2021", "year": 2021}
    assert judge(workshop, {**first, "container": "ECIS 2022", "year": 2022})[0] == "non-match"
    assert judge({**first, "container": "NCISR 2014"}, {**first, "container": "NCISR 2015", "year": 2015})[
        0
    ] == ("non-match")
    assert judge(workshop, {**workshop, "container": "DDO@ECIS"})[0] == "match"
    # The workshop is named by its own acronym, as the other copy spells it out (the host left out).
    named = journal_key("Workshop on Learning Analytics Work")
    assert venues_compatible(journal_key("LAW@ICIE 2016"), named) == 1
    assert venues_compatible(journal_key("LAW@ICIE 2016"), journal_key("ICIE 2016")) == 0


def test_an_eric_submission_names_no_venue():
    # ERIC's "Grantee Submission" and "Online Submission" are how it got the paper, not where it
    # was published: the author's manuscript of the journal article is the article.
    assert journal_key("Grantee Submission") == journal_key("Online Submission") == ""
    manuscript = unnumbered(container="Grantee Submission", type=None)
    assert judge(manuscript, BASE)[:2] == ("match", "enough evidence")
    # Nor is a database ("ERIC"), a site ("books.google.com") or a web address after a venue.
    assert journal_key("ERIC") == journal_key("books.google.com") == ""
    # Nor a publisher's name alone, as Google Scholar gives it; a journal named after one is a journal.
    publishers = (
        "Taylor & Francis",
        "SAGE Publications Sage CA: Los Angeles, CA",
        "Emerald Publishing Limited",
    )
    assert {journal_key(p) for p in publishers} == {""}
    assert journal_key("Sage Open") and journal_key("Wiley Interdisciplinary Reviews: Cognitive Science")
    recommended = "ICIE 2021 Proceedings. 12. https://library.example.org/icie2021/teaching/12"
    assert journal_key(recommended) == journal_key("ICIE 2021 Proceedings")
    paper = unnumbered(container="ICIE 2021 Proceedings", type=None)
    for container in (recommended, "books.google.com", "ERIC"):
        assert judge(paper, {**paper, "container": container})[:2] == ("match", "enough evidence"), container


def test_a_book_series_is_no_venue_against_its_conference():
    """Scopus gives the series a workshop's papers appear in, DBLP the workshop."""
    series = variant(doi=None, container="Lecture Notes in Instructional Design Processing", volume="389",
                     issue=None, pages="3-17")  # fmt: skip
    workshop = unnumbered(container="IDP 2020 Workshops")
    assert judge(series, workshop)[:2] == ("match", "enough evidence")
    # A series is proceedings: the journal version of the paper a year later is another venue.
    journal = variant(
        doi=None, container="Instructional Design Processing Journal", volume=None, year=2021, pages=None
    )
    assert judge({**series, "year": 2020}, journal)[:2] == (
        "non-match",
        "different venues in different years",
    )


def test_a_translated_title_with_the_whole_citation_the_same_is_one_article():
    """One database gives the original title, another its English translation in brackets;
    venue, year, volume, page range and authors are the same."""
    original = variant(title="Redes de colaboración docente y rendimiento escolar", doi=None)
    translated = variant(title="[Teacher collaboration networks and school achievement]", doi=None)
    assert judge(original, translated)[:2] == ("match", "enough evidence")
    # Not on one page of a supplement, nor with another team, nor without a title to read.
    assert judge({**original, "pages": "S12"}, {**translated, "pages": "S12"})[0] == "maybe"
    assert judge(original, {**translated, "authors": ["Brandt, Ulrike", "Osei, Kwame A."]})[0] != "match"
    assert judge(original, {**translated, "title": None})[0] == "maybe"
    # Nor the same pages in another issue (an editor's column), nor pages counted from 1.
    assert judge(original, {**translated, "issue": "3"})[0] != "match"
    assert judge({**original, "pages": "1-18"}, {**translated, "pages": "1-18"})[0] != "match"


def test_too_little_evidence_is_not_a_match():
    bare = {"title": "Homework and sleep", "year": 2020}
    assert judge(bare, bare)[:2] == ("maybe", rule_named("some evidence"))
    assert judge(bare, {**bare, "year": 2021})[:2] == ("non-match", "too little evidence")


# ---- decide: a study's reports ----------------------------------------------------------------------


def test_an_erratum_and_a_retraction_join_their_article_as_notices():
    erratum = variant(title="Erratum: " + BASE["title"], doi="10.5555/j.ijsc.2023.02.099", pages="240")
    assert judge(BASE, erratum) == ("notice", rule_named("a notice about the other"), "right")
    retraction = variant(title="Retraction note to: " + BASE["title"], doi="10.5555/r", year=2025, pages="12")
    assert judge(retraction, BASE) == ("notice", rule_named("a notice about the other"), "left")
    # A notice about another article is not this article's.
    other = variant(title="Erratum: Homework policy in Italian primary schools", doi="10.5555/e", pages="240")
    assert judge(BASE, other)[0] == "non-match"
    # Signed by the editor who issued it, not the authors: still a notice about the article
    # whose whole title it names; not about a short title another paper could carry.
    signed = {**erratum, "authors": ["Brandt, Ulrike"]}
    assert judge(BASE, signed) == ("notice", rule_named("a notice about the other"), "right")
    # Even where the article's copies dated the year of its retraction make its title look like
    # one that recurs in the venue.
    assert judge(BASE, signed, recurring=(True, True))[0] == "notice"
    # Not a notice naming a title that only nearly is the article's (another article's, by its
    # own authors: "... in Norway").
    other_signed = {**signed, "title": "Erratum: " + BASE["title"] + " in Norway"}
    assert judge(BASE, other_signed)[0] != "notice"
    short = variant(title="Peer tutoring in rural schools", doi="10.5555/p")
    short_signed = {**signed, "title": "Erratum: Peer tutoring in rural schools"}
    assert judge(short, short_signed)[0] != "notice"
    # Nor is a notice about a sibling paper, its title one contrasting word away.
    sibling = variant(
        title="Correction to: " + BASE["title"].replace("lower secondary", "vocational"), doi="10.5555/c"
    )
    academic = variant(title=BASE["title"].replace("lower secondary", "academic"))
    assert judge(academic, sibling)[0] == "non-match"
    # The article's citation after its title, as publishers and Scopus print it.
    for cited in (
        f'Corrigendum to "{BASE["title"]}" [International Journal of School Collaboration 41 (2023) 101-118]',
        f"Erratum: {BASE['title']} (International Journal of School Collaboration, (2023), 41, 2, (101-118))",
    ):
        erratum = variant(title=cited, doi="10.5555/j.ijsc.2023.09.001", pages="240")
        assert judge(BASE, erratum) == ("notice", rule_named("a notice about the other"), "right")
    # Numbers in brackets that are the title's own are no citation.
    assert notice_subject("Erratum: Trends in reading (PIRLS 2011, 2016, 2021)")[1].startswith(
        "Trends in reading (PIRLS"
    )


def test_a_venue_google_scholar_cut_short_is_the_venue_it_starts():
    assert venues_compatible(
        journal_key("Government Information …"), journal_key("Government Information Quarterly")
    )
    assert venues_compatible(journal_key("Computers & Educ..."), journal_key("Computers & Education"))
    assert not venues_compatible(journal_key("Computers & Educ…"), journal_key("Computers in Human Behavior"))
    # Cut in the middle of a word, against the name written out or abbreviated, either way round.
    for cut, whole in (
        ("Computers & Educat…", "Computers & Education"),
        ("Journal of Computer Assisted Lea…", "J Comput Assist Learn"),
        ("Journal of the Association for Inf…", "J. Assoc. Inf. Syst."),
        ("Government Information …", "Government Info…"),
        # Cut inside the word that says it is a conference: still a conference's name.
        ("Proceedings of the 31st European Confere…", "Proceedings of the 31st European Conference on "
         "Information Systems (ECIS 2023)"),
    ):  # fmt: skip
        assert venues_compatible(journal_key(cut), journal_key(whole)), (cut, whole)
        assert venues_compatible(journal_key(whole), journal_key(cut)), (whole, cut)
    assert not venues_compatible(
        journal_key("Proceedings of the 31st European Confere…"),
        journal_key("Proceedings of the 30th European Conference on Information Systems"),
    )
    # Not another meeting of the conference.
    icis = "Proceedings of the {} International Conference on Information Sys{}"
    assert not venues_compatible(journal_key(icis.format(2019, "…")), journal_key(icis.format(2020, "tems")))
    cut = unnumbered(
        container="International Journal of School …", authors=["L Hartmann", "KA Osei", "M Lindqvist"]
    )
    assert judge(BASE, cut)[0] == "match"


def test_a_venue_google_scholar_cut_at_its_start_is_the_venue_it_ends():
    for cut, whole in (
        ("… of School Collaboration", "International Journal of School Collaboration"),
        ("… on Computing Education", "ACM Trans. Comput. Educ."),
        ("...of Educational Technology", "British Journal of Educational Technology"),
    ):
        assert venues_compatible(journal_key(cut), journal_key(whole)), (cut, whole)
        assert venues_compatible(journal_key(whole), journal_key(cut)), (whole, cut)
    # Not a venue it does not end.
    for other in ("Computers & Education", "Journal of Educational Psychology", "ICIS 2019 Proceedings"):
        assert not venues_compatible(journal_key("… of Educational Technology"), journal_key(other)), other
    # A name's end says no more than that the other may be it (ICIS's, ECIS's, AMCIS's).
    assert venues_compatible(journal_key("… Conference on Information Systems"), journal_key("ICIS")) <= 1
    assert (
        venues_compatible(
            journal_key("… Conference on Information Systems"),
            journal_key("International Conference on Information Systems"),
        )
        == 1
    )
    # Scholar's row of the article: its venue cut, no pages or DOI, the authors as initials.
    cut = {
        **unnumbered(container="… of School Collaboration", authors=["L Hartmann", "KA Osei", "M Lindqvist"]),
        "volume": "41",
    }
    assert judge(BASE, cut)[0] == "match"


def test_a_record_without_a_title_is_the_work_its_doi_names():
    untitled = unplaced(title="Untitled", authors=[], year=BASE["year"], doi=BASE["doi"])
    rule = rule_named("a record without a title, under a DOI no other title carries")
    assert judge(BASE, untitled)[:2] == ("match", rule)
    assert judge(BASE, {**untitled, "title": None})[:2] == ("match", rule)
    # Not a DOI three titles carry (a proceedings' or an issue's DOI).
    assert judge(BASE, untitled, doi_count=(3, 3))[1] != rule
    # Nor a book's record by its editors beside a chapter under the book's DOI.
    book = unplaced(title="[No title available]", authors=["Brandt, Ulla", "Ngata, Hemi"], doi=BASE["doi"],
                    year=BASE["year"], type="book")  # fmt: skip
    assert judge(BASE, book)[1] != rule


@pytest.mark.parametrize(
    "cited",
    [
        "(vol 41, pg 101, 2023)",
        "(vol 41, 101, 2023)",
        "(vol 41, art no 101, 2023)",
        "(vol 41, 2023)",
        "(Vol 41, Pg 101, 2023).",
    ],
)
def test_a_web_of_science_correction_titled_with_its_article_citation_is_a_notice(cited):
    """Web of Science titles a correction with the article's title and a citation of it, "X (vol
    41, pg 101, 2023)", and may type it an article: a notice of the article, not a copy of it,
    and not another work (its own DOI, volume and page)."""
    later = dict(doi="10.5555/j.ijsc.2024.01.011", volume="42", issue="1", pages="7", year=2024)
    correction = variant(title=f"{BASE['title']} {cited}", **later)
    assert judge(BASE, correction)[:3] == ("notice", rule_named("a notice about the other"), "right")
    # A title with a volume in brackets but no year after it is no citation; nor is a book's or
    # proceedings' volume in its title, nor an issue's citation in another form.
    assert _norm(1, variant(title="Teaching statistics with R (vol 2)")).kind == "article"
    for title, kind in (
        ("Mathematics education in the digital age (Vol. 2, 2019)", "book"),
        ("Handbook of research on educational communications and technology (vol 4, 2014)", "book"),
        (
            "Proceedings of the 14th International Conference of the Learning Sciences (vol 1, 2020)",
            "conference",
        ),
        ("Teacher wellbeing after the pandemic (Vol 5, No 2, 2019)", "article"),
    ):
        assert _norm(1, variant(title=title, type=kind)).kind not in ("erratum", "retraction"), title
    # The short form ("(vol 8, 2019)") only on a record that places itself.
    assert _norm(1, unplaced(title=f"{BASE['title']} (vol 41, 2023)")).kind == "article"


def test_a_spanish_name_filed_by_either_family_name_with_the_other_as_an_initial_is_one_person():
    """ "Cortés Sepúlveda, Paula" filed by one database as "Cortés, P." and by another as
    "Sepúlveda, P. C." (its first family name read as an initial); "López Valenzuela, F. J." as
    "López, F. J. V." and "Valenzuela, F. J.". Not where the initials say another person."""
    assert _overlap(["Cortés, P.", "Quispe, Rosa"], ["Sepúlveda, P. C.", "Quispe, R."]) == 1.0
    assert _overlap(["López, F. J. V."], ["Valenzuela, F. J."]) == 1.0
    assert _overlap(["Cortés, P."], ["Sepúlveda, M. C."]) == 0.0
    assert _overlap(["Cortés, P."], ["Sepúlveda, P. D."]) == 0.0
    assert _overlap(["Cortés, Paula"], ["Sepúlveda, Pilar C."]) == 0.0


def test_a_portuguese_name_by_its_last_family_name_is_one_person():
    """ "de Oliveira Martins, R." in one database, "Martins, R." in another (a Portuguese name's
    last family name is the one it is filed by); not after a short word, which may be a given
    name read into the family name ("Le Cheong")."""
    assert _overlap(["de Oliveira Martins, R.", "Quispe, Rosa"], ["Martins, R.", "Quispe, R."]) == 1.0
    assert _overlap(["Silva Santos, Ana"], ["Santos, A."]) == 1.0
    assert _overlap(["Silva Santos, Ana"], ["Santos, M."]) == 0.0  # another person of that name
    assert _overlap(["Silva Santos, Ana"], ["Santos, Alice"]) == 0.0  # (their given names say so)
    assert _overlap(["Le Cheong, H."], ["Cheong, H. I."]) == 0.0


def test_notices_as_databases_head_them_join_their_article():
    rule = rule_named("a notice about the other")
    later = dict(doi="10.5555/j.ijsc.2023.09.001", issue="3", pages="401")
    # No author, as Scopus writes it: the notice names none.
    for nobody in (["[No author name available]"], ["Anonymous"], []):
        anonymous = variant(title="Correction to: " + BASE["title"], authors=nobody, **later)
        assert judge(BASE, anonymous) == ("notice", rule, "right"), nobody
    # Web of Science's retraction notice: the article's title, then what it retracts (cut short
    # in some exports), typed "Retraction" or not; Taylor & Francis's "Statement of Retraction".
    for title, kind in (
        (BASE["title"] + " (Retraction of Vol 41, Pg 101, 2023)", None),
        (BASE["title"] + " (Retraction of Vol 41, P", None),
        (BASE["title"], "retraction"),
        ("Statement of Retraction: " + BASE["title"], None),
        # PsycINFO's: the article's title in quotes after "Retraction of".
        ("Retraction of \u201c" + BASE["title"] + "\u201d", None),
        ('Retraction of "' + BASE["title"] + '"', None),
    ):
        notice = variant(title=title, authors=[], year=2024, type=kind, **later)
        assert _norm(2, notice).kind == "retraction", title
        assert judge(BASE, notice) == ("notice", rule, "right"), title
    # Not an article about correcting something.
    assert _norm(2, variant(title="Correction of errors in teachers' grading of essays")).kind == "article"
    # Nor an article with a quoted word after "of" ('Correction of "errors" in ...').
    quoted = variant(title='Correction of "errors" in student essays: a feedback study')
    assert _norm(2, quoted).kind == "article"
    assert judge(quoted, {**quoted, "title": "Correction of errors in student essays: a feedback study"})[
        0
    ] == ("match")
    # Web of Science's mark on the retracted article itself, beside the article's other copies:
    # a copy (its mark dropped: a marked copy of another year could pass for a notice titled so).
    marked = variant(title=BASE["title"] + " (Retracted article. See vol. 42, pg. 88, 2024)")
    assert _norm(2, marked).title == _norm(1, BASE).title
    assert judge(BASE, marked)[0] == "match"
    assert judge(unnumbered(year=2022), {**marked, "year": 2023})[0] == "match"
    # A notice that names nothing (Taylor & Francis's bare "Correction") beside another database's
    # copy of that notice under its DOI: one notice; under another DOI, another.
    bare = variant(title="Correction", type=None, authors=[], **later)
    titled = variant(title=BASE["title"] + " (vol 41, pg 101, 2023)", type="erratum", authors=[], **later)
    assert judge(titled, bare)[0] == "match"
    assert judge(titled, {**bare, "doi": "10.5555/j.ijsc.2023.09.002"})[0] == "non-match"
    # Two databases' copies of one corrigendum under its DOI: one notice, not a proceedings' DOI
    # on two papers.
    cited = "[International Journal of School Collaboration 41 (2023) 101]"
    elsevier = variant(title=f'Corrigendum to "{BASE["title"]}" {cited}', type="erratum", **later)
    wos = variant(title=BASE["title"] + " (vol 41, pg 101, 2023)", type="erratum", **later)
    assert judge(elsevier, wos)[0] == "match"
    # An article whose title names a year: the year in a notice's citation of it, or the year a
    # notice adds, names no other instalment.
    dated = variant(title="Remote teaching in 2020: lessons from lower secondary schools in Kenya")
    for title in (
        f'Corrigendum to "{dated["title"]}" [Comput. Educ. 41 (2021) 101]',
        f'Retraction notice to "{dated["title"]}" [Comput. Educ. 41 (2021) 101]',
        f"Erratum: {dated['title']} (2021)",
    ):
        assert judge(dated, variant(title=title, year=2024, **later))[:2] == ("notice", rule), title
    assert judge(dated, variant(title=f"Erratum: {dated['title'].replace('2020', '2021')}", **later))[0] != (
        "notice"
    )


def test_a_column_printed_on_the_same_page_of_every_issue_is_one_instalment_per_issue():
    """A column ("From the President", "Editor's Note") that the journal prints on page 3 of
    every issue: two issues' instalments start on one page and are still two items. (An
    article's copies with issues that disagree but the same first page stay one.)"""
    column = variant(title="From the President", doi=None, issue="5", pages="3-4", authors=["Moreau, Claire"])
    assert judge(column, {**column, "issue": "6"})[0] == "non-match"
    assert judge(column, {**column, "issue": "6", "pages": "3"})[0] == "non-match"
    assert judge(variant(doi=None), variant(doi=None, issue="3"))[0] == "match"


def test_a_column_instalment_on_one_page_is_no_notice_or_abstract_of_another():
    """Two instalments of a column ("From the President") in one volume, one of them a single
    page: not a notice printed after the other, nor an abstract printed before it."""
    first = variant(title="From the President", doi=None, issue="1", pages="4-5", authors=["Moreau, Claire"])
    for page, issue in (("88", "3"), ("2", "1")):
        other = {**first, "issue": issue, "pages": page}
        assert judge(first, other)[0] not in ("notice", "companion", "match"), page
        assert judge(other, first)[0] not in ("notice", "companion", "match"), page


@pytest.mark.parametrize("part", ["Executive summary", "Fact sheet", "Key findings", "Technical appendix"])
def test_a_part_of_a_report_named_before_its_title_is_another_document(part):
    """ "Executive summary: <the report's title>": a part of the report published on its own, as
    "<title>: Executive summary" is. Not under one DOI that no other title carries."""
    report = unplaced(title="Chronic absenteeism in rural districts: a landscape analysis", year=2021,
                      authors=["Regional Educational Laboratory Central"], type="report")  # fmt: skip
    summary = {**report, "title": f"{part}: {report['title']}"}
    assert judge(report, summary)[0] == "non-match"
    assert judge({**report, "type": None}, summary)[0] == "non-match"  # (Google Scholar's row)
    doi = "10.5555/rel.2021.0113"
    assert judge({**report, "doi": doi}, {**summary, "doi": doi})[0] == "match"


def test_another_edition_of_a_report_is_no_companion_of_it():
    """A report's second edition, and a row of its third two years later: two works, however
    like their titles and people are."""
    second = unplaced(title="State policies on academic tracking (2nd ed.)", year=2019, type="report",
                      authors=["Education Commission of the States"])  # fmt: skip
    third = {**second, "title": "State policies on academic tracking (3rd ed.)", "year": 2021, "type": None}
    assert judge(second, third)[0] not in ("companion", "match")
    assert judge({**third, "title": second["title"]}, second)[0] == "companion"  # (the same edition)


def test_a_citation_of_a_working_paper_naming_its_organisation_comes_with_it_to_the_article(store):
    """A working paper (ERIC's report, the research centre its corporate source), Google
    Scholar's row of it naming the centre as its venue and nothing else, and the article it
    became the next year: one study; the row is the working paper's copy, not a second
    publication that the article's other venue and year keep apart."""
    people = ["Gupta, Mehmet", "Lin, Wei", "Wright, Emily"]
    centre = "National Center for Analysis of Longitudinal Data in Education Research"
    title = "Microcredentials, grade progression, and equity in Houston"
    _add(
        store,
        rec(
            "eric",
            "ED598277",
            **unplaced(title=title, authors=people, year=2014, container=centre),
            type="report",
        ),
        rec(
            "scholar",
            "r1",
            **unplaced(title=title, authors=["M Gupta", "W Lin", "E Wright"], year=2014, container=centre),
            type=None,
        ),  # fmt: skip
        rec(
            "wos",
            "a1",
            title=title.replace(", and", " &"),
            authors=people,
            year=2015,
            doi="10.5555/efp.2015.0042",
            container="Education Finance and Policy",
            volume="10",
            issue="3",
            pages="301-329",
            type="article",
        ),  # fmt: skip
    )
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert clusters["eric:ED598277"] == clusters["scholar:r1"] == clusters["wos:a1"], clusters
    assert roles["wos:a1"] == "publication" and roles["eric:ED598277"] == "companion", roles


def test_a_notice_joins_one_study_not_two_siblings_under_a_title_like_both(store):
    """One team's two papers in one year whose titles differ in one word ("... of high school
    students" / "... of Indigenous students"), the first with its erratum: the erratum may be
    taken for either's, but it does not bring the two into one study."""
    people = ["Haddad, Samir", "Quispe, Rosa"]
    stem = "Understanding career and technical education: a mixed-methods study of"
    first = unplaced(title=f"{stem} high school students", authors=people, year=2022)
    venue = dict(container="Journal of Career and Technical Education", volume="37", issue="2", pages="45-67")
    second = dict(title=f"{stem} Indigenous students", authors=people, year=2022, **venue)
    erratum = dict(
        second, title=f"Erratum: {stem} high school students", issue="4", pages="210", type="erratum"
    )
    _add(
        store,
        rec("scholar", "h1", **first, type=None),
        rec("eric", "i1", **second, doi=None, type="article"),
        rec("edsource", "i2", **second, doi=None, type="article"),
        rec("eric", "n1", **erratum, doi=None),
        rec("edsource", "n2", **erratum, doi=None),
    )
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["eric:i1"] == clusters["edsource:i2"] != clusters["scholar:h1"], clusters
    # The erratum joins the paper it names, not the sibling whose venue it shares.
    assert clusters["eric:n1"] == clusters["edsource:n2"] == clusters["scholar:h1"], clusters


def test_a_one_page_notice_or_abstract_under_the_article_own_title():
    later = variant(doi=None, pages="240")  # printed later in the volume: an unmarked erratum
    assert judge(BASE, later) == ("notice", rule_named("a one-page notice"), "right")
    earlier = variant(doi=None, pages="12")  # earlier: a meeting abstract in the supplement
    assert judge(earlier, BASE) == ("companion", rule_named("a one-page abstract"), "left")
    # Other authors on that page: a comment, a work of its own.
    comment = variant(doi=None, pages="240", authors=["Brandt, Ulrike"])
    assert judge(BASE, comment)[0] == "non-match"
    # An article number against the article's PDF, paged from 1, says nothing of where either
    # lies: the same article.
    numbered = variant(doi=None, pages="6021", issue=None)
    assert judge(variant(doi=None, pages="1-18", issue=None), numbered)[:2] == ("match", "enough evidence")
    # A printed page later in the volume than an early article's still is one; against an
    # article paged from 1, a lone number may be its article number (ACM's "45" against "1-29").
    assert judge(variant(doi=None, pages="3-18"), later)[:2] == ("notice", rule_named("a one-page notice"))
    assert judge(variant(doi=None, pages="1-18"), later)[0] != "notice"
    # Under the article's own DOI, a lone number is the article's, its number in a journal that
    # numbers its articles (DBLP's "pages = {5}"): the article itself.
    assert judge(variant(pages="5"), BASE)[:2] == ("match", "enough evidence")
    # Nor is an article number given as first and last page both ("106273-106273") one page
    # printed after the article's PDF's own pages.
    twice = variant(pages="106273-106273", issue=None)
    assert judge(variant(doi=None, pages="1-14", issue=None), twice)[:2] == ("match", "enough evidence")


def test_a_working_paper_typed_a_report_by_one_source_and_a_preprint_by_another_is_one():
    """A series of working papers is its authors' preprints: under one DOI, one title and the
    same people, a catalogue's report and an index's preprint are one manuscript."""
    paper = unplaced(
        title="Virtual tutoring and middle school mathematics: experimental evidence",
        authors=["Osei, Kwame A.", "Hartmann, Lena"],
        year=2021,
        doi="10.5555/wp.21-362",
        container="Lantern Institute for Education Research",
    )
    assert judge({**paper, "type": "report"}, {**paper, "type": "preprint"})[0] == "match"
    # Under two DOIs (two series, or two servers), or by other people, it is not said so.
    other_doi = {**paper, "type": "preprint", "doi": "10.5555/osf.io/abc12"}
    assert judge({**paper, "type": "report"}, other_doi)[0] != "match"
    others = {**paper, "type": "preprint", "authors": ["Lindqvist, Maria"]}
    assert judge({**paper, "type": "report"}, others)[0] != "match"


def test_a_protocol_is_a_publication_of_its_own():
    """A review's or a trial's protocol, under nearly the review's title, is screened apart from
    the review: not a copy of it, and never its representative. Two copies of the protocol are
    one publication; a study of a protocol is an article."""
    review = variant(title="Peer tutoring for reading in rural schools: a systematic review", doi=None)
    for title in (
        "PROTOCOL: Peer tutoring for reading in rural schools: a systematic review",
        "Peer tutoring for reading in rural schools: protocol for a systematic review",
        "Peer tutoring for reading in rural schools (protocol)",
    ):
        protocol = variant(title=title, doi=None, year=2022, pages="1-9")
        assert judge(review, protocol)[:2] == ("non-match", rule_named("different kinds of publication"))
        assert judge(protocol, {**protocol, "container": "Int J Sch Collab"})[:2] == (
            "match",
            "enough evidence",
        )
    more = ("Peer tutoring: a systematic review and meta-analysis protocol", "Peer tutoring. Protocol",
            "Peer tutoring: design and protocol of a randomised trial")  # fmt: skip
    assert [_norm(1, {"title": t}).kind for t in more] == ["protocol"] * 3
    studies = (
        "Adherence to the study protocol in school-based trials",
        "A protocol for classroom observation",
        "Protocol analysis of novice programmers' debugging",
        "Protocol-based interviewing in schools",
    )
    assert [_norm(1, {"title": t}).kind for t in studies] == ["article"] * 4
    # A protocol's retraction is a notice about the protocol.
    protocol = variant(title="Peer tutoring in rural schools: study protocol for a cluster randomised trial")
    retraction = {
        **protocol,
        "title": "Retraction note to: " + protocol["title"],
        "doi": "10.5555/r",
        "pages": "7",
    }
    assert judge(protocol, retraction) == ("notice", rule_named("a notice about the other"), "right")


def test_a_citation_naming_the_meeting_where_a_paper_was_given_is_a_conference_paper():
    article = variant(year=2024)
    for venue in (
        "Annual Meeting of the American Educational Research Association",
        "Paper presented at the annual convention of the National Council of Teachers",
        "67th Annual Meeting of the Comparative and International Education Society",
    ):
        given = unplaced(title=BASE["title"], authors=["L Hartmann", "KA Osei"], year=2023, container=venue)
        assert _norm(2, given).kind == "abstract", venue
        assert judge(article, given)[0] == "companion", venue
    # A paper given at a research association's meeting that prints no proceedings, as a
    # reference manager, a hand search or Google Scholar names it; not the association's journal.
    for venue in ("ECER 2021", "AERA 2023 Annual Meeting", "European Conference on Educational Research",
                  "British Educational Research Association Annual Conference (BERA 2023)"):  # fmt: skip
        given = unplaced(title=BASE["title"], authors=BASE["authors"], year=2023, container=venue)
        for typed in (None, "conference"):
            assert _norm(2, {**given, "type": typed}).kind == "abstract", venue
        assert judge(article, {**given, "type": "conference"})[0] == "companion", venue
        assert _norm(2, {**given, "type": "conference", "pages": "112-119"}).kind == "article", venue
    for venue in ("AERA Open", "American Educational Research Journal", "ICLS 2023", "SRCD",
                  "Proceedings of the European Conference on Educational Research 2023",
                  "Journal of Research in Science Teaching, NARST", "BERA Annual Review",
                  "Annual Report of the British Educational Research Association"):  # fmt: skip
        assert _norm(2, unplaced(title=BASE["title"], container=venue)).kind == "article", venue
    # A research-in-progress paper at a conference, two years before the completed article.
    rip = unplaced(
        title=BASE["title"] + ": Research in Progress", authors=BASE["authors"], year=2022,
        container="ECIS 2022 Proceedings", type="conference",
    )  # fmt: skip
    assert judge(article, rip) == ("companion", rule_named("a conference abstract or preprint"), "right")
    # AIS's talk abstracts, typed as conference papers by its library.
    treo = unplaced(title=BASE["title"], authors=BASE["authors"], year=2023, container="AMCIS 2023 TREOs")
    assert _norm(2, {**treo, "type": "conference"}).kind == "abstract"
    assert judge(article, treo)[0] == "companion"
    for venue in (
        "Proceedings of the Annual Meeting of the Cognitive Science Society",
        "Journal of Meetings",
    ):
        assert _norm(2, unplaced(title=BASE["title"], container=venue)).kind == "article", venue
    # Typed a conference paper (EBSCO's and ProQuest's CONF for ERIC's meeting paper) and placed
    # nowhere: given at the meeting, not printed. With pages or a DOI it is in the proceedings.
    meeting = "Annual Meeting of the Lantern Educational Research Association"
    typed = {**unplaced(title=BASE["title"], authors=BASE["authors"], year=2023, container=meeting)}
    typed["type"] = "conference"
    assert _norm(2, typed).kind == "abstract"
    assert judge(article, typed)[0] == "companion"
    assert _norm(2, {**typed, "pages": "112-119"}).kind == "article"
    assert _norm(2, {**typed, "doi": "10.5555/meeting.7"}).kind == "article"


def test_a_conference_abstract_preprint_or_report_joins_the_paper_as_a_companion():
    for kind_changes in (
        {"type": "conference-abstract", "container": "Abstracts of the Annual Conference"},
        {"container": "arXiv", "year": 2022},
        {"type": "report", "container": None},
        {"container": "Annenberg Institute EdWorkingPapers", "year": 2022, "type": None},
    ):
        companion = unnumbered(**kind_changes)
        assert judge(BASE, companion) == (
            "companion",
            rule_named("a conference abstract or preprint"),
            "right",
        )
    # A meeting's poster, marked so before its title, the article's title without its subtitle,
    # two years before it, in the meeting's proceedings under a DOI of its own.
    short = "Teacher collaboration networks and student achievement in lower secondary schools"
    poster = variant(
        title=f"Poster: {short}",
        year=2021,
        doi="10.5555/3475000.3964160",
        volume=None,
        issue=None,
        pages="644-645",
        container="Proceedings of the Lantern Symposium on School Networks",
        type="conference",
    )
    assert judge(poster, BASE) == ("companion", rule_named("a conference abstract or preprint"), "left")
    # Not an editorial by the same people whose title starts the preprint's (a special issue's
    # introduction, named for its theme): an editors' introduction has no preprint.
    theme = "Teacher collaboration networks"
    preprint = unplaced(title=f"{theme}: the role of school leaders", authors=BASE["authors"], year=2019,
                        container="SSRN Electronic Journal", type="preprint")  # fmt: skip
    editorial = variant(title=theme, year=2020, type="editorial", pages="1-3")
    assert judge(preprint, editorial)[0] not in ("companion", "match")
    assert judge(preprint, {**editorial, "type": "article"})[0] == "companion"  # (an article's preprint)
    # A preprint known only by its server's DOI (a reference manager's record, no venue), under
    # its own DOI, not the article's.
    for doi in (
        "10.35542/osf.io/abc12",
        "10.48550/arXiv.2301.01234",
        "10.2139/ssrn.4012345",
        "10.1101/2022.03.01.482345",
    ):
        preprint = variant(doi=doi, container=None, pages=None, volume=None, issue=None, type=None, year=2022)
        assert judge(BASE, preprint) == (
            "companion",
            rule_named("a conference abstract or preprint"),
            "right",
        ), doi
    # A Cold Spring Harbor journal shares bioRxiv's prefix: its article is an article.
    journal = variant(
        doi="10.1101/lm.053456.121", container=None, pages=None, volume=None, issue=None, type=None
    )
    assert judge(BASE, journal)[:2] == ("non-match", rule_named("different DOIs, and nothing else"))
    # A preprint's title without the subtitle the article gained (or the other way round),
    # however long the subtitle is against the title.
    short = "Teacher collaboration networks and student achievement in lower secondary schools"
    preprint = unplaced(title=short, authors=BASE["authors"], year=2022, doi="10.35542/osf.io/x7k2p")
    assert judge(preprint, BASE)[:2] == ("companion", rule_named("a conference abstract or preprint"))
    # A preprint under the article's own title may come up to four years before it (an abstract,
    # or a preprint whose title changed, up to two).
    for year, title, joined in (
        (2020, BASE["title"], True),
        (2019, BASE["title"], True),
        (2018, BASE["title"], False),
        (2020, short, False),
    ):
        early = variant(title=title, doi="10.48550/arXiv.2001.01234", container=None, pages=None, volume=None)
        assert (judge({**early, "issue": None, "type": None, "year": year}, BASE)[0] == "companion") is joined
    abstract = unnumbered(
        type="conference-abstract", container="Abstracts of the Annual Conference", year=2020
    )
    assert judge(abstract, BASE)[0] == "non-match"
    # By other authors, it is another work.
    theirs = variant(type="conference-abstract", doi=None, pages=None, authors=["Brandt, U."])
    assert judge(BASE, theirs)[:2] == ("non-match", rule_named("different kinds of publication"))


def test_a_dissertation_and_its_abstract_in_dissertation_abstracts():
    """EndNote's Thesis type puts the degree in the volume and the page count in the pages;
    Dissertation Abstracts prints the abstract a year later, on a page of its own."""
    thesis = unplaced(
        title="Peer tutoring and reading fluency in rural middle schools",
        authors=["Okafor, Chidi Emeka"],
        year=2019,
        volume="Ed.D.",
        pages="184",
        type="article",
    )
    entry = {
        **thesis,
        "year": 2020,
        "container": "Dissertation Abstracts International Section A: Humanities and Social Sciences",
        "volume": "81",
        "issue": "3-A",
        "pages": "1187",
    }
    assert (_norm(1, thesis).kind, _norm(1, thesis).start_page) == ("thesis", None)
    assert (_norm(2, entry).kind, _norm(2, entry).start_page) == ("abstract", "1187")
    assert _norm(2, {**entry, "type": "thesis"}).kind == "abstract"  # whatever the export calls it
    assert not is_degree("Doctoral Consortium") and is_degree("Doctor of Philosophy")
    assert judge(thesis, entry) == ("companion", rule_named("a conference abstract or preprint"), "right")
    two_years = {**entry, "year": 2021}  # indexed up to two years after the degree
    assert judge(thesis, two_years) == ("companion", rule_named("a conference abstract or preprint"), "right")
    # The entry, like the thesis, up to four years before the article the thesis became.
    article = variant(title=thesis["title"], authors=["Okafor, C. E.", "Bello, A."], year=2023)
    assert judge(entry, article)[::2] == ("companion", "left")
    assert judge({**entry, "year": 2018}, article)[0] == "non-match"
    # As a citation gives it: the note after the title says what it is, and goes.
    cited = {
        **thesis,
        "volume": None,
        "title": thesis["title"] + " (Doctoral dissertation, University of Lagos)",
    }
    assert (_norm(3, cited).kind, _norm(3, cited).title) == ("thesis", _norm(1, thesis).title)
    assert judge(cited, entry)[0] == "companion"
    # Another student's dissertation under the same title is another work.
    assert judge(thesis, {**entry, "authors": ["Mensah, Ama"]})[0] == "non-match"
    # The article a dissertation became, up to four years after the degree, is its publication.
    article = {**thesis, "volume": "12", "pages": "33-51", "container": "Journal of Lantern Literacy"}
    for year in (2021, 2023):
        assert judge(thesis, {**article, "year": year})[:2] == (
            "companion",
            rule_named("a conference abstract"),
        ), year
    assert judge(thesis, {**article, "year": 2024})[0] == "non-match"


# ---- the evidence model --------------------------------------------------------------------------


def test_common_values_weigh_less_than_rare_ones():
    pair = variant(doi=None)
    rare = judge(BASE, pair)
    assert rare[0] == "match"
    x, y = _norm(1, BASE), _norm(2, pair)

    def bits(title_count):
        pairs = score(from_rows([_row(x, y, title_count=(title_count, title_count))]))
        return weigh(Model(), pairs, {}).weights["title"][0]

    assert bits(1) > bits(20) + 4  # a title twenty works share says far less


def test_a_near_title_never_says_more_than_the_exact_title():
    # In a small store a unique title is 1 in 1,000; a near one must not outweigh it, or a sparse
    # citation is drawn to the sibling paper whose title is one word away from its own.
    x = _norm(1, BASE)

    def title_bits(title: str, title_count: int) -> float:
        y = _norm(2, variant(title=title))
        pairs = score(from_rows([_row(x, y, title_count=(title_count, title_count))]))
        return weigh(Model(), pairs, {}).weights["title"][0]

    near = BASE["title"].replace("lower secondary", "lower-secondary state")
    for count in (1, 5, 40):
        assert title_bits(near, count) < title_bits(BASE["title"], count)
    assert title_bits(near, 40) < title_bits(near, 1)  # near a title many records share: weaker


def test_a_name_every_record_of_a_journal_has_says_little():
    x, y = (
        _norm(1, {"title": "T", "authors": ["Garcia, M."]}),
        _norm(2, {"title": "T", "authors": ["Garcia, M."]}),
    )
    pairs = score(from_rows([_row(x, y)]))
    rare = weigh(Model(), pairs, {"garcia": 1}).weights["authors"][0]
    common = weigh(Model(), pairs, {"garcia": 600}).weights["authors"][0]
    assert rare > common + 8 and common < 1


def test_a_copy_without_authors_does_not_make_its_title_look_common(store):
    """How many works carry a title is counted by first author and year: a crawler's copy that
    names no author is no other work, so the title stays as rare as it is."""
    paper = unnumbered(title="An integrated model of switching behaviour in school platforms", type=None)
    _add(
        store,
        rec("dblp", "p1", **paper),
        rec("crawl", "c1", **{**paper, "authors": [], "container": None}),
        rec("dblp", "p2", **{**paper, "title": "Teacher collaboration in school platforms", "year": 2020}),
        rec("scopus", "p2", **{**paper, "title": "Teacher collaboration in school platforms", "year": 2020}),
        rec(
            "eric",
            "p2",
            **{**paper, "title": "Teacher collaboration in school platforms", "authors": ["Osei, K."]},
        ),
    )
    run_dedupe(store)
    counts = dict(store.con.execute("SELECT title, n FROM dedupe_title_stats").fetchall())
    assert counts["an integrated model of switching behaviour in school platforms"] == 1
    assert counts["teacher collaboration in school platforms"] == 2  # (Hartmann 2020, Osei 2023)
    # A title no record names an author for is counted by its years.
    _add(
        store,
        *(
            rec("crawl", f"a{n}", **{**paper, "title": "Annual report", "authors": [], "year": y})
            for n, y in enumerate((2019, 2019, 2020))
        ),
    )
    run_dedupe(store)
    counts = dict(store.con.execute("SELECT title, n FROM dedupe_title_stats").fetchall())
    assert counts["annual report"] == 2
    ids = dict(store.con.execute("SELECT source || ':' || native_id, record_id FROM records").fetchall())
    assert "the title is on 1 record(s)" in explain(store, str(ids["dblp:p1"]), str(ids["crawl:c1"]))


def _levels(left: dict, right: dict) -> dict[str, int]:
    return {k: int(v[0]) for k, v in score(from_rows([_row(_norm(1, left), _norm(2, right))])).levels.items()}


def test_a_crawlers_title_with_the_authors_run_into_its_end_is_the_title():
    """A crawler's copy without authors whose title runs on into the names of the other record's
    authors ("... research study Marek Şahin") is as near as a typo's copy (level 2, not "the one
    title within the other"); other words after it are not."""
    paper = unplaced(
        title="Remote onboarding: an action design research study",
        authors=["Şahin, Marek", "Lee, Yu"],
        year=2020,
        container="ICIE 2020",
    )
    crawled = {**paper, "authors": [], "container": None}
    assert _levels(paper, {**crawled, "title": paper["title"] + " Marek Şahin"})["title"] == 2
    assert _levels({**crawled, "title": paper["title"] + " Yu Lee"}, paper)["title"] == 2
    assert _levels(paper, {**crawled, "title": paper["title"] + " in public schools"})["title"] >= 3
    assert _levels(paper, {**crawled, "title": paper["title"] + " Marek"})["title"] >= 3  # (one word)


def test_dblps_homonym_number_is_no_part_of_a_name():
    for written in ("Fang Huang 0006", "Huang 0006, Fang", "Huang, Fang 0006"):
        assert author_name(written) == author_name("Huang, Fang"), written
    assert author_name("Huang 2006, Fang")[0] != "huang"  # (not any number: only DBLP's 0001-0999)


def test_venue_aliases_are_learned_by_the_name_whatever_meeting_each_copy_names():
    """A catalogue names each meeting ("ICIE 2017", "ICIE 2018"), a citation parser the
    conference by a name of its own: learned as one venue from papers of several meetings, and
    known so at any meeting, but not across two meetings."""
    from thresher.dedupe.model import learn
    from thresher.dedupe.score import aliased

    rows = []
    for n, year in enumerate((2016, 2017, 2018, 2019)):
        paper = unnumbered(title=f"Paper number {'abcd'[n]} on school networks", year=year)
        x = _norm(1, {**paper, "container": f"ICIE {year}"})
        y = _norm(2, {**paper, "container": "Lantern Congress on School Networks"})
        rows.append(_row(x, y, (2 * n + 1, 2 * n + 2)))
    # (And copies naming two meetings of one conference in the same year, one of them mistyped:
    # no alias of a name with itself.)
    for n, year in enumerate((2016, 2017, 2018)):
        paper = unnumbered(title=f"Another paper {'abc'[n]} on school networks", year=year)
        x = _norm(1, {**paper, "container": f"ICIE {year}"})
        y = _norm(2, {**paper, "container": f"ICIE {year + 1}"})
        rows.append(_row(x, y, (20 + 2 * n, 21 + 2 * n)))
    model = learn(Model(), score(from_rows(rows)))
    learned = frozenset(map(tuple, model.aliases))
    other = journal_key("Lantern Congress on School Networks")
    assert [journal_key("ICIE"), other] in model.aliases or [other, journal_key("ICIE")] in model.aliases
    assert aliased(journal_key("ICIE 2021"), other, learned)
    assert not aliased(
        journal_key("ICIE 2021"), journal_key("Lantern Congress on School Networks 2022"), learned
    )
    # Nor is a name learned from the same name at two meetings.
    assert all(a.split()[0] != b.split()[0] for a, b in model.aliases)
    # "Int'l" is "Intl"; a digital library that holds a paper's copy is no venue (a journal named
    # "The Electronic Library" is).
    assert journal_key("Proc. of the Int'l Conf. on School Networks") == journal_key(
        "Proc. of the Intl Conf. on School Networks"
    )
    for library in ("AIS Electronic Library (AISeL)", "ACM Digital Library", "IEEE Xplore", "ScienceDirect",
                    "SpringerLink", "Wiley Online Library"):  # fmt: skip
        assert journal_key(library) == "", library
    assert journal_key("The Electronic Library")


def test_the_model_round_trips_and_explains_its_threshold():
    model = Model(records=50_000, prior=1e-4, aliases=[["a @conf", "b @conf"]])
    again = Model.from_json(model.to_json())
    assert again == model and again.match_bits > Model().match_bits
    assert Model().m == {k: list(v) for k, v in M.items()}


def test_unlikely_titles_are_set_aside_before_the_rules():
    short = "unilateral neglect in stroke"
    x = ["teacher collaboration networks and student achievement", short]
    y = [
        "homework policy in italian primary schools and parental involvement",
        short + " a comparative study",
    ]
    assert unlike_titles(x, y).tolist() == [True, False]


# ---- cluster -------------------------------------------------------------------------------------


def test_one_weak_link_cannot_chain_two_studies():
    # 1 and 3 carry different DOIs; 2 (no DOI) matches both.
    groups, refused = cluster([1, 2, 3], [], [(1, 2), (2, 3)], [], {1: "10.1/a", 3: "10.1/b"})
    assert sorted(map(len, groups)) == [1, 2] and refused == 1
    groups, refused = cluster([1, 2, 3], [], [(1, 2), (2, 3)], [(1, 3)], {})
    assert sorted(map(len, groups)) == [1, 2] and refused == 1


def test_one_records_slip_does_not_keep_two_groups_of_copies_apart():
    """Four copies of a work and three that cite it with a wrong volume: every pair between the
    groups matches but one, which a copy without pages vetoes for its volume. Two works disagree
    pair after pair; and a person's 'different', any other kind of veto, or two DOIs stand."""
    left, right = [1, 2, 3, 4], [5, 6, 7]
    within = [(a, b) for g in (left, right) for a in g for b in g if a < b]
    between = [(a, b) for a in left for b in right]
    slip = [(4, 7)]
    matches = within + [p for p in between if p not in slip]
    groups, refused = cluster(left + right, [], matches, slip, {}, slips=slip)
    assert sorted(map(len, groups)) == [7] and refused == 0
    # Systematic disagreement: a third of the pairs between the groups say two works.
    vetoes = between[::3]
    kept = within + [p for p in between if p not in vetoes]
    groups, _ = cluster(left + right, [], kept, vetoes, {}, slips=vetoes)
    assert sorted(map(len, groups)) == [3, 4]
    # A veto that is no slip (a person's 'different', years, kinds, titles' numbers or words).
    groups, refused = cluster(left + right, [], matches, slip, {})
    assert sorted(map(len, groups)) == [3, 4] and refused == 11
    # Two DOIs.
    groups, _ = cluster(left + right, [], matches, slip, {1: "10.1/a", 5: "10.1/b"}, slips=slip)
    assert sorted(map(len, groups)) == [3, 4]


def test_a_linked_report_with_its_own_doi_joins_but_not_across_a_veto():
    # 3 is an erratum (own DOI) of 1; its DOI does not count against the study's.
    groups, refused = cluster([1, 2, 3], [], [(1, 2)], [], {1: "10.1/a"}, links=[(1, 3)])
    assert sorted(map(len, groups)) == [3] and refused == 0
    groups, refused = cluster([1, 2, 3], [], [(1, 2)], [(2, 3)], {1: "10.1/a"}, links=[(1, 3)])
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
        isbn=data.get("isbn", []),
    )


def clusters_of(store) -> dict[str, int]:
    return dict(
        store.con.execute(
            "SELECT source || ':' || native_id, cluster_id FROM records "
            "JOIN cluster_members USING (record_id)"
        ).fetchall()
    )


def roles_of(store) -> dict[str, str]:
    return dict(
        store.con.execute(
            "SELECT source || ':' || native_id, role FROM records JOIN cluster_members USING (record_id)"
        ).fetchall()
    )


def test_a_source_that_gives_a_journals_article_numbers_as_pages_is_read_so(store):
    """DBLP gives the article number as the page for a journal that numbers its articles
    ("pages = {5}"), where the journal's own catalogue gives the printed range: in a store where
    one source gives most of a venue's records a lone number of a few digits, such a number is
    an article number, not a page to compare with a range (nor a one-page abstract printed
    earlier in the volume)."""
    venue = "Communications of the Lantern Association for Information Systems"
    titles = [
        "Cloud platforms and role conflict in regional IT services firms",
        "Digital nudging and workarounds in rural municipalities",
        "Value co-creation in telehealth services: a configurational study",
        "Shadow IT in universities: a mixed-methods study of staff workarounds",
    ]
    records = []
    for n, title in enumerate(titles):
        common = dict(title=title, authors=[f"Okafor{'ab'[n % 2]}, Ada", f"Lindgren{n}, Per"], year=2019,
                      doi=None, container=venue, volume="45", issue=None, type="article")  # fmt: skip
        records.append(rec("dblp", f"d{n}", **common, pages=str(n * 7 + 3)))
        records.append(rec("ojs", f"o{n}", **common, pages=f"{100 + n * 30}-{120 + n * 30}"))
    _add(store, *records)
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    for n in range(len(titles)):
        assert clusters[f"dblp:d{n}"] == clusters[f"ojs:o{n}"], n
        assert {roles[f"dblp:d{n}"], roles[f"ojs:o{n}"]} == {"publication", "duplicate"}, n
    assert len(set(clusters.values())) == len(titles)
    numbered = store.con.execute("SELECT source FROM dedupe_numbered_venues").fetchall()
    assert numbered == [("dblp",)]


def test_a_source_that_gives_only_first_pages_keeps_them_pages(store):
    """A database giving only an article's first page (a journal paged by issue, in small
    numbers) gives the page the other copies' ranges start with: those are pages, compared as
    such, and an item on a page of its own earlier in the volume is still one."""
    venue = "Lantern Journal of Rural Education"
    titles = [
        "Peer tutoring and reading fluency in rural primary schools",
        "Teacher turnover in remote districts: a survival analysis",
        "School meals and attendance in mountain villages",
    ]
    records = []
    for n, title in enumerate(titles):
        common = dict(title=title, authors=[f"Okafor{n}, Ada"], year=2019, doi=None, container=venue,
                      volume="12", issue=str(n + 1), type="article")  # fmt: skip
        records.append(rec("proquest", f"p{n}", **common, pages=str(n * 20 + 5)))
        records.append(rec("scopus", f"s{n}", **common, pages=f"{n * 20 + 5}-{n * 20 + 19}"))
    _add(store, *records)
    run_dedupe(store)
    assert store.con.execute("SELECT count(*) FROM dedupe_numbered_venues").fetchone()[0] == 0
    clusters = clusters_of(store)
    assert all(clusters[f"proquest:p{n}"] == clusters[f"scopus:s{n}"] for n in range(len(titles)))


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
    assert {k: after[k] for k in first} == first  # nothing renumbered
    assert after["pubmed:p1"] == first["scopus:a1"]  # the new duplicate joined the old cluster
    assert after["pubmed:p2"] not in first.values()
    assert summary.model_estimated  # the store grew by more than a quarter: the model again


def test_copies_under_a_wrong_doi_join_the_copies_under_the_right_one(store):
    # Two databases' copies under the article's DOI (one without pages, so it cannot show the
    # other DOI wrong by itself) and a third under its neighbour's DOI, agreeing in full with
    # the first. The neighbour, a different article, stays apart.
    _add(
        store,
        rec("scopus", "s1"),
        rec("scholar", "g1", pages=None, issue=None),
        rec("wos", "w1", doi="10.5555/j.ijsc.2023.02.012", title=BASE["title"].upper()),
        rec(
            "scopus",
            "s2",
            doi="10.5555/j.ijsc.2023.02.012",
            title="Principal turnover and school climate: evidence from three districts",
            authors=["Nakamura, Aiko"],
            pages="119-134",
        ),
    )
    run_dedupe(store)
    found, roles = clusters_of(store), roles_of(store)
    assert found["scopus:s1"] == found["scholar:g1"] == found["wos:w1"] != found["scopus:s2"]
    three = sorted(roles[k] for k in ("scopus:s1", "scholar:g1", "wos:w1"))
    assert three == ["duplicate", "duplicate", "publication"]
    decided = dict(
        store.con.execute(
            "SELECT ra.source || ':' || rb.source, p.rule FROM dedupe_pairs p "
            "JOIN records ra ON ra.record_id = p.a JOIN records rb ON rb.record_id = p.b"
        ).fetchall()
    )
    assert decided["scopus:wos"].startswith("two DOIs, one wrong")
    # (The pair's own veto, set aside for the study, and explained.)
    assert decided["scholar:wos"] == rule_named("different DOIs, and nothing else")
    assert "one of the DOIs is wrong" in explain(store, "scholar:g1", "wos:w1")
    # The representative is a copy under the DOI most copies carry, whatever the wrong one's
    # record holds.
    shown = store.con.execute(
        "SELECT r.source || ':' || r.native_id FROM clusters c "
        "JOIN records r ON r.record_id = c.representative WHERE c.cluster_id = ?",
        [found["wos:w1"]],
    ).fetchone()[0]
    assert shown in ("scopus:s1", "scholar:g1")


def test_a_wrong_doi_sets_aside_only_its_own_two_dois_and_never_a_persons_different(store, tmp_path):
    article = rec("scopus", "s1")
    wrong = rec("wos", "w1", doi="10.5555/j.ijsc.2023.02.012", title=BASE["title"].upper())
    bare = rec("scholar", "g1", pages=None, issue=None)
    # Two working papers of one team under DOIs of their own, a cut citation matching both; and,
    # elsewhere in the store, two abstracts under two DOIs that agree in full.
    team = dict(
        authors=["Mensah, Kofi", "Adeyemi, Tunde"],
        year=2021,
        container="Lantern Institute Working Papers",
        volume=None,
        issue=None,
        pages=None,
        type="report",
    )
    title = "School leadership and teacher retention: evidence from "
    abstract = dict(
        authors=["Okafor, Ngozi"],
        year=2021,
        container="Journal of School Wellbeing",
        volume="91",
        issue=None,
        pages="S12",
        type="conference-abstract",
        title="Peer tutoring and reading fluency in rural primary schools",
    )
    _add(
        store,
        article,
        wrong,
        bare,
        rec("ideas", "ghana", title=title + "Ghana", doi="10.5555/lwp.2021.11", **team),
        rec("ideas", "nigeria", title=title + "Nigeria", doi="10.5555/lwp.2021.12", **team),
        rec("scholar", "cut", title=title + "…", doi=None, **team),
        rec("embase", "abs1", doi="10.5555/jsw.abs.12", **abstract),
        rec("wos", "abs2", doi="10.5555/jsw.abs.13", **abstract),
    )
    run_dedupe(store)
    found = clusters_of(store)
    assert found["embase:abs1"] == found["wos:abs2"]
    assert found["ideas:ghana"] != found["ideas:nigeria"]  # their DOIs stand
    assert found["scholar:g1"] == found["wos:w1"]
    # A person's "different" stands, whatever the DOIs.
    ids = dict(store.con.execute("SELECT source || ':' || native_id, record_id FROM records").fetchall())
    g1, w1 = sorted((ids["scholar:g1"], ids["wos:w1"]))
    sheet = tmp_path / "review.csv"
    sheet.write_text(f"pair,decision\n{g1}-{w1},different\n")
    assert import_review(store, sheet).applied == 1
    run_dedupe(store)
    assert clusters_of(store)["scholar:g1"] != clusters_of(store)["wos:w1"]


def test_a_row_linking_to_an_eric_record_is_that_record_and_takes_its_role(store):
    """Google Scholar's row of an ERIC document links to ERIC's page of it (eric.ed.gov/?id=ED...):
    the same database record as ERIC's own export, where the titles agree too. A meeting
    paper's row is then the meeting paper, a companion of the article it became, not a copy of
    the article. A link to a full text (one PDF, perhaps a whole proceedings') says nothing, and
    two rows linking one ERIC page (a proceedings' papers) are not one record by it."""
    paper = unplaced(
        title="Instructor use of early-alert dashboards at a regional public college",
        authors=["Okonkwo, Ada", "Lindqvist, Maria"],
        year=2019,
        container="Annual Meeting of the Lantern Educational Research Association",
    )
    published = dict(
        container="Journal of Learning Technology Studies", volume="37", issue="2", pages="101-118"
    )

    def scholar(native_id: str, title: str, authors: list[str], year: int, link: str) -> Record:
        return Record(
            source="scholar", native_id=native_id, title=title, authors=authors, year=year, urls=[link]
        )

    proceedings = "https://eric.ed.gov/?q=mobile&id=ED557263"
    _add(
        store,
        rec("eric", "ED590123", **paper, type="conference-abstract"),
        # (A year after the meeting: the row's year does not keep it from the article.)
        rec("scopus", "a1", **{**paper, **published, "year": 2020}, type="article"),
        rec("wos", "a2", **{**paper, **published, "year": 2020, "pages": "101-18"}, type="article"),
        scholar(
            "82",
            "Instructor use of early-alert dashboards at a regional …",
            ["A Okonkwo", "M Lindqvist"],
            2019,
            "https://eric.ed.gov/?id=ED590123",
        ),  # fmt: skip
        # The article's own row, its full text ERIC's PDF of the meeting paper: the article.
        Record(
            source="scholar",
            native_id="84",
            title=paper["title"],
            authors=["A Okonkwo", "M Lindqvist"],
            year=2020,
            container=published["container"],
            volume="37",
            pages="101-118",
            urls=["https://doi.org/10.5555/x", "https://files.eric.ed.gov/fulltext/ED590123.pdf"],
        ),  # fmt: skip
        # Two papers of one proceedings ERIC lists as one record, linking its page.
        scholar(
            "85",
            "Teachers' perceptions of mobile learning in rural secondary schools",
            ["K Osei"],
            2014,
            proceedings,
        ),  # fmt: skip
        scholar(
            "86",
            "Students' perceptions of mobile learning in rural secondary schools",
            ["L Brandt"],
            2014,
            proceedings,
        ),  # fmt: skip
    )
    run_dedupe(store)
    clusters, roles = clusters_of(store), roles_of(store)
    assert clusters["scholar:82"] == clusters["eric:ED590123"] == clusters["scopus:a1"], clusters
    assert roles["scholar:82"] == roles["eric:ED590123"] == "companion"
    rules = dict(
        store.con.execute(
            "SELECT r.native_id, p.rule FROM dedupe_pairs p JOIN records r ON r.record_id = p.b "
            "WHERE p.decision = 'match'"
        ).fetchall()
    )
    assert rules["82"].startswith("one database record")
    assert roles["scholar:84"] in ("publication", "duplicate")
    assert clusters["scholar:85"] != clusters["scholar:86"]


def test_one_database_record_exported_twice_under_two_source_names_is_one_record(store):
    # An organisation's report in ERIC, exported by two searches months apart (the second after
    # ERIC mended a typo in the title and added its page count); a Scopus record likewise. Not
    # two works that share nothing but an id a file numbers its rows by.
    report = dict(
        authors=[],
        year=2022,
        doi=None,
        volume=None,
        issue=None,
        pages=None,
        type="report",
        container="Northern Centre for Rural Schooling",
    )
    article = dict(doi=None, pages=None, volume=None, issue=None)
    bare = dict(pages=None, volume=None, issue=None, container=None)
    _add(
        store,
        rec(
            "eric-2024-03",
            "ED612345",
            title="The condition of classroom assesment in rural schools",
            **report,
        ),
        rec(
            "eric-2024-09",
            "ED612345",
            title="The condition of classroom assessment in rural schools: 2022 edition",
            **{**report, "container": "Northern Centre for Rural Schooling. 2022. 72 pp."},
        ),
        rec("scopus-2024-03", "2-s2.0-85123456789", **article),
        rec(
            "scopus-2024-09", "2-s2.0-85123456789", **{**article, "year": 2022, "title": BASE["title"] + "."}
        ),
        # Retitled between the two exports: nothing but the accession number says one record.
        rec(
            "wos-2024-03",
            "ISI:000301234567890",
            title="Peer tutoring in rural secondary schools: a diary study",
            authors=["Baptiste, O."],
            year=2020,
            doi=None,
            **bare,
        ),
        rec(
            "wos-2024-09",
            "WOS:000301234567890",
            title="Tutoring by peers and attainment in rural schools",
            authors=["Baptiste, Odile"],
            year=2020,
            doi=None,
            **bare,
        ),
        rec("endnote", "12", title="Homework and sleep in adolescence", authors=["Ruiz, P."], year=2020),
        rec("zotero", "12", title="Recess and attention in primary school", authors=["Lee, K."], year=2021),
    )
    run_dedupe(store)
    found = clusters_of(store)
    assert found["eric-2024-03:ED612345"] == found["eric-2024-09:ED612345"]
    assert found["scopus-2024-03:2-s2.0-85123456789"] == found["scopus-2024-09:2-s2.0-85123456789"]
    assert found["endnote:12"] != found["zotero:12"]
    # (Web of Science's older prefix for the same number, ISI:, too.)
    assert found["wos-2024-03:ISI:000301234567890"] == found["wos-2024-09:WOS:000301234567890"]
    rule = store.con.execute("SELECT DISTINCT rule FROM dedupe_pairs WHERE decision = 'match'").fetchall()
    assert [r for (r,) in rule if r.startswith("one database record")]


def test_a_wrong_doi_join_is_made_after_the_matches_and_counted_once():
    # Copies 1 and 2 under two DOIs, one wrong; 3 matches both. Every record ends in one group,
    # and no join is left refused.
    groups, refused = cluster(
        [1, 2, 3], [], [(3, 1), (3, 2)], [], {1: "10.1/x", 2: "10.1/y"}, despite_dois=[(1, 2)]
    )
    assert (sorted(map(sorted, groups)), refused) == ([[1, 2, 3]], 0)
    # Without it, the DOIs keep 2 out; kept apart, the wrong-DOI join is refused once.
    assert cluster([1, 2, 3], [], [(3, 1), (3, 2)], [], {1: "10.1/x", 2: "10.1/y"})[1] == 1
    groups, refused = cluster([1, 2], [], [], [(1, 2)], {1: "10.1/a", 2: "10.1/b"}, despite_dois=[(1, 2)])
    assert (sorted(map(sorted, groups)), refused) == ([[1], [2]], 1)


def test_columns_of_two_issues_under_their_dois_stay_apart_beside_a_copy_without_its_issue(store):
    column = dict(
        title="Editor's note",
        authors=["Okonjo, Ada"],
        year=2019,
        container="School Leadership Digest",
        volume="101",
        pages="4",
    )
    _add(
        store,
        rec("eric", "n2", issue="2", doi="10.5555/sld.2019.879140", **column),
        rec("eric", "n3", issue="3", doi="10.5555/sld.2019.885900", **column),
        rec("ebsco", "n3", issue=None, doi="10.5555/sld.2019.885900", **column),
    )
    run_dedupe(store)
    found = clusters_of(store)
    assert found["eric:n3"] == found["ebsco:n3"] != found["eric:n2"]


def test_an_acronym_other_titles_have_marks_a_sibling_and_one_records_slip_does_not(store):
    # A team's two papers one acronym apart, each with a DOI, and a scraped citation of the
    # first with no DOI, venue or pages: it joins its own paper, not the sibling.
    team = dict(authors=["Zhao, Lin", "Moreau, Claire"], year=2021, volume="42", issue="3")
    bare = dict(doi=None, container=None, volume=None, issue=None, pages=None, type=None)
    _add(
        store,
        rec("scopus", "mooc", title="Learner engagement in MOOCs: a self-determination perspective",
            doi="10.5555/de.2021.0301", container="Distance Learning Review", pages="301-320", **team),
        rec("covidence", "spoc", title="Learner engagement in SPOCs: a self-determination perspective",
            doi="10.5555/ile.2021.0877", container="Interactive Learning Settings", pages="877-890", **team),
        rec("scholar", "spoc", title="Learner engagement in SPOCs: a self-determination perspective",
            **{**team, **bare}),
        rec("pop", "mooc", title="Learner engagement in MOOCs: a self-determination perspective",
            **{**team, **bare}),
        # One catalogue's slip in an acronym ("XJML" for "XML"), found in no other title: a copy.
        rec("acm", "x1", title="An XML-based wrapper generator for web information extraction",
            doi=None, authors=["Okafor, N."], year=1999, container="SIGMOD Conference", pages="540-543"),
        rec("dblp", "x1", title="An XJML-based wrapper generator for Web information extraction",
            doi=None, authors=["Okafor, N."], year=1999, container="SIGMOD Conference", pages="540-543"),
    )  # fmt: skip
    run_dedupe(store)
    c = clusters_of(store)
    assert c["pop:mooc"] == c["scopus:mooc"] != c["covidence:spoc"] == c["scholar:spoc"]
    assert c["acm:x1"] == c["dblp:x1"]
    rules = {
        tuple(pair): rule
        for pair, rule in store.con.execute(
            "SELECT list_sort([x.source || ':' || x.native_id, y.source || ':' || y.native_id]), p.rule "
            "FROM dedupe_pairs p JOIN records x ON x.record_id = p.a JOIN records y ON y.record_id = p.b"
        ).fetchall()
    }
    contrast = rule_named("contrasting title words")
    assert rules[("pop:mooc", "scholar:spoc")] == rules[("covidence:spoc", "pop:mooc")] == contrast
    assert rules[("acm:x1", "dblp:x1")] != contrast


def test_a_copy_without_year_and_with_a_slip_in_a_short_title_is_still_compared(store):
    """A web page's or a citation's copy often has no year, and a short title with one typo
    shares neither its start nor its end with the original: two authors together still pair it."""
    _add(
        store,
        rec("dblp", "d1", title="Lazy rubrics", doi=None, pages=None, volume=None, issue=None),
        rec(
            "scholar",
            "s1",
            title="lazy rubircs",
            authors=["M Lindqvist", "L Hartmann"],
            year=None,
            doi=None,
            pages=None,
            volume=None,
            issue=None,
        ),
        rec("scholar", "s2", title="Lazy rubrics", authors=["Lindqvist, M."], year=None, doi=None),
    )
    run_dedupe(store)
    compared = store.con.execute(
        "SELECT list_sort([x.native_id, y.native_id]) FROM dedupe_pairs p "
        "JOIN records x ON x.record_id = p.a JOIN records y ON y.record_id = p.b"
    ).fetchall()
    assert ["d1", "s1"] in [c[0] for c in compared]


def test_a_study_with_its_notices_and_companion(store, tmp_path):
    _add(
        store,
        rec("scopus", "article"),
        rec("wos", "copy", doi=None),
        rec("scopus", "erratum", title="Erratum: " + BASE["title"], doi="10.5555/e1", pages="240"),
        rec(
            "pubmed",
            "retraction",
            title="Retraction: " + BASE["title"],
            doi="10.5555/r1",
            year=2024,
            pages="17",
        ),
        rec(
            "embase",
            "abstract",
            type="conference-abstract",
            container="Abstracts of the Annual Conference",
            doi=None,
            pages=None,
            volume=None,
            issue=None,
            year=2022,
        ),
        rec(
            "wos",
            "other",
            title="Homework policy in Italian primary schools",
            doi="10.5555/x",
            authors=["Rossi, G."],
        ),
    )
    summary = run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    study = ids["scopus:article"]
    assert {k for k, v in ids.items() if v == study} == {
        "scopus:article",
        "wos:copy",
        "scopus:erratum",
        "pubmed:retraction",
        "embase:abstract",
    }
    assert roles["scopus:erratum"] == roles["pubmed:retraction"] == "notice"
    assert roles["embase:abstract"] == "companion" and roles["wos:copy"] == "duplicate"
    assert roles["scopus:article"] == "publication"  # a notice never represents the study
    assert summary.roles == {"publication": 2, "duplicate": 1, "notice": 2, "companion": 1}
    out = tmp_path / "clusters.csv"
    export_clusters(store, out)
    rows = {r["native_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["erratum"]["role"] == "notice" and rows["article"]["representative"] == "True"

    from thresher.screening.corpus import build_corpus
    from thresher.screening.exports import export_candidates_csv, export_candidates_ris

    build_corpus(store)
    candidates = tmp_path / "candidates.csv"
    export_candidates_csv(store, candidates)
    by_id = {int(r["cluster_id"]): r for r in csv.DictReader(candidates.open(encoding="utf-8"))}
    assert by_id[study]["retracted"] == "True" and by_id[study]["notices"] == "erratum; retraction"
    assert by_id[study]["reports"] == "2" and by_id[study]["title"] == BASE["title"]
    assert by_id[study]["records"] == "5" and by_id[ids["wos:other"]]["retracted"] == "False"
    ris = tmp_path / "candidates.ris"
    export_candidates_ris(store, ris)
    assert "N1  - RETRACTED" in ris.read_text(encoding="utf-8")


def test_a_dropped_subtitle_takes_its_numbers_with_it():
    """Google Scholar's copy without the subtitle, whose numbers are a name's ("COVID-19",
    "Industry 4.0"): the same article. Not where the dropped part numbers an instalment."""
    full = (
        "Teacher collaboration networks and student achievement: evidence from the COVID-19 school closures"
    )
    article = variant(title=full)
    short = unnumbered(title="Teacher collaboration networks and student achievement")
    assert judge(article, short)[0] == "match"
    assert (
        judge(variant(title="Teacher collaboration networks and student achievement: Part 2"), short)[0]
        != "match"
    )


def test_one_doi_and_title_in_two_venues_names_and_years_is_one_article():
    """The venue another catalogue names otherwise ("ACM SIGMIS Database: the DATABASE for ..."
    against "Data Base for ..."), dated by its online year: the DOI and the title say one article."""
    online = variant(container="Lantern SIGED Record: the RECORD for School Collaboration", year=2022,
                     volume=None, issue=None, pages=None)  # fmt: skip
    assert judge(online, BASE)[0] == "match"
    assert judge({**online, "doi": None}, BASE)[:2] == ("non-match", "different venues in different years")


def test_a_pdfs_own_pages_from_1_are_not_the_printed_pages_of_another_article():
    """A reference manager reading a PDF counts its pages from 1: "1-18" against the printed
    "101-118" is the same eighteen pages, no other article; a range from 1 of another length
    still says another place."""
    pdf = variant(doi=None, pages="1-18", container=None)
    assert judge(pdf, variant(doi=None))[0] == "match"
    assert judge({**pdf, "pages": "1-12"}, variant(doi=None))[:2] == (
        "non-match",
        rule_named("different start pages"),
    )


def test_a_pdfs_running_header_read_as_its_title_is_no_title():
    """A reference manager reading a PDF takes the page's running header for the title: the
    journal's name (with its year and volume, "Research Article"), or where in the journal the
    item is ("Volume 48 Paper 4"). Such a record has no title of its own; its volume, pages,
    authors and year still say which article it is."""
    header = variant(title=BASE["container"], doi=None)
    assert _norm(1, header).title == ""
    assert _norm(1, {**header, "title": BASE["container"] + " 2023, Vol 41, Research Article"}).title == ""
    assert _norm(1, {**header, "title": "Volume 41 Paper 7"}).title == ""
    assert _norm(1, {**header, "title": "Article No. 7"}).title == ""
    # Under the article's DOI it is the article; without one, a person's to decide.
    assert judge({**header, "doi": BASE["doi"]}, BASE)[0] == "match"
    assert judge(header, variant(doi=None))[0] == "maybe"
    # Not a book, which exports often give as its own venue (no volume, no issue).
    book = {"title": "Neuroplasticity and rehabilitation", "container": "Neuroplasticity and rehabilitation"}
    assert _norm(1, {**book, "pages": "xiii, 351"}).title == "neuroplasticity and rehabilitation"
    # Nor a title that says more than the venue's name.
    assert _norm(1, {**header, "title": "Article 12: why school collaboration matters"}).title != ""


def test_a_word_a_pdfs_line_broke_is_one_word_again():
    broken = variant(
        title="Teacher collabo- ration networks and student achievement in lower sec- ondary schools"
    )
    assert _norm(1, broken).title == _norm(2, {**BASE, "title": broken["title"].replace("- ", "")}).title
    assert judge(broken, {**BASE, "title": broken["title"].replace("- ", "")})[0] == "match"
    # A hyphen left hanging before "and", "or", "to" is no broken word.
    for kept in (
        "Pre- and post-test gains in reading",
        "Short- to long-term effects of tutoring",
        "First- through third-grade readers",
        "Primary- but not secondary-school teachers",
    ):
        assert _norm(1, {"title": kept}).title == " ".join(kept.lower().replace("-", " ").split()), kept


def test_marks_of_a_retracted_or_withdrawn_record_are_read_and_dropped_from_its_title():
    assert retraction_mark("RETRACTED: Homework and sleep") == (True, "Homework and sleep")
    assert retraction_mark("RETRACTED ARTICLE: Homework and sleep") == (True, "Homework and sleep")
    assert retraction_mark("Notice of Retraction: Homework and sleep") == (True, "Homework and sleep")
    assert retraction_mark("WITHDRAWN: Homework and sleep") == (True, "Homework and sleep")
    for title in (
        "Withdrawn students and school climate",
        "Retracted articles in the education literature: a bibliometric study",
        "Retraction note: Homework and sleep",  # a notice, read by notice_subject
        "Notice of retraction policies in education journals",
        "Withdrawn-rejected children in primary school peer groups",
    ):
        assert retraction_mark(title) == (False, title)
    assert _norm(1, {"title": "RETRACTED: Homework and sleep"}).title == "homework and sleep"


def test_a_marked_record_is_a_notice_only_where_the_pair_says_it_is_another_record():
    marked = "RETRACTED: " + BASE["title"]
    # The article itself, marked: dated by its issue a year after the online year, or a page off.
    assert judge(variant(title=marked, year=2024), BASE)[0] == "match"
    assert judge(variant(title=marked, doi=None, pages="102-118"), BASE)[0] == "match"
    # Under a DOI and pages of its own a year later: the notice (titled as some publishers do).
    notice = variant(title="Retracted: " + BASE["title"], doi="10.5555/n9", year=2024, pages="9")
    assert judge(BASE, notice)[::2] == ("notice", "right")
    # Both marked (a database marks the article, the publisher titles its notice alike).
    assert judge(variant(title=marked), notice)[::2] == ("notice", "right")
    # Against Google Scholar's bare row of the article (no DOI or pages), dated a year early by
    # its online year: the marked record is the article, a copy; two years later, a notice.
    scholar = unplaced(title=BASE["title"], authors=["L Hartmann", "KA Osei"], year=2022)
    assert judge(variant(title=marked), scholar)[0] == "match"
    assert judge(variant(title=marked, year=2024), scholar)[::2] == ("notice", "left")
    # A notice titled so on one page of a later volume, without a DOI (its page overlaps the
    # article's range only by its number); and the same notice typed an erratum (Scopus's type
    # for notices) under its DOI is the notice another database titles 'Retraction of "..."'.
    later = {"title": "Retracted: " + BASE["title"], "year": 2024, "volume": "42", "issue": "1"}
    assert judge(variant(pages="9", doi=None, **later), variant(pages="9-25"))[::2] == ("notice", "left")
    # (So against the article marked by a database, without its DOI.)
    itself = variant(title=marked, pages="9-25", doi=None)
    assert judge(variant(pages="9", doi=None, **later), itself)[::2] == ("notice", "left")
    typed = variant(pages="9", doi="10.5555/n9", type="erratum", **later)
    assert _norm(1, typed).kind == "retraction"
    assert _norm(1, {**typed, "title": f'RETRACTED: Correction to "{BASE["title"]}"'}).kind == "erratum"
    # The article itself, marked, its volume mistyped in the same year: a copy.
    assert judge(variant(title=marked, doi=None, volume="14"), BASE)[0] == "match"
    titled = {**typed, "title": f'Retraction of "{BASE["title"]}".', "type": "article"}
    assert judge(typed, titled)[0] == "match"
    # A withdrawn preprint is the preprint: a companion report, not a notice.
    preprint = unplaced(
        title="WITHDRAWN: " + BASE["title"],
        authors=BASE["authors"],
        year=2022,
        doi="10.1101/2022.03.01.482345",
    )
    assert judge(preprint, BASE)[::2] == ("companion", "left")


def test_an_article_marked_retracted_is_its_study_and_a_notice_titled_alike_is_a_notice(store, tmp_path):
    """Databases mark the retracted article itself ("RETRACTED: ...", under its own DOI): it is
    a copy of the article, and alone in the store it is the study, flagged. A record marked so
    under a DOI of its own is the notice (some publishers title their notices "Retracted: ...")."""
    other = "Gamified quizzes and vocabulary retention in secondary English classes"
    alone = "Peer assessment and writing quality in first-year composition courses"
    _add(
        store,
        rec("scopus", "marked", title="RETRACTED: " + BASE["title"]),
        rec("wos", "copy"),
        rec("springer", "note", title="Retraction Note: " + BASE["title"], doi="10.5555/n1", year=2024,
            pages="77"),
        rec("scopus", "article2", title=other, doi="10.5555/a2", authors=["Dube, T."], year=2022),
        rec("scopus", "notice2", title="Retracted: " + other, doi="10.5555/n2", authors=[], year=2023,
            pages="9876543", volume="45", issue=None),
        rec("ieee", "alone", title="Notice of Retraction: " + alone, doi="10.5555/a3", authors=["Berg, K."]),
        rec("springer", "lone", title="Retraction Note: Homework clubs and reading for pleasure in Year 7",
            doi="10.5555/n4", authors=["Oduya, P."], year=2024, pages="3"),
    )  # fmt: skip
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert ids["scopus:marked"] == ids["wos:copy"] == ids["springer:note"]
    assert roles["springer:note"] == "notice" and roles["scopus:marked"] != "notice"
    assert ids["scopus:article2"] == ids["scopus:notice2"] and roles["scopus:notice2"] == "notice"
    assert roles["scopus:article2"] == roles["ieee:alone"] == "publication"

    from thresher.screening.corpus import build_corpus
    from thresher.screening.exports import export_candidates_csv

    build_corpus(store)
    candidates = tmp_path / "candidates.csv"
    export_candidates_csv(store, candidates)
    by_id = {int(r["cluster_id"]): r for r in csv.DictReader(candidates.open(encoding="utf-8"))}
    assert {by_id[ids[k]]["retracted"] for k in ("wos:copy", "scopus:article2", "ieee:alone")} == {"True"}
    assert by_id[ids["scopus:article2"]]["notices"] == "retraction"
    assert by_id[ids["scopus:article2"]]["title"] == other
    assert alone in by_id[ids["ieee:alone"]]["title"]
    assert by_id[ids["wos:copy"]]["title"] == BASE["title"]  # the copy no database marked
    # A notice whose article the search did not find is shown as what it is, not as a blank row.
    lone = by_id[ids["springer:lone"]]
    assert lone["title"].startswith("Retraction Note:") and lone["retracted"] == "True"


def test_a_study_takes_every_notice_and_preprint_under_dois_of_their_own(store):
    """Two corrections of one article, and its preprint on two servers: each its own DOI, none a
    copy of another, all reports of the one study."""
    _add(
        store,
        rec("scopus", "article"),
        rec("scopus", "erratum", title="Erratum: " + BASE["title"], doi="10.5555/e1", year=2024, pages="12"),
        rec("wos", "correction", title="Author Correction: " + BASE["title"], doi="10.5555/e2", year=2024,
            pages="240"),
        rec("osf", "edarxiv", **unplaced(doi="10.35542/osf.io/k3x9q", type=None, year=2022)),
        rec("ssrn", "ssrn", **unplaced(doi="10.2139/ssrn.4101234", type=None, year=2022)),
    )  # fmt: skip
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert len(set(ids.values())) == 1
    assert roles["scopus:erratum"] == roles["wos:correction"] == "notice"
    assert roles["osf:edarxiv"] == roles["ssrn:ssrn"] == "companion"


def test_a_notice_naming_the_article_without_its_subtitle_is_its_notice():
    """'Erratum to "X"' about "X: a meta-analysis", in its journal, with no authors of its own; not
    in another journal, nor under a title of three words."""
    article = variant(title="Shadow IT as a driver of student engagement: a meta-analysis")
    erratum = variant(title="Erratum to \u201cShadow IT as a driver of student engagement\u201d", authors=[],
                      doi="10.5555/err1", pages="240", year=2024)  # fmt: skip
    assert judge(article, erratum)[::2] == ("notice", "right")
    assert judge(article, {**erratum, "container": "Computers & Education"})[0] == "non-match"
    short = variant(title="Shadow IT: a meta-analysis of student engagement")
    assert judge(short, {**erratum, "title": "Erratum to \u201cShadow IT\u201d"})[0] == "non-match"


def test_a_copy_of_the_article_without_its_subtitle_keeps_no_notice_from_the_study(store):
    """Google Scholar's row of the article, its subtitle dropped, is too unlike the correction's
    subject to link them; it must not keep the correction its other copies link out of the study."""
    short = "Teacher collaboration networks and student achievement in lower secondary schools"
    _add(
        store,
        rec("scopus", "article"),
        rec("wos", "article"),
        rec("scholar", "row", **unplaced(title=short, authors=["L Hartmann"], container=BASE["container"])),
        rec("scholar", "doi", **unplaced(title=short, authors=["L Hartmann"], doi=BASE["doi"])),
        rec("wos", "correction", title=BASE["title"] + " (vol 41, pg 101, 2023)", doi="10.5555/e2", year=2023,
            pages="240", type="erratum"),
    )  # fmt: skip
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert len(set(ids.values())) == 1
    assert roles["wos:correction"] == "notice" and roles["scholar:row"] == "duplicate"
    # Not an article placed by its own DOI and pages: another article, kept apart for good.
    placed = variant(title=short, doi="10.5555/other", pages="7-19")
    correction = variant(title=BASE["title"] + " (vol 41, pg 101, 2023)", doi="10.5555/e2", pages="240",
                         type="erratum")  # fmt: skip
    assert judge(placed, correction)[:2] == ("non-match", rule_named("different kinds of publication"))


def test_a_notice_titled_like_its_article_does_not_make_the_title_recur(store):
    """A retraction notice titled "Retracted: X" two years after the article in its journal (two
    databases' copies of each) is no second year of a column titled X: Google Scholar's row of
    the article, its subtitle dropped, still joins the article."""
    short = "Teacher collaboration networks and student achievement in lower secondary schools"
    notice = dict(title="Retracted: " + BASE["title"], year=2025, volume="43", issue="1", pages="9")
    _add(
        store,
        rec("scopus", "article"),
        rec("wos", "article", authors=["Hartmann, L.", "Osei, K. A.", "Lindqvist, M."]),
        rec("scopus", "notice", doi="10.5555/n1", **notice),
        rec("wos", "notice", doi="10.5555/n1", **{**notice, "authors": []}),
        rec("scholar", "row", **unplaced(title=short, authors=["L Hartmann"], container=BASE["container"])),
    )  # fmt: skip
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert len(set(ids.values())) == 1
    assert roles["scholar:row"] == "duplicate" and roles["scopus:notice"] == "notice"


def test_a_book_and_its_editors_introduction_titled_like_it_stay_two(store):
    """An edited book, and its introduction by its editors titled "<book>: An introduction", as
    a repository or a database types them (a book; a chapter with its pages): two works, however
    alike their titles, people and year; each with its own untyped copy."""
    book = unplaced(title="Critical perspectives on educational technology", authors=["Marsh, D", "Obi, N"],
                    year=2017, type="book", doi="10.4324/9781315000001")  # fmt: skip
    chapter = {**book, "title": book["title"] + ": An introduction", "type": "chapter", "doi": None,
               "container": book["title"], "pages": "1-16"}  # fmt: skip
    assert judge(book, chapter)[:2] == ("non-match", rule_named("a book and a chapter in it"))
    _add(
        store,
        rec("eprints", "book", **book),
        rec("eprints", "chapter", **chapter),
        rec("scholar", "book", **{**book, "type": None, "doi": None}),
        rec("scopus", "chapter", **{**chapter, "authors": ["Marsh, D.", "Obi, N."]}),
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert ids["eprints:book"] == ids["scholar:book"] != ids["eprints:chapter"] == ids["scopus:chapter"]
    # Google Scholar types many chapters as books ([BOOK]): under the chapter's DOI, or naming
    # its book as the venue, it is the chapter.
    scholar = {**chapter, "type": "book", "pages": None}
    assert judge({**scholar, "doi": "10.5555/ch1"}, {**chapter, "doi": "10.5555/ch1"})[0] == "match"
    assert judge(scholar, chapter)[0] == "match"


def test_two_theses_or_reports_under_their_own_dois_stay_two():
    thesis = unplaced(
        title="Essays in development economics", authors=["Wang, Yi"], doi="10.5555/t1", type="thesis"
    )
    other = {**thesis, "authors": ["Wang, Yue"], "doi": "10.5555/t2"}
    assert judge(thesis, other)[0] == "non-match"
    # Nor a name before a year: "COVID-19, 2020" / "COVID-19, 2021" are two years' reports.
    covid = variant(title="Hospitalizations of children with COVID-19, 2020", year=2021, doi=None)
    assert (
        judge(covid, {**covid, "title": covid["title"].replace("2020", "2021"), "year": 2022})[0]
        == "non-match"
    )


def test_notices_join_a_study_whose_scholar_copy_has_a_cut_title_and_a_publisher_for_venue(store):
    """A Google Scholar copy of the article (its publisher's name for a venue, its title cut
    short) is the article: an erratum or a retraction note joins the study, and the article
    itself marked "RETRACTED ARTICLE" is a copy of it, not a notice about the Scholar copy."""
    title = "Teacher feedback literacy and student revision behaviour in upper secondary writing"
    article = dict(title=title, doi="10.5555/tfl.2022.1", authors=["Moreau, C.", "Ahn, J."], year=2022)
    cut = unplaced(
        title=title[:60] + " …",
        authors=["C Moreau", "J Ahn"],
        year=2022,
        type=None,
        container="Taylor & Francis",
    )
    _add(
        store,
        rec("wos", "article", **article),
        rec("scholar", "cut", **cut),
        rec("scopus", "erratum", **{**article, "title": "Author Correction: " + title,
            "doi": "10.5555/tfl.2023.9", "year": 2023, "pages": "412", "type": None}),
        rec("scopus", "marked", **{**article, "title": "RETRACTED ARTICLE: " + title, "doi": None}),
        rec("scholar", "cut2", **{**cut, "title": "RETRACTED ARTICLE: " + title[:50] + "…"}),
        rec("springer", "note", **{**article, "title": "Retraction Note: " + title,
            "doi": "10.5555/tfl.2024.3", "year": 2024, "pages": "77"}),
    )  # fmt: skip
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert len(set(ids.values())) == 1
    assert roles["scopus:erratum"] == roles["springer:note"] == "notice"
    assert roles["scopus:marked"] != "notice" and roles["scholar:cut2"] != "notice"


def test_a_citation_of_an_organisations_report_that_says_no_more_is_a_copy():
    """Google Scholar's or Publish or Perish's record of a report: its title, the organisation
    (its name, an acronym, or none), perhaps its year, its site for a venue."""
    report = unplaced(
        title="Closing the digital skills gap in adult education: lessons from twelve community programmes",
        authors=["Alvarado, Teresa", "Whitby, Gareth"],
        year=2022,
        container="Adult Learning Futures Foundation",
        type="report",
    )
    rule = rule_named("a citation of an organisation's report")
    for authors, year, venue in (
        (["ALFF"], None, "alff.org"),
        ([], 2022, "Adult Learning Futures Foundation"),
    ):
        cited = unplaced(title=report["title"].upper(), authors=authors, year=year, container=venue)
        assert judge(report, cited)[:2] == ("match", rule), authors
    # A citation naming a person may be of the paper the report became: the evidence decides.
    person = unplaced(title=report["title"], authors=["T Alvarado"], year=2022)
    assert judge(report, person)[1] != rule
    # Nor another organisation's report under a title many share, nor its citation.
    eef = unplaced(
        title="Annual report 2019", authors=["Education Endowment Foundation"], year=2019, type="report"
    )
    wellcome = {**eef, "authors": ["Wellcome Trust"]}
    cited = unplaced(title="Annual report 2019", authors=["EEF"], year=2019)
    assert judge(eef, cited)[1] == rule and judge(wellcome, cited)[0] == "non-match"
    # An ending that names no part of a report: a subtitle one database dropped.
    appendix = variant(title="Low-grade mucinous neoplasms of the appendix")
    assert judge(appendix, variant(title=appendix["title"] + ": a review", doi=None))[0] == "match"
    # Nor a part of the report published on its own, or another of the organisation's reports.
    for part in ("Executive summary", "Technical appendix", "Research brief"):
        assert judge(report, {**report, "title": f"{report['title']}: {part}"})[0] == "non-match", part
    # Two instalments of a series, each citation dated by its title and each report by the year it
    # came out: the year the titles name decides.
    series = unplaced(
        title="State of feedback practice in Lantern schools: annual report 2019",
        authors=["Lantern Assessment Centre"],
        year=2020,
        container="Lantern Assessment Centre",
        type="report",
    )
    next_one = unplaced(title=series["title"].replace("2019", "2020"), authors=["LAC"], year=2020)
    assert judge(series, next_one)[0] == "non-match"
    assert judge(series, {**next_one, "title": series["title"], "year": 2019})[:2] == ("match", rule)
    impact = {**report, "title": "Impact findings from the Rural Tutoring Evaluation"}
    implementation = {**impact, "title": "Implementation findings from the Rural Tutoring Evaluation"}
    assert judge(impact, implementation)[0] == "non-match"


def test_a_report_number_in_one_title_only_and_a_saved_pages_notes():
    base = unplaced(
        title="K-12 education: federal support for rural school broadband",
        type="report",
        year=2022,
        authors=["U.S. Government Accountability Office"],
    )
    numbered = {**base, "title": base["title"] + " (GAO-22-104913)"}
    assert judge(base, numbered)[1] != rule_named("different numbers in the titles")
    assert judge(numbered, {**base, "title": base["title"] + " (GAO-22-104977)"})[0] == "non-match"
    saved = "(PDF) Teacher presence in asynchronous online courses | Request PDF"
    assert strip_title_notes(saved) == "Teacher presence in asynchronous online courses"
    assert strip_title_notes("Teacher presence | Request PDF") == "Teacher presence"
    assert author_name("Educational Testing Services") == ("educational testing services", "", "")
    # One government body whether its country is abbreviated or not.
    agencies = ("U.S. Government Accountability Office", "United States Government Accountability Office")
    assert author_name(agencies[0]) == author_name(agencies[1])
    assert _norm(1, {"container": "National Bureau of Economic Research"}).kind == "report"


def test_a_dissertation_represents_its_study_and_its_abstract_joins_it(store):
    thesis = dict(
        title="Peer tutoring and reading fluency in rural middle schools",
        authors=["Okafor, Chidi Emeka"],
        doi=None,
        issue=None,
    )
    _add(
        store,
        rec("proquest", "thesis", **thesis, year=2019, container=None, volume="Ed.D.", pages="184 p"),
        rec(
            "psycinfo",
            "dai",
            **thesis,
            year=2020,
            container="Dissertation Abstracts International",
            volume="81",
            pages="1187",
        ),
    )
    run_dedupe(store)
    ids, roles = clusters_of(store), roles_of(store)
    assert ids["proquest:thesis"] == ids["psycinfo:dai"]
    assert roles == {"proquest:thesis": "publication", "psycinfo:dai": "companion"}


def test_a_column_in_every_issue_stays_apart(store):
    column = dict(title="Editor's Comments", authors=["Saunders, Carol"], doi=None, container="MIS Quarterly")
    _add(
        store,
        *[
            rec(
                source,
                f"{issue}",
                volume="24",
                issue=str(issue),
                year=2000,
                pages=f"{issue * 10}-{issue * 10 + 1}",
                **column,
            )
            for issue in (1, 2, 3, 4)
            for source in ("a", "b")
        ],
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert len(set(ids.values())) == 4
    assert all(ids[f"a:{i}"] == ids[f"b:{i}"] for i in (1, 2, 3, 4))  # each issue's copies still meet


def test_a_columns_lone_two_copies_meet_and_one_databases_instalments_do_not(store):
    """Nothing but title, authors and year to go by: the only two records of a guest editorial
    by its team in one year, catalogued by two databases, are one item; two instalments of a
    column by its editor in one year, from one database written alike, are two; and once two
    databases carry both instalments, which copy goes with which cannot be told."""
    editorial = dict(title="Guest Editorial", doi=None, pages=None, volume=None, issue=None, year=2019)
    team = ["Okafor, Ngozi", "Lindqvist, Henrik"]
    column = dict(editorial, title="Editor's Notes", authors=["Moreau, Claire"], year=2018)
    twice = dict(column, title="Book Reviews", authors=["Haddad, Rami"], year=2017)
    _add(
        store,
        rec("eric", "ed1", authors=team, container="Journal of Teacher Education Research", **editorial),
        rec("wos", "ed1", authors=list(reversed(team)), container="J. Teach. Educ. Res.", **editorial),
        rec("eric", "n1", container="Journal of Teacher Education Research", **column),
        rec("eric", "n2", container="Journal of Teacher Education Research", **column),
        *[
            rec(db, f"t{n}", container=venue, **twice)
            for n in (1, 2)
            for db, venue in (
                ("eric", "Journal of Teacher Education Research"),
                ("wos", "J. Teach. Educ. Res."),
            )
        ],
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert ids["eric:ed1"] == ids["wos:ed1"]
    assert ids["eric:n1"] != ids["eric:n2"]
    assert len({ids[f"{db}:t{n}"] for n in (1, 2) for db in ("eric", "wos")}) == 4


def test_a_page_header_read_as_an_author_by_a_whole_journal_merges_nothing(store):
    """Records extracted from PDFs: the running header as title, a header word as first author."""
    header = "Journal of Information Systems Education Vol 19"
    _add(
        store,
        *[
            rec(
                "pdf",
                f"p{n}",
                title=header,
                authors=["Volume", "Issue"],
                doi=f"10.5555/jise.{n}",
                pages=None,
                issue=None,
            )
            for n in range(12)
        ],
        rec("catalogue", "c3", title="Teaching information systems with case studies", doi="10.5555/jise.3"),
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert len({ids[f"pdf:p{n}"] for n in range(12)}) == 12
    assert ids["catalogue:c3"] == ids["pdf:p3"]  # the correct DOI still joins its record


def test_issues_mastheads_read_from_their_pdfs_with_a_role_for_author_stay_apart(store):
    """An extractor reads each issue's masthead page as a record titled "Editorial Board" by
    "Editors-in-Chief": a role, not a person, so the title is all they share."""
    masthead = dict(authors=["Editors-in-Chief"], doi=None, volume=None, issue=None, pages=None)
    _add(
        store,
        rec("grobid", "m1", title="EDITORIAL BOARD", year=None, container=None, **masthead),
        rec("grobid", "m2", title="Editorial Board", year=None, container=None, **masthead),
        rec("cermine", "m3", title="Editorial board", year=2021, container=None, **masthead),
        rec("scopus", "s1"),
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert len({ids["grobid:m1"], ids["grobid:m2"], ids["cermine:m3"]}) == 3


def test_one_papers_copies_two_years_apart_are_no_recurring_title(store):
    """A journal two years behind: two databases give the issue's year, a third the online year,
    all three the DOI, volume and pages. One paper, not a title that recurs in its venue."""
    _add(
        store,
        rec("scopus", "s1", year=2023),
        rec("wos", "w1", year=2023, container="Int J Sch Collab"),
        rec("scholar", "g1", year=2021),
        rec("scholar", "g2", year=2021, doi=None, pages=None, volume=None, issue=None),
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert ids["scopus:s1"] == ids["wos:w1"] == ids["scholar:g1"]
    recurring = store.con.execute(
        "SELECT count(*) FROM dedupe_pairs WHERE rule = ?", [RECURRING_TITLE]
    ).fetchone()
    assert recurring[0] == 0


def test_a_column_with_one_instalment_under_a_doi_still_recurs(store):
    """A column in every year's issue, only one instalment in the store with a DOI: still a title
    that recurs (the years without a DOI are other instalments, not that one's copies)."""
    column = dict(title="Voices from rural classrooms", authors=["Osei, Kwame A."], volume=None, issue=None)
    _add(
        store,
        *[rec("eric", f"c{year}", **column, year=year, doi=None, pages=None) for year in (2015, 2017)],
        rec("eric", "c2019a", **column, year=2019, doi=None, pages="3-4"),
        rec("eric", "c2019b", **column, year=2019, doi=None, pages="9-10"),
        rec("scopus", "s2019", **column, year=2019, doi="10.5555/voices.2019", pages="3-4"),
        rec("scholar", "g2019", **column, year=2019, doi=None, pages=None),
    )
    run_dedupe(store)
    ids = clusters_of(store)
    assert ids["scholar:g2019"] not in (ids["eric:c2019a"], ids["eric:c2019b"])


def test_the_review_list_is_ranked_and_a_person_can_finish_it(store, tmp_path):
    bare = dict(doi=None, pages=None, volume=None, issue=None, container=None, authors=[])
    _add(
        store,
        rec("s", "1", **bare),
        rec("s", "2", **bare),
        rec("s", "3", title="Homework and sleep in adolescence", year=2020, **bare),
        rec("s", "4", title="Homework and sleep in adolescence", year=2020, **bare),
    )
    run_dedupe(store)
    out = tmp_path / "pairs.csv"
    assert export_review(store, out) == 1  # 1 % of four records: one pair, the likeliest
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["rank"] == "1" and float(row["evidence_bits"]) > 0
    beyond = store.con.execute(
        "SELECT count(*) FROM dedupe_pairs WHERE rule LIKE 'beyond the review list%'"
    ).fetchone()
    assert beyond[0] == 1


def test_a_topic_phrase_many_titles_end_with_does_not_pair_them_all(store):
    """Forty papers whose titles end in one disease's name share a title-tail key: a topic, not a
    work. They are not paired all with all; a copy of one of them still finds it."""
    topics = ("outcomes", "costs", "genetics", "dosing", "imaging")
    settings = (
        *("in children with", "in adults with", "after transplant in", "of relapse in"),
        *("and eculizumab in", "in pregnancy and", "registry data on", "long-term course of"),
    )
    prefixes = [f"{topic} {setting}" for topic in topics for setting in settings]
    papers = [
        rec("s", str(n), title=f"{prefix} atypical haemolytic uraemic syndrome", doi=None,
            authors=[f"Author{n:02d}, A."], year=1940 + 2 * n, pages=f"{n * 10 + 1}-{n * 10 + 9}")
        for n, prefix in enumerate(prefixes)
    ]  # fmt: skip
    copy = rec("t", "copy", title=papers[5].title.upper(), doi=None, authors=papers[5].authors,
               year=papers[5].year, pages=papers[5].pages)  # fmt: skip
    _add(store, *papers, copy)
    summary = run_dedupe(store)
    assert summary.candidates <= 5  # not 820: the copy and its paper, and nothing by chance
    clusters = clusters_of(store)
    assert clusters["t:copy"] == clusters["s:5"]
    assert len(set(clusters.values())) == 40


def test_review_decisions_survive_reruns(store, tmp_path):
    _add(store, rec("s", "1"), rec("s", "2", doi=None, title="Homework policy in schools", pages="101"))
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
    _add(store, rec("s", "3", title="Unrelated", doi="10.5555/x", authors=["Z, Z."], pages="300-310"))
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


@pytest.mark.parametrize("form", ["xlsx", "cp1252;", "utf-8-sig\t"])
def test_review_verdicts_are_read_from_any_sheet_a_person_saves(store, tmp_path, form):
    """The verdict sheet opened in Excel and saved again: a workbook, or CSV in the machine's
    code page with its delimiter, or UTF-8 with a BOM; one table reader for them all."""
    _add(store, rec("s", "1"), rec("s", "2", doi=None))
    run_dedupe(store)
    ids = [r[0] for r in store.con.execute("SELECT record_id FROM records ORDER BY 1").fetchall()]
    rows = [["pair", "decision", "note"], [f"{ids[0]}-{ids[1]}", "different", "Zoë: two trials"]]
    if form == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        path = tmp_path / "verdicts.xlsx"
        book.save(path)
    else:
        encoding, delimiter = form[:-1], form[-1]
        path = tmp_path / "verdicts.csv"
        path.write_bytes("".join(delimiter.join(r) + "\r\n" for r in rows).encode(encoding))
    result = import_review(store, path, reviewer="zoe")
    assert (result.applied, result.problems) == (1, [])
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


def test_explain_shows_each_comparison_weight_and_the_rule(store):
    _add(store, rec("s", "1"), rec("s", "2", doi="10.5555/other", pages="119-134"))
    run_dedupe(store)
    text = explain(store, "s:1", "s:2")
    assert "rules now: non-match (different DOIs)" in text
    assert "title    exact" in text and "bits" in text and "a match needs" in text
    assert "verdict: in different clusters" in text


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
    assert {r["role"] for r in rows} == {"publication", "duplicate"}


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


def _invented_store(store, works: int = 1_000, copies: int = 200) -> int:
    """A store of invented works big enough to estimate its own model: titles from a word list,
    authors from a pool of names (so random pairs share a name now and then), `copies` of them
    catalogued twice. Returns how many pairs of records are one work."""
    import random

    rng = random.Random(7)
    words = [f"{a}{b}" for a in ("lab", "mor", "tiv", "sen", "qua", "pel", "dor", "vik") for b in "aeiou"]
    words += ["learning", "schools", "teachers", "systems", "adoption", "online", "rural", "policy"]
    families = [
        f"{a}{b}{c}"
        for a in ("Ha", "Mo", "Ri", "Te", "Ka", "Lu")
        for b in ("ld", "rn", "ss", "v", "nt")
        for c in "aeiou"
    ]
    journals = [f"Journal of {w.title()} Studies" for w in words[:25]]
    records = []
    for n in range(works):
        authors = [f"{rng.choice(families)}, {rng.choice('ABCDEFGHJKLM')}." for _ in range(rng.randint(1, 4))]
        fields = dict(
            title=" ".join(rng.choice(words) for _ in range(rng.randint(5, 10))).capitalize(),
            authors=authors,
            year=rng.randint(2000, 2022),
            container=rng.choice(journals),
            volume=str(rng.randint(1, 40)),
            issue=str(rng.randint(1, 4)),
            pages=f"{(p := rng.randint(1, 900))}-{p + rng.randint(5, 20)}",
            doi=None,
        )
        records.append(rec("eric", f"w{n}", **fields))
        if n < copies:
            records.append(rec("wos", f"w{n}", **{**fields, "title": fields["title"].upper()}))
    _add(store, *records)
    return copies


def test_the_model_is_estimated_alike_whatever_pairs_are_drawn(store):
    """The u of the rare agreeing levels (authors the same, the same first page) and the prior
    come out alike from differently drawn samples, and the prior near the true share of pairs
    that are one work: a few thousand random pairs hold only a handful of such agreements, so
    counting them there made the weights move by a bit or more with the draw."""
    from thresher.dedupe.engine import estimation_sample, stored_model
    from thresher.dedupe.model import estimate

    same = _invented_store(store)
    run_dedupe(store)
    records = 1_000 + same
    prior = stored_model(store).prior
    assert same / (records * (records - 1) / 2) / 2 < prior < 2 * same / (records * (records - 1) / 2)
    models = []
    for seed in range(1, 7):
        uniform, strata = estimation_sample(store, 2_500, seed)
        models.append(estimate(uniform, records, strata))
    # (Counted among the random pairs alone, these spread threefold and tenfold over the draws.)
    for comparison, spread in (("authors", 2.5), ("pages", 1.25)):
        agree = [m.u[comparison][1] for m in models]
        assert max(agree) < spread * min(agree), (comparison, agree)


# ---- notices in other languages, titles read from PDFs, book reviews and teaching notes ----------


def test_notices_named_in_the_journals_language_join_their_article():
    """Journals that publish in Spanish, Portuguese, French or German name their notices so."""
    for mark, kind in (
        ("Fe de erratas: ", "erratum"),
        ("Retratação: ", "retraction"),
        ("Erratum à : ", "erratum"),
        ("Erratum a : ", "erratum"),
        ("Erratum a: ", "erratum"),
        ("ERRATUM A : ", "erratum"),
        ("Berichtigung zu: ", "erratum"),
        ("Corrección de errores en: ", "erratum"),
    ):
        assert notice_subject(mark + "Aprendizaje móvil en la universidad") == (
            kind,
            "Aprendizaje móvil en la universidad",
        )
        notice = variant(title=mark + BASE["title"], doi="10.5555/n", year=2024, pages="77")
        assert judge(BASE, notice) == ("notice", rule_named("a notice about the other"), "right")
    # A study of marking, correcting or retracting is no notice.
    for title in ("Correção automática de redações no ensino médio", "Corrección de textos académicos",
                  "Correction de la copie au lycée", "Erratum a study of homework",
                  "Addendum A: Interview protocol", "Correction A. Worked solutions"):  # fmt: skip
        assert notice_subject(title)[0] is None


def test_an_editors_comments_on_a_topic_are_no_reply():
    """MIS Quarterly's "Editor's comments: On ..." is an editorial; "Comments on ..." is a reply."""
    editorial = variant(
        title="Editor's comments: On the value of replication in information systems research",
        authors=["Hartmann, Lena"],
        type="editorial",
    )
    assert _norm(1, editorial).kind == "article"
    assert _norm(1, variant(title="Comments on Hartmann (2023)")).kind == "reply"
    # The same editorial where a database dropped its subtitle.
    bare = {**editorial, "title": "Editor's comments", "doi": None, "authors": ["Hartmann, L."]}
    assert judge(editorial, bare)[0] == "match"


def test_a_teaching_case_and_its_teaching_note_are_two_documents():
    case = unnumbered(title="Riverbend Community Clinic: Choosing between a custom build and an ERP upgrade")
    for note in ("Teaching note: " + case["title"], "Teaching notes for " + case["title"],
                 case["title"] + " (Teaching note)"):  # fmt: skip
        assert judge(case, {**case, "title": note})[0] == "non-match", note
    # The case in two databases is one case.
    assert judge(case, {**case, "title": case["title"].upper()})[0] == "match"
    # A study of teaching note-taking is no teaching note.
    study = unnumbered(title="Teaching note-taking skills to first-year students: a randomised trial")
    explicit = "Explicitly teaching note-taking skills to first-year students: a randomised trial"
    assert judge(study, {**study, "title": explicit})[0] == "match"


def test_a_book_review_titled_with_the_books_whole_citation():
    """Taylor & Francis title a book review with the reviewed book's whole citation, other
    databases with the book's title (and its authors): one review; two reviews of the book by
    two people in two journals stay two."""
    book = "Schools as learning networks: Data, power and the digital classroom"
    review = variant(title=f"{book}, by M. Achterberg and I. Solano", doi=None, authors=["Nakagawa, Ren"])
    cited = variant(
        title=f"{book}. Maren Achterberg and Iñigo Solano, London: Bloomsbury Academic, 2021, 248 pp.,"
        " ISBN 978-1-350-00123-4",
        authors=["Nakagawa, Ren"],
    )
    assert judge(review, cited)[0] == "match"
    assert judge(variant(title=book, doi=None, authors=["Nakagawa, Ren"]), cited)[0] == "match"
    other = unnumbered(
        title=f"{book}, by Maren Achterberg, London, Bloomsbury, 2021, 248 pp., £85 (hardback)",
        authors=["Ferreira, Luísa"],
        container="Journal of Education Policy",
    )
    assert judge(cited, other)[0] == "non-match"
    # Cut after a short word ("AI."), not at an abbreviation's stop in the book's title.
    ai = "Learning with AI. M. Achterberg, London: Routledge, 2021, 248 pp."
    assert _norm(1, {"title": ai}).title == "learning with ai"
    volume = "Handbook of school networks, Vol. II. M. Achterberg, London: Routledge, 2021, 248 pp."
    assert _norm(1, {"title": volume}).title == "handbook of school networks vol ii"
    yes_or_no = "Why school? Yes or no. M. Achterberg. London: Routledge, 2021. 248 pp."
    assert _norm(1, {"title": yes_or_no}).title == "why school yes or no"
    louis = "Teaching in St. Louis: a history. M. Achterberg, London: Routledge, 2021, 248 pp."
    assert _norm(1, {"title": louis}).title == "teaching in st louis a history"
    south = "Teaching in the U.S. South: a history. M. Achterberg, London: Routledge, 2021, 248 pp."
    assert _norm(1, {"title": south}).title == "teaching in the u s south a history"
    # A review titled by the book's reference in the ABNT style (as SciELO gives it), its authors
    # first in capitals: the book's title, as the other copy under its DOI gives it.
    reference = (
        "ROJAS VALENZUELA, Carmen; SOUZA, Maria. La escuela en red: políticas y prácticas digitales."
        " Santiago: Ediciones Lantern, 2021. 312 p."
    )
    scielo = variant(title=reference, authors=["Almeida, João Pedro"], doi="10.5555/rle.2022.0042")
    lens = {**scielo, "title": "La escuela en red: políticas y prácticas digitales"}
    assert _norm(1, scielo).title == _norm(2, lens).title
    assert judge(scielo, lens)[0] == "match"
    for title in (
        "OECD. Education at a glance. Paris: OECD, 2020.",
        "STEM education, in: a review. Paris: OECD, 2020.",
        "UNESCO, Global education monitoring report. Accountability in education. Paris: UNESCO, 2017.",
    ):
        assert len(_norm(1, {"title": title}).title.split()) >= 7, title
    initials = "FREIRE, P. R. N. Pedagogia do oprimido. Rio de Janeiro: Paz e Terra, 1987."
    assert _norm(1, {"title": initials}).title == "pedagogia do oprimido"
    # A price or a number of points in a title is no citation, nor what a table is broken down by.
    for title in ("The $100 laptop in rural classrooms, 2019", "Reading scores rose by 5 pp after tutoring",
                  "School closures and learning loss (2020-2021): a 3 pp decline in reading",
                  "Educational attainment of young adults, by Race and Ethnicity",
                  "Students meeting benchmarks, by NAEP, TIMSS, PIRLS, PISA, TALIS, ICILS and PIAAC"
                  " participation in 2019"):  # fmt: skip
        assert _norm(1, {"title": title}).title == _norm(1, {"title": title.upper()}).title
        assert len(_norm(1, {"title": title}).title.split()) >= len(title.split())


def test_a_pdfs_running_header_before_the_title():
    """An extractor that read a page's header into the title: its numbers are not the title's."""
    pdf = dict(authors=["Lena Hartmann", "Kwame A. Osei", "Maria Lindqvist"], year=2023)
    for header in (
        "Running head: TEACHER COLLABORATION NETWORKS 1 ",
        "Running head: COVID-19 AND TEACHER NETWORKS 12 ",
        "International Journal of School Collaboration, Vol. 41(2) Spring 2023 ",
        "ICSC '23, May 27–June 3, 2023, Gothenburg, Sweden ",
    ):
        assert judge(BASE, {**pdf, "title": header + BASE["title"]})[0] == "match", header
    # A title after a header may start with "A", an acronym or a word in capitals, and a
    # journal's name may have a comma in it.
    for header, title in (
        ("Running head: COVID-19 AND TEACHER NETWORKS 12 ", "COVID-19 and teacher collaboration networks"),
        ("Running head: MATH ANXIETY 1 ", "GRADE 5 STUDENTS' MATH ANXIETY AND TEACHER NETWORKS"),
        ("Running head: GRADE 5 NETWORKS 1 ", "Teacher collaboration networks in grade 5"),
        ("Information, Communication & Society, Vol. 12(3), 2009 ", "Teacher collaboration networks"),
        (
            "Technology, Knowledge and Learning, Vol. 29(3), 2024 ",
            "Teacher collaboration networks in schools",
        ),
    ):
        assert _norm(1, {"title": header + title}).title == _norm(1, {"title": title}).title, header
    # A title after a journal's header may start with "A" or an acronym.
    for title in (
        "A multilevel analysis of teacher collaboration networks",
        "ICT and teacher collaboration networks",
    ):
        header = "International Journal of School Collaboration, Vol. 41(2), 2023 "
        assert _norm(1, {"title": header + title}).title == _norm(1, {"title": title}).title
    # Not a title that names a volume and a year of what it studies.
    for title in ("Reflections on volume 3 of the 2019 Handbook of School Networks",
                  "Index to volume 38, 2019 Authors and titles listed alphabetically",
                  "Editors' introduction to volume 25, 2020 of the Journal of Schools",
                  "Schools, Families and Communities, Volume 3, 2021 Edition: A casebook"):  # fmt: skip
        assert _norm(1, {"title": title}).title == _norm(1, {"title": title.lower()}).title
        assert len(_norm(1, {"title": title}).title.split()) >= len(title.split())


def test_a_pdfs_first_page_lines_are_no_authors():
    """ "Article history", "Received: ...", AIS eLibrary's cover page: no person, so two papers
    given the same one share no author, and a copy given one lacks none."""
    for line in ("Article history", "Received: 12 March 2021; Accepted: 3 June 2021", "ARTICLE INFO",
                 "Follow this and additional works at: https://aisel.aisnet.org/icis2022",
                 "AIS Electronic Library (AISeL)", "Keywords", "Corresponding author"):  # fmt: skip
        assert _norm(1, {"title": "x", "authors": [line]}).authors == "", line
    one = unplaced(
        title="Learning analytics dashboards and student self-regulation",
        authors=["Article history"],
        year=2021,
    )
    two = {**one, "title": "Learning analytics dashboards and student help seeking"}
    assert judge(one, two)[0] == "non-match"
    # A name that only starts alike is a name, and an agency named so an agency.
    assert _norm(1, {"title": "x", "authors": ["Acceptor, Anna"]}).authors == "acceptor, a"
    assert _norm(1, {"title": "x", "authors": ["Copyright Agency Limited"]}).authors
    for line in (
        "Copyright © 2021 Elsevier Ltd.",
        "Copyright © The Author(s) 2021",
        "Copyright by the authors",
    ):
        assert _norm(1, {"title": "x", "authors": [line]}).authors == "", line


def test_a_doi_on_an_english_title_and_one_with_few_little_words_of_its_own_language():
    """Turkish, Indonesian or Spanish titles with one or no little words a list knows, under the
    article's DOI with the same volume and issue (or pages) as its English copy: one article."""
    english = variant(container="Egitim ve Bilim", pages=None)
    for own in ("Ogretmen isbirligi aglari ve ogrenci basarisi: cok duzeyli bir analiz",
                "Pengaruh jaringan kolaborasi guru terhadap prestasi siswa",
                "Redes de colaboración docente y rendimiento estudiantil",
                "Сети сотрудничества учителей и успеваемость учащихся"):  # fmt: skip
        assert judge(english, {**english, "title": own})[0] == "match", own
    # One little word is not enough where the issue says two papers under one DOI.
    own = {**english, "title": "Pengaruh jaringan kolaborasi guru terhadap prestasi siswa", "issue": "3"}
    assert judge(english, own)[0] == "non-match"
    # Portuguese "a" is no English word: with a first page only, one article.
    pt = {
        **english,
        "title": "Redes de colaboração para a aprendizagem: uma análise pela escola",
        "pages": "101",
    }
    assert judge({**english, "pages": "101"}, pt)[0] == "match"
    # Portuguese "nas", "dos" beside its other little words; a Spanish "a" beside "la" says nothing.
    scielo = {
        **english,
        "title": "Ensino de ciências nas escolas: concepções dos professores sobre a avaliação",
    }
    assert judge(english, scielo)[0] == "match"
    proceedings = {**english, "doi": "10.5555/actas.2022", "issue": None}
    one = {**proceedings, "title": "Introducción a la robótica educativa"}
    two = {**proceedings, "title": "Evaluación de competencias digitales en la formación docente"}
    assert judge(one, two)[0] == "non-match"
    # A Greek letter does not make a title another language's, nor "Generation Y" Spanish.
    for title in ("Beyond Cronbach's \u03b1: reliability of teacher collaboration scales",
                  "Generation Y teachers and collaboration networks in lower secondary schools"):  # fmt: skip
        translated = "Redes de colaboración docente y rendimiento de la generación Y en la escuela"
        assert judge({**english, "title": title}, {**english, "title": translated})[0] == "match", title
    # A conference series' issue DOI on one team's two papers in English, one with no little words.
    series = {
        **english,
        "doi": "10.5555/1742-6596/1840/1",
        "container": "Journal of Physics: Conference Series",
    }
    flipped = {**series, "title": "Flipped classroom adoption among engineering faculty"}
    for title in (
        "Teaching NOS: preservice teachers' conceptions",
        "DOS attack detection using deep learning",
    ):
        assert judge(flipped, {**series, "title": title})[0] == "non-match", title
    physics = {**series, "title": "Teaching physics at the Universidad de Chile during the pandemic"}
    assert judge(flipped, physics)[0] == "non-match"
    # Two English titles under one DOI, in one issue, only a first page to go by: two papers.
    other = "Peer observation of teaching in lower secondary schools: a case study"
    first_page = {**english, "pages": "101"}
    assert judge(first_page, {**first_page, "title": other})[0] == "non-match"
    # A title whose little words do not say its language ("da", "e a"), under the DOI, with the
    # same authors, year, volume and long article number: one article.
    numbered = {**english, "pages": "e20210045", "issue": None}
    own = {**numbered, "title": "Redes colaborativas da escola e a aprendizagem estudantil"}
    assert judge(numbered, own)[0] == "match"
    # Not a short article number, nor another volume's.
    shared = rule_named("the same DOI on unlike titles")
    assert judge({**numbered, "pages": "e45"}, {**own, "pages": "e45"})[:2] == ("non-match", shared)
    assert judge(numbered, {**own, "volume": "42"})[0] == "non-match"
    # ACM's article number in the pages ("45:1-45:18") is read as no page: compared, not a crash.
    acm = {**numbered, "pages": "45:1-45:18"}
    assert judge(acm, {**own, "pages": "45:1-45:18"})[0] == "non-match"


def test_a_market_entry_and_exit_are_two_studies():
    entry = unnumbered(title="Digital platform governance and complementor entry: evidence from app stores")
    exit_ = {**entry, "title": entry["title"].replace("entry", "exit")}
    assert judge(entry, exit_)[0] == "non-match"


def test_pre_service_and_in_service_teachers_are_two_studies_however_hyphenated():
    """Folding takes "pre-service" / "in-service" and "e-learning" / "m-learning" apart into
    short words; they are still the contrast "preservice" / "inservice" is."""
    for one, other in (("pre-service", "in-service"), ("e-learning", "m-learning")):
        published = variant(title=f"Readiness for {one} teacher education: a survey of Turkish teachers")
        cited = unnumbered(title=published["title"].replace(one, other))
        assert judge(published, cited)[0] == judge(cited, published)[0] == "non-match", one
    joined = unnumbered(title="Preservice teachers' attitudes toward inclusive education")
    assert judge(joined, {**joined, "title": "In-service teachers' attitudes toward inclusive education"})[
        0
    ] == ("non-match")


def test_a_pdfs_numbered_heading_and_spaced_accents():
    """An extractor's "1 Introduction" is a section's title, like "Introduction"; an accent its
    text put after a space ("Scha \u0308fer") belongs to the letter before it."""
    assert is_section_title("1 introduction") and is_section_title("i introduction")
    assert not is_section_title("2 teacher networks")
    assert author_name("Jonas Scha \u0308fer")[:2] == author_name("Schäfer, Jonas")[:2] == ("schafer", "j")
    assert _norm(1, {"title": "Universita \u0308t und Schule"}).title == "universitat und schule"
    # Nor a LaTeX PDF's spacing accents beside their letter.
    assert (
        author_name("Jos\u00b4e Garc\u00b4\u0131a")[:2] == author_name("José García")[:2] == ("garcia", "j")
    )
    assert author_name("Mu\u00a8ller, Anna")[0] == "muller"
    for name, plain in (("P\u00b4erez", "Pérez"), ("L\u00b4opez", "López"), ("S\u00b4anchez", "Sánchez")):
        assert author_name(name + ", Ana")[0] == author_name(plain + ", Ana")[0], name
    assert _norm(1, {"title": "Schools in Am\u00b4erica"}).title == "schools in america"
    assert _norm(1, {"title": "Schools in Sa\u02dco Paulo"}).title == "schools in sao paulo"
    # A spacing acute for an apostrophe is no accent of the letter before it.
    for name, plain in (("D\u00b4Amico", "D'Amico"), ("Sant\u00b4Anna", "Sant'Anna")):
        assert author_name(name + ", Lucia")[0] == author_name(plain + ", Lucia")[0], name
    for text, plain in (
        ("l\u00b4enseignement", "l'enseignement"),
        ("dell\u00b4educazione", "dell'educazione"),
    ):
        assert _norm(1, {"title": text}).title == _norm(1, {"title": plain}).title, text
    assert author_name("O\u00b4Brien, Siobhan")[0] == author_name("O'Brien, Siobhan")[0] == "o brien"


def test_mojibake_reads_back_as_the_text_it_was():
    """UTF-8 read as Windows-1252 before the export ("EducaÃ§Ã£o", "Teachersâ€™") is the
    same record as the clean copy; an apostrophe after a capital letter ("CAFÉ’S") is no mojibake."""
    clean = unplaced(
        title="Formação de professores e educação a distância: um estudo em Goiânia",
        authors=["Gonçalves, João", "Müller, Jürgen", "Öztürk, Ayşe"],
        year=2021,
        container="Revista Brasileira de Educação",
        type="article",
    )
    garbled = {
        **clean,
        "title": "FormaÃ§Ã£o de professores e educaÃ§Ã£o a distÃ¢ncia: um estudo em GoiÃ¢nia",
        "authors": ["GonÃ§alves, JoÃ£o", "MÃ¼ller, JÃ¼rgen", "Ã–ztÃ¼rk, AyÅŸe"],
        "container": "Revista Brasileira de EducaÃ§Ã£o",
    }
    assert _norm(2, garbled).title == _norm(1, clean).title
    assert judge(clean, garbled)[0] == "match"
    assert _norm(1, {"title": "Teachersâ€™ beliefs â€“ a survey"}).title == "teachers beliefs a survey"
    for text in ("CAFÉ’S MENU", "Zoë’s classroom", "naïve café"):
        assert _norm(1, {"title": text}).title == _norm(1, {"title": text.replace("’", "'")}).title


def test_markup_entities_and_latex_left_in_a_title_are_not_its_words():
    """MathML with its namespace, entities escaped twice, LaTeX from a BibTeX field that came by
    another way, soft hyphens and zero-width spaces, and mojibake made twice are the text they
    stand for."""
    plain = _norm(1, {"title": "Predicting R2 of teachers' réseaux sociaux in e-learning schools"}).title
    for marked in (
        'Predicting <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML" display="inline">'
        "<mml:msup><mml:mi>R</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math> of teachers&amp;#39; "
        "r{\\'e}seaux sociaux in e-learning schools",
        "Predicting R<sup>2</sup> of teachers' r\\'{e}seaux \\emph{sociaux} "
        "in e-\u00adlearning\u200b schools",
        "Predicting R2 of teachers' rÃƒÂ©seaux sociaux in e-learning schools",
    ):
        assert _norm(2, {"title": marked}).title == plain, marked
    assert author_name('Gr{\\"u}ber, Hans')[:2] == author_name("Grüber, Hans")[:2] == ("gruber", "h")
    # Not a tag: a comparison in a title.
    assert "5 years" in _norm(1, {"title": "Reading to children aged <5 years: a review"}).title
    inequality = "Inequalities of the form a<b among positive integers, with applications where b>1"
    assert _norm(1, {"title": inequality}).title.endswith("b 1")
    # Not LaTeX: a backslash before a quotation mark or between two words; and a "%" in LaTeX
    # is text, not a comment.
    for text, plain in (
        ('The \\"flipped\\" classroom', "the flipped classroom"),
        ("Teachers\\' beliefs", "teachers beliefs"),
        ("Parents\\Guardians and homework", "parents guardians and homework"),
        (
            "A 50% reduction in $\\beta$-cell mass in type 2 diabetes",
            "a 50 reduction in beta cell mass in type 2 diabetes",
        ),
        ("Law&amp;ethics of AI", "law ethics of ai"),
    ):
        assert _norm(1, {"title": text}).title == plain, text
    assert author_name("O\\'Brien, Kathleen")[0] == "o brien"
    # Not mojibake: text beyond ASCII as written (ångströms, a capital before a quotation mark).
    for text, plain in (
        ("A 400 Å³ cavity", "a 400 a3 cavity"),
        ("A IRMÃ”: um estudo", "a irma um estudo"),
        ("TYÖSSÄ” ja koulussa", "tyossa ja koulussa"),
    ):
        assert _norm(1, {"title": text}).title == plain, text


# ---- aggregators, publishers' pages and reference managers --------------------------------------


def test_a_publishers_page_saved_as_a_record_carries_the_sites_name_in_its_title():
    """Zotero saving a landing page takes the page's title: "... | Taylor & Francis Online",
    "... - ScienceDirect", "... | IEEE Journals & Magazine | IEEE Xplore", "Full article: ..."."""
    for saved in (
        BASE["title"] + " | Taylor & Francis Online",
        BASE["title"] + " - ScienceDirect",
        BASE["title"] + " | IEEE Journals & Magazine | IEEE Xplore",
        BASE["title"] + " | SpringerLink",
        "Full article: " + BASE["title"],
        BASE["title"] + " on JSTOR",
        "Frontiers | " + BASE["title"],
        BASE["title"] + " | Proceedings of the 3rd International Conference on School Networks",
    ):
        assert _norm(1, {"title": saved}).title == _norm(1, BASE).title, saved
        page = unplaced(title=saved, authors=BASE["authors"], year=BASE["year"])
        assert judge(BASE, page)[0] == "match", saved
    # A title that ends in a dash and a word of its own keeps it.
    assert _norm(1, {"title": "Peer review - a study"}).title == "peer review a study"
    assert _norm(1, {"title": "Why teachers leave - Eric"}).title == "why teachers leave eric"
    assert _norm(1, {"title": "Research on JSTOR"}).title == "research on jstor"
    mdpi = "Education Sciences | Free Full-Text | " + BASE["title"]
    assert _norm(1, {"title": mdpi}).title == _norm(1, BASE).title


def test_an_article_online_before_its_issue_as_taylor_and_francis_export_it():
    """Volume 0, issue 0 and the PDF's pages from 1 say the article has no issue yet: the copy
    in its issue, a year later, is the same article; two such records of two teams are not."""
    latest = variant(doi=None, volume="0", issue="0", pages="1-18", year=2023)
    issued = variant(doi=None, year=2024)
    assert judge(latest, issued)[0] == "match"
    for volume, issue in (("0", "0"), ("Vol. 0", "No. 0"), ("00", "00")):
        n = _norm(1, {**latest, "volume": volume, "issue": issue})
        assert (n.volume, n.issue, n.start_page) == (None, None, None)
    generic = dict(title="Feedback literacy in higher education: a systematic review", volume="0", issue="0",
                   pages="1-15", doi=None)  # fmt: skip
    one = {**BASE, **generic, "authors": ["Okafor, Chidi"]}
    other = {**BASE, **generic, "authors": ["Lindgren, Sofia"], "pages": "1-21"}
    assert judge(one, other)[0] != "match"


def test_a_doi_for_the_article_that_is_not_its_own():
    """JSTOR's DOI (10.2307/...) beside the publisher's, or a chapter exported with its book's or
    a paper with its proceedings' DOI, is no second work; two papers or the book itself are."""
    jstor = variant(doi="10.2307/4132301", issue=None)
    assert judge(BASE, jstor)[0] == "match"
    paper = variant(doi="10.1145/3478431.3499334", container="ICSE Education", volume=None, issue=None)
    assert judge(paper, {**paper, "doi": "10.1145/3478431"})[0] == "match"
    # Without pages, under the proceedings' DOI, named by its meeting (Google Scholar's row of the
    # paper): the paper, not the proceedings titled as one of its papers.
    meeting = "2021 IEEE 23rd Conference on Instructional Engineering (CIE)"
    held = variant(
        doi="10.5555/cie52690.2021.00010", container=meeting, volume=None, issue=None, pages="465-473"
    )
    scholar = {
        **held,
        "doi": "10.5555/cie52690.2021",
        "pages": None,
        "container": "2021 IEEE 23rd Conference on Instructional …",
    }
    assert judge(held, scholar)[0] == "match"
    # The proceedings' own record (titled as the conference) is not one of its papers.
    volume = dict(
        title=meeting, authors=["Okafor, N."], year=2021, doi="10.5555/cie52690.2021", container=meeting
    )
    assert judge(volume, {**volume, "doi": "10.5555/cie52690.2021.9637123", "pages": "1-1"})[0] == "non-match"
    chapter = variant(doi="10.1007/978-3-030-86436-1_14", type="chapter", container="School networks")
    assert judge(chapter, {**chapter, "doi": "10.1007/978-3-030-86436-1"})[0] == "match"
    # Not the book against its chapter of the same title, nor two records without a title.
    book = {**chapter, "doi": "10.1007/978-3-030-86436-1", "type": "book", "pages": None}
    first = {**chapter, "doi": "10.1007/978-3-030-86436-1_1", "pages": "1-12"}
    assert judge(book, first)[0] == "non-match"
    assert judge({**book, "title": None}, {**first, "title": None})[0] == "non-match"
    # Nor the book against a chapter titled as its subtitle's start.
    subtitled = {**first, "title": BASE["title"] + ": an introduction", "pages": None}
    assert judge({**book, "pages": None}, subtitled)[0] == "non-match"
    # Nor JSTOR's copy of a journal article against its conference paper, or an article two years on.
    journal = variant(doi="10.2307/43825912", container="MIS Quarterly", year=2016)
    hicss = "Hawaii International Conference on System Sciences"
    conference = variant(
        doi="10.1109/HICSS.2016.12", container=hicss, year=2016, volume=None, issue=None, pages="1-10"
    )
    assert judge(journal, conference)[0] == "non-match"
    assert judge(journal, {**journal, "doi": "10.1287/isre.2017.0712", "year": 2018})[0] == "non-match"
    # A year apart (online first), or with pages on one side only, it is the article.
    assert judge(journal, {**journal, "doi": "10.25300/misq/2017/40.1.01", "year": 2017, "pages": None})[
        0
    ] == ("match")
    # Another paper of the proceedings, or the book its introduction is in, stays apart.
    other = {**paper, "title": "Peer observation of teaching in lower secondary schools: a case study"}
    assert judge(paper, {**other, "doi": "10.1145/3478431"})[0] == "non-match"
    introduction = {**chapter, "title": "Introduction: " + BASE["title"], "pages": "1-6"}
    book = {**chapter, "doi": "10.1007/978-3-030-86436-1", "type": "book", "pages": None}
    assert judge(introduction, {**book, "title": BASE["title"], "pages": None})[0] == "non-match"


def test_a_jstor_copy_joins_its_article_in_the_store(store):
    other = "Peer observation of teaching in lower secondary schools"
    _add(store, rec("scopus", "a"), rec("jstor", "j", doi="10.2307/4132301", issue=None),
         rec("scopus", "other", title=other, doi="10.5555/x"))  # fmt: skip
    run_dedupe(store)
    clusters = clusters_of(store)
    assert clusters["scopus:a"] == clusters["jstor:j"] != clusters["scopus:other"]


def test_an_untitled_record_has_no_title():
    """EBSCO's "Untitled" for an unsigned item: no title, not one that every such item shares."""
    for title in ("Untitled", "Untitled.", "(Untitled)", "[Not Available].", "No title available"):
        assert _norm(1, {"title": title}).title == "", title
    letters = {**unnumbered(title="Untitled", authors=["Okafor, Chidi"]), "pages": "12"}
    assert judge(letters, {**letters, "authors": ["Lindgren, Sofia"]})[0] != "match"


def test_a_textbooks_workbook_and_a_reports_brief_against_its_technical_report():
    """'X: Student workbook' is another book than X; 'X. Research brief' another document than
    'X. Technical report'; the technical report against its title alone is the report."""
    book = unplaced(
        title="Digital citizenship in the middle grades", authors=BASE["authors"], year=2018, type="book"
    )
    for part in (": Student workbook", ": Teacher's guide", ": Study guide"):
        assert judge(book, {**book, "title": book["title"] + part})[0] == "non-match", part
    report = unplaced(
        title="Closing the digital skills gap in adult education", authors=BASE["authors"], year=2021
    )
    technical = {**report, "title": report["title"] + ". Technical report"}
    assert judge(technical, {**report, "title": report["title"] + ". Research brief"})[0] == "non-match"
    assert judge(technical, report)[0] == "match"
    # Two companions of one book are two books; the possessive written either way.
    guide = {**book, "title": book["title"] + ": Study guide"}
    assert judge(guide, {**book, "title": book["title"] + ": Teacher's guide"})[0] == "non-match"
    for part in (": Teachers' guide", ": Instructors' manual"):
        assert judge(book, {**book, "title": book["title"] + part})[0] == "non-match", part
    # One companion however its owner is written, and an instructor's guide is their manual.
    for one, other in (
        (": Teacher guide", ": Teachers' guide"),
        (": Instructor's guide", ": Instructor's manual"),
    ):
        assert (
            judge({**book, "title": book["title"] + one}, {**book, "title": book["title"] + other})[0]
            == "match"
        )


# ---- repositories: accepted manuscripts, deposits and their data ---------------------------------


@pytest.mark.parametrize(
    "venue, none",
    [
        ("ePrints Soton", True),
        ("UCL Discovery", True),
        ("Pure - Lancaster University", True),
        ("University of Southampton Institutional Repository", True),
        ("University of Southampton", True),
        ("Open University Research Online", True),
        ("Journal of King Saud University", False),
        ("Drug Discovery Today", False),
        ("Journal of Research Online Learning", False),
        ("Zenodo", False),  # holds a study's data under its title as often as a copy
        ("CORE", True),  # an aggregator of repositories' copies, as OpenAlex names it
        ("Europe PMC (PubMed Central)", True),
        ("Core Curriculum Quarterly", False),
        ("HAL open science", True),
        ("Kent Academic Repository", True),
        ("Repositorio Institucional", True),
        ("DigitalCommons@USU", True),
        ("Pure and Applied Chemistry", False),
        ("Cancer Discovery", False),
    ],
)
def test_a_repository_named_where_the_venue_goes_is_no_venue(venue, none):
    assert (journal_key(venue) == "") is none


def test_an_accepted_manuscript_in_a_repository_is_a_copy_of_the_article():
    """The repository's record: its name for venue, no pages, the year of deposit, perhaps a DOI
    the repository minted (or JSTOR's, Zenodo's): one article, not 'different venues in different
    years' nor 'different DOIs'."""
    deposit = unplaced(title=BASE["title"], authors=BASE["authors"], year=2024, container="ePrints Soton")
    assert judge(BASE, deposit)[0] == "match"
    minted = {**deposit, "year": 2023, "doi": "10.5258/SOTON/P1187", "container": BASE["container"]}
    assert judge(BASE, minted)[0] == "match"
    # Under the repository's own DOI and its name alone, it may be the study's data: not joined.
    assert judge(BASE, {**minted, "container": "ePrints Soton"})[0] != "match"
    # Not the repository's copy of another paper of the team.
    other = {**minted, "title": "Peer observation of teaching in lower secondary schools: a case study"}
    assert judge(BASE, other)[0] == "non-match"


def test_a_studys_data_or_code_is_another_work_than_its_article():
    for data in (
        variant(title="Dataset for: " + BASE["title"], doi="10.5281/zenodo.7654321", pages=None),
        variant(title="Replication data for: " + BASE["title"], doi=None, pages=None),
        variant(title="Figure 2 from: " + BASE["title"], doi=None, pages=None),
        variant(title=BASE["title"] + " [dataset]", doi=None, pages=None),
        variant(title=BASE["title"] + " - Replication data", doi=None, pages=None),
        variant(title=BASE["title"] + " (data and code)", doi=None, pages=None),
        variant(title="Dataset: " + BASE["title"], doi=None, pages=None),
        variant(doi=None, pages=None, type="dataset"),
        variant(doi=None, pages=None, type="software"),
    ):
        assert _norm(1, data).kind == "data", data["title"]
        assert judge(BASE, data)[0] == "non-match", data["title"]
    for title in ("Data for a better world: teacher networks", "Code of conduct for teachers",
                  "Software for teachers: a review", "Table 1 of the curriculum",
                  "Supplementary materials for teaching English to young learners",
                  "Supporting information for parents of children with dyslexia",
                  "Developing Data Analysis Teaching Abilities (DATA)",
                  "Code: And other laws of cyberspace", "Data: a love story"):  # fmt: skip
        assert _norm(1, {"title": title}).kind == "article", title
    # A deposit under the article's title, its DOI Zenodo's and no venue: perhaps its data.
    deposit = unplaced(title=BASE["title"], authors=BASE["authors"], year=2023, doi="10.5281/zenodo.7654321")
    assert judge(BASE, deposit)[0] != "match"


def test_a_publishers_preprint_server_is_a_preprint():
    # JMIR's preprints, by their venue or their DOI ("10.2196/preprints.45678").
    article = variant(doi="10.2196/45678", container="JMIR Nursing")
    for preprint in (
        {**article, "doi": "10.2196/preprints.45678", "container": None, "volume": None, "pages": None},
        {**article, "doi": None, "container": "JMIR Preprints", "volume": None, "pages": None},
    ):
        assert _norm(1, {**preprint, "type": None}).kind == "preprint"
        assert judge(article, {**preprint, "type": None, "year": 2022})[0] == "companion"


def test_a_notice_headed_by_pubmed_with_a_full_stop_after_the_citation():
    # PubMed ends every title with a full stop, after the bracketed citation too.
    notice = (
        "Corrigendum to \u201cTele-nursing simulation in rural wards\u201d [Nurse Educ. Pract. 46 (2022)"
        " 104513]."
    )
    assert (
        _norm(1, {"title": notice}).subject
        == _norm(2, {"title": "Tele-nursing simulation in rural wards"}).title
    )


def test_a_preprints_versions_on_osf_are_one_preprint():
    v1 = variant(doi="10.35542/osf.io/abc12", container="EdArXiv", volume=None, issue=None, pages=None)
    v2 = {**v1, "doi": "10.35542/osf.io/abc12_v2", "year": 2024}
    assert _norm(1, v2).doi == _norm(1, v1).doi == "10.35542/osf.io/abc12"
    assert judge(v1, v2)[0] == "match"


def test_a_notice_in_the_journals_language_against_the_articles_copy_under_its_english_title():
    """The article under its Spanish title (the journal's record) and its English one (Scopus's);
    its correction in Spanish is the Spanish copy's notice. Against the English copy it is no
    link, and no sign of another study either: it does not keep the study's records apart."""
    spanish = "Redes de colaboración docente y rendimiento estudiantil en la educación secundaria"
    article_es = variant(title=spanish, container="Revista de Educación")
    notice = variant(title="Fe de erratas: " + spanish, doi="10.5555/fe", year=2024, pages="77",
                     container="Revista de Educación")  # fmt: skip
    assert judge(article_es, notice)[0] == "notice"
    decision, rule, _ = judge(variant(container="Revista de Educación"), notice)
    assert (decision, rule) == ("non-match", rule_named("a notice and an article under a title in another"))
    assert rule not in VETOES
    # Nor is a notice in another language about another author's study in another journal.
    retraction = variant(
        title="Rétractation : L'évaluation formative au lycée",
        authors=["Dubois, Claire"],
        container="Revue française de pédagogie",
        doi="10.5555/r",
        year=2024,
        pages="5",
    )
    assert judge(BASE, retraction)[1] in VETOES
    # A notice about another study's article under a title like its own is still kept apart.
    other = variant(title="Erratum: Homework policy in Italian primary schools", doi="10.5555/e", pages="240")
    assert judge(BASE, other)[1] in VETOES


def test_a_doi_jstor_gave_and_one_a_repository_gave_are_not_two_works():
    from thresher.dedupe.score import one_doi_for_the_other

    assert one_doi_for_the_other("10.2307/4132301", "10.5281/zenodo.7654321")
    assert one_doi_for_the_other("10.2307/4132301", "10.5555/j.ijsc.2023.02.007")
    assert not one_doi_for_the_other("10.5555/j.ijsc.2023.02.007", "10.5555/j.ijsc.2023.02.008")
    # Two repositories' deposits are two deposits.
    assert not one_doi_for_the_other("10.5281/zenodo.7654321", "10.6084/m9.figshare.12345")
