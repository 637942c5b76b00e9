"""RIS exports (Web of Science, Scopus, PubMed, Ovid, EBSCO, Zotero, EndNote) to Records.

A line-based streaming reader: it knows where each record starts, so problems are reported by
line, and memory holds one record at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from thresher.harvesters.files import Reject
from thresher.harvesters.vocabulary import RIS_TYPES, map_language
from thresher.identifiers import find_doi, normalise_doi, normalise_isbn, normalise_issn
from thresher.records import Record, digest_id, doi_id

# "TY  - JOUR": two letters or letter+digit, two spaces (some exporters use one), a dash.
_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
MAX_RECORD_LINES = 20_000


_PRESENTED = re.compile(r"\s*(?:a\s+)?paper\s+presented\s+at\s+(?:the\s+)?", re.I)
# The meeting's place and dates, and whatever the note says after them ("(San Antonio, TX, Apr
# 27-May 1, 2017). For related documents, see ED 512 345."); or a bracket that ends the note.
# (Not the meeting's acronym with its year, "(CSCL 2019)": no comma in it.)
_PLACE_AND_DATES = re.compile(r"\s*\([^()]*,[^()]*\b(?:19|20)\d\d\b[^()]*\).*$|\s*\([^()]*\)\s*$", re.S)

# A note's publication types, up to the note's next "Name:" ("Publication Type: Journal Articles;
# Reports - Research; Entry Date: 2019"), its parts ended with semicolons or full stops.
_NOTED_TYPES = re.compile(r"\bPublication Types?:\s*([^:]*?)(?=[;.]?\s*[^;:.]+:|[;.]?\s*$)")


# A note about another record, as PubMed links errata, comments and updates: its DOI is that
# record's.
_ABOUT_ANOTHER = re.compile(
    r"\s*(?:erratum|comment|retraction|expression of concern|update|republished|reprint|corrected"
    r"|retracted|summary for patients|cites|original report)\s+(?:in|for|on|of)\b",
    re.I,
)


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in tags.get(name, ()):
            if value.strip():
                return " ".join(value.split())
    return None


def _all(tags: dict[str, list[str]], *names: str) -> list[str]:
    return [" ".join(v.split()) for n in names for v in tags.get(n, ()) if v.strip()]


def tags_to_record(tags: dict[str, list[str]], native_id: str, source: str, origin: str, raw: str) -> Record:
    year = None
    # (Not Y2: Zotero and EndNote write the access date there.)
    for value in _all(tags, "PY", "Y1", "DA"):
        if match := _YEAR.search(value):
            year = int(match.group(1))
            break
    start, end = _first(tags, "SP"), _first(tags, "EP")
    if not start and (number := _first(tags, "C7")):
        start, end = number, None  # an article number (Scopus, Web of Science) where pages would be
    pages = start
    if start and end and end != start and "-" not in start:
        pages = f"{start}-{end}"
    elif start:
        pages = re.sub(r"\s*[\u2013\u2014-]+\s*", "-", start)
    doi = None
    for value in _all(tags, "DO", "DI", "M3", "N1", "UR", "L3"):
        if _ABOUT_ANOTHER.match(value):
            continue  # PubMed's "Erratum for: ... doi: 10..." names the other record's DOI
        doi = normalise_doi(value) if value.lower().startswith(("10.", "doi", "http")) else None
        doi = doi or (find_doi(value) if "doi" in value.lower() or "10." in value else None)
        if doi:
            break
    serials = _all(tags, "SN")
    issn = [n for v in serials for part in re.split(r"[;,\s]+", v) if (n := normalise_issn(part))]
    isbn = [
        n
        for v in serials
        for part in re.split(r"[;,]", v)
        if len(re.sub(r"[^0-9Xx]", "", part)) in (10, 13) and (n := normalise_isbn(part))
    ]
    keywords = []
    for value in _all(tags, "KW", "DE"):
        keywords.extend(p.strip() for p in re.split(r"\s*;\s*", value) if p.strip())
    ty = (_first(tags, "TY") or "GEN").upper()
    language = _first(tags, "LA")
    title = _first(tags, "TI", "T1", "CT", "BT")
    # The proceedings' or book's title (BT) before a series' acronym (ACM's T3 "SIGCSE '21"); a
    # thesis's university or a report's institution (PB) where nothing else names the venue.
    book_title = _first(tags, "BT") if ty not in ("BOOK", "EDBOOK", "EBOOK") else None
    container = _first(tags, "T2", "JF", "JO", "JA") or (
        book_title if book_title and book_title.lower() != (title or "").lower() else None
    )
    container = container or _first(tags, "J2", "SO", "T3")
    kind = RIS_TYPES.get(ty, "other")
    # ERIC's paper given at a meeting (EBSCO's and ProQuest's "RPRT" typed "Speeches/Meeting
    # Papers" in M3): a conference paper, the meeting its venue ("Paper presented at the Annual
    # Meeting of ... (San Antonio, TX, Apr 27-May 1, 2017)" in N1).
    # EBSCO types some of them CONF; any conference paper without a venue may name its meeting so.
    # (EBSCO gives ERIC's publication types in a note: "Accession Number: ED...; Language:
    # English; Publication Type: Speeches/Meeting Papers; Reports - Research; Entry Date: 2019".)
    noted = [m.group(1) for v in _all(tags, "N1") if (m := _NOTED_TYPES.search(v))]
    types = " ".join(_all(tags, "M3") + noted).lower()
    meeting_paper = "speeches/meeting papers" in types and "journal articles" not in types
    if meeting_paper and ty in ("RPRT", "GEN", "CONF", "CPAPER"):
        kind = "conference-abstract"
    # Embase's (through Ovid) and CENTRAL's abstract of a conference talk or poster, printed in a
    # journal's supplement: "Conference Abstract", "Journal: Conference Abstract".
    if "conference abstract" in types:
        kind = "conference-abstract"
    # A conference's early short report, as a reference manager types it in M3 ("Research-in-
    # progress paper", "Work-in-progress"): a companion report of the completed paper.
    if "progress" in types and re.search(r"\b(?:research|work)[\s-]in[\s-]progress\b", types):
        kind = "conference-abstract"
    if (
        not container
        and ty in ("RPRT", "GEN", "CONF", "CPAPER")
        and (meeting_paper or ty in ("CONF", "CPAPER"))
    ):
        note = next((v for v in _all(tags, "N1") if _PRESENTED.match(v)), None)
        container = _PLACE_AND_DATES.sub("", _PRESENTED.sub("", note)).strip(" .") if note else None
    if not container and ty in ("THES", "RPRT"):
        container = _first(tags, "PB")
    return Record(
        source=source,
        native_id=native_id,
        title=title,
        authors=list(dict.fromkeys(_all(tags, "AU", "A1") or _all(tags, "A2", "ED"))),
        year=year,
        doi=doi,
        container=container,
        volume=_first(tags, "VL"),
        issue=_first(tags, "IS", "CP"),
        pages=pages,
        issn=list(dict.fromkeys(issn)),
        isbn=list(dict.fromkeys(isbn)),
        abstract=_first(tags, "AB", "N2"),
        keywords=list(dict.fromkeys(keywords)),
        type=kind,
        language=map_language([language]) if language else None,
        urls=list(dict.fromkeys(u for u in _all(tags, "UR", "L2") if u.startswith("http"))),
        raw_format="ris",
        raw=raw,
        origin=origin,
    )


@dataclass
class RisEntry:
    """One record's tags as the file has them, where it starts, and its text."""

    line: int
    tags: dict[str, list[str]]
    raw: str
    ended: bool  # it closed with ER


def ris_entries(path: Path, encoding: str = "utf-8") -> Iterator[RisEntry | Reject]:
    """Every record (TY .. ER) with its tags; a Reject for text that belongs to none."""
    tags: dict[str, list[str]] = {}
    lines: list[str] = []
    start = 0
    last_tag: str | None = None
    with path.open("r", encoding=encoding, errors="replace", newline=None) as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n").lstrip("\ufeff")
            match = _TAG.match(line)
            if match:
                tag, value = match.group(1), match.group(2) or ""
                if tag == "TY":
                    if lines:  # the previous record never ended
                        yield RisEntry(start, tags, "\n".join(lines), ended=False)
                    tags, lines, start = {}, [], number
                elif not lines:
                    if tag == "ER":
                        yield Reject(number, "ER without a record before it", line)
                        continue
                    yield Reject(number, f"tag {tag} outside a record (no TY before it)", line)
                    continue
                lines.append(line)
                if tag == "ER":
                    yield RisEntry(start, tags, "\n".join(lines), ended=True)
                    tags, lines, last_tag = {}, [], None
                    continue
                tags.setdefault(tag, []).append(value)
                last_tag = tag
            elif lines:
                lines.append(line)
                if line.strip() and last_tag:
                    # A wrapped value (long abstracts in some exports) continues the last tag.
                    tags[last_tag][-1] += " " + line.strip()
                if len(lines) > MAX_RECORD_LINES:
                    yield Reject(
                        start, f"record longer than {MAX_RECORD_LINES} lines; skipped", "\n".join(lines[:50])
                    )
                    tags, lines, last_tag = {}, [], None
            elif line.strip():
                yield Reject(number, "text outside a record (no TY before it)", line)
    if lines:
        yield RisEntry(start, tags, "\n".join(lines), ended=False)


_IDENTIFYING = (
    ("TY",),
    ("TI", "T1"),
    ("AU", "A1"),
    ("PY", "Y1", "DA"),
    ("T2", "JF", "JO", "JA", "J2", "BT"),
    ("VL",),
    ("IS",),
    ("SP",),
)


def content_id(tags: dict[str, list[str]]) -> str:
    """An id for a record without one: its DOI and title (see doi_id), else a digest of the tags
    that say which record it is."""
    for value in _all(tags, "DO"):
        if doi := normalise_doi(value):
            return doi_id(doi, _first(tags, "TI", "T1"))
    parts = [" ".join(" ".join(_all(tags, name)) for name in names).lower() for names in _IDENTIFYING]
    return digest_id("ris", "\x1f".join(parts))


def read_ris(path: Path, source: str, encoding: str = "utf-8") -> Iterator[Record | Reject]:
    """Every record (TY .. ER) as a Record, or a Reject naming its first line."""
    origin = path.name
    seen: dict[str, int] = {}
    copies: dict[str, int] = {}
    for entry in ris_entries(path, encoding):
        if isinstance(entry, Reject):
            yield entry
            continue
        tags, raw = entry.tags, entry.raw
        own_id = _first(tags, "ID") or _first(tags, "AN")  # AN: the database accession number
        native_id = own_id
        if not native_id:
            # No id of the database's own (Zotero, Google Scholar): one made from what the record
            # says, so that the next export, re-sorted or with a record more, updates each record
            # and never overwrites another in its place.
            native_id = content_id(tags)
            copies[native_id] = copies.get(native_id, 0) + 1
            if copies[native_id] > 1:
                native_id += f"#{copies[native_id]}"  # the same record twice in one export
        if not entry.ended:
            yield Reject(
                entry.line,
                "record has no end tag (ER  - ); it runs into the next TY or the end of the file",
                raw,
                native_id,
            )
            continue
        if own_id and own_id in seen:
            yield Reject(
                entry.line, f"duplicate record ID {own_id!r} (first at line {seen[own_id]})", raw, own_id
            )
            continue
        if own_id:
            seen[own_id] = entry.line
        try:
            yield tags_to_record(tags, native_id, source, origin, raw)
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop the file
            yield Reject(entry.line, f"could not be mapped ({type(exc).__name__}: {exc})", raw, native_id)
