"""Export files: what format a file really is, what encoding it uses, and rejected entries."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from thresher.tables import detect_encoding, read_bytes

FORMATS = ("bibtex", "ris", "endnote-xml", "csv")
SNIFF_BYTES = 64 * 1024

_BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_RIS_TAG = re.compile(r"^(?:\ufeff)?TY {1,2}- ?\S", re.MULTILINE)
_MEDLINE = re.compile(r"^PMID- ", re.MULTILINE)
_CSV_HEADER_WORDS = re.compile(r"\b(title|author|authors|year|doi|abstract|journal)\b", re.I)


class ImportFileError(Exception):
    """A file that cannot be imported at all (one clear message, nothing half-stored)."""


@dataclass
class Reject:
    """An entry that could not be read: where it is, why, and its text as it was."""

    line: int | None
    error: str
    raw: str | None = None
    native_id: str | None = None


@dataclass
class FileScan:
    size: int
    sha256: str
    utf8: bool  # every byte of the file decodes as UTF-8


def scan_file(path: Path) -> FileScan:
    """Size, SHA-256 and UTF-8 validity of the whole file, in one read."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size, utf8 = 0, True
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return FileScan(size, digest.hexdigest(), utf8)


def confirmed_encoding(first_guess: str, scan: FileScan) -> str:
    """A UTF-8 guess from the head holds only if the whole file is UTF-8 (a stray cp1252 byte
    can sit anywhere)."""
    if first_guess in ("utf-8", "utf-8-sig") and not scan.utf8:
        return "cp1252"
    return first_guess


def whole_file_encoding(path: Path, first_guess: str) -> str:
    if first_guess not in ("utf-8", "utf-8-sig"):
        return first_guess
    return confirmed_encoding(first_guess, scan_file(path))


def sniff(path: Path) -> tuple[str, str]:
    """(format, encoding) from the content; a clear ImportFileError for what is not an export."""
    head = read_bytes(path, ImportFileError, limit=SNIFF_BYTES)
    if not head.strip():
        raise ImportFileError(f"{path}: the file is empty")
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            f"{path}: this is a PDF, not a bibliographic export "
            "(export the records as BibTeX, RIS, EndNote XML or CSV)"
        )
    if head.startswith((b"PK\x03\x04", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")):
        kind = {
            b"PK": "a ZIP or Office document",
            b"\x1f\x8b": "gzip-compressed",
            b"\xd0\xcf": "an old Office document",
        }[head[:2]]
        raise ImportFileError(f"{path}: this is {kind}, not a text export; unpack it or export as CSV")
    encoding = detect_encoding(head)
    if b"\x00" in head and encoding != "utf-16":
        raise ImportFileError(f"{path}: this is a binary file, not a text export")
    text = head.decode(encoding, errors="replace")
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        if "<rec-number" in text or ("<ref-type" in text and re.search(r"<records?\b", text)):
            return "endnote-xml", encoding
        if re.match(r"<(!DOCTYPE\s+html|html)", stripped, re.I):
            raise ImportFileError(f"{path}: this is an HTML page, not an export")
        raise ImportFileError(
            f"{path}: XML, but not an EndNote XML export (no <record> with <rec-number>/<ref-type>)"
        )
    if _RIS_TAG.search(text):
        return "ris", encoding
    if _MEDLINE.search(text):
        raise ImportFileError(
            f"{path}: a PubMed MEDLINE (.nbib) file; export from PubMed as "
            "'Citation manager' (RIS) or CSV instead"
        )
    if _BIBTEX_START.search(text):
        return "bibtex", encoding
    # The header, or a line about the export and then the header (Dimensions); Web of Science's
    # tab-delimited export names its columns by field tag ("PT\tAU\t...\tTI\t...").
    for line in stripped.splitlines()[:2]:
        if any(sep in line for sep in (",", "\t", ";")) and _CSV_HEADER_WORDS.search(line):
            return "csv", encoding
        if re.match(r"PT\t", line) and "\tTI\t" in line:
            return "csv", encoding
    raise ImportFileError(
        f"{path}: could not tell the format from its content (not BibTeX, RIS, EndNote XML, or "
        "CSV with a header naming title/author/year); name it with --format"
    )
