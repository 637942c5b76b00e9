"""CSV exports with a header (Rayyan, Covidence, ASReview, spreadsheets) to Records."""

from __future__ import annotations

import csv
import html
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from thresher.harvesters.files import ImportFileError, Reject
from thresher.harvesters.vocabulary import clean_text, map_language, map_type
from thresher.identifiers import find_doi, normalise_doi, normalise_isbn, normalise_issn
from thresher.records import Record, digest_id, doi_id

# Header names (lower-cased, spaces/underscores/dots removed) -> record fields.
COLUMNS = {
    "title": (
        "title",
        "articletitle",
        "documenttitle",
        "primarytitle",
        "itemtitle",
        "ti",
        "displayname",
        "dctitle",
    ),
    # (OpenAlex's CSV names its columns by their place in its JSON: "authorships.author.display_name";
    # a DSpace repository's metadata export by their Dublin Core names, "dc.contributor.author",
    # each perhaps with its language, "dc.title[en_US]", its values joined by "||".)
    "authors": (
        "authors",
        "author",
        "authorfullnames",
        "authorsfullnames",
        "au",
        "creator",
        "authorshipsauthordisplayname",
        "dccontributorauthor",
        "dccreator",
    ),
    # (Not a repository's dates of deposit: "dc.date.accessioned", "dc.date.available".)
    "year": (
        "year",
        "publicationyear",
        "publishedyear",
        "pubyear",
        "py",
        "date",
        "publicationdate",
        "dcdateissued",
    ),
    # Every venue column, in this order; a row takes the first that is not empty (a conference
    # paper's venue is in booktitle while its journal cell is blank).
    "container": (
        "journal",
        "journaltitle",
        "journalname",
        "sourcetitle",
        "anthologytitle",
        "pubtitle",
        "publication",
        "publicationtitle",
        "publicationname",
        "secondarytitle",
        "so",
        "booktitle",
        "proceedings",
        "proceedingstitle",
        "conference",
        "conferencename",
        "venue",
        "series",
        "seriestitle",
        "bookseriestitle",
        "primarylocationsourcedisplayname",
        "hostvenuedisplayname",
        "dcrelationispartof",
        "dcrelationispartofseries",
        "source",
    ),
    "volume": (
        "volume",
        "vol",
        "journalvolume",
        "vl",
        "bibliovolume",
        "oairecitationvolume",
        "dccitationvolume",
    ),
    "issue": (
        "issue",
        "issuenumber",
        "journalissue",
        "number",
        "no",
        "is",
        "biblioissue",
        "oairecitationissue",
        "dccitationissue",
    ),  # fmt: skip
    "pages": ("pages", "page", "pagination", "pagerange"),
    "start_page": (
        "startpage",
        "pagestart",
        "sp",
        "firstpage",
        "bibliofirstpage",
        "oairecitationstartpage",
        "dccitationspage",
    ),  # fmt: skip
    "end_page": (
        "endpage",
        "pageend",
        "ep",
        "lastpage",
        "bibliolastpage",
        "oairecitationendpage",
        "dccitationepage",
    ),  # fmt: skip
    # An article number where pages would be (Scopus "Art. No.", Web of Science "Article Number").
    "article_number": ("artno", "articlenumber", "articleno"),
    "doi": ("doi", "di", "digitalobjectidentifier", "itemdoi", "idsdoi", "dcidentifierdoi"),
    "abstract": ("abstract", "ab", "abstractnote", "summary", "dcdescriptionabstract"),
    "isbn": ("isbn", "isbnissn", "dcidentifierisbn"),
    "issn": ("issn", "eissn", "sn", "dcidentifierissn"),
    "keywords": ("keywords", "authorkeywords", "kw", "de", "mesh", "meshterms", "tags", "dcsubject"),
    # (Publish or Perish's Google Scholar rows: the page's link, and the full text's.)
    "url": ("url", "link", "links", "ur", "articleurl", "fulltexturl", "dcidentifieruri"),
    "type": (
        "type",
        "documenttype",
        "publicationtype",
        "referencetype",
        "entrytype",
        "contenttype",
        "dt",
        "dctype",
    ),
    "language": ("language", "languageoforiginaldocument", "la", "dclanguageiso", "dclanguage"),
    # A database's own id before a generic "id" column.
    "id": (
        "utuniquewosid",
        "lensid",
        "publicationid",
        "an",
        "storeid",
        "recordid",
        "record_id",
        "key",
        "refid",
        "covidence",
        "rayyanid",
        "studyid",
        "accessionnumber",
        "eid",
        "ut",
        "pmid",
        "id",
    ),
}
# Web of Science's tab-delimited export names its columns by field tag: its own meanings where
# they differ (ID is Keywords Plus, SP the sponsors, BP the first page, AF full names).
WOS_COLUMNS = {
    **COLUMNS,
    "authors": ("af", "au"),
    "year": ("py", "ea"),
    "issn": ("sn", "ei"),
    "container": ("so", "se"),
    "start_page": ("bp",),
    "end_page": ("ep",),
    "article_number": ("ar",),
    "isbn": ("bn",),
    "id": ("ut",),
}


_QUOTED_CELL = re.compile(r'(?:^|\t)"(?:[^"]|"")*"(?=\t|\r?\n|$)', re.MULTILINE)
_ALIASES = {alias for aliases in COLUMNS.values() for alias in aliases}


def is_wos_header(keys: list[str]) -> bool:
    return {"pt", "ut", "ti"} <= set(keys)


# "source" means the journal in Scopus/Rayyan exports; in the ASySD benchmark it is a label.
# It is only taken as the container when no clearer journal column exists (see resolve_columns).
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
_INITIALS_JOIN = re.compile(r"(?<=\.)(?=[A-Z][a-z])")  # "Adeli K.Lewis G. F." (EndNote CSV)


def _key(name: str) -> str:
    # (Without a DSpace column's language: "dc.title[en_US]", "dc.title[]".)
    return re.sub(r"[\s_.\-()/#]+", "", _LANGUAGE_TAG.sub("", name.strip().lstrip("\ufeff")).lower())


_LANGUAGE_TAG = re.compile(r"\[[A-Za-z_-]*\]$")


def resolve_columns(header: list[str], id_column: str | None) -> tuple[dict[str, list[int]], str | None]:
    """Each field's columns, best first (a row takes the first that is not empty there)."""
    keys = [_key(h) for h in header]
    found: dict[str, list[int]] = {}
    for fieldname, aliases in (WOS_COLUMNS if is_wos_header(keys) else COLUMNS).items():
        # (Every column of a name: a DSpace export has one per language, "dc.title[en_US]" and
        # "dc.title[]", each row filling one.)
        named = [[i for i, key in enumerate(keys) if key == alias] for alias in aliases if alias in keys]
        columns = [i for group in named for i in group]
        if columns:
            # The venue, the year and the ISSN from the first column not empty in a row (a
            # conference paper's booktitle; Web of Science's early-access year where PY is empty,
            # its EI where SN is).
            # (And every link: a page's and its full text's.)
            found[fieldname] = columns if fieldname in ("container", "year", "issn", "url") else named[0]
    # A "source" column is the journal in Scopus/Rayyan exports but a label in others (ASySD):
    # it only counts when no other column names the venue.
    if "container" in found and len(found["container"]) > 1:
        found["container"] = [i for i in found["container"] if keys[i] != "source"]
    # SpringerLink's CSV runs its authors together ("Henrik NordinLars Petersen").
    if "authors" in found and "itemtitle" in keys and "contenttype" in keys:
        found["authors_run_together"] = found["authors"]
    if id_column is not None:
        wanted = _key(id_column)
        if wanted not in keys:
            raise ImportFileError(
                f"--id-column {id_column!r} is not a column of the file (columns: {', '.join(header)})"
            )
        found["id"] = [keys.index(wanted)]
    if "title" not in found:
        raise ImportFileError(
            "the header has no title column (looked for: title, article title, document title, "
            f"primary title); columns are: {', '.join(header)}"
        )
    return found, header[found["id"][0]] if "id" in found else None


_SEPARATORS = re.compile(r"\s*[;|]\s*|\s+&\s+|,?\s+and\s+|\n")  # (OpenAlex joins with "|")
_INITIALS = re.compile(r"(?:[A-Z]\.?-?\s?){1,4}")  # "D.W.", "D. W.", "M.K", "H.-P."
_CUT_SHORT = re.compile(
    r"[\s,;]*(?:\u2026|\.\.\.|\bet\s+al\b\.?)$", re.I
)  # "T Liu, N Nasser, …", "Lee et al."
# Inline markup a catalogue keeps in its titles (OpenAlex's and Crossref's "<i>MOOC</i>", "<scp>").
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|scp|u|span|mml:[a-z]+)(?:\s[^<>]*)?>", re.I)


def split_authors(value: str | None) -> list[str]:
    """Authors from one cell, whichever way the tool (or a citation style) joined them:
    "A; B", "A and B", "A & B", "Lee, Ann", "Petrov D, Li KI", "Ann Lee, Bo Ng",
    "Aha, D.W., Kibler, D. and Albert, M.K" (family and initials alternating), and EndNote's
    "Adeli K.Lewis G. F." run together."""
    if not value:
        return []
    # (Google Scholar's list cut short: "T Liu, N Nasser…", "T Liu, …"; a list a person cut short,
    # "Iversen et al.": the names before it.)
    text = _CUT_SHORT.sub("", value.strip())
    if (
        not _LIST_MARKS.search(text)
        and _GROUP.search(text)
        and not any(map(_PERSON.fullmatch, _AND.split(text)))
    ):
        # "EDUCAUSE Center for Analysis and Research", "Bill and Melinda Gates Foundation": one
        # group (not "Ann Lee and Bo Ng and Lantern University", people and an affiliation).
        return [" ".join(text.split())]
    if _INITIALS_JOIN.search(text) and not _SEPARATORS.search(text) and "," not in text:
        parts = _INITIALS_JOIN.split(text)
    else:
        parts = [name for part in _SEPARATORS.split(text) for name in _names_in(part)]
    names = (family_first(" ".join(x.split()).strip(" ,;:")) for x in parts)
    return list(dict.fromkeys(n for n in names if n))


_NAME_PREFIXES = frozenset(
    {"Mc", "Mac", "De", "Le", "La", "Di", "Du", "Van", "Von", "Da", "Del", "Des", "Fitz"}
)


def split_run_together(value: str | None) -> list[str]:
    """SpringerLink's authors, each "Given Family" run into the next ("Henrik NordinLars
    Petersen"): a word after a name's first, where a small letter meets a capital, ends one name
    and starts the next; not inside a name ("McDonald", "DeVries", a given name "JoAnn"). A cell
    with separators is an ordinary list."""
    if not value:
        return []
    if _SEPARATORS.search(value) or "," in value:
        return split_authors(value)
    names: list[list[str]] = [[]]
    for word in value.split():
        cut = 0
        if names[-1]:  # not a name's first word (a given name: "JoAnn", "LaToya")
            for i in range(1, len(word)):
                if word[i - 1].islower() and word[i].isupper() and word[:i] not in _NAME_PREFIXES:
                    cut = i
                    break
        if cut:
            names[-1].append(word[:cut])
            names.append([word[cut:]])
        else:
            names[-1].append(word)
    people = (family_first(" ".join(name)) for name in names if name)
    return list(dict.fromkeys(n for n in people if n))


def _names_in(part: str) -> list[str]:
    """One separated part: a single name, or names joined by commas."""
    tokens = [t.strip() for t in part.strip(" ,;:").split(",") if t.strip()]
    # One name: "Lee, Ann", "Fahlman, S.", "Yip, Chi Bun" (a one-word family name is no name on
    # its own); "van Bijnen, S.", "Garcia Marquez, Gabriel" (one given name or initials after
    # it). Two: "Petrov D, Li KI", "Ann Lee, Bo Ng".
    if len(tokens) == 2 and (
        " " not in tokens[0]
        # "van der Merwe, Helen E.": a family name with its particles (not "de Souza AB, Lee C").
        or _PARTICLE.match(tokens[0])
        and not _TRAILING_INITIALS.match(tokens[0])
        or (
            (" " not in tokens[1].strip(".") or _INITIALS.fullmatch(tokens[1]))
            and not _TRAILING_INITIALS.match(tokens[0])
        )
    ):
        return [f"{tokens[0]}, {tokens[1]}"]
    names: list[str] = []
    bare = False  # the last name is a family name still waiting for its initials
    for token in tokens:
        # A family name waits for its initials ("van Bijnen, S."); a one-word family name, which
        # is no name on its own, for its given names too ("Yip, Chi Bun, Lee, Ann").
        if bare and (
            _INITIALS.fullmatch(token) or " " not in names[-1] and not _TRAILING_INITIALS.match(token)
        ):
            names[-1] = f"{names[-1]}, {token}"
            bare = False
        else:
            names.append(token)
            bare = not _TRAILING_INITIALS.match(token)  # "Petrov D" carries its initials
    return names


# A family name that starts with its particle, in lower case as such names are written.
_PARTICLE = re.compile(r"(?:van|von|de|der|den|da|di|du|la|le|del|della|dos|das|do|ten|ter|bin|ibn|al|el) ")
_LIST_MARKS = re.compile(r"[,;&|\n]")
_AND = re.compile(r"\s+and\s+")
# A person's name in a list joined by "and": two or three capitalised words, the last no word a
# group's name ends in ("Human Services", "Research Council").
_PERSON = re.compile(
    r"\s*(?:[A-Z][\w'.-]*\s+){1,2}(?!(?:Services|Research|Education|Health|Council|Foundation|Institute|"
    r"Center|Centre|University|Association|Society|Committee|Commission|Department|Ministry|Agency|Office|"
    r"Laboratory|Consortium|Bureau|Board|Trust|Fund|Network|Group)\b)[A-Z][\w'.-]*\s*"
)
# A group's name, which "and" does not split ("Center for Analysis and Research").
_GROUP = re.compile(
    r"\b(?:Center|Centre|Institute|University|Association|Council|Foundation|Department|Ministry|"
    r"Office|Agency|Laboratory|Commission|Organi[sz]ation|Society|Committee|Bureau|Consortium)\b"
)
_TRAILING_INITIALS = re.compile(r"^(?P<family>.+?)\s+(?P<initials>[A-Z]{1,3}|(?:[A-Z]\.\s?){1,3})$")


def family_first(name: str) -> str:
    """'Lindqvist ML' (PubMed/Covidence style) -> 'Lindqvist, ML'; other forms unchanged."""
    if "," in name:
        return name
    match = _TRAILING_INITIALS.match(name)
    if match:
        return f"{match.group('family')}, {match.group('initials').strip()}"
    return name


def row_to_record(
    row: list[str], columns: dict[str, list[int]], source: str, origin: str, native_id: str, raw: str
) -> Record:
    def cell(name: str) -> str | None:
        for index in columns.get(name, ()):
            if index < len(row) and row[index].strip():
                # Catalogue exports keep HTML entities ("H&#233;ctor", "&mdash;").
                return html.unescape(row[index]) if "&" in row[index] else row[index]
        return None

    def get(name: str) -> str | None:
        return clean_text(cell(name))

    def links() -> list[str]:
        """Every link cell's value (a page's and its full text's)."""
        return [
            link.strip()
            for i in columns.get("url", ())
            if i < len(row)
            for link in row[i].split("||")  # (a DSpace cell's values)
            if link.strip()
        ]

    year = None
    if (value := get("year")) and (match := _YEAR.search(value)):
        year = int(match.group(1))
    pages = get("pages")
    if not pages and get("start_page"):
        pages = get("start_page") + (f"-{get('end_page')}" if get("end_page") else "")
    pages = pages or get("article_number")
    container, volume, issue = get("container"), get("volume"), get("issue")
    if (
        container
        and not (volume or issue or pages)
        and (cited := _EBSCO_SOURCE.match(container))
        and (cited.group("volume") or cited.group("pages"))
    ):
        # EBSCO's "Source": the journal with its issue's citation after it.
        container, volume, issue, pages = (cited.group(k) for k in ("journal", "volume", "issue", "pages"))
    doi_cell = get("doi")
    doi = normalise_doi(doi_cell) or find_doi(get("url"))
    serial = " ".join(filter(None, [get("issn"), get("isbn")]))
    issn = [n for p in re.split(r"[;,\s]+", serial) if (n := normalise_issn(p))]
    isbn = [
        n
        for p in re.split(r"[;,\n]|\(", get("isbn") or "")
        if len(re.sub(r"[^0-9Xx]", "", p)) in (10, 13) and (n := normalise_isbn(p))
    ]
    keywords = [k.strip() for k in re.split(r"\s*[;|]\s*", get("keywords") or "") if k.strip()]
    return Record(
        source=source,
        native_id=native_id,
        title=_INLINE_TAG.sub("", title) if (title := get("title")) and "<" in title else title,
        authors=(
            split_run_together(cell("authors"))
            if "authors_run_together" in columns
            else split_authors(cell("authors"))
        ),
        year=year,
        doi=doi,
        container=container,
        volume=volume,
        issue=issue,
        pages=pages,
        issn=list(dict.fromkeys(issn)),
        isbn=list(dict.fromkeys(isbn)),
        abstract=get("abstract"),
        keywords=list(dict.fromkeys(keywords)),
        type=map_type([get("type")]) if get("type") else None,
        language=map_language([get("language")]) if get("language") else None,
        urls=list(dict.fromkeys(u for u in links() if u.startswith("http"))),
        raw_format="csv",
        raw=raw,
        origin=origin,
    )


def read_csv(
    path: Path, source: str, encoding: str = "utf-8", id_column: str | None = None
) -> Iterator[Record | Reject]:
    origin = path.name
    csv.field_size_limit(min(sys.maxsize, 64 * 1024 * 1024))
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        # Only the delimiter is guessed (from the header line); quoting is the standard one,
        # with "" inside quoted cells, as every spreadsheet and screening tool writes it.
        try:
            delimiter = (
                csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t|").delimiter
            )
        except csv.Error:
            delimiter = ","
        # Web of Science writes its tab-delimited export unquoted: a quotation mark in a title or
        # abstract is text, and must not swallow the records after it (unless Excel saved the
        # file again, quoting its cells: a cell whole in quotation marks).
        wos = sample.lstrip("\ufeff").startswith("PT\t") and not _QUOTED_CELL.search(sample)
        quoting = csv.QUOTE_NONE if wos else csv.QUOTE_MINIMAL
        reader = csv.reader(handle, csv.excel, delimiter="\t" if wos else delimiter, quoting=quoting)
        try:
            header = next(reader)
            # A line about the export before the header (Dimensions' "About the data: Exported
            # on ..."): one cell that names no column.
            for _ in range(3):
                cells = [cell for cell in header if cell.strip()]
                if len(cells) > 1 or (cells and _key(cells[0]) in _ALIASES):
                    break
                header = next(reader)
        except StopIteration:
            raise ImportFileError(f"{path}: the file is empty or has no header row") from None
        try:
            columns, id_name = resolve_columns(header, id_column)
        except ImportFileError as exc:
            raise ImportFileError(f"{path}: {exc}") from None
        width = len(header)
        seen: dict[str, int] = {}
        copies: dict[str, int] = {}
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Reject(line, f"not valid CSV here ({exc})", None)
                line = reader.line_num + 1
                continue
            raw = "\x1f".join(row)
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width:
                yield Reject(
                    start,
                    f"row has {len(row)} fields but the header has {width}; "
                    "a delimiter inside an unquoted cell?",
                    raw,
                )
                continue
            id_index = columns["id"][0] if "id" in columns else len(row)
            native_id = row[id_index].strip() if id_index < len(row) else ""
            if not native_id:
                # No id of the database's own: one made from what the record says, so that the
                # next export (re-sorted, a record more, counts of citations changed) updates
                # each record, not whichever row has its number.
                native_id = content_id(row, columns)
                copies[native_id] = copies.get(native_id, 0) + 1
                if copies[native_id] > 1:
                    native_id += f"#{copies[native_id]}"  # the same record twice in one export
            if native_id in seen:
                yield Reject(
                    start,
                    f"duplicate {id_name or 'id'} {native_id!r} (first at line {seen[native_id]})",
                    raw,
                    native_id,
                )
                continue
            seen[native_id] = start
            try:
                yield row_to_record(row, columns, source, origin, native_id, dict_raw(header, row))
            except Exception as exc:  # noqa: BLE001 - one bad row must not stop the file
                yield Reject(start, f"could not be mapped ({type(exc).__name__}: {exc})", raw, native_id)


# EBSCO's citation in its "Source" column: "Journal of X. Mar2018, Vol. 49 Issue 1, p495-513. 19p."
_EBSCO_SOURCE = re.compile(
    r"^(?P<journal>.+?)\.\s+[^,.]{0,25}?\d{4}(?:\s+[A-Z][a-z]+)?,\s+"
    r"(?:Vol\.\s*(?P<volume>[^\s,]+))?\s*(?:Issue\s+(?P<issue>[^,]+?))?,?"
    r"\s*(?:p(?P<pages>[\dA-Za-z]+(?:-[\dA-Za-z]+)?))?\.?(?:\s+\d+p\.?)?\s*$"
)
_IDENTIFYING = ("title", "authors", "year", "doi", "container", "volume", "issue", "pages", "start_page")


def content_id(row: list[str], columns: dict[str, list[int]]) -> str:
    """An id for a row without one: its DOI and title (see doi_id), else a digest of the fields
    that say which record it is (their values, not which columns the export happens to have)."""
    values = {
        name: " ".join(row[i].split()).lower()
        for name in _IDENTIFYING
        for i in columns.get(name, ())[:1]
        if i < len(row) and row[i].strip()
    }
    if doi := normalise_doi(values.get("doi")):
        return doi_id(doi, values.get("title"))
    text = "\x1f".join(f"{name}={value}" for name, value in values.items())
    return digest_id("csv", text)


def dict_raw(header: list[str], row: list[str]) -> str:
    """The row as 'column: value' lines: verbatim, and readable in the database."""
    return "\n".join(f"{h}: {v}" for h, v in zip(header, row, strict=False) if v != "")
