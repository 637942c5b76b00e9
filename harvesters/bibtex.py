"""BibTeX exports (Scopus, Web of Science, Google Scholar, Zotero, JabRef, EndNote) to Records.

bibtexparser 2 parses; the file is fed to it in chunks of entries, so memory stays flat however
long the file. LaTeX is decoded only in the fields we use (harvesters.latex).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from thresher.harvesters.files import Reject
from thresher.harvesters.latex import decode
from thresher.harvesters.vocabulary import BIBTEX_TYPES, map_language, map_type

from thresher.identifiers import normalise_doi, normalise_isbn, normalise_issn
from thresher.records import Record

# We report failed entries ourselves, with file and line; bibtexparser would also log them.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

CHUNK_ENTRIES = 2000
_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)\s*,")
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _field(fields: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = fields.get(name)
        if value and value.strip():
            return value
    return None


def _fields(entry: model.Entry) -> dict[str, str]:
    # Field names are case-insensitive in BibTeX (Web of Science writes Author, Title, DOI).
    return {
        f.key.lower(): f.value for f in entry.fields if isinstance(f.value, str)
    }


def split_authors(value: str | None) -> tuple[list[str], bool]:
    """'M{\\"u}ller, J. and {World Health Organization} and others' ->
    (['Müller, J.', 'World Health Organization'], True): family first, corporate names whole,
    'and others' dropped and reported."""
    if not value:
        return [], False
    names: list[str] = []
    truncated = False
    for person in split_multiple_persons_names(value):
        person = person.strip()
        if person.lower() in ("others", "et al", "et al."):
            truncated = True
            continue
        if person.startswith("{") and person.endswith("}") and person.count("{") == 1:
            names.append(decode(person[1:-1]) or "")  # a corporate author, kept whole
            continue
        try:
            parts = parse_single_name_into_parts(person, strict=False)
        except Exception:  # noqa: BLE001 - an odd name is kept as written
            names.append(decode(person) or person)
            continue
        family = " ".join(parts.von + parts.last)
        given = " ".join(parts.first)
        if parts.jr:
            given = f"{given}, {' '.join(parts.jr)}" if given else " ".join(parts.jr)
        name = f"{family}, {given}" if given else family
        names.append(decode(name) or name)
    return [n for n in names if n], truncated


def _keywords(value: str | None) -> list[str]:
    if not value:
        return []
    text = decode(value) or ""
    parts = re.split(r"\s*;\s*", text) if ";" in text else re.split(r"\s*,\s*", text)
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _pages(value: str | None) -> str | None:
    text = decode(value)
    if not text:
        return None
    return re.sub(r"\s*[\u2013\u2014-]+\s*", "-", text)


def entry_to_record(entry: model.Entry, source: str, origin: str) -> tuple[Record, bool]:
    fields = _fields(entry)
    doi = normalise_doi(_field(fields, "doi"))
    if doi is None:
        for name in ("url", "note", "howpublished"):
            value = _field(fields, name)
            if value and "doi" in value.lower():
                doi = normalise_doi(value)
                if doi:
                    break
    year = None
    date = _field(fields, "year", "date")
    if date and (match := _YEAR.search(date)):
        year = int(match.group(1))
    authors, truncated = split_authors(_field(fields, "author") or _field(fields, "editor"))
    entry_type = entry.entry_type.lower()
    labels = [_field(fields, name) for name in ("document_type", "type", "type_publication")]
    record_type = map_type([v for v in labels if v]) or BIBTEX_TYPES.get(entry_type, "other")
    if entry_type == "misc" and (_field(fields, "eprint", "archiveprefix") or "arxiv" in (
            _field(fields, "howpublished", "publisher", "journal") or "").lower()):
        record_type = "preprint"
    urls = [u for u in [_field(fields, "url")] if u]
    serials = " ".join(filter(None, [_field(fields, "issn"), _field(fields, "eissn")]))
    issn = [n for v in re.findall(r"\d{4}-?\d{3}[\dXx]", serials) if (n := normalise_issn(v))]
    isbn = [n for v in re.split(r"[;,]", _field(fields, "isbn") or "") if (n := normalise_isbn(v))]
    return Record(
        source=source,
        native_id=entry.key,
        title=decode(_field(fields, "title")),
        authors=authors,
        year=year,
        doi=doi,
        container=decode(_field(fields, "journal", "journaltitle", "booktitle", "series", "school",
                                "institution", "publisher")),
        volume=decode(_field(fields, "volume")),
        issue=decode(_field(fields, "number", "issue")),
        pages=_pages(_field(fields, "pages", "article-number", "eid")),
        issn=list(dict.fromkeys(issn)),
        isbn=list(dict.fromkeys(isbn)),
        abstract=decode(_field(fields, "abstract")),
        keywords=_keywords(_field(fields, "keywords", "author_keywords", "author-keywords")),
        type=record_type,
        language=map_language([language]) if (language := _field(fields, "language", "langid")) else None,
        urls=urls,
        raw_format="bibtex",
        raw=entry.raw,
        origin=origin,
    ), truncated


def _failure(block: model.Block) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return f"duplicate entry key {block.key!r} (an earlier entry has the same key)"
    if isinstance(block, model.DuplicateFieldKeyBlock):
        return f"a field appears twice in the entry: {', '.join(sorted(block.duplicate_keys))}"
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "could not be parsed")
    return " ".join(reason.split())


def read_bibtex(path: Path, source: str, encoding: str = "utf-8") -> Iterator[Record | Reject]:
    """Every entry of the file as a Record, or a Reject naming the line, in file order."""
    seen: dict[str, int] = {}
    strings: list[str] = []
    origin = path.name
    for first_line, text in _chunk_texts(path, encoding, strings):
        prefix = "".join(strings) if first_line > 1 else ""
        shift = prefix.count("\n")
        library = bibtexparser.parse_string(prefix + text)
        items: list[tuple[int, object]] = []
        for entry in library.entries:
            items.append((entry.start_line, entry))
        for block in library.failed_blocks:
            items.append((block.start_line, block))
        for start, item in sorted(items, key=lambda pair: pair[0]):
            line = first_line + start - shift
            if start < shift:
                continue  # a repeated @string, already read
            if isinstance(item, model.Entry):
                if item.key in seen:
                    yield Reject(line, f"duplicate entry key {item.key!r} (first at line "
                                       f"{seen[item.key]})", item.raw, item.key)
                    continue
                seen[item.key] = line
                try:
                    record, _ = entry_to_record(item, source, origin)
                except Exception as exc:  # noqa: BLE001 - one bad entry must not stop the file
                    yield Reject(line, f"could not be mapped ({type(exc).__name__}: {exc})",
                                 item.raw, item.key)
                    continue
                yield record
            else:
                key = getattr(item, "key", None)
                if isinstance(item, model.DuplicateBlockKeyBlock):
                    earlier = seen.get(item.key)
                    yield Reject(line, f"duplicate entry key {item.key!r}"
                                 + (f" (first at line {earlier})" if earlier else ""),
                                 item.raw, item.key)
                else:
                    match = _KEY.match(item.raw or "")
                    yield Reject(line, _failure(item), item.raw,
                                 key or (match.group(1) if match else None))


def _chunk_texts(path: Path, encoding: str, strings: list[str]) -> Iterator[tuple[int, str]]:
    """Chunks of whole entries, gathering @string definitions into `strings` as they pass."""
    lines: list[str] = []
    start = 1
    entries = 0
    in_string = False
    depth = 0
    with path.open("r", encoding=encoding, errors="replace", newline=None) as handle:
        for number, line in enumerate(handle, start=1):
            match = _ENTRY_START.match(line)
            if match:
                kind = match.group(1).lower()
                if entries >= CHUNK_ENTRIES and kind not in ("comment", "preamble", "string"):
                    yield start, "".join(lines)
                    lines, start, entries = [], number, 0
                entries += 1
                if kind == "string":
                    in_string, depth = True, 0
            if in_string:
                strings.append(line)
                depth += line.count("{") + line.count("(") - line.count("}") - line.count(")")
                if depth <= 0:
                    in_string = False
            lines.append(line)
    if lines:
        yield start, "".join(lines)
