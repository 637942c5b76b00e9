"""BibTeX exports (Scopus, Web of Science, Google Scholar, Zotero, JabRef, EndNote) to Records.

bibtexparser 2 parses; the file is fed to it in chunks of entries, so memory stays flat however
long the file. LaTeX is decoded only in the fields we use (thresher/latex.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from thresher.harvesters.files import Reject
from thresher.harvesters.vocabulary import BIBTEX_TYPES, map_language, map_type
from thresher.identifiers import DBLP_HOMONYM, normalise_doi, normalise_isbn, normalise_issn
from thresher.latex import decode
from thresher.records import Record

# We report failed entries ourselves, with file and line; bibtexparser would also log them.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

CHUNK_ENTRIES = 2000
PARALLEL_WORKERS = 2  # the machines this runs on have two cores
PARALLEL_FROM_BYTES = 4 * 1024 * 1024
_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)\s*,")
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


def _field(fields: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = fields.get(name)
        if value and value.strip():
            return value
    return None


def _fields(entry: model.Entry) -> dict[str, str]:
    # Field names are case-insensitive in BibTeX (Web of Science writes Author, Title, DOI).
    return {f.key.lower(): f.value for f in entry.fields if isinstance(f.value, str)}


def split_authors(value: str | None) -> list[str]:
    """'M{\\"u}ller, J. and {World Health Organization} and others' ->
    ['Müller, J.', 'World Health Organization']: family first, corporate names whole,
    'and others' dropped (it stays in the raw entry)."""
    if not value:
        return []
    names: list[str] = []
    for person in split_multiple_persons_names(value):
        person = DBLP_HOMONYM.sub("", person.strip())  # "Wei Zhang 0003": DBLP's homonym number
        if person.lower() in ("others", "et al", "et al."):
            continue
        if person.startswith("{") and person.endswith("}") and person.count("{") == 1:
            names.append(decode(person[1:-1]) or "")  # a corporate author, kept whole
            continue
        if person.count(",") == 1 and "{" not in person:
            # "Family, Given", as nearly every database exports: no need for the full parser.
            family, given = (p.strip() for p in person.split(","))
            name = f"{family}, {given}" if given else family
            names.append(decode(name) or name)
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
    return [n for n in names if n]


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


def entry_to_record(entry: model.Entry, source: str, origin: str) -> Record:
    fields = _fields(entry)
    doi = normalise_doi(_field(fields, "doi"))
    if doi is None:
        corr = "corr" in (_field(fields, "journal") or "").lower() or entry.entry_type.lower() == "misc"
        for name in ("url", "ee", "note", "howpublished"):  # (DBLP gives the DOI's address as ee)
            value = _field(fields, name)
            if value and "doi" in value.lower():
                doi = normalise_doi(value)
                # (DBLP may give a paper only its arXiv copy's DOI: not the paper's own.)
                if doi and name == "ee" and doi.startswith("10.48550/") and not corr:
                    doi = None
                if doi:
                    break
    year = None
    date = _field(fields, "year", "date")
    if date and (match := _YEAR.search(date)):
        year = int(match.group(1))
    authors = split_authors(_field(fields, "author") or _field(fields, "editor"))
    entry_type = entry.entry_type.lower()
    labels = [_field(fields, name) for name in ("document_type", "type", "type_publication")]
    record_type = map_type([v for v in labels if v]) or BIBTEX_TYPES.get(entry_type, "other")
    if entry_type == "misc" and (
        _field(fields, "eprint", "archiveprefix")
        or "arxiv" in (_field(fields, "howpublished", "publisher", "journal") or "").lower()
    ):
        record_type = "preprint"
    urls = list(dict.fromkeys(u for u in [_field(fields, "url"), _field(fields, "ee")] if u))
    serials = " ".join(filter(None, [_field(fields, "issn"), _field(fields, "eissn")]))
    issn = [n for v in re.findall(r"\d{4}-?\d{3}[\dXx]", serials) if (n := normalise_issn(v))]
    isbn = [n for v in re.split(r"[;,]", _field(fields, "isbn") or "") if (n := normalise_isbn(v))]
    container = decode(
        _field(fields, "journal", "journaltitle", "booktitle", "series", "school", "institution", "publisher")
    )
    if (
        container
        and not _field(fields, "journal", "journaltitle")
        and (crossref := _field(fields, "crossref"))
    ):
        container = _with_meeting_year(container, crossref)
    return Record(
        source=source,
        native_id=entry.key,
        title=decode(_field(fields, "title")),
        authors=authors,
        year=year,
        doi=doi,
        container=container,
        volume=decode(_field(fields, "volume")),
        issue=decode(_field(fields, "number", "issue")),
        pages=_pages(_field(fields, "pages", "article-number", "art_number", "articleno", "eid")),
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
    )


# The proceedings' key a paper's entry refers to, as DBLP writes it ("DBLP:conf/icis/2018"): its
# year is the meeting's; and a year a venue's name gives ("ICIS 2018", "ECIS'21").
_CROSSREF_YEAR = re.compile(r"/((?:19|20)\d\d)[a-z0-9-]{0,12}$", re.I)
_NAMED_YEAR = re.compile(r"(?:19|20)\d\d|['\u2019]\d\d\b")


def _with_meeting_year(venue: str, crossref: str) -> str:
    """A conference's short name as DBLP gives it ("ICIS", "NCISR"), with the year of the meeting
    its proceedings' key names: the same title at two meetings is two papers."""
    match = _CROSSREF_YEAR.search(crossref)
    if match is None or _NAMED_YEAR.search(venue):
        return venue
    return f"{venue} {match.group(1)}"


def _failure(block: model.Block) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return f"duplicate entry key {block.key!r} (an earlier entry has the same key)"
    if isinstance(block, model.DuplicateFieldKeyBlock):
        return f"a field appears twice in the entry: {', '.join(sorted(block.duplicate_keys))}"
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "could not be parsed")
    return " ".join(reason.split())


def parse_chunk(
    text: str, skip_lines: int, source: str, origin: str
) -> list[tuple[int, Record | Reject, str | None]]:
    """(line within the chunk, Record or Reject, entry key) for every block of one chunk.

    Top-level so a worker process can run it; `skip_lines` is the repeated @string prefix.
    """
    library = bibtexparser.parse_string(text)
    items: list[tuple[int, object]] = [(e.start_line, e) for e in library.entries]
    items += [(b.start_line, b) for b in library.failed_blocks]
    out: list[tuple[int, Record | Reject, str | None]] = []
    for start, item in sorted(items, key=lambda pair: pair[0]):
        if start < skip_lines:
            continue  # a repeated @string, already read
        line = start - skip_lines
        if isinstance(item, model.Entry):
            try:
                record = entry_to_record(item, source, origin)
            except Exception as exc:  # noqa: BLE001 - one bad entry must not stop the file
                out.append(
                    (
                        line,
                        Reject(0, f"could not be mapped ({type(exc).__name__}: {exc})", item.raw, item.key),
                        None,
                    )
                )
                continue
            out.append((line, record, item.key))
        elif isinstance(item, model.DuplicateBlockKeyBlock):
            out.append((line, Reject(0, "duplicate entry key", item.raw, item.key), item.key))
        else:
            match = _KEY.match(item.raw or "")
            key = getattr(item, "key", None) or (match.group(1) if match else None)
            out.append((line, Reject(0, _failure(item), item.raw, key), None))
    return out


def read_bibtex(
    path: Path, source: str, encoding: str = "utf-8", workers: int | None = None
) -> Iterator[Record | Reject]:
    """Every entry of the file as a Record, or a Reject naming the line, in file order.

    Large files are parsed by worker processes (bibtexparser's splitter is the slow part, and
    pure Python), a few chunks ahead of the caller, so memory stays bounded.
    """
    seen: dict[str, int] = {}
    strings: list[str] = []
    origin = path.name
    chunks = _chunk_texts(path, encoding, strings)
    if workers is None:
        workers = PARALLEL_WORKERS if path.stat().st_size > PARALLEL_FROM_BYTES else 0
    results = _parse_all(chunks, strings, source, origin, workers)
    for first_line, parsed in results:
        for line_in_chunk, item, key in parsed:
            line = first_line + line_in_chunk
            if isinstance(item, Record):
                if item.native_id in seen:
                    yield Reject(
                        line,
                        f"duplicate entry key {item.native_id!r} (first at line {seen[item.native_id]})",
                        item.raw,
                        item.native_id,
                    )
                    continue
                seen[item.native_id] = line
                yield item
                continue
            item.line = line
            if item.error == "duplicate entry key":
                earlier = seen.get(key or "")
                item.error = f"duplicate entry key {key!r}" + (
                    f" (first at line {earlier})" if earlier else ""
                )
            yield item


def _parse_all(chunks, strings, source, origin, workers):
    """(first line, parsed chunk) in file order, in this process or in `workers` processes."""
    if workers <= 0:
        for first_line, text in chunks:
            prefix = "".join(strings) if first_line > 1 else ""
            yield first_line, parse_chunk(prefix + text, prefix.count("\n"), source, origin)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process holding DuckDB
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque = deque()
        for first_line, text in chunks:
            prefix = "".join(strings) if first_line > 1 else ""
            pending.append(
                (first_line, pool.submit(parse_chunk, prefix + text, prefix.count("\n"), source, origin))
            )
            while len(pending) > workers * 2:
                line, future = pending.popleft()
                yield line, future.result()
        while pending:
            line, future = pending.popleft()
            yield line, future.result()


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
