"""OAI metadata (oai_dc, rioxx and anything Dublin-Core-like) mapped to the shared Record."""

from __future__ import annotations

import re

from lxml import etree

from thresher.harvesters.vocabulary import map_language, map_type
from thresher.identifiers import (
    DOI_PATTERN,
    find_doi,
    normalise_doi,
    normalise_isbn,
    normalise_issn,
)
from thresher.records import Record

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# EPrints citation strings: "... (2019) Title. Journal, 12 (3), 221-226. (doi:...)".
_CITATION_TAIL = re.compile(
    r"^(?P<container>[^()<>]{2,200}?)\s*"
    r"(?:,\s*(?P<volume>\d+[A-Za-z]?)\s*(?:\((?P<issue>[^)]{1,20})\))?\s*[.,]?\s*"
    r"(?:pp?\.\s*)?(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)?"
    r"|\.(?:\s{2,}|\s*$|\s+(?=ISSN|DOI|\(doi)))"
)
_ISSN_HINT = re.compile(r"\bissn\b|^urn:issn:", re.IGNORECASE)
_ISBN_HINT = re.compile(r"\bisbn\b|^urn:isbn:", re.IGNORECASE)


def _fields(metadata: etree._Element) -> dict[str, list[str]]:
    """Every element under the metadata root by local name, in document order, text cleaned."""
    found: dict[str, list[str]] = {}
    for element in metadata.iter(tag=etree.Element):
        if element is metadata:
            continue
        # Dublin Core elements are leaves: their .text is the whole text, cheaply.
        raw = element.text if len(element) == 0 else "".join(element.itertext())
        if not raw:
            continue
        text = " ".join(raw.split())
        if text:
            found.setdefault(element.tag.rpartition("}")[2].lower(), []).append(text)
    return found


def _first(fields: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if fields.get(name):
            return fields[name][0]
    return None


def _all(fields: dict[str, list[str]], *names: str) -> list[str]:
    out: list[str] = []
    for name in names:
        out.extend(fields.get(name, ()))
    return out


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# DOI prefixes of repositories that hold data, figures and copies under DOIs of their own (Zenodo,
# figshare, Dryad, OSF, Harvard Dataverse, Mendeley Data): a record's own identifier there is its
# DOI, whatever article its relations name.
_DATA_REPOSITORY_DOIS = ("10.5281/", "10.6084/", "10.5061/", "10.17605/", "10.7910/", "10.17632/")


def _find_doi(fields: dict[str, list[str]]) -> str | None:
    # Structured places first (rioxx version_of_record, a bare dc:relation or dc:identifier that
    # is just a DOI), then a doi.org URL, then a DOI inside a citation string.
    for value in _all(fields, "version_of_record", "doi"):
        if doi := normalise_doi(value):
            return doi
    candidates = [v for v in _all(fields, "relation", "identifier", "source") if "10." in v]
    for value in candidates:
        if DOI_PATTERN.fullmatch(value.strip()) or value.lower().startswith("doi:"):
            return normalise_doi(value)
    # A doi.org address: a Zenodo record's own identifier, or a data repository's, before its
    # relations (Zenodo relates a deposit to the article it supplements, and to its other
    # versions, by their DOIs; a figure it holds has a DOI of its own); elsewhere a relation's
    # first (a repository that mints DOIs for its copies relates them to the publisher's).
    identifiers = _all(fields, "identifier")
    zenodo = any(v.startswith("oai:zenodo.org:") for v in identifiers)
    for value in identifiers:
        if "doi.org/" in value.lower() and " " not in value.strip():
            if zenodo or any(f"/{prefix}" in value for prefix in _DATA_REPOSITORY_DOIS):
                return normalise_doi(value)
    for value in candidates:
        if "doi.org/" in value.lower() and " " not in value.strip():
            return normalise_doi(value)
    for value in candidates:
        if doi := find_doi(value):
            return doi
    return None


def _citation_parts(fields: dict[str, list[str]], title: str | None) -> dict[str, str]:
    """Journal, volume, issue and pages from an EPrints citation string, when it has them."""
    for value in _all(fields, "identifier", "source"):
        if value.startswith(("http://", "https://")) or not title:
            continue
        at = value.find(title[:40])
        if at < 0:
            continue
        rest = value[at + len(title) :].lstrip(" .")
        match = _CITATION_TAIL.match(rest)
        if not match:
            continue
        parts = {k: v.strip() for k, v in match.groupdict().items() if v}
        if "pages" in parts:
            parts["pages"] = re.sub(r"\s*[-–]\s*", "-", parts["pages"])
        return parts
    return {}


def map_metadata(
    metadata: etree._Element | None, *, source: str, native_id: str, metadata_prefix: str
) -> Record:
    record = Record(source=source, native_id=native_id, raw_format=metadata_prefix)
    if metadata is None:
        return record
    fields = _fields(metadata)
    record.title = _first(fields, "title")
    record.authors = _unique(_all(fields, "creator", "author"))
    # Repositories add accession and availability dates after the publication date (DSpace
    # lists all three as dc:date), so the earliest year is the publication year.
    dates = _all(fields, "publication_date") or _all(fields, "date", "issued", "dateaccepted")
    years = [int(m.group(1)) for d in dates if (m := _YEAR.search(d))]
    record.year = min(years) if years else None
    record.doi = _find_doi(fields)
    descriptions = [d for d in _all(fields, "abstract", "description") if not d.startswith("Comment:")]
    record.abstract = descriptions[0] if descriptions else None
    record.keywords = _unique(_all(fields, "subject", "keyword"))
    record.type = map_type(_all(fields, "type"))
    record.language = map_language(_all(fields, "language"))
    urls = [
        v
        for v in _all(fields, "relation", "identifier")
        if v.startswith(("http://", "https://")) and " " not in v
    ]
    record.urls = _unique(urls)
    identifiers = _all(fields, "identifier", "source")
    hinted = [v for v in identifiers if "issn" in v.lower() or "isbn" in v.lower()]
    record.issn = _unique(
        [normalise_issn(v) for v in hinted if _ISSN_HINT.search(v)]  # type: ignore[misc]
    )
    record.isbn = _unique(
        [normalise_isbn(v.split(":")[-1]) for v in hinted if _ISBN_HINT.search(v)]  # type: ignore[misc]
    )
    parts = _citation_parts(fields, record.title)
    record.container = parts.get("container")
    record.volume = parts.get("volume")
    record.issue = parts.get("issue")
    record.pages = parts.get("pages")
    return record
