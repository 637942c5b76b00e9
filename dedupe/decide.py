"""Stage 4: for each pair, match, linked report, maybe or non-match, in one readable place.

First the links between a study's reports: a notice (erratum, retraction, expression of concern)
joins the publication it is about, and a conference abstract or preprint joins the paper of the
same work by the same authors, each marked as such. Then the rules that say two records are
different works, whatever else agrees (a false merge loses a study from the review; a missed
duplicate only costs a screener a click). What is left is weighed (model.py): enough evidence
is a match, a little less a "maybe" for a person, the rest not a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz.distance import OSA

from thresher.dedupe.block import LINKED
from thresher.dedupe.model import Evidence, Model
from thresher.dedupe.normalise import (
    COMPANION_KINDS,
    NOTICE_KINDS,
    introduces_a_section,
    is_school,
    is_section_title,
    journal_key,
    title_edition,
    title_numbers,
    title_years,
    venues_compatible,
)
from thresher.dedupe.score import (
    Pairs,
    lone_number,
    longer,
    one_doi_for_the_other,
    organisation_publishes,
    present,
)

# Title words that make two otherwise identical titles different studies (singular or plural).
CONTRASTS = [
    ("vivo", "vitro"),
    ("man", "woman"),
    ("male", "female"),
    ("boy", "girl"),
    ("adult", "child"),
    ("adult", "children"),
    ("adult", "adolescent"),
    ("adult", "pediatric"),
    ("adult", "paediatric"),
    ("adult", "infant"),
    ("mouse", "rat"),
    ("mice", "rats"),
    ("primary", "secondary"),
    ("pre", "post"),
    ("before", "after"),
    ("positive", "negative"),
    ("acute", "chronic"),
    ("upper", "lower"),
    ("left", "right"),
    ("increase", "decrease"),
    ("high", "low"),
    ("older", "younger"),
    ("rural", "urban"),
    ("public", "private"),
    ("mild", "severe"),
    ("early", "late"),
    ("inpatient", "outpatient"),
    ("intrinsic", "extrinsic"),
    ("internal", "external"),
    ("synchronous", "asynchronous"),
    ("formal", "informal"),
    ("qualitative", "quantitative"),
    ("antecedent", "consequence"),
    ("antecedents", "consequences"),
    ("preservice", "inservice"),
    ("elearning", "mlearning"),
    ("vocational", "academic"),
    ("baseline", "follow"),  # "follow-up"
    ("buyer", "seller"),
    ("novice", "expert"),
    ("entry", "exit"),
    ("success", "failure"),
    ("benefit", "cost"),
    ("barrier", "enabler"),
    ("advantage", "disadvantage"),
    ("opportunity", "threat"),
    ("opportunities", "threats"),
    ("development", "validation"),  # "... scale: development" / "... scale: validation"
    # Which level of education ("... in higher education" / "... in secondary education").
    ("higher", "secondary"),
    ("higher", "primary"),
    ("higher", "elementary"),
]
# Groups whose members stand for one another in a title of another study: who was studied,
# where and how ("... of teachers" / "... of students", "... in online" / "... in blended
# courses"). Any two of one group contrast.
CONTRAST_GROUPS = [
    (
        "teacher",
        "student",
        "parent",
        "principal",
        "pupil",
        "faculty",
        "administrator",
        "counselor",
        "learner",
        "instructor",
        "lecturer",
        "tutor",
    ),
    ("employee", "manager", "customer", "supplier", "consumer"),
    # The good or the bad side of one thing, one paper each ("Benefits of X" / "Risks of X").
    ("benefit", "risk", "harm", "drawback"),
    ("patient", "nurse", "physician", "caregiver"),
    ("elementary", "secondary", "tertiary", "preschool", "kindergarten"),
    ("undergraduate", "graduate", "postgraduate"),
    ("online", "offline", "blended", "hybrid", "face"),  # "face-to-face"
    ("rural", "urban", "suburban"),
    (
        "mathematics",
        "science",
        "reading",
        "writing",
        "literacy",
        "numeracy",
        "physics",
        "chemistry",
        "biology",
        "geography",
        "history",
    ),
    ("listening", "speaking", "reading", "writing"),
    # What was measured: the outcomes one project reports in one paper each ("... on reading
    # fluency" / "... on reading comprehension", "teachers' self-efficacy" / "digital competence").
    ("fluency", "comprehension", "vocabulary", "spelling", "decoding", "grammar", "pronunciation"),
    (
        "achievement",
        "motivation",
        "engagement",
        "attitude",
        "anxiety",
        "satisfaction",
        "efficacy",
        "competence",
        "wellbeing",
        "burnout",
        "retention",
        "persistence",
        "attendance",
        "creativity",
        "resilience",
        "trust",
        "loyalty",
    ),
    ("adoption", "acceptance", "continuance", "resistance"),
    # How it was studied: one project's papers by method ("... An fsQCA study" / "... A PLS-SEM
    # study"), and which kind of review.
    (
        "fsqca",
        "pls",
        "delphi",
        "ethnography",
        "netnography",
        "experiment",
        "interview",
        "phenomenological",
    ),
    (
        "systematic",
        "scoping",
        "umbrella",
        "bibliometric",
        "scientometric",
        "rapid",
        "narrative",
        "integrative",
        "realist",
    ),
    # The language taught or studied ("... of Arabic essays" / "... of English essays").
    (
        "arabic",
        "english",
        "chinese",
        "mandarin",
        "cantonese",
        "spanish",
        "french",
        "german",
        "japanese",
        "korean",
        "turkish",
        "persian",
        "russian",
        "portuguese",
        "italian",
        "indonesian",
        "malay",
        "vietnamese",
        "thai",
        "hindi",
        "urdu",
        "swahili",
        "dutch",
    ),
    # Which report of an evaluation ("interim" / "final report", "first-year" / "second-year").
    ("interim", "midterm", "final"),
    ("implementation", "impact", "fidelity", "cost"),  # "Implementation findings" / "Impact findings"
    ("first", "second", "third", "fourth", "fifth"),
]
# Every pair and every group as one set: two titles contrast where each has a word of one set
# that the other has not.
_CONTRAST_SETS = [frozenset(pair) for pair in CONTRASTS] + [frozenset(group) for group in CONTRAST_GROUPS]
CONTRASTS += [pair for group in CONTRAST_GROUPS for pair in combinations(group, 2)]
# Places: one study in each country or state, reported apart under one title ("...: evidence
# from Ghana" / "... Nigeria"; a state's report of a national study). A place's name and its
# people's or language's word are one place ("India" / "Indian"), and so are its names ("Turkey"
# / "Turkiye", "Burma" / "Myanmar"); a place within another is no contrast with it ("England" /
# "the UK", "Texas" / "American", "Hong Kong" / "China"). Names of two words are read whole
# ("New South Wales" is not Wales, "New Mexico" not Mexico). Continents and regions are too wide
# to tell studies apart by, and name no place here.
_PLACE_NAMES = """
afghanistan afghan | albania albanian | algeria algerian | angola angolan | argentina argentine
argentinian | armenia armenian | australia australian | austria austrian | azerbaijan
azerbaijani | bahrain bahraini | bangladesh bangladeshi | belarus belarusian | belgium belgian |
benin | bhutan | bolivia bolivian | bosnia bosnian | botswana | brazil brazilian | brunei |
bulgaria bulgarian | burkinafaso | burundi | cambodia cambodian | cameroon cameroonian | canada
canadian | chile chilean | china chinese | colombia colombian | congo congolese | costarica
costarican | croatia croatian | cuba cuban | cyprus cypriot | czech czechia | denmark danish |
ecuador ecuadorian | egypt egyptian | elsalvador | eritrea | estonia estonian | eswatini
swaziland | ethiopia ethiopian | fiji | finland finnish | france french | gabon | gambia |
georgia georgian | germany german | ghana ghanaian | greece greek | guatemala guatemalan | haiti
haitian | honduras | hungary hungarian | iceland icelandic | india indian | indonesia indonesian
| iran iranian | iraq iraqi | ireland irish | israel israeli | italy italian | ivorycoast
cotedivoire | jamaica jamaican | japan japanese | jordan jordanian | kazakhstan | kenya kenyan |
kosovo | kuwait kuwaiti | kyrgyzstan | laos | latvia latvian | lebanon lebanese | lesotho |
liberia liberian | libya libyan | lithuania lithuanian | luxembourg | madagascar | malawi
malawian | malaysia malaysian | mali | malta maltese | mauritius | mexico mexican | moldova |
mongolia mongolian | montenegro | morocco moroccan | mozambique | myanmar burma | namibia
namibian | nepal nepali nepalese | netherlands dutch holland | newzealand newzealander |
nicaragua | niger | nigeria nigerian | macedonia macedonian | norway norwegian | oman | pakistan
pakistani | palestine palestinian | panama | paraguay | peru peruvian | philippines philippine
filipino | poland polish | portugal portuguese | puertorico puertorican | qatar qatari | romania
romanian | russia russian | rwanda rwandan | saudiarabia saudiarabian saudi | senegal | serbia
serbian | sierraleone | singapore | slovakia slovak | slovenia slovenian | somalia somali |
southafrica southafrican | korea korean | sudan sudanese | spain spanish | srilanka srilankan |
sweden swedish | switzerland swiss | syria syrian | taiwan taiwanese chinesetaipei | tajikistan
| tanzania tanzanian | thailand thai | togo | trinidad | tunisia tunisian | turkey turkiye
turkish | turkmenistan | uganda ugandan | ukraine ukrainian | emirates uae unitedarabemirates |
uruguay | uzbekistan | venezuela | vietnam vietnamese | yemen | zambia zambian | zimbabwe | uk
britain british unitedkingdom | america american usa unitedstates
"""
# The states, provinces and nations within a country (each a place of its own as well).
_STATES_OF = {
    "uk": "england english | scotland scottish | wales welsh | northernireland",
    "china": "hongkong | macau macao",
    "america": (
        "alabama | alaska | arizona | arkansas | california | colorado | connecticut | delaware | "
        "florida | hawaii | idaho | illinois | indiana | iowa | kansas | kentucky | louisiana | maine "
        "| maryland | massachusetts | michigan | minnesota | mississippi | missouri | montana | "
        "nebraska | nevada | newhampshire | newjersey | newmexico | newyork | northcarolina | "
        "northdakota | ohio | oklahoma | oregon | pennsylvania | rhodeisland | southcarolina | "
        "southdakota | tennessee | texas | utah | vermont | virginia | washington | westvirginia | "
        "wisconsin | wyoming"
    ),
    "canada": "ontario | quebec | alberta | manitoba | saskatchewan | novascotia | britishcolumbia",
    "australia": "newsouthwales | queensland | tasmania",
}
PLACES = {
    word: place.split()[0]
    for place in [*_PLACE_NAMES.split("|"), *"|".join(_STATES_OF.values()).split("|")]
    for word in place.split()
}
_WITHIN = {part.split()[0]: whole for whole, parts in _STATES_OF.items() for part in parts.split("|")}
# Regions of more than one place, named in two words: no place here (as continents are not).
_REGIONS = frozenset(
    f"{where} {name}"
    for where in ("latin", "south", "north", "central")
    for name in ("america", "american", "americans")
) | {"new england"}
_PLACE_PHRASES = re.compile(
    r"\b(?:(?:latin|south|north|central) america(?:ns?)?|united arab emirates|united (?:states|kingdom)"
    r"|new (?:south wales|mexico|zealand(?:ers?)?|york|jersey|hampshire|england)|west virginia"
    r"|(?:north|south) (?:carolina|dakota)|rhode island|nova scotia|british columbia|northern ireland"
    r"|hong kong|sri lanka(?:ns?)?|south africa(?:ns?)?|saudi arabian?|chinese taipei|ivory coast"
    r"|cote d ivoire|puerto ric(?:o|ans?)|costa ric(?:a|ans?)|el salvador|sierra leone|burkina faso)\b"
)
_WORDS = re.compile(r"\w+")
# The rule that keeps apart the instalments of a regular column ("Editor's notes", "Book reviews").
RECURRING_TITLE = "a title that recurs in its venue, and nothing more specific agrees"
DIFFERENT_DOIS = "different DOIs"
YEARS_APART = "years more than 1 apart"
VENUES_AND_YEARS = "different venues in different years"
ONLY_DOIS_DIFFER = "different DOIs, and nothing else either record gives differs"
# One database's record, exported twice or linked to by another's row (its accession number).
SAME_RECORD = "one database record: the same accession number (ERIC, Scopus, Web of Science, PsycINFO)"
# Copies whose citations agree in full under two DOIs (_wrong_doi).
WRONG_DOI = "two DOIs, one wrong: title, authors, venue, volume, issue and first page agree"

# Between a word and a number glued to it ("alphavbeta3", "covid19").
_GLUED = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_GLUED_HINT = re.compile(r"[a-z]\d|\d[a-z]")  # the same places, found faster
# Numbers written as words ("two year", "twenty five"), read as digits where one title writes
# them so and the other in digits ("Two-year" / "2-year").
_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
_UNITS += "sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORD = re.compile(
    r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?: (?P<unit>" + "|".join(_UNITS[:9]) + r"))?"
    r"|(?P<alone>" + "|".join(_UNITS) + r"))\b"
)


def _in_digits(match: re.Match) -> str:
    if match.group("alone"):
        return str(_UNITS.index(match.group("alone")) + 1)
    unit = _UNITS.index(match.group("unit")) + 1 if match.group("unit") else 0
    return str(20 + 10 * _TENS.index(match.group("tens")) + unit)


# A report's number in its series at the end of a (folded) title: "... rel 2020 031".
# "... (REL 2020-031)", "... (NCES 2020-040)", "... (GAO-22-104913)".
_REPORT_NUMBER = re.compile(
    r"\s[a-z]{2,5} (?:(?:19|20)?\d\d) (?!(?:19|20)\d\d$)\d{3,6}$"
)  # not "covid 19 2020"


@dataclass
class Facts:
    """What several rules ask about a pair, computed once."""

    model: Model
    evidence: Evidence
    year_gap: np.ndarray  # -1 where a year is missing
    year_diff: np.ndarray  # x's year minus y's (0 where a year is missing)
    contrast: np.ndarray
    printed_x: np.ndarray  # x's pages say where in a volume it lies (_printed)
    printed_y: np.ndarray
    one_page_x: np.ndarray  # x is a single printed page (or gives only its first page)
    one_page_y: np.ndarray
    recurring: np.ndarray  # either title recurs in its venue or names a section
    page_header: np.ndarray  # one title is the running header of the other's page (same DOI)
    years_named_differ: np.ndarray  # near titles naming different years ("... 2019" / "... 2020")
    only_dois: np.ndarray  # two DOIs, and nothing else either record gives differs
    wrong_doi: np.ndarray  # two DOIs on one article's copies, the citation agreeing in full
    isbn_shared: np.ndarray  # both give ISBNs, one of them in common


def _differ(p: Pairs, name: str) -> np.ndarray:
    """Both sides have the field and it differs."""
    return p.both(name) & ~p.equal(name)


def _same(p: Pairs, name: str) -> np.ndarray:
    return p.both(name) & p.equal(name)


def _kind_in(values: np.ndarray, kinds: frozenset[str]) -> np.ndarray:
    return np.fromiter((v in kinds for v in values), dtype=bool, count=len(values))


def _year_diff(p: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """(x's year minus y's, 0 where one is missing; whether both are there)."""
    both = present(p.x["year"]) & present(p.y["year"])
    diff = np.zeros(len(p), dtype=np.int64)
    diff[both] = p.x["year"][both].astype(np.int64) - p.y["year"][both].astype(np.int64)
    return diff, both


# A book that accompanies another, named before its title: "Study guide for ...", "Essentials of
# ...", "Instructor's manual to accompany ..."; a teaching case's note for the instructor
# ("Teaching note: ...", "Teaching notes for ...").
_BOOK_COMPANION = re.compile(
    r"^(?:the |an? )?(?:(?:study guide|student workbook|workbook|instructor s manual|instructors manual"
    r"|solutions manual|test bank|essentials) (?:for|to|of)\b|teaching notes?\b(?! taking))"
)


# A part of a report published on its own under the report's title: its executive summary, its
# key findings, a brief, its technical appendix, a draft for comment; a teaching case's note; a
# textbook's workbook or study guide. (The full report, "... Technical report", is a part only
# against another part: elsewhere it is the report.)
_REPORT_PART = re.compile(
    r"\b(?:executive summary|summary of (?:key )?findings|key findings|(?:technical )?(?:appendix|appendices)"
    r"|(?:research |policy )?brief|fact sheet|highlights|draft(?: for (?:public )?comment)?|teaching notes?"
    r"|(?:student )?workbook|study guide|instructors?(?: s)? (?:manual|guide)|teachers?(?: s)? guide"
    r"|test bank|solutions manual|(?:technical|full|main) report)$"
)


# (The words a part's name ends in, to pass most titles by at once.)
_REPORT_PART_ENDS = ("summary", "findings", "appendix", "appendices", "brief", "sheet", "highlights", "draft",
                     "comment", "note", "notes", "workbook", "guide", "manual", "bank", "report")  # fmt: skip


def _report_part(title: str) -> str | None:
    match = _REPORT_PART.search(title) if title.endswith(_REPORT_PART_ENDS) else None
    if match is None:
        return None
    words = match.group(0).split()
    if words[-1] in ("guide", "manual"):  # whose: a student's study guide, a teacher's, an instructor's
        return words[0].removesuffix("s")
    return {
        "findings": "summary",
        "appendices": "appendix",
        "comment": "draft",
        "sheet": "brief",
        "notes": "note",
    }.get(words[-1], words[-1])


# The same parts named before the title ("Executive summary: ...", "Fact sheet: ..."). Not a
# journal's section that one database puts before an article's title ("Brief report: ...",
# "Foreword: ...", "Introduction: ...", "Highlights: ...").
_PART_BEFORE = re.compile(
    r"^(?:executive summary|summary of (?:key )?findings|key findings|fact sheet|(?:technical )?appendix) "
)


def _part_before(x: str, y: str) -> bool:
    """One title is the other with a part's name before it."""
    for named, other in ((x, y), (y, x)):
        if (found := _PART_BEFORE.match(named)) and named[found.end() :] == other:
            return True
    return False


def _parts_differ(x: str, y: str) -> bool:
    """One title is the other with a part's name after it ("...: executive summary"), or the two
    name two parts; not a word that ends a title otherwise ("... of the appendix: a review")."""
    part_x, part_y = _report_part(x), _report_part(y)
    if part_x == part_y:
        return False
    if part_x and part_y:
        return True
    if "report" in (part_x, part_y):
        return False  # the full report, against its title alone
    with_part, without = (x, y) if part_x else (y, x)
    return without == with_part[: _REPORT_PART.search(with_part).start()].strip()


# A contrast's word whose hyphen folding took apart ("pre-service" / "in-service", "e-learning" /
# "m-learning").
_HYPHENATED = re.compile(r"\b(?:pre|in) service\b|\b[em] learning\b")


def _contrast(p: Pairs) -> np.ndarray:
    out = np.zeros(len(p), dtype=bool)
    # One DOI that no other title carries: one work (a proceedings' DOI on many papers is not).
    same_doi = _same(p, "doi") & (np.asarray(p.x["doi_count"], dtype=float) <= 2)
    # Only near-identical titles can be told apart by one word; the rest are decided elsewhere.
    for i in np.flatnonzero((p.title_sim >= 0.75) & (p.title_sim < 1.0)):
        tx, ty = p.x["title"][i] or "", p.y["title"][i] or ""
        if tx.replace(" ", "") == ty.replace(" ", ""):
            continue  # "post-graduate" / "postgraduate": spacing, not another word
        if any(word in t for t in (tx, ty) for word in (" service", " learning")):
            tx, ty = (_HYPHENATED.sub(lambda m: m.group().replace(" ", ""), t) for t in (tx, ty))
        wx, wy = ({w.removesuffix("s") for w in _WORDS.findall(t)} | set(_WORDS.findall(t)) for t in (tx, ty))
        # One word put in the other's place: a subtitle one database dropped may name both.
        only_x, only_y = wx - wy, wy - wx
        out[i] = (
            any(only_x & words and only_y & words for words in _CONTRAST_SETS)
            or (
                not same_doi[i]
                and _acronyms_differ(tx, ty, only_x, only_y, p.x["acronyms"][i], p.y["acronyms"][i])
            )
            or _places_differ(tx, ty)
            or bool(_BOOK_COMPANION.match(tx)) != bool(_BOOK_COMPANION.match(ty))
            or _parts_differ(tx, ty)
            or not same_doi[i]
            and _part_before(tx, ty)
        )
    return out


def _acronyms_differ(
    tx: str, ty: str, only_x: set[str], only_y: set[str], acronyms_x: str | None, acronyms_y: str | None
) -> bool:
    """Each title names an acronym the other has not ("... in MOOCs" / "... in SPOCs", "ICT" /
    "IoT", "B2B" / "B2C"): two works, however few letters apart (under one DOI, one work: not
    asked). The acronyms are those another record's title has too (sql/dedupe_record_fields.sql:
    not one database's slip). Not a place ("US" / "USA"), not one acronym extending the other
    ("ID5" / "ID5R": a version, cited either way), not one the other title writes with a space
    or hyphen ("ChatGPT" / "Chat GPT", "eWOM" / "e-WOM", "fsQCA" / "fs/QCA"), and not where a
    title spells the acronym out (its words are not acronyms)."""
    if not (acronyms_x and acronyms_y):
        return False
    joined_x, joined_y = _run_together(tx), _run_together(ty)
    own_x = {w for w in only_x & set(acronyms_x.split()) if w not in PLACES and w not in joined_y}
    own_y = {w for w in only_y & set(acronyms_y.split()) if w not in PLACES and w not in joined_x}
    return any(not (a.startswith(b) or b.startswith(a)) for a in own_x for b in own_y)


def _years_named_differ(p: Pairs) -> np.ndarray:
    """Near titles that each name a year, not the same ones: two instalments of a series
    ("Annual report 2019" / "... 2020", "Education at a glance 2019" / "... 2020"), whatever year
    each record gives (the title's, or the year it came out). A report's number in its series
    ("(REL 2020-031)") names no year."""
    out = np.zeros(len(p), dtype=bool)
    notice = _kind_in(p.x["kind"], NOTICE_KINDS) | _kind_in(p.y["kind"], NOTICE_KINDS)
    for i in np.flatnonzero((p.title_sim >= 0.75) & (p.x["title"] != p.y["title"])):
        # A notice's subject: the article's title, without the citation after it ("[Comput.
        # Educ. 41 (2021) 101]"); a year it adds ("Erratum: ... (2021)") is its own, not the
        # title's: there each must name a year the other does not.
        x = p.x["subject"][i] or p.x["title"][i] or ""
        y = p.y["subject"][i] or p.y["title"][i] or ""
        if ("19" in x or "20" in x) and ("19" in y or "20" in y):
            years_x = title_years(_REPORT_NUMBER.sub("", x))
            years_y = title_years(_REPORT_NUMBER.sub("", y))
            if notice[i]:
                out[i] = bool(years_x - years_y) and bool(years_y - years_x)
            else:
                out[i] = bool(years_x and years_y and years_x != years_y)
        elif not notice[i] and ("19" in x or "20" in x or "19" in y or "20" in y):
            out[i] = _edition_of_another_year(p, i, x, y) or _edition_of_another_year(p, i, y, x, flip=True)
    return out


def _edition_of_another_year(p: Pairs, i: int, named: str, other: str, flip: bool = False) -> bool:
    """One title names the year of its edition ("The state of schools: yearbook 2022"), the other
    none, and that other record, a report's or a book's (no volume, issue or pages), is of another
    year than both the named one and the naming record's: the series' edition of another year
    ("The state of schools yearbook", 2023). (A database that dates an edition a year after the
    year its title names gives that record's year: "PISA 2018 results", 2019, is the same.)"""
    side_named, side_other = (p.y, p.x) if flip else (p.x, p.y)
    # (A report's edition against a report, or an untyped record, not a preprint or thesis.)
    if side_named["kind"][i] != "report" or side_other["kind"][i] not in ("report", "article"):
        return False
    years = title_years(_REPORT_NUMBER.sub("", named))
    if len(years) != 1 or title_years(_REPORT_NUMBER.sub("", other)):
        return False
    year, own = side_other["year"][i], side_named["year"][i]
    if year is None or own is None or any(side_other[k][i] for k in ("volume", "issue", "start_page")):
        return False
    return int(year) not in (int(next(iter(years))), int(own))


def _run_together(title: str) -> set[str]:
    """Two or three neighbouring words of a title written as one ("chat gpt" -> "chatgpt")."""
    words = title.split()
    return {"".join(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1)}


def _places_differ(x: str, y: str) -> bool:
    """Each title (folded) names a place the other does not, nor one within or around it."""
    places_x, places_y = _places(x), _places(y)
    return bool(places_x - places_y) and bool(places_y - places_x)


def _places(title: str) -> set[str]:
    """The places a title names, and the countries their states are in ("latin american" names none)."""
    title = _PLACE_PHRASES.sub(lambda m: "" if m.group(0) in _REGIONS else m.group(0).replace(" ", ""), title)
    words = title.split()
    found = {PLACES[w] for w in words if w in PLACES}
    found |= {PLACES[w[:-1]] for w in words if w.endswith("s") and w[:-1] in PLACES}
    return found | {_WITHIN[p] for p in found if p in _WITHIN}


def _printed(side: dict[str, np.ndarray]) -> np.ndarray:
    """Pages that say where in a volume: not an article number, nor a number of six digits or
    more (an article number, or a range whose dash was lost)."""
    return ~np.asarray(side["eloc"], dtype=bool) & ~lone_number(side)


def _one_page(side: dict[str, np.ndarray], printed: np.ndarray) -> np.ndarray:
    """A single printed page (or only its first given)."""
    start, end = side["start_page"], side["end_page"]
    return present(start) & (~present(end) | (start == end)) & printed


def _after(p: Pairs, first: str, second: str, among: np.ndarray) -> np.ndarray:
    """`first` starts after `second` ends (printed pages on both sides), for the pairs `among`."""
    out = np.zeros(len(p), dtype=bool)
    for i in np.flatnonzero(among):
        a_start = getattr(p, first)["start_page"][i]
        b_start = getattr(p, second)["start_page"][i]
        b_end = getattr(p, second)["end_page"][i] or b_start
        if a_start and b_start and a_start.isdigit() and b_start.isdigit() and b_end.isdigit():
            out[i] = int(a_start) > int(b_end) >= int(b_start)
    return out


def _authors_agree(p: Pairs, share: float) -> np.ndarray:
    return p.author_overlap >= share


def _no_authors(p: Pairs, side: str) -> np.ndarray:
    return ~present(getattr(p, side)["authors"])


# ---- the rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One line of the decision: where `condition` holds, the pair gets `decision`.

    A link's `report` says which side is the linked report: "x" or "y" (x is the lower id)."""

    name: str
    decision: str  # notice, companion (links); non-match; match; maybe
    condition: Callable[[Pairs, Facts], np.ndarray]
    # A non-match so certain that the two records' clusters are kept apart whatever else links
    # them (one weak link must not chain two works into one cluster).
    vetoes_chaining: bool = False
    report: Callable[[Pairs, Facts], np.ndarray] | None = None  # True where x is the report
    # A veto read from where a record says the article is (venue, volume, issue, pages), which
    # one record's slip can give: many matches between two groups of copies may outweigh it.
    slip: bool = False


def _notices(p: Pairs, f: Facts) -> tuple[np.ndarray, np.ndarray]:
    """Which side is a notice: an erratum, a retraction, an expression of concern; or an article
    marked retracted ("Retracted: ...") that the pair says is another record than the other (a
    notice titled like the article, as some publishers title them), not the article itself
    marked: a DOI or pages of its own, or a later year, where the DOI and pages do not say one
    (two years later than a bare citation). Where both are marked, the later one under a DOI of
    its own, or in another volume or on other pages, is the notice."""
    nx, ny = _kind_in(p.x["kind"], NOTICE_KINDS), _kind_in(p.y["kind"], NOTICE_KINDS)
    mx = np.asarray(p.x["marked_retracted"], dtype=bool) & (p.x["kind"] == "article") & ~ny
    my = np.asarray(p.y["marked_retracted"], dtype=bool) & (p.y["kind"] == "article") & ~nx
    pages = p.levels["pages"]
    # (Pages that overlap in another volume of another year are no sign of the article itself: a
    # notice's one page, "8", a volume later, against the article's "9-25". In the same year,
    # another volume is more likely a slip.)
    elsewhere = _differ(p, "volume") & (f.year_gap >= 1)
    itself = _same(p, "doi") | (((pages == 1) | (pages == 2)) & ~elsewhere)
    another = ~itself & (_differ(p, "doi") | (pages == 3) | elsewhere)
    # Later than a bare citation (no DOI, no pages: Google Scholar's row) by one year is no later:
    # such a row often gives the year the article was online.
    bare_x, bare_y = _no_doi_or_pages(p.x), _no_doi_or_pages(p.y)
    later_x = (f.year_diff >= 2) | ((f.year_diff == 1) & ~bare_y)
    later_y = (f.year_diff <= -2) | ((f.year_diff == -1) & ~bare_x)
    both_marked_x = (_differ(p, "doi") | another) & later_x
    both_marked_y = (_differ(p, "doi") | another) & later_y
    return (
        nx | (mx & np.where(my, both_marked_x, another | (~itself & later_x))),
        ny | (my & np.where(mx, both_marked_y, another | (~itself & later_y))),
    )


def _notice_x(p: Pairs, f: Facts) -> np.ndarray:
    return _notices(p, f)[0]


def _notice_link(p: Pairs, f: Facts) -> np.ndarray:
    """A notice and what it is about: an article (abstract, preprint, protocol) under its
    subject, in its venue, by its authors (or the notice names none, or names the article's
    whole title, a long one), before it."""
    nx, ny = _notices(p, f)
    about = frozenset({"article", "abstract", "preprint", "protocol"})
    one_notice = (nx & _kind_in(p.y["kind"], about)) | (ny & _kind_in(p.x["kind"], about))
    authors_ok = _notice_authors_ok(p, nx)
    # Or signed by another (the editor who issues it, as some databases list a notice): where it
    # names the article's own title, word for word, a title of six words or more. (Not held to
    # a column's rules: the retracted article's copies dated the year of its retraction make
    # its title look like one that recurs.)
    subject = np.where(nx, p.x["subject"], p.y["subject"])
    named = subject == np.where(nx, p.y["title"], p.x["title"])
    authors_ok |= named & _words_at_least(subject, 6)
    # Or the notice names the article's title without its subtitle ('Erratum to "X"' about "X: a
    # meta-analysis"), four words or more, in the article's own venue. (Not the other way round:
    # an article "X" placed by its pages may be another article than the one the notice is
    # about; a copy without pages: _notice_and_shorter_article.)
    alike = p.subject_sim >= 0.90
    for i in np.flatnonzero(one_notice & ~alike & (p.levels["venue"] == 1)):
        about, title = _subject_and_title(p, nx, i)
        alike[i] = about.count(" ") >= 3 and title.startswith(about + " ")
    return (
        one_notice
        & alike
        & authors_ok
        & _notice_in_venue_after(p, f, nx)
        & ~f.contrast  # about another study ("... in Ghana" / "... in Nigeria")
        & ~f.years_named_differ  # about another instalment of a series
    )


def _notice_authors_ok(p: Pairs, nx: np.ndarray) -> np.ndarray:
    """The notice (x where `nx`, else y) names an author of the other, or none."""
    return _authors_agree(p, 0.01) | np.where(nx, _no_authors(p, "x"), _no_authors(p, "y"))


def _notice_in_venue_after(p: Pairs, f: Facts, nx: np.ndarray) -> np.ndarray:
    """The notice is in the other's venue (or one is unknown) and comes after it (a year early
    at most: online-first), saying so within ten years."""
    later = np.where(nx, f.year_diff, -f.year_diff)
    return (p.venue != 0) & (later >= -1) & (later <= 10)


def _subject_and_title(p: Pairs, nx: np.ndarray, i: int) -> tuple[str, str]:
    """Pair i's notice's subject and the other record's title ("" for none)."""
    subject, title = (p.x["subject"][i], p.y["title"][i]) if nx[i] else (p.y["subject"][i], p.x["title"][i])
    return subject or "", title or ""


def _words_at_least(values: np.ndarray, words: int) -> np.ndarray:
    return np.fromiter(((v or "").count(" ") >= words - 1 for v in values), dtype=bool, count=len(values))


def _notice_and_unlike_article(p: Pairs, f: Facts) -> np.ndarray:
    """A notice and an article whose title is the notice's subject in another language (one of
    them in English), by its authors (or the notice names none), in its venue, after it."""
    nx, ny = _kind_in(p.x["kind"], NOTICE_KINDS), _kind_in(p.y["kind"], NOTICE_KINDS)
    out = (
        ((nx & (p.y["kind"] == "article")) | (ny & (p.x["kind"] == "article")))
        & (p.subject_sim < 0.6)
        & _notice_authors_ok(p, nx)
        & _notice_in_venue_after(p, f, nx)
    )
    for i in np.flatnonzero(out):
        subject, title = _subject_and_title(p, nx, i)
        out[i] = _two_languages(subject, title) or _one_english(subject, title)
    return out


def _notice_and_shorter_article(p: Pairs, f: Facts) -> np.ndarray:
    """A notice and a record of an article without pages (Google Scholar's row) whose
    title starts the notice's subject (the article's title without its subtitle), by its
    authors (or the notice names none), in its venue, before it. (A notice titled like the
    article, "Retracted: X", where the pair says it is one: see _notices.)"""
    nx, ny = _notices(p, f)
    bare_x, bare_y = ~present(p.x["start_page"]), ~present(p.y["start_page"])
    out = (
        ((nx & (p.y["kind"] == "article") & bare_y) | (ny & (p.x["kind"] == "article") & bare_x))
        & _notice_authors_ok(p, nx)
        & _notice_in_venue_after(p, f, nx)
        & ~f.contrast
        & ~f.years_named_differ
        & ~_differ(p, "title_numbers")
    )
    for i in np.flatnonzero(out):
        subject, title = _subject_and_title(p, nx, i)
        out[i] = title.count(" ") >= 2 and subject.startswith(title + " ")
    return out


def _unmarked_report(p: Pairs, f: Facts, later: bool) -> np.ndarray:
    """A one-page item under the other's own title, same venue and volume, same authors (or
    none), not the other's DOI: printed after the article it is a notice (an erratum without the
    word); printed before it, an abstract of the work (a meeting supplement)."""
    both_articles = (p.x["kind"] == "article") & (p.y["kind"] == "article")
    x_report = f.one_page_x & ~f.one_page_y
    y_report = f.one_page_y & ~f.one_page_x
    authors_ok = _authors_agree(p, 0.66) | np.where(x_report, _no_authors(p, "x"), _no_authors(p, "y"))
    candidates = (
        both_articles
        & (x_report | y_report)
        & (p.title_sim >= 0.95)
        & (p.venue >= 1)
        & _same(p, "volume")
        & (f.year_gap <= 1)
        & authors_ok
        & ~_differ(p, "title_numbers")
        & ~f.contrast
        # Not a column's title ("From the President", "Research Brief"): its other instalments
        # are no notices or abstracts of it.
        & ~f.recurring
        & (p.levels["pages"] != 1)  # not the article's own pages with the dash lost ("524532")
        # Not under the article's own DOI: the article itself, its number given as its page
        # (DBLP's "pages = {5}" for an article numbered 5 in a journal numbering its articles).
        & ~_same(p, "doi")
        # Printed pages on both sides: an article number says nothing of where in the volume,
        # nor does a lone number against an article paged from 1 (its own PDF's pages, "1-29",
        # against its article number, "45" or "6021").
        & f.printed_x
        & f.printed_y
        & ~(
            (np.where(x_report, p.y["start_page"], p.x["start_page"]) == "1")
            & np.where(x_report, lone_number(p.x, 1), lone_number(p.y, 1))
        )
    )
    if later:
        placed = np.where(x_report, _after(p, "x", "y", candidates), _after(p, "y", "x", candidates))
    else:
        placed = np.where(x_report, _after(p, "y", "x", candidates), _after(p, "x", "y", candidates))
    return candidates & placed


def _is_the_work(p: Pairs, side: str) -> np.ndarray:
    """The side a companion report is about: an article (not one its source types an editorial:
    an editors' introduction has no preprint or abstract of its own, though its title may be
    the start of a paper by the same editors), or a dissertation whose abstract the other side
    is (Dissertation Abstracts)."""
    this, other = (p.x, p.y) if side == "x" else (p.y, p.x)
    return ((this["kind"] == "article") & ~_editorial(this)) | (
        (this["kind"] == "thesis") & (other["kind"] == "abstract")
    )


def _editorial(side: dict[str, np.ndarray]) -> np.ndarray:
    """An article its source types an editorial."""
    return (side["kind"] == "article") & (side["record_type"] == "editorial")


def _report_and_editorial(p: Pairs, f: Facts) -> np.ndarray:
    """A report (a preprint, an abstract, a thesis) and an editorial by the same people: not its
    work, but no sign of two studies either (another database may type the same piece an article,
    and link the report to it)."""
    return (_editorial(p.x) & _kind_in(p.y["kind"], COMPANION_KINDS)) | (
        _editorial(p.y) & _kind_in(p.x["kind"], COMPANION_KINDS)
    )


def _companion(p: Pairs, side: str) -> np.ndarray:
    """The side is a companion report (an abstract, preprint, report or thesis) of the other."""
    return _kind_in((p.x if side == "x" else p.y)["kind"], COMPANION_KINDS) & ~_is_the_work(p, side)


def _companion_x(p: Pairs, f: Facts) -> np.ndarray:
    return _companion(p, "x")


def _companion_link(p: Pairs, f: Facts) -> np.ndarray:
    cx, cy = _companion(p, "x"), _companion(p, "y")
    one = (cx & _is_the_work(p, "y")) | (cy & _is_the_work(p, "x"))
    # The abstract or preprint comes before the paper, or in its year or the next; Dissertation
    # Abstracts prints a thesis's abstract up to two years after the degree.
    companion_later = np.where(cx, f.year_diff, -f.year_diff)
    thesis = (p.x["kind"] == "thesis") | (p.y["kind"] == "thesis")
    # (So does a thesis's entry in Dissertation Abstracts: the thesis's report.)
    for side in (p.x, p.y):
        for i in np.flatnonzero(side["kind"] == "abstract"):
            thesis[i] |= side["journal"][i].startswith(("dissertation abstracts", "masters abstracts"))
    # A thesis comes up to four years before the article, and so may a preprint (a working
    # paper on SSRN too) under the article's own title: a server's copy posted long before the
    # journal printed it. An abstract, or a preprint whose title changed, up to two.
    preprint = (np.where(cx, p.x["kind"], p.y["kind"]) == "preprint") & (p.title_sim >= 0.95)
    early = np.where(thesis | preprint, -4, -2)
    out = (
        one
        & ((p.title_sim >= 0.90) | p.contained)  # a preprint's title, or the article's, without its subtitle
        & p.first_author_same
        & _authors_agree(p, 0.5)
        & (companion_later <= np.where(thesis, 2, 1))
        & (companion_later >= early)
        & ~_differ(p, "title_numbers")
        & ~f.contrast  # a report of a sibling study ("... reading" / "... mathematics")
        & ~f.years_named_differ  # another instalment of a series
    )
    # Nor another edition of a report ("(2nd ed.)" / "(3rd ed.)").
    for i in np.flatnonzero(out):
        x, y = p.x["title"][i] or "", p.y["title"][i] or ""
        if "ed" in x and "ed" in y:
            edition_x, edition_y = title_edition(x), title_edition(y)
            out[i] = edition_x is None or edition_y is None or edition_x == edition_y
    return out


CITES_THE_THESIS = "a citation of the thesis that says no more (no type, DOI, volume or pages)"
CITES_THE_REPORT = "a citation of an organisation's report that says no more (no type, DOI, volume or pages)"


def _bare_citation_of_thesis(p: Pairs, f: Facts) -> np.ndarray:
    """A thesis and an untyped record of it with nothing but its title, author, year and perhaps
    its university (Google Scholar's): a copy of it, not the article it became. (Not a technical
    report: citations of a person's report and of the paper it became are catalogued alike, and
    joining them as copies chained other works in, on Cora's citations.)"""
    bare_x = _bare(p.x)
    bare_y = _bare(p.y)
    out = (
        ((bare_x & (p.y["kind"] == "thesis")) | (bare_y & (p.x["kind"] == "thesis")))
        & (p.title_sim >= 0.95)
        & p.first_author_same
        & _authors_agree(p, 0.5)
        & (f.year_gap <= 1)
        & ~_differ(p, "title_numbers")
        & ~f.contrast
    )
    # Its venue, if any, a university's (where the thesis was written), not a book's or journal's.
    for i in np.flatnonzero(out):
        venue = p.x["journal"][i] if bare_x[i] else p.y["journal"][i]
        out[i] = not venue or is_school(venue)
    return out


def _bare_citation_of_report(p: Pairs, f: Facts) -> np.ndarray:
    """A report and an untyped record of it with nothing but its title, perhaps the organisation
    (its name or acronym, as the report's author or publisher) and its year (Google Scholar's,
    Publish or Perish's): a copy of it. Not where the record names a person (a citation of a
    person's report and of the paper it became are alike: above) unless it names the report's
    organisation as its venue too (a screening tool's row of the report, untyped), another
    organisation, or nobody under a title other records share ("Annual report", "Strategic
    plan")."""
    bare_x = _bare(p.x)
    bare_y = _bare(p.y)
    report_x = (p.x["kind"] == "report") & bare_y
    report_y = (p.y["kind"] == "report") & bare_x
    out = (
        (report_x | report_y)
        & (p.title_sim >= 0.95)
        & (f.year_gap <= 1)
        & (p.venue != 0)
        & ~_differ(p, "title_numbers")
        & ~f.contrast
        & ~f.years_named_differ
    )
    for i in np.flatnonzero(out):
        report, bare = (p.x, p.y) if report_x[i] else (p.y, p.x)
        named = bare["authors"][i]
        if not _by_organisations(named):
            # The organisation itself, not a journal or a press named after it ("Fiscal Studies"
            # of the Institute for Fiscal Studies, "OECD Economic Studies").
            out[i] = bool(
                p.first_author_same[i] and bare["journal"][i] and bare["journal"][i] == report["journal"][i]
            )
        elif not named:  # nobody: only a title no other record has
            out[i] = max(p.x["title_count"][i], p.y["title_count"][i]) <= 2 and not f.recurring[i]
        else:  # the organisation that wrote it, or that published it ("ALFF" for its foundation)
            group = journal_key(named.split(";")[0].partition(",")[0])
            out[i] = bool(
                p.first_author_same[i]
                or group
                and report["journal"][i]
                and venues_compatible(group, report["journal"][i]) >= 1
            )
    return out


def _one_report_by_its_organisation(p: Pairs, f: Facts) -> np.ndarray:
    """Two records of one organisation's report under its title, in its year: one names the
    organisation as its author, the other (naming no author) as its publisher (ERIC's corporate
    source, a database's publisher field): the same report, whatever else neither gives, under
    a title few records carry."""
    out = (
        (p.x["kind"] == "report")
        & (p.y["kind"] == "report")
        & (p.title_sim >= 0.95)
        & (f.year_gap >= 0)
        & (f.year_gap <= 1)
        & (_no_authors(p, "x") ^ _no_authors(p, "y"))
        & ~_differ(p, "doi")
        & ~_differ(p, "title_numbers")
        & ~f.contrast
        & ~f.years_named_differ
        & ~f.recurring
        & (np.maximum(p.x["title_count"], p.y["title_count"]) <= 4)
    )
    for i in np.flatnonzero(out):
        named, published = (p.y, p.x) if not p.x["authors"][i] else (p.x, p.y)
        # (As the evidence reads it, however many records carry the venue.)
        out[i] = not named["journal"][i] and organisation_publishes(
            named["authors"][i], published["journal"][i], 1
        )
    return out


def _one_thesis(p: Pairs, f: Facts) -> np.ndarray:
    """A thesis has one author: the same title by the same person within a year is one thesis,
    whichever databases hold it (its university's repository, ProQuest, ERIC). The same person:
    the same family name and initials, and the same first given name where both give it ("Wang,
    Yi" and "Wang, Yue" wrote two theses "Essays in development economics")."""
    out = (
        (p.x["kind"] == "thesis")
        & (p.y["kind"] == "thesis")
        # (Or a spelling apart: "behaviour"/"behavior", a letter Google Scholar's row lost.)
        & ((p.levels["title"] == 1) | (p.title_sim >= 0.95) & ~_differ(p, "title_numbers") & ~f.contrast)
        & p.first_author_same
        & (f.year_gap <= 1)
        & (f.year_gap >= 0)
    )
    for i in np.flatnonzero(out):
        (_, initials_x), (_, initials_y) = (
            side["authors"][i].partition(";")[0].split(", ", 1) for side in (p.x, p.y)
        )
        given_x, given_y = ((side["given"][i] or "").partition(";")[0].split() for side in (p.x, p.y))
        full = [g[0] for g in (given_x, given_y) if g and len(g[0]) > 1]
        initials = sorted((initials_x, initials_y), key=len)
        out[i] = initials[1].startswith(initials[0]) and (len(full) < 2 or full[0] == full[1])
    return out


_REPORT_KINDS = NOTICE_KINDS | COMPANION_KINDS


def _two_of_a_kind(p: Pairs, f: Facts) -> np.ndarray:
    """Two notices of one kind, or two preprints, under DOIs of their own, about one work (two
    corrections of an article, its preprint on two servers): not copies, no two studies. Not two
    theses or reports, and nothing the titles or years tell apart."""
    kinds = NOTICE_KINDS | {"preprint"}
    return (
        _kind_in(p.x["kind"], kinds)
        & (p.x["kind"] == p.y["kind"])
        & _differ(p, "doi")
        & (p.subject_sim >= 0.90)
        & (f.year_gap <= 1)
        & ~f.contrast
        & ~_differ(p, "title_numbers")
    )


def _one_working_paper(p: Pairs, f: Facts) -> np.ndarray:
    """A working paper under one DOI, typed a report by one source and a preprint by another
    (a series of working papers is its authors' preprints), under one title by the same people:
    one manuscript, not two reports."""
    kinds = {"report", "preprint"}
    return (
        _kind_in(p.x["kind"], kinds)
        & _kind_in(p.y["kind"], kinds)
        & _differ(p, "kind")
        & _same(p, "doi")
        & (p.title_sim >= 0.9)
        & ~_differ(p, "title_numbers")
        & (_authors_agree(p, 0.5) | _no_authors(p, "x") | _no_authors(p, "y"))
    )


def _both_reports(p: Pairs) -> np.ndarray:
    return _kind_in(p.x["kind"], _REPORT_KINDS) & _kind_in(p.y["kind"], _REPORT_KINDS)


def _junk_title(p: Pairs, f: Facts) -> np.ndarray:
    """A title that three or more DOIs carry is no work's own: a running header read from a PDF,
    a section's name; so is the header of the other record's own page. It does not count against
    the DOI it stands beside."""
    return (
        (np.asarray(p.x["title_dois"], dtype=float) >= 3)
        | (np.asarray(p.y["title_dois"], dtype=float) >= 3)
        | f.page_header
    )


def _page_header(p: Pairs) -> np.ndarray:
    """Where two records share a DOI that no other title carries, one title is the running header
    of the other's page, as a PDF's text gives it: the venue's name with where the article is,
    its own first page or article number among them ("Journal of X 56 (2019) 103145", "J X
    (2019) 24:1234-1250"), or its volume and issue where the authors are the article's. An
    issue's contents or a proceedings' front matter name the venue but not the article's pages
    or people; an article's title has words of its own."""
    only_these = (np.asarray(p.x["doi_count"], dtype=float) <= 2) & (
        np.asarray(p.y["doi_count"], dtype=float) <= 2
    )
    out = np.zeros(len(p), dtype=bool)
    people = ((p.levels["authors"] == 1) | (p.levels["authors"] == 2)) & p.first_author_same
    for i in np.flatnonzero(_same(p, "doi") & only_these & (p.title_sim < 0.9)):
        heads = max(_heads_the_page(p.x["title"][i], p.y, i), _heads_the_page(p.y["title"][i], p.x, i))
        out[i] = heads == 1 or (heads == 2 and people[i])
    return out


# A DOI's version (Cochrane's ".pub3", a preprint server's ".v2" or "/v2"): two versions of one
# work are two publications.
_DOI_VERSION = re.compile(r"(?:\.pub\d+|[./]v\d+)$", re.IGNORECASE)


def _doi_versions(p: Pairs, rows: np.ndarray) -> np.ndarray:
    """Where `rows` hold, whether the two DOIs are one work's versions ("....CD004366" and
    "....CD004366.pub2")."""
    out = np.zeros(len(p), dtype=bool)
    for i in np.flatnonzero(rows):
        a, b = p.x["doi"][i], p.y["doi"][i]
        out[i] = _DOI_VERSION.sub("", a) == _DOI_VERSION.sub("", b)
    return out


def _only_the_dois_differ(p: Pairs) -> np.ndarray:
    """Two DOIs, and nothing else that either record says differs: one title (give or take a
    letter, a cut end or the words' order), every author of the shorter list in the other,
    years at most one apart, no other venue, volume, issue or first page, one kind of record;
    not two versions of one work under their DOIs ("....CD004366" / "....CD004366.pub2")."""
    rows = _differ(p, "doi") & (p.levels["title"] >= 1) & (p.levels["title"] <= 2)
    rows &= (p.levels["authors"] == 1) & (p.levels["year"] >= 1) & (p.levels["year"] <= 2)
    rows &= (p.venue != 0) & (p.levels["volume"] != 2) & (p.levels["issue"] != 2)
    rows &= (p.levels["pages"] <= 1) & (p.x["kind"] == p.y["kind"])
    return rows & ~_doi_versions(p, rows)


def _wrong_doi(p: Pairs, only_dois: np.ndarray, recurring: np.ndarray) -> np.ndarray:
    """Two DOIs on copies whose citations agree in every place (_only_the_dois_differ, and both
    give the venue, the volume and the same first page, not page 1, where each issue or article
    starts again; a title that recurs in its venue, as a column's does, in the same issue). One
    source gave a wrong DOI (its neighbour's, the journal's, another article's): two works
    cannot sit on the same page of one volume under one title by the same people."""
    full = only_dois & (p.venue >= 1) & _same(p, "volume") & _placed_alike(p)
    return (full & (~recurring | _same(p, "issue"))) | _doi_slip(p, only_dois & ~recurring)


def _doi_slip(p: Pairs, rows: np.ndarray) -> np.ndarray:
    """Two DOIs one keystroke apart (a character mistyped, dropped or added, two swapped) under
    the same prefix, or one cut short (a PDF's text broke it at the line's end: "10.5555/ets.2017"
    for "10.5555/ets.2017.0042"): one of them mangled, where nothing else the records give differs
    (a scraped, extracted or hand-keyed copy without volume or pages to say more). Only `rows` are
    looked at."""
    out = rows.copy()
    for i in np.flatnonzero(out):
        x, y = p.x["doi"][i], p.y["doi"][i]
        prefix_x, _, rest_x = x.partition("/")
        prefix_y, _, rest_y = y.partition("/")
        short, long_ = sorted((rest_x, rest_y), key=len)
        # (Not a container's DOI beside its item's, "10.1145/3478431" and "....3499334": the
        # proceedings and its paper are told apart by the rules for those. A DOI cut after its
        # year, "10.1016/j.compedu.2019", is cut where a line most often breaks.)
        cut = long_.startswith(short) and (
            _YEAR_END.search(short) is not None or not one_doi_for_the_other(x, y)
        )
        out[i] = prefix_x == prefix_y and (OSA.distance(rest_x, rest_y) <= 1 or cut)
    return out


def _untitled(p: Pairs) -> np.ndarray:
    """A record with no title ("Untitled", "[No title available]", an empty cell) under a DOI that
    no other title carries: the DOI says which work it is. So does a notice that names nothing
    (Taylor & Francis's bare "Correction") beside another database's copy of that notice."""
    only_these = (np.asarray(p.x["doi_count"], dtype=float) <= 2) & (
        np.asarray(p.y["doi_count"], dtype=float) <= 2
    )
    untitled = ~present(p.x["title"]) | ~present(p.y["title"])
    notice_x, notice_y = _kind_in(p.x["kind"], NOTICE_KINDS), _kind_in(p.y["kind"], NOTICE_KINDS)
    untitled |= notice_x & notice_y & (~present(p.x["subject"]) | ~present(p.y["subject"]))
    # By the same people (or a record naming nobody), in a venue that does not say another: not a
    # book's record beside a chapter under the book's DOI, by its editors.
    people = _authors_agree(p, 0.01) | _no_authors(p, "x") | _no_authors(p, "y")
    return _same(p, "doi") & only_these & untitled & people & (p.venue != 0)


_DIGIT_RUNS = re.compile(r"\d+")
_YEAR_END = re.compile(r"\.(?:19|20)\d\d$")
_PRINTED_RANGE = re.compile(r"\bpp?\.?\s*(\d+)\s*[-\u2013\s]\s*(\d+)", re.I)  # (folded: "pp 158 173")
_ARTICLE_NUMBERED = re.compile(r"\b(?:article|paper|art\.?)\s*(?:no\.?\s*)?(\d+)\b", re.I)
_LOCATION_WORDS = frozenset(
    {"no", "nr", "issue", "pp", "p", "pages", "art", "article", "doi", "vol", "volume"}
)


def _heads_the_page(title: str | None, other: dict[str, np.ndarray], i: int) -> int:
    """The title is the running header of the other record's page: the other's venue, then where
    it is, with the article's own first page or article number among the numbers ("J X 56 (2019)
    103145", "... Volume 35 Article 2"): 1; or the volume with its issue and year and no other
    number ("Journal of X Vol. 34, No. 4, 2022"), the page perhaps too where the other record gives
    none, or the venue's whole name alone: 2 (an issue's contents could be titled so too: the
    authors must say which article). Else 0."""
    venue = other["journal"][i] or ""
    if not venue or not title:
        return 0
    page, volume = other["start_page"][i] or "", str(other["volume"][i] or "")
    where = {
        str(v) for v in (other["end_page"][i], other["volume"][i], other["issue"][i], other["year"][i]) if v
    }
    numbers = set(_DIGIT_RUNS.findall(title))
    numbered = _ARTICLE_NUMBERED.search(title)
    by_number = bool(numbered) and numbered.group(1) == page
    end = str(other["end_page"][i] or "")
    # (Its first and last page: "5-19"; not from page 1, where every article of a journal that
    # numbers its articles starts.)
    by_range = bool(end) and end != page != "1" and end in numbers
    bare = not numbers
    if (len(page) >= 2 or by_number or by_range) and page not in where and page in numbers:
        # (A page of one digit only where the header says it is the article's number: "Volume 35
        # Article 2"; the header's printed pages beside that number are the article's too, and
        # the other way round.)
        printed = {n for m in _PRINTED_RANGE.finditer(title) for n in m.groups()}
        if by_number:
            beside = printed
        else:  # (the article's number beside its printed pages: "Article 10, pp. 158-173")
            beside = {numbered.group(1)} if numbered and page in printed else set()
        left = numbers - beside - where - {page}
        # (One short number more beside the volume, where the other record gives no issue:
        # perhaps its issue.)
        issue_left = (
            len(left) == 1 and not other["issue"][i] and len(next(iter(left))) <= 2 and volume in numbers
        )
        placed = 1 if not left else 2 if issue_left else 0
    elif bare:
        placed = 2  # the venue's name alone ("Communications of the ..."): the people must agree
    elif (
        volume
        and volume in numbers
        and (numbers & {str(v) for v in (other["issue"][i], other["year"][i]) if v} or numbered)
    ):
        # (Or the volume and an article's number the other record does not give: "Volume 38
        # Article 10" against pages 188-208.)
        rest = numbers - where - {page} - ({numbered.group(1)} if numbered else set())
        placed = 2 if not rest or (not page and len(rest) <= 2) else 0
        if numbered and page and not end and page != numbered.group(1):
            placed = 0  # another article's number than the one the other record gives
    else:
        placed = 0
    if not placed:
        return 0
    words = [w for w in journal_key(title).split() if w[:1] != "@" and w not in _LOCATION_WORDS]
    names = [w for w in venue.split() if w[:1] != "@"]
    # (Its initials by its words, and by its full name's words: "int.j.school.collaboration".)
    full = next((w[2:].split(".") for w in venue.split() if w.startswith("@=")), [])
    initials = "".join(v[0] for v in names) + " " + "".join(v[0] for v in full if v)
    named = bool(words) and all(
        any(v.startswith(w) or w.startswith(v) for v in names)
        or (len(w) >= 2 and w.isalpha() and w in initials)
        for w in words
    )  # (a word of the venue's name, cut or whole, or the initials of some of them: "AIS", "CAIS")
    if bare and named:
        # The whole name, then, a long one (not "Computers in education" in Computers &
        # Education): each word of it in the title, in its order.
        named = (
            len(title.split()) >= 4
            and len(words) == len(names)
            and all(v.startswith(w) or w.startswith(v) for w, v in zip(words, names, strict=True))
        )
    return placed if named else 0


def _pages_differ(p: Pairs, f: Facts) -> np.ndarray:
    """Printed pages that say two works: different start pages, unless the same DOI with the same
    title and first author says one; ranges that only share a page, unless the authors agree
    (a reply printed on the article's last page has other authors)."""
    level = p.levels["pages"]
    doi_and_title = _same(p, "doi") & (p.title_sim >= 0.95) & p.first_author_same
    # An article online before its issue is paged from 1, with no volume yet.
    ahead_of_print = (
        (
            ((p.x["start_page"] == "1") & ~present(p.x["volume"]) & present(p.y["volume"]))
            | ((p.y["start_page"] == "1") & ~present(p.y["volume"]) & present(p.x["volume"]))
        )
        & (p.title_sim >= 0.95)
        & _authors_agree(p, 0.66)
    )
    return ((level == 3) | ((level == 2) & ~_authors_agree(p, 0.66))) & ~doi_and_title & ~ahead_of_print


def _years_apart(p: Pairs, f: Facts) -> np.ndarray:
    """Years more than one apart, unless the same DOI, title and authors say one article: online
    first (no volume, issue or pages yet), then in an issue two years later."""
    online_first = _no_place(p.x) | _no_place(p.y)  # no volume, issue or pages yet
    one_article = (
        _same(p, "doi")
        & (p.title_sim >= 0.95)
        & (_authors_agree(p, 0.66) | _no_authors(p, "x") | _no_authors(p, "y"))
        & ~f.recurring
        & online_first
        & (f.year_gap <= 2)
    )
    # Or the volume and pages agree, and the DOI where both give one: one article, whatever year
    # each database gives it (a journal two years behind, the online year against the issue's, as
    # ERIC's records often have it, without a DOI; the year a PDF was downloaded, which a
    # reference manager reading the PDF takes for the article's).
    # (A range of pages: an article number, "CD001871", is every version's of a Cochrane review.)
    ranged = present(p.x["end_page"]) & (p.x["start_page"] != p.x["end_page"]) & _same(p, "end_page")
    one_article |= (
        (_same(p, "doi") | (~_differ(p, "doi") & _authors_agree(p, 0.66)))
        & (p.title_sim >= 0.95)
        & _same(p, "volume")
        & _placed_alike(p)
        & ranged
    )
    return (f.year_gap > 1) & ~one_article


def _instalments(p: Pairs, f: Facts) -> np.ndarray:
    """An organisation's report has its year (no issue follows it a year later): its title a year
    apart is the series' next instalment ("The condition of education", an annual report). A
    person's technical report is cited with the year it was written or the next: not this."""
    # (Google Scholar gives no type: a record without volume, issue or pages that names the
    # organisation is as much a report; not one by people known by one name, "Suparno".)
    untyped_x = (p.x["kind"] == "article") & _no_place(p.x) & present(p.x["authors"])
    untyped_y = (p.y["kind"] == "article") & _no_place(p.y) & present(p.y["authors"])
    for side, untyped in ((p.x, untyped_x), (p.y, untyped_y)):
        for i in np.flatnonzero(untyped):
            untyped[i] = all(" " in entry.partition(", ")[0] for entry in side["authors"][i].split(";"))
    reports = ((p.x["kind"] == "report") | untyped_x) & ((p.y["kind"] == "report") | untyped_y)
    out = (f.year_gap == 1) & reports & (p.title_sim >= 0.95) & ~_same(p, "doi")
    for i in np.flatnonzero(out):
        # (Titles that name the same year say which instalment: "PISA 2018 results", dated 2018
        # by one database and 2019 by another, is one report.)
        years = title_years(p.x["title"][i] or "")
        out[i] = (
            _by_organisations(p.x["authors"][i])
            and _by_organisations(p.y["authors"][i])
            and not (years and years == title_years(p.y["title"][i] or ""))
        )
    return out


def _other_isbns(p: Pairs, f: Facts) -> np.ndarray:
    """Both records give ISBNs, none in common, and years apart, and neither a DOI, volume or
    pages: two books (a yearbook's volumes under one title by one editor, two editions). Not a
    paper or chapter with its proceedings' or book's print ISBN on one side and the electronic
    one on the other, dated by the meeting and the publisher a year apart."""
    books = ~present(p.x["doi"]) & ~present(p.y["doi"]) & _no_place(p.x) & _no_place(p.y)
    return p.both("isbn") & books & (f.year_gap >= 1) & ~f.isbn_shared


def _book_and_chapter(p: Pairs, f: Facts) -> np.ndarray:
    """A record its source types a book (no pages), and one typed a chapter with pages of its
    own: a chapter in the book, another work, however alike their titles ("X" and its editors'
    introduction, "X: An introduction") and people. Not under one DOI, nor where the "book"
    names the chapter's book as its venue: the chapter itself, as Google Scholar types many
    chapters ([BOOK])."""
    book_x = (p.x["record_type"] == "book") & ~present(p.x["start_page"])
    book_y = (p.y["record_type"] == "book") & ~present(p.y["start_page"])
    chapter_x = (p.x["record_type"] == "chapter") & present(p.x["start_page"])
    chapter_y = (p.y["record_type"] == "chapter") & present(p.y["start_page"])
    one_item = _same(p, "doi") | (p.levels["venue"] == 1) | (p.levels["venue"] == 2)
    return ((book_x & chapter_y) | (book_y & chapter_x)) & ~one_item


def _one_book(p: Pairs, f: Facts) -> np.ndarray:
    """A book's title, give or take a letter, under an ISBN both records give, with the same
    authors (or editors), within a year: the book, however common its title is in the store (its
    reviews are titled by it). Its chapters under its ISBN have titles of their own."""
    return (
        (p.levels["title"] <= 2)
        & p.both("title")
        & (p.levels["authors"] == 1)
        & (f.year_gap <= 1)
        & f.isbn_shared
    )


def _isbn_in_common(p: Pairs) -> np.ndarray:
    out = p.both("isbn").copy()
    for i in np.flatnonzero(out):
        out[i] = bool(set(p.x["isbn"][i].split()) & set(p.y["isbn"][i].split()))
    return out


def _theses_of_two_people(p: Pairs, f: Facts) -> np.ndarray:
    """A thesis has one author: two theses whose authors share no initial letter, family or given
    name either way round ("Miller, Sarah" / "Lopez, Daniel"), are two theses, however generic
    their title ("Teacher perceptions of instructional coaching")."""
    out = (
        (p.x["kind"] == "thesis")
        & (p.y["kind"] == "thesis")
        & p.both("authors")
        & (p.author_overlap == 0)
        & ~_same(p, "doi")
    )
    for i in np.flatnonzero(out):
        out[i] = not (_initial_letters(p.x, i) & _initial_letters(p.y, i))
    return out


def _initial_letters(side: dict[str, np.ndarray], i: int) -> set[str]:
    """The first author's family and given names' first letters."""
    family, _, initials = side["authors"][i].partition(";")[0].partition(", ")
    given = (side["given"][i] or "").partition(";")[0]
    return {name[:1] for name in (family, initials, given) if name}


def _by_organisations(authors: str | None) -> bool:
    """No author, or none with initials: organisations ("OECD", "National Center for ...")."""
    return not authors or not any(entry.partition(", ")[2] for entry in authors.split(";"))


def _no_doi_or_pages(side: dict[str, np.ndarray]) -> np.ndarray:
    """Neither a DOI nor pages say which paper the record is (a citation Google Scholar scraped)."""
    return ~present(side["doi"]) & ~present(side["start_page"])


def _bare(side: dict[str, np.ndarray]) -> np.ndarray:
    """An untyped record with no DOI, volume, issue or pages: a citation that says no more."""
    return (side["kind"] == "article") & _no_place(side) & ~present(side["doi"])


def _no_place(side: dict[str, np.ndarray]) -> np.ndarray:
    return ~present(side["volume"]) & ~present(side["issue"]) & ~present(side["start_page"])


def _distinct_numbers(numbers: str | None) -> list[str]:
    """A title's numbers in order, each once ("98 98" -> ["98"]; "2 1" stays "2 1")."""
    return list(dict.fromkeys((numbers or "").split()))


def _numbers_differ(p: Pairs, f: Facts) -> np.ndarray:
    """Numbers in one title and not the other, or different ones, unless the other has them glued
    to a word ('integrin alphavbeta3' / 'alpha v beta 3'; 'COVID19' / 'COVID-19'); or years, where
    both titles name some."""
    unlike = p.x["title"] != p.y["title"]  # (title_sim is 1.0 for the same words in another order)
    differ = (p.x["title_numbers"] != p.y["title_numbers"]) & unlike
    # A title cut short has the first of the other's numbers, if any ("... during COVID-…").
    cut = p.cut if p.cut is not None else np.zeros(len(p), dtype=bool)
    for i in np.flatnonzero(differ & cut):
        numbers_x, numbers_y = (
            _distinct_numbers(p.x["title_numbers"][i]),
            _distinct_numbers(p.y["title_numbers"][i]),
        )
        short, long_ = (numbers_x, numbers_y) if p.x["title_cut"][i] else (numbers_y, numbers_x)
        differ[i] = short != long_[: len(short)]
    # A subtitle one copy dropped, its numbers a name's ("... : knowledge hiding in the COVID-19
    # pandemic", "... for Industry 4.0"), not an instalment's ("...: Part 2", "Study 3").
    for i in np.flatnonzero(differ & p.contained):
        differ[i] = not _numbers_only_in_dropped_subtitle(p.x["title"][i] or "", p.y["title"][i] or "")
    # (Titles far apart are decided by other rules: only near ones are looked at again.)
    near = p.title_sim >= 0.75
    # The same numbers, one of them repeated ("VLDB '98 ...: best papers of VLDB '98").
    for i in np.flatnonzero(differ & near):
        differ[i] = _distinct_numbers(p.x["title_numbers"][i]) != _distinct_numbers(p.y["title_numbers"][i])
    for i in np.flatnonzero(differ):
        x, y = p.x["title"][i] or "", p.y["title"][i] or ""
        # A report's number in its series that one catalogue adds to the title ("... (REL
        # 2020-031)") and the other does not: no other report. Two numbers are two reports.
        numbered_x, numbered_y = _REPORT_NUMBER.search(x), _REPORT_NUMBER.search(y)
        if bool(numbered_x) != bool(numbered_y):
            x, y = _REPORT_NUMBER.sub("", x), _REPORT_NUMBER.sub("", y)
            differ[i] = _distinct_numbers(title_numbers(x)) != _distinct_numbers(title_numbers(y))
            if not differ[i]:
                continue
        if _GLUED_HINT.search(x) or _GLUED_HINT.search(y):
            glued_x, glued_y = title_numbers(_GLUED.sub(" ", x)), title_numbers(_GLUED.sub(" ", y))
            differ[i] = _distinct_numbers(glued_x) != _distinct_numbers(glued_y)
        # Numbers one title writes in words and the other in digits ("two year" / "2 year"); not
        # number words both titles have ("Three schools, one reform: Part 3" / "... Part 1").
        if differ[i] and _NUMBER_WORD.findall(x) != _NUMBER_WORD.findall(y):
            worded_x, worded_y = (
                title_numbers(_NUMBER_WORD.sub(_in_digits, x)),
                title_numbers(_NUMBER_WORD.sub(_in_digits, y)),
            )
            differ[i] = worded_x != worded_y
        # A roman numeral that ends one title and stands inside the other ("... under Title IX" /
        # "... under Title IX: a thirty-year review") is a name's, the same in both.
        if differ[i]:
            words_x, words_y = x.split(), y.split()
            if (words_x and words_x[-1] in words_y[:-1]) or (words_y and words_y[-1] in words_x[:-1]):
                differ[i] = title_numbers(x, last_roman=False) != title_numbers(y, last_roman=False)
    # A name with its version glued to it where the other title has the name alone ("Extending
    # UTAUT2 ..." / "Extending UTAUT ..."): another model, not a slip; not the title's last word
    # (a footnote's mark run into it).
    for i in np.flatnonzero(unlike & near & ~differ):
        x, y = p.x["title"][i] or "", p.y["title"][i] or ""
        if _GLUED_HINT.search(x) or _GLUED_HINT.search(y):
            differ[i] = _versioned(x, y) or _versioned(y, x)
    # Years name when, not which, so title_numbers leaves them out; but two titles naming
    # different years are two editions ("Education at a glance 2019" / "... 2020").
    # So do two editions of a book ("(7th ed.)" / "(8th ed.)"), where both titles name one.
    differ |= unlike & near & f.years_named_differ
    for i in np.flatnonzero(unlike & near & ~differ):
        x, y = p.x["title"][i] or "", p.y["title"][i] or ""
        if "ed" in x and "ed" in y:
            edition_x, edition_y = title_edition(x), title_edition(y)
            differ[i] = edition_x is not None and edition_y is not None and edition_x != edition_y
    return differ & ~(_same(p, "doi") & _junk_title(p, f))


# Words that number an instalment of a series of works: "Part 2", "Study 3", "Phase II".
_INSTALMENT = re.compile(
    r"\b(?:part|parts|phase|study|studies|experiment|wave|stage|volume|vol|no|number|chapter|section|"
    r"report|paper|book|series|edition|round|cycle|module|unit|trial|cohort)\s+(?:\d+|[ivxl]+)\b"
)


def _numbers_only_in_dropped_subtitle(x: str, y: str) -> bool:
    """One title is the other with a part dropped (a subtitle, or what came before a colon), and
    the numbers they differ by are all in that part, none an instalment's."""
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if long_.startswith(short + " "):
        dropped = long_[len(short) + 1 :]
    elif long_.endswith(" " + short):
        dropped = long_[: -len(short) - 1]
    else:
        return False
    if _INSTALMENT.search(dropped):
        return False
    # Nor where the dropped part names a thing the kept title names with another number ("ICIE 19
    # programme chairs: best papers of ICIE 20").
    numbered: dict[str, set[str]] = {}
    words = short.split()
    for before, word in zip(words, words[1:], strict=False):
        if word.isdigit():
            numbered.setdefault(before, set()).add(word)
    dropped_words = dropped.split()
    for before, word in zip(dropped_words, dropped_words[1:], strict=False):
        if word.isdigit() and before in numbered and word not in numbered[before]:
            return False
    in_dropped = set(_distinct_numbers(title_numbers(dropped)))
    kept = [n for n in _distinct_numbers(title_numbers(long_)) if n not in in_dropped]
    return bool(in_dropped) and kept == _distinct_numbers(title_numbers(short))


_VERSIONED = re.compile(r"^([a-z]{3,})(\d{1,2})$")


def _versioned(x: str, y: str) -> bool:
    """A word of x is a name with a number glued to it, and y has the name alone (not with the
    number after a space: "COVID19" / "COVID-19")."""
    words_x, words_y = x.split(), set(y.split())
    for word in words_x[:-1]:
        if (glued := _VERSIONED.match(word)) and glued.group(1) in words_y and word not in words_y:
            if f" {glued.group(1)} {glued.group(2)}" not in f" {y} ":
                return True
    return False


def _volumes_differ(p: Pairs, f: Facts) -> np.ndarray:
    """Different volumes say two works, unless the volume is one of the slips databases and
    citations make: with the same title, year and authors, and either the same start page (a
    supplement's number for the volume) or no pages on one side, the venue agreeing and the
    title no column's (a citation's wrong volume, "Machine Learning 7" for 6); with the same DOI
    and title; or one side's volume is the other's issue ("30 (Suppl. 3)" exported as volume 3)."""
    if not f.model.reliable("volume"):
        return np.zeros(len(p), dtype=bool)
    same_title = p.title_sim >= 0.95
    one_pages = ~(present(p.x["start_page"]) & present(p.y["start_page"]))
    cited = (p.levels["pages"] == 1) | (one_pages & (p.venue >= 1) & ~f.recurring)
    exempt = same_title & (f.year_gap == 0) & _authors_agree(p, 0.66) & cited
    exempt |= _same(p, "doi") & same_title
    # The same range of pages (not from page 1) in the same venue and year by the same people:
    # one article, its title perhaps shortened by a citation ("X." for "X algorithms").
    ranged = _same(p, "start_page") & _same(p, "end_page") & (p.x["start_page"] != "1")
    exempt |= (
        ranged
        & (p.levels["title"] >= 1)
        & (p.levels["title"] <= 4)
        & (f.year_gap == 0)
        & _authors_agree(p, 0.66)
        & (p.venue >= 1)
    )
    exempt |= same_title & (
        (present(p.x["volume"]) & (p.x["volume"] == p.y["issue"]))
        | (present(p.y["volume"]) & (p.y["volume"] == p.x["issue"]))
    )
    return _differ(p, "volume") & ~exempt


def _issues_differ(p: Pairs, f: Facts) -> np.ndarray:
    """The same title in two issues of one volume is two items (a column in every issue),
    unless the DOI or the pages say one, or copies in this store disagree on issues anyway."""
    if not f.model.reliable("issue"):
        return np.zeros(len(p), dtype=bool)
    # An article number put in the issue field ("issue 791" against "page 791") is no conflict.
    number_in_issue = np.fromiter(
        (
            bool(ix and (ix == sy or ix == ey)) or bool(iy and (iy == sx or iy == ex))
            for ix, iy, sx, sy, ex, ey in zip(
                p.x["issue"],
                p.y["issue"],
                p.x["start_page"],
                p.y["start_page"],
                p.x["end_page"],
                p.y["end_page"],
                strict=True,
            )
        ),
        dtype=bool,
        count=len(p),
    )
    return (
        _same(p, "volume")
        & (p.levels["issue"] == 2)
        & ~number_in_issue
        & ~_same(p, "doi")
        # The same first page says one item, but not of a column's instalments, which a journal
        # may print on the same page of every issue ("From the President", p. 3).
        & ~(_placed_alike(p) & ~f.recurring)
        & ~((p.levels["pages"] == 2) & _authors_agree(p, 0.66) & ~f.recurring)
        # The same range from page 1 by the same authors: an issue's slip (not a column's).
        & ~(
            (p.levels["pages"] == 1)
            & _same(p, "end_page")
            & (p.x["start_page"] != p.x["end_page"])
            & _authors_agree(p, 0.66)
            & ~f.recurring
        )
    )


def _placed_alike(p: Pairs) -> np.ndarray:
    """The same first page, unless it is page 1: where each issue or each article is paged from 1,
    every issue's editorial starts there."""
    return (p.levels["pages"] == 1) & (p.x["start_page"] != "1")


def _recurring_title(p: Pairs) -> np.ndarray:
    """A title that recurs in its venue, or names a regular section, on either side."""
    recurring = np.asarray(p.x["recurring"], dtype=bool) | np.asarray(p.y["recurring"], dtype=bool)
    for side in (p.x, p.y):
        recurring |= np.fromiter((is_section_title(t or "") for t in side["title"]), dtype=bool, count=len(p))
    return recurring


def _recurring(p: Pairs, f: Facts) -> np.ndarray:
    """A title that recurs in its venue year after year ("Editor's Notes", "Chair's Message",
    a review's updates), or names a regular section, says nothing by itself: the DOI, the pages,
    or volume and issue must agree; or the two are twins, the only records in the store with
    this title in this year by these authors (an instalment's two copies; two instalments by
    one editor in one year, each in two databases, are four records). So does a track's or a
    special issue's introduction, which recurs with its topic ("Introduction to the minitrack
    on ..."); only here: where the DOI says one, its copies are not held to a column's rules;
    and in one year, by the same people, in one venue, it is that year's."""
    introduces = np.zeros(len(p), dtype=bool)
    for side in (p.x, p.y):
        introduces |= np.fromiter(
            (introduces_a_section(t or "") for t in side["title"]), dtype=bool, count=len(p)
        )
    recurring = f.recurring | introduces
    specific = _same(p, "doi") | _placed_alike(p) | (_same(p, "volume") & _same(p, "issue"))
    # A track's or special issue's introduction comes once a year: in the same year, by the same
    # people, in the same venue, it is that year's (a column comes every issue).
    specific |= introduces & (f.year_gap == 0) & (p.levels["authors"] == 1) & (p.venue != 0)
    # A book comes once: the same first page under an ISBN both give is one chapter, its
    # "Introduction" too (pages from 1 are every book's). An organisation's report series comes
    # once a year: its title (five words or more: not "Fact sheet", "Quarterly progress report",
    # which come many times a year) in the same year by the same organisation is that year's.
    specific |= f.isbn_shared & (p.levels["pages"] == 1)
    reports = (p.x["kind"] == "report") & (p.y["kind"] == "report") & (f.year_gap == 0)
    reports &= (p.levels["authors"] == 1) & (p.venue != 0)
    for i in np.flatnonzero(reports):
        reports[i] = (p.x["title"][i] or "").count(" ") >= 4
    specific |= reports
    twins = (np.asarray(p.x["twin"], dtype=np.int64) == p.b) & (
        np.asarray(p.y["twin"], dtype=np.int64) == p.a
    )
    specific |= twins & (p.venue != 0)
    return recurring & ~specific


def _shared_container_doi(p: Pairs, f: Facts) -> np.ndarray:
    """The same DOI on two works whose titles are unlike: a proceedings' or a book's DOI given to
    each of its papers (a junk title does not count against its DOI). Not where the whole
    citation agrees: the same authors, year and range of pages are one article under a title
    in another language."""
    start, end = p.x["start_page"], p.x["end_page"]
    # (Or the same article number of four digits or more in the same volume: "e20210045".)
    numbered = (
        np.asarray(p.x["eloc"], dtype=bool)
        & np.asarray(p.y["eloc"], dtype=bool)
        & _same(p, "volume")
        & present(start)  # (not ACM's "45:1-45:18", an article number read as no page)
    )
    translated = (
        (p.levels["pages"] == 1)
        & (
            present(end)
            & (start != end)
            & (start != "1")  # not a proceedings' whole range, nor pages counted from 1
            & _same(p, "end_page")
            | numbered & longer(start, numbered, 3)
        )
        & (f.year_gap == 0)
        & (p.author_overlap >= 0.999)
    )
    # (Two copies of one notice are about one title, however each database heads it: 'Corrigendum
    # to "X" [Journal 121 (2023) 103945]' / "X (vol 121, 103945, 2023)".)
    about_one = (
        (p.subject_sim >= 0.9) & _kind_in(p.x["kind"], NOTICE_KINDS) & _kind_in(p.y["kind"], NOTICE_KINDS)
    )
    shared = _same(p, "doi") & (p.levels["title"] == 6) & ~_junk_title(p, f) & ~translated & ~about_one
    # An article with its title in two languages (SciELO's Portuguese, Scopus's English) by the
    # same authors in the same year or the next is one article under its DOI; not where both
    # give a range from page 1 (a proceedings' whole range).
    from_page_1 = (p.x["start_page"] == "1") & (p.y["start_page"] == "1")
    # Where the journal's issue or the article's pages (or article number) agree too, an English
    # title against one with more of its own language's little words than of English's is
    # enough (a Turkish, Indonesian or transliterated Russian title has few): an issue's DOI on
    # a team's two papers in English (a conference series' volume) does not do.
    issue = _same(p, "volume") & (_same(p, "issue") | (p.levels["pages"] == 1))
    for i in np.flatnonzero(shared & (p.author_overlap >= 0.66) & (f.year_gap <= 1) & ~from_page_1):
        x, y = p.x["title"][i] or "", p.y["title"][i] or ""
        shared[i] = not (_two_languages(x, y) or (issue[i] and _one_english(x, y)))
    return shared


# The little words of a title in English, and in the other languages of journals that print a
# title in English beside their own (a folded title: no accents). Not the words an English
# title may have too ("do", "no", "e" of "e-books", "mit", "van", "per", "die", "al", "os").
_ENGLISH = frozenset("the of and in for on with to a an from by at among".split())
_OTHER_LANGUAGES = frozenset(
    "de da na para uma pelo pela pelos pelas ao aos "  # Portuguese (and below, its words English has)
    "la el los las en del por con una "  # Spanish
    "le les du et pour dans sur une au aux "  # French
    "der und von zur zum fur bei eine ein dem "  # German
    "della delle degli nel het een voor "  # Italian, Dutch
    "ve bir ile icin olarak yonelik iliskin uzerine arasindaki "  # Turkish
    "dan dalam untuk pada terhadap yang dengan melalui sebagai "  # Indonesian, Malay
    "dlya pri kak".split()  # Russian, transliterated
)


# Portuguese little words that English titles have too ("NOS", "the EM algorithm", "DOS
# attacks"): another language's only beside one of its words not English's.
_PORTUGUESE_AS_ENGLISH = frozenset("em com dos das nos nas".split())


def _little_words(words: set[str]) -> tuple[int, int]:
    """How many of a title's words are English's little words, and how many another
    language's (the Portuguese ones English has too counted only beside another of theirs)."""
    english, other = len(words & _ENGLISH), len(words & _OTHER_LANGUAGES)
    return english, (other + len(words & _PORTUGUESE_AS_ENGLISH) if other else 0)


def _two_languages(x: str, y: str) -> bool:
    """One title in English, the other in another language: two of that language's little words
    and more of them than of English's (one word of another language in an English title is a
    name); or written in another script (Cyrillic, Chinese: what folding leaves outside ASCII)."""
    return {_language(x), _language(y)} == {"english", "other"}


def _one_english(x: str, y: str) -> bool:
    """One title in English, the other with more of another language's little words than of
    English's, one at least (not an English title that has none: "Flipped classroom adoption
    among engineering faculty")."""
    if _language(x) != "english":
        x, y = y, x
    if _language(x) != "english" or _language(y) == "english":
        return False
    english, other = _little_words(set(y.split()))
    return _language(y) == "other" or other > english


def _language(title: str) -> str | None:
    """'english', 'other' (two of another language's little words, more than of English's, or
    most words in another script), or None where the little words do not say."""
    words = title.split()
    if not title.isascii() and 2 * sum(not w.isascii() for w in words) > len(words):
        return "other"  # most of its words in another script
    english, other = _little_words(set(words))
    if english and english > other:
        return "english"
    # ("a" is a little word of Portuguese and Spanish too, "in" and "an" of German.)
    return "other" if other >= 2 and other > english else None


def _adds_a_section(p: Pairs) -> np.ndarray:
    out = np.zeros(len(p), dtype=bool)
    for i in np.flatnonzero(p.levels["title"] == 4):
        short, long_ = sorted((p.x["title"][i] or "", p.y["title"][i] or ""), key=len)
        out[i] = is_section_title(long_.replace(short, " ", 1).strip())
    return out


def _unlike_without_doi(p: Pairs, f: Facts) -> np.ndarray:
    """Copies of one publication carry one title, give or take a typo, a dropped subtitle or a
    translation; where the titles differ more, or one is missing, the rest agreeing (two
    abstracts on one page of a supplement, two papers of one team in one volume) is not enough
    for a match without the same DOI: a person looks, when the rest agrees strongly."""
    title = p.levels["title"]
    unlike = (title == 0) | (title >= 5)
    # Nor a title within the other without the same authors.
    # Nor two venues' names (a talk given at two conferences), unless the citation agrees:
    # the same volume and first page under a translated journal name.
    citation = ~_differ(p, "volume") & (p.levels["pages"] == 1) & (f.year_gap == 0)
    # A report's venue is who published or distributed it, which databases name variously (the
    # laboratory, its institute, the series): the same report by the same authors in one year.
    published = (
        (p.x["kind"] == "report") & (p.y["kind"] == "report") & (title <= 2) & (f.year_gap == 0)
        & (p.author_overlap >= 0.999)
    )  # fmt: skip
    unlike |= (p.venue == 0) & ~citation & ~published
    unlike |= (title == 4) & (p.author_overlap < 0.999)
    # Nor a title that only adds a section's name to the other ("X: guest editor's introduction").
    unlike |= (title == 4) & _adds_a_section(p)
    # Unless both have titles and the whole citation agrees: the same venue, year and volume,
    # the same issue (where both have one and this store's issues are issues), the same page
    # range of more than one page and the same authors. That is one article under a translated
    # title (or a title one database got wrong). Not a supplement's page (it holds several
    # abstracts), not pages counted from 1 in each article, not a column (the same editor on the
    # same pages of each issue), and not a record without a title: those are for a person.
    citation = (
        (title != 0)
        & (p.venue >= 1)
        & _same(p, "volume")
        & (~_differ(p, "issue") if f.model.reliable("issue") else True)
        & _same(p, "start_page")
        & _same(p, "end_page")
        & (p.x["start_page"] != p.x["end_page"])
        & (p.x["start_page"] != "1")
        & (f.year_gap == 0)
        & (p.author_overlap >= 0.999)
        & (~f.recurring | _same(p, "issue"))  # (a column's pages in one issue are one instalment)
    )
    return unlike & ~citation & ~_same(p, "doi") & (f.evidence.total >= f.model.match_bits)


def _strangers(p: Pairs, f: Facts) -> np.ndarray:
    """Two lists of people with no name in common: two works that share a generic title in one
    venue and year ("Digital literacy in higher education: a systematic review" by two teams),
    unless the DOI, the pages or the issue say one. Not where a side's first author is no person
    (an organisation, a name a parser cut to one letter) or bears a name common in the store (a
    page-header word every record of a journal was given as its author): copies disagree there."""
    out = (
        p.both("authors")
        & (p.author_overlap == 0)
        & ~_same(p, "doi")
        & (p.levels["pages"] != 1)
        & ~(_same(p, "volume") & _same(p, "issue"))
        & (f.evidence.total >= f.model.match_bits)
    )
    for i in np.flatnonzero(out):
        out[i] = all(
            _a_person_first(authors) and not f.evidence.common_first_author(authors)
            for authors in (p.x["authors"][i], p.y["authors"][i])
        )
    return out


def _word_put_in_place(p: Pairs, f: Facts) -> np.ndarray:
    """A word or two of one title put in the place of others, not a spelling of them ("student
    learning outcomes" / "student burnout", "motivation" / "reflection"), where one record carries
    no DOI or pages to say which paper it is (a citation Google Scholar scraped): a sibling
    paper's title as likely as a copy's. Where both carry neither (two catalogues' entries), the
    rest of the citation is weighed as usual."""
    bare_x, bare_y = _no_doi_or_pages(p.x), _no_doi_or_pages(p.y)
    out = (
        (bare_x != bare_y)
        & (p.title_sim >= 0.75)
        & (p.title_sim < 1.0)
        & (p.levels["title"] != 4)
        & (f.evidence.total >= f.model.match_bits)
    )
    for i in np.flatnonzero(out):
        words_x, words_y = set((p.x["title"][i] or "").split()), set((p.y["title"][i] or "").split())
        out[i] = _replaced(words_x - words_y, words_y - words_x)
    return out


def _replaced(only_x: set[str], only_y: set[str]) -> bool:
    """Each side has a word or two the other has not, all words of content, none a spelling or
    a form of another ("modelling" / "modeling", "learn" / "learning")."""
    if not (0 < len(only_x) <= 2 and 0 < len(only_y) <= 2):
        return False
    if not all(len(w) >= 4 and w.isalpha() for w in only_x | only_y):
        return False
    return not any(a[:4] == b[:4] or OSA.normalized_similarity(a, b) >= 0.6 for a in only_x for b in only_y)


def _venues_and_years_differ(p: Pairs, f: Facts) -> np.ndarray:
    """Different venues in different years: two meetings' papers, or a paper and its journal
    version; not where the DOI and the title say one article (a venue another catalogue names
    otherwise, dated by its online year)."""
    return (p.venue == 0) & (f.year_gap >= 1) & ~(_same(p, "doi") & (p.title_sim >= 0.95))


def _same_record(p: Pairs, f: Facts) -> np.ndarray:
    """One database's record: the same accession number as both records' ids; or one record's id
    and the other's link to that record's page (Google Scholar's row of an ERIC record), where
    the titles agree too (an ERIC record may be a whole proceedings, whose page the rows of its
    papers link to). Two links to one page say nothing more."""
    out = _same(p, "accession")
    for i in np.flatnonzero(p.both("accession")):
        x, y = p.x["accession"][i], p.y["accession"][i]
        linked_x, linked_y = x.startswith(LINKED), y.startswith(LINKED)
        if linked_x and linked_y:
            out[i] = False
        elif linked_x != linked_y:
            out[i] = x.removeprefix(LINKED) == y.removeprefix(LINKED) and (
                p.title_sim[i] >= 0.9 or bool(p.contained[i]) or bool(p.cut is not None and p.cut[i])
            )
    return out


def _a_person_first(authors: str) -> bool:
    """The first author has a family name of two letters or more, and initials."""
    family, _, initials = authors.partition(";")[0].partition(", ")
    return len(family) >= 2 and bool(initials)


RULES: list[Rule] = [
    # One database's record exported twice (two searches, an update, its RIS and its CSV) under
    # two source names: whatever the database changed in it between the two.
    Rule(SAME_RECORD, "match", _same_record),
    Rule("a notice about the other (erratum, retraction, expression of concern)", "notice", _notice_link,
         report=_notice_x),
    Rule("a one-page notice under the article's own title, later in the volume", "notice",
         lambda p, f: _unmarked_report(p, f, later=True), report=lambda p, f: f.one_page_x),
    Rule(CITES_THE_THESIS, "match", _bare_citation_of_thesis),
    Rule(CITES_THE_REPORT, "match", _bare_citation_of_report),
    Rule("a conference abstract or preprint of the same work by the same authors", "companion",
         _companion_link, report=_companion_x),
    Rule("a one-page abstract of the article, earlier in the volume", "companion",
         lambda p, f: _unmarked_report(p, f, later=False), report=lambda p, f: f.one_page_x),
    Rule("one working paper, typed a report by one source and a preprint by another", "match",
         _one_working_paper),
    # Two reports of one study of different kinds (its erratum and its retraction notice, its
    # abstract and its preprint), or of one kind under DOIs of their own (two corrections, two
    # preprint servers' copies), are not copies of each other, but not two studies either.
    Rule("two different reports (an erratum and a retraction, an abstract and a preprint)", "non-match",
         lambda p, f: (_differ(p, "kind") & _both_reports(p)) | _two_of_a_kind(p, f)),
    # A notice against a copy of its article under its title in another language: not the
    # notice's link, but no sign of two studies either (its link to the other copy stands).
    Rule("a notice and an article under a title in another language", "non-match",
         _notice_and_unlike_article),
    # Nor against a copy of its article whose title lost its subtitle (Google Scholar's): too
    # little to link, but it keeps no study from the notice its other copies link.
    Rule("a notice and a copy of its article under a shorter title", "non-match",
         _notice_and_shorter_article),
    Rule("a report and an editorial (not its work, no sign of two studies)", "non-match",
         _report_and_editorial),
    Rule("different kinds of publication (erratum, reply, abstract, talk, ...)", "non-match",
         lambda p, f: _differ(p, "kind"), vetoes_chaining=True),
    Rule(DIFFERENT_DOIS, "non-match", lambda p, f: _differ(p, "doi") & ~f.only_dois, vetoes_chaining=True),
    Rule(YEARS_APART, "non-match", _years_apart, vetoes_chaining=True),
    Rule("a book and a chapter in it", "non-match", _book_and_chapter, vetoes_chaining=True),
    Rule("an organisation's report of another year (an annual series)", "non-match", _instalments,
         vetoes_chaining=True),
    Rule("books with no ISBN in common, of different years", "non-match", _other_isbns, vetoes_chaining=True),
    Rule("two theses by two people", "non-match", _theses_of_two_people, vetoes_chaining=True),
    # "Part 2", "phase 3", "12-month results": numbers in one title and not the other, or
    # different numbers, mark different reports.
    Rule("different numbers in the titles", "non-match", _numbers_differ, vetoes_chaining=True),
    Rule("contrasting title words (in vivo/in vitro, men/women, Ghana/Nigeria, a report/its summary, ...)",
         "non-match",
         lambda p, f: f.contrast, vetoes_chaining=True),
    Rule("different start pages", "non-match", _pages_differ, vetoes_chaining=True, slip=True),
    Rule("different volumes", "non-match", _volumes_differ, vetoes_chaining=True, slip=True),
    Rule("different issues of one volume", "non-match", _issues_differ, vetoes_chaining=True, slip=True),
    Rule(VENUES_AND_YEARS, "non-match", _venues_and_years_differ, vetoes_chaining=True,
         slip=True),
    # After every other sign of two works (the numbers and words in the titles, the years), two
    # DOIs where nothing else differs: a veto, which clustering sets aside where copies show one
    # of the two DOIs wrong (WRONG_DOI); or, where the citations agree in full, that copy.
    Rule(ONLY_DOIS_DIFFER, "non-match", lambda p, f: f.only_dois & ~f.wrong_doi, vetoes_chaining=True),
    Rule(WRONG_DOI, "match", lambda p, f: f.wrong_doi),
    # Not a sign of two works, only of too little evidence: it does not keep clusters apart.
    Rule(RECURRING_TITLE, "non-match", _recurring),
    Rule("the same DOI, carried by no other title, beside the running header of its own page", "match",
         lambda p, f: f.page_header),
    Rule("a record without a title, under a DOI no other title carries", "match",
         lambda p, f: _untitled(p)),
    Rule("the same DOI on unlike titles (a proceedings' or book's DOI)", "non-match", _shared_container_doi,
         vetoes_chaining=True),
    Rule("titles unlike (or one missing, or not the same across venues) and no DOI in common: for a person",
         "maybe", _unlike_without_doi),
    Rule("no author in common, and no DOI, pages or issue to say one: for a person", "maybe", _strangers),
    Rule("a word put in another's place in the title of a record without DOI or pages: for a person", "maybe",
         _word_put_in_place),
    Rule("one thesis: the same title by the same person within a year", "match", _one_thesis),
    Rule("one book: its title under an ISBN both give, by the same people, within a year", "match",
         _one_book),
    Rule("enough evidence", "match", lambda p, f: f.evidence.total >= f.model.match_bits),
    # (Where the organisation publishes so many of the store's records that its name as a venue
    # counts for little as its authorship.)
    Rule("one report, by the organisation one names as its author and the other as its publisher", "match",
         _one_report_by_its_organisation),
    Rule("some evidence, not enough", "maybe", lambda p, f: f.evidence.total >= f.model.maybe_bits),
]  # fmt: skip

# The names of the non-match rules that keep clusters apart (stored with each decided pair).
VETOES = tuple(r.name for r in RULES if r.vetoes_chaining)
SLIPS = tuple(r.name for r in RULES if r.slip)


@dataclass
class Decisions:
    decision: np.ndarray  # match, notice, companion, maybe, non-match
    rule: np.ndarray
    report: np.ndarray  # the record id of the linked report (0 where there is none)
    weight: np.ndarray  # the evidence in bits


def decide(pairs: Pairs, model: Model, evidence: Evidence) -> Decisions:
    n = len(pairs)
    decision = np.full(n, "", dtype=object)
    rule = np.full(n, "", dtype=object)
    report = np.zeros(n, dtype=np.int64)
    year_diff, both_years = _year_diff(pairs)
    printed_x, printed_y = _printed(pairs.x), _printed(pairs.y)
    recurring = _recurring_title(pairs)
    only_dois = _only_the_dois_differ(pairs)
    facts = Facts(
        model=model,
        evidence=evidence,
        year_gap=np.where(both_years, np.abs(year_diff), -1),
        year_diff=year_diff,
        contrast=_contrast(pairs),
        printed_x=printed_x,
        printed_y=printed_y,
        one_page_x=_one_page(pairs.x, printed_x),
        one_page_y=_one_page(pairs.y, printed_y),
        recurring=recurring,
        page_header=_page_header(pairs),
        years_named_differ=_years_named_differ(pairs),
        only_dois=only_dois,
        wrong_doi=_wrong_doi(pairs, only_dois, recurring),
        isbn_shared=_isbn_in_common(pairs),
    )
    for r in RULES:
        open_ = decision == ""
        if not open_.any():
            break
        fires = open_ & r.condition(pairs, facts)
        decision[fires] = r.decision
        rule[fires] = r.name
        if r.report is not None:
            x_side = r.report(pairs, facts)
            report[fires] = np.where(x_side, pairs.a, pairs.b)[fires]
    rest = decision == ""
    decision[rest] = "non-match"
    rule[rest] = "too little evidence"
    return Decisions(decision, rule, report, evidence.total)
