"""EndNote XML exports (<xml><records><record>...) to Records, streamed with iterparse.

No DTD is loaded and no entity is expanded; each record is cleared once read, so memory holds
one record at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from thresher.harvesters.files import ImportFileError, Reject
from thresher.harvesters.vocabulary import clean_text, map_language, map_type
from thresher.harvesters.xml_safety import XMLSafetyError, check_prolog
from thresher.identifiers import find_doi, normalise_doi, normalise_isbn, normalise_issn
from thresher.records import Record

_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


def _text(element: etree._Element | None) -> str | None:
    """EndNote wraps text in <style> elements, sometimes several: join them all."""
    if element is None:
        return None
    return clean_text("".join(element.itertext()))


def _texts(record: etree._Element, path: str) -> list[str]:
    return [t for t in (_text(e) for e in record.iterfind(path)) if t]


def record_to_record(element: etree._Element, source: str, origin: str, position: int) -> Record:
    native_id = _text(element.find("rec-number")) or f"{origin}#{position}"
    ref_type = element.find("ref-type")
    type_name = ref_type.get("name") if ref_type is not None else None
    titles = element.find("titles")
    title = _text(titles.find("title")) if titles is not None else None
    container = None
    for path in (
        "periodical/full-title",
        "titles/secondary-title",
        "periodical/abbr-1",
        "titles/alt-title",
        "titles/tertiary-title",
    ):
        if container := _text(element.find(path)):
            break
    year = None
    for value in _texts(element, "dates/year") + _texts(element, "dates/pub-dates/date"):
        if match := _YEAR.search(value):
            year = int(match.group(1))
            break
    doi = normalise_doi(_text(element.find("electronic-resource-num")))
    if doi is None:
        for value in _texts(element, "urls/related-urls/url") + _texts(element, "notes"):
            if doi := find_doi(value) if "10." in value else None:
                break
    serial = _text(element.find("isbn")) or ""
    issn = [n for p in re.split(r"[;,\s]+|\(|\)", serial) if (n := normalise_issn(p))]
    isbn = [
        n
        for p in re.split(r"[;,\n]|\(", serial)
        if len(re.sub(r"[^0-9Xx]", "", p)) in (10, 13) and (n := normalise_isbn(p))
    ]
    keywords = _texts(element, "keywords/keyword")
    language = _text(element.find("language"))
    return Record(
        source=source,
        native_id=native_id,
        title=title,
        authors=list(dict.fromkeys(_texts(element, "contributors/authors/author"))),
        year=year,
        doi=doi,
        container=container,
        volume=_text(element.find("volume")),
        issue=_text(element.find("number")),
        pages=_text(element.find("pages")),
        issn=list(dict.fromkeys(issn)),
        isbn=list(dict.fromkeys(isbn)),
        abstract=_text(element.find("abstract")),
        keywords=list(dict.fromkeys(keywords)),
        type=map_type([type_name]) if type_name else None,
        language=map_language([language]) if language else None,
        urls=list(dict.fromkeys(u for u in _texts(element, "urls/related-urls/url") if u.startswith("http"))),
        raw_format="endnote-xml",
        raw=etree.tostring(element, encoding="unicode"),
        origin=origin,
    )


def read_endnote_xml(path: Path, source: str) -> Iterator[Record | Reject]:
    origin = path.name
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    try:
        # The same refusals as for harvested XML: no DTD, no HTML (the parser below would not
        # load a DTD or expand an entity either; this says so, at once and clearly).
        check_prolog(head, where=str(path))
    except XMLSafetyError as exc:
        raise ImportFileError(str(exc)) from None
    seen: dict[str, int] = {}
    position = 0
    context = etree.iterparse(
        str(path),
        events=("end",),
        tag="record",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        recover=False,
    )
    try:
        for _, element in context:
            position += 1
            line = element.sourceline
            try:
                record = record_to_record(element, source, origin, position)
            except Exception as exc:  # noqa: BLE001 - one bad record must not stop the file
                yield Reject(
                    line,
                    f"could not be mapped ({type(exc).__name__}: {exc})",
                    etree.tostring(element, encoding="unicode"),
                )
            else:
                if record.native_id in seen:
                    yield Reject(
                        line,
                        f"duplicate rec-number {record.native_id!r} (first at line {seen[record.native_id]})",
                        record.raw,
                        record.native_id,
                    )
                else:
                    seen[record.native_id] = line
                    yield record
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        # Records before the break are already yielded (and stored); say where it broke.
        yield Reject(
            exc.lineno,
            f"the XML is broken here ({exc.msg}); records after this point could not be read",
            None,
        )
