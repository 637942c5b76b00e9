"""Stage 1: each record's fields in the comparable form the later stages use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from thresher.identifiers import normalise_doi

_HTML = re.compile(r"<[^>]{1,40}>")
_BRACKETED_LANGUAGE = re.compile(
    r"\[(?:in\s+)?(?:chinese|japanese|german|french|spanish|russian|italian|portuguese|polish|"
    r"korean|dutch|czech|turkish|hungarian|danish|swedish|norwegian|persian|hebrew|arabic|"
    r"croatian|serbian|greek|finnish|slovak|slovenian|romanian|bulgarian|ukrainian|lithuanian|"
    r"[a-z]+ with english abstract)\]",
    re.I,
)
# Notes that databases append to titles: "[Erratum appears in ...]", "(vol 142, pg 310, 2003)",
# "(New England Journal of Medicine (2009) 360 (542-544))", "... N Engl J Med. 2009;360(5):544-6".
_TITLE_NOTES = re.compile(
    r"\s*\[(?:erratum|comment|retraction|see|published|corrected)[^\]]*\]?\s*$"
    r"|\s*\((?:vol|volume)\s+\d+[^()]*\)\s*$"
    r"|\s*\([^()]*\(\d{4}\)[^()]*\([^()]*\)\s*\)\s*$"
    r"|\.{2,}\s*[^.]*\d{4}[^.]*;\s*\d+\s*\(\d+\)\s*:\s*[\d-]+\s*\.?\s*$"
    r"|\s*\[\d+\]\s*$|\s*\(multiple letters\)"
    r"|\s*\[(?:review|abstract|editorial|letter|see comments?|comment)\]\s*"
    r"|\s*\[\d+\s+refs?\]\s*"
    r"|\s*\((?:provisional|structured) abstract\)\s*$"
    # The same notes without their brackets, as some exports print them.
    r"|(?<=\S)[\s.;:\[(]+(?:erratum|corrigendum|correction|comment) (?:appears|in)\b.*$",
    re.I,
)
MISSING = {"", "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "unknown", "[no title]"}
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
# An electronic article number: a letter other than S (supplement) before the digits.
_ELOCATOR = re.compile(r"^\s*[A-RT-Za-rt-z]\d")
# "10 000", "1 500 000": one number written with thin spaces.
_THOUSANDS = re.compile(r"\b(\d{1,3})((?: \d{3})+)\b")
# Name suffixes that some databases put in the family name and others drop.
_NAME_SUFFIX = re.compile(r"\s+(?:jr|sr|ii|iii|iv)$")
_PAGE = re.compile(r"^[A-Za-z]*(\d+)[A-Za-z]*(?:\s*[-\u2013\u2014]+\s*[A-Za-z]*(\d+)[A-Za-z]*)?")

# Words that mark a different kind of publication from the article it names.
_ERRATUM = re.compile(
    r"^(erratum|errata|corrigendum|correction|retraction|retracted|"
    r"expression of concern|notice of retraction)\b"
)
_REPLY = re.compile(
    r"^(reply|response|author'?s? reply|in reply|comment|commentary|re)\b|"
    r"\b(reply to|response to|comment on|comments on|letter to the editor)\b|"
    r"\b(reply|author reply|authors reply)$"
)
_ABSTRACT_VENUE = re.compile(
    r"\b(abstracts?|supplement|suppl|meeting|congress|conference|"
    r"proceedings|symposium)\b"
)
_TALK = re.compile(r"\b(webinar|podcast|keynote|presentation slides|video)\b")

JOURNAL_WORDS = {
    "journal": "j",
    "international": "int",
    "american": "am",
    "british": "br",
    "european": "eur",
    "research": "res",
    "review": "rev",
    "reviews": "rev",
    "medicine": "med",
    "medical": "med",
    "clinical": "clin",
    "science": "sci",
    "sciences": "sci",
    "education": "educ",
    "educational": "educ",
    "psychology": "psychol",
    "society": "soc",
    "social": "soc",
    "annals": "ann",
    "archives": "arch",
    "proceedings": "proc",
    "national": "natl",
    "academy": "acad",
    "health": "health",
    "public": "public",
    "management": "manag",
    "information": "inf",
    "systems": "syst",
    "technology": "technol",
    "studies": "stud",
    "quarterly": "q",
    "bulletin": "bull",
    "letters": "lett",
}
JOURNAL_STOP = {"the", "of", "and", "for", "in", "on", "a", "an", "&", "de", "la", "und", "fur"}


@dataclass(slots=True)
class Normalised:
    record_id: int
    doi: str | None
    title: str  # lower case, accents folded, no markup or punctuation
    title_key: str  # the first 25 letters and digits of the title, spaces removed
    title_tail: str  # the last 25, spaces removed (catches differing prefixes)
    title_numbers: str  # the numbers in the title, in order ("2 3" for "Phase 2 ... 3 arms")
    authors: str  # "family initials" for the first authors, ';'-joined
    first_author: str  # family name of the first author
    year: int | None
    start_page: str | None
    end_page: str | None
    volume: str | None
    issue: str | None
    journal: str  # abbreviation-aware journal key
    kind: str  # article, erratum, reply, abstract, talk
    eloc: bool = False  # the page is an electronic article number (e12724), not a printed page


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "œ": "oe", "ı": "i"})


def fold(text: str | None) -> str:
    """Lower case, accents folded, HTML and language tags removed, punctuation to spaces."""
    if not text:
        return ""
    if "<" in text:
        text = _HTML.sub(" ", text)
    if "[" in text:
        text = _BRACKETED_LANGUAGE.sub(" ", text)
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).translate(_LIGATURES)
    return " ".join(_NON_WORD.sub(" ", text).split())


def pages(value: str | None) -> tuple[str | None, str | None]:
    """'221-6' -> ('221', '226'); 'S123-S130' -> ('123', '130'); 'e0123' -> ('123', None)."""
    if not value:
        return None, None
    match = _PAGE.match(value.strip())
    if not match:
        return None, None
    start, end = match.group(1).lstrip("0") or "0", match.group(2)
    if end is not None:
        end = end.lstrip("0") or "0"
        if len(end) < len(start):  # 221-6 means 221-226
            end = start[: len(start) - len(end)] + end
    return start, end


@lru_cache(maxsize=262_144)  # names and journals repeat across records: fold each once
def author_key(name: str) -> tuple[str, str]:
    """'García-López, Ana M.' -> ('garcia lopez', 'garcia lopez am')."""
    if "," in name:
        family, _, given = name.partition(",")
    else:
        parts = name.split()
        if len(parts) > 2 and fold(parts[-1]) in ("jr", "sr", "ii", "iii", "iv"):
            parts = parts[:-1]  # "Smith TJ Jr", "John A. Smith III"
        # "Smith JA" (initials last) or "Jane A. Smith" (family last)
        if len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 3:
            family, given = " ".join(parts[:-1]), parts[-1]
        else:
            family, given = (parts[-1] if parts else ""), " ".join(parts[:-1])
    family = _NAME_SUFFIX.sub("", fold(family))
    given_folded = _NAME_SUFFIX.sub("", fold(given))
    if given_folded in ("jr", "sr", "ii", "iii", "iv"):
        given_folded = ""
    compact = given.strip().replace(".", "").replace(" ", "")
    if compact.isupper() and len(compact) <= 3:
        initials = given_folded.replace(" ", "")  # "JA", "J. A." -> "ja"
    else:
        initials = "".join(w[0] for w in given_folded.split())
    return family, f"{family} {initials}".strip()


@lru_cache(maxsize=65_536)
def journal_key(value: str | None) -> str:
    words = [JOURNAL_WORDS.get(w, w) for w in fold(value).split() if w not in JOURNAL_STOP]
    return " ".join(w[:5] for w in words)


def kind_of(title: str, record_type: str | None, journal: str) -> str:
    if record_type == "erratum" or _ERRATUM.search(title):
        return "erratum"
    if _REPLY.search(title) or record_type == "letter" and title.startswith(("re ", "reply")):
        return "reply"
    if record_type == "conference-abstract":
        return "abstract"
    if record_type == "presentation" or _TALK.search(title):
        return "talk"
    if record_type == "conference" and _ABSTRACT_VENUE.search(journal) and "abstract" in journal:
        return "abstract"
    return "article"


def _given(value: str | None) -> str | None:
    """None for the ways exports say 'nothing here' (R's NA, 'N/A', 'null', ...)."""
    if value is None:
        return None
    value = str(value).strip()
    return None if value.lower() in MISSING else value


def _number_like(value: str | None) -> str | None:
    """A volume worth comparing: its first token, if it has a digit ('(Jul)', 'Ph.D.' do not)."""
    token = (fold(value).split() or [None])[0] if value else None
    return token if token and any(c.isdigit() for c in token) else None


# Every note above has a bracket, two dots or one of these words: titles without any (most of
# them) skip the long pattern.
_NOTE_HINT = re.compile(r"[\[(]|\.\.|erratum|corrigendum|correction|comment", re.I)


def strip_title_notes(title: str | None) -> str | None:
    if not title or not _NOTE_HINT.search(title):
        return title
    previous = None
    while previous != title:
        previous, title = title, _TITLE_NOTES.sub("", title).strip()
    return title


def normalise(
    record_id: int,
    title: str | None,
    authors: list[str] | None,
    year: int | None,
    doi: str | None,
    container: str | None,
    volume: str | None,
    issue: str | None,
    page_range: str | None,
    record_type: str | None,
    max_authors: int = 5,
) -> Normalised:
    title, container, volume, issue, page_range, doi = (
        _given(v) for v in (title, container, volume, issue, page_range, doi)
    )
    authors = [a for a in (authors or []) if _given(a)]
    folded = fold(strip_title_notes(title))
    compact = folded.replace(" ", "")
    names = [author_key(a) for a in (authors or [])[:max_authors] if a and a.strip()]
    start, end = pages(page_range)
    journal = fold(container)
    return Normalised(
        record_id=record_id,
        doi=normalise_doi(doi),
        title=folded,
        title_key=compact[:25],
        title_tail=compact[-25:],
        title_numbers=" ".join(_DIGITS.findall(_THOUSANDS.sub(_join_thousands, folded))),
        authors=";".join(n[1] for n in names),
        first_author=names[0][0] if names else "",
        year=year,
        start_page=start,
        end_page=end,
        volume=_number_like(volume),
        issue=(fold(issue).split() or [None])[0] if issue else None,
        journal=journal_key(container),
        kind=kind_of(folded, record_type, journal),
        eloc=bool(page_range and _ELOCATOR.match(page_range)),
    )


def _join_thousands(match: re.Match) -> str:
    return match.group(1) + match.group(2).replace(" ", "")
