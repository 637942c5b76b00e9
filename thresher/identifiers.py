"""DOI, ISSN and ISBN in one canonical form, wherever they were found."""

from __future__ import annotations

import re
from urllib.parse import unquote

# A DOI is "10.<registrant>/<suffix>"; the suffix runs to whitespace or a closing bracket.
DOI_PATTERN = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://)?(?:(?:dx\.|www\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_TRAILING = ".,;:)]}>'\""
_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")


def normalise_doi(value: str | None) -> str | None:
    """'https://doi.org/10.1000/ABC%2F1.' -> '10.1000/abc/1'; None when there is no DOI."""
    if not value:
        return None
    text = unquote(value.strip())
    text = _DOI_PREFIX.sub("", text)
    match = DOI_PATTERN.search(text)
    if not match:
        return None
    doi = match.group(0)
    # Brackets belong to the DOI only when balanced inside it ("10.1002/(SICI)1097-...").
    while doi and doi[-1] in _TRAILING:
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        doi = doi[:-1]
    doi = doi.lower()
    if "/" in doi[8:] and _PAGE_AFTER_DOI.search(doi):
        doi = _PAGE_AFTER_DOI.sub("", doi)  # a landing page's address: ".../full", ".../abstract"
    if doi.startswith("10.1101/") and _PREPRINT_VERSION.search(doi):
        doi = _PREPRINT_VERSION.sub("", doi)  # bioRxiv's and medRxiv's page of a version: "...v2"
    return doi or None


# What a publisher's web address puts after the DOI (Wiley's and the Cochrane Library's "/full",
# "/abstract", "/epdf"), and bioRxiv's and medRxiv's version of a preprint ("...123456v2"): no
# part of the DOI.
_PAGE_AFTER_DOI = re.compile(r"/(?:full|abstract|pdf|epdf|fulltext|full\.pdf|summary|references)$")
_PREPRINT_VERSION = re.compile(r"(?<=\d)v\d{1,2}$")


def find_doi(text: str | None) -> str | None:
    """The first DOI anywhere inside free text (a citation string, a URL, a note)."""
    if not text:
        return None
    match = DOI_PATTERN.search(unquote(text))
    return normalise_doi(match.group(0)) if match else None


def normalise_issn(value: str | None) -> str | None:
    """'ISSN 0143-005x' -> '0143-005X'; None when there is none, or its check digit is wrong (a
    mistyped ISSN is kept verbatim in the record's raw metadata, never used as evidence)."""
    if not value:
        return None
    for match in _ISSN.finditer(value):
        issn = f"{match.group(1)}{match.group(2).upper()}"
        if issn_valid(issn):
            return f"{issn[:4]}-{issn[4:]}"
    return None


def issn_valid(digits: str) -> bool:
    """The ISSN check digit: the weighted sum (8 down to 2) plus it is a multiple of 11 (X = 10)."""
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def normalise_isbn(value: str | None) -> str | None:
    """ISBN-10 or ISBN-13 digits (X kept), hyphens and spaces removed; None if not an ISBN or
    its check digit is wrong."""
    if not value:
        return None
    digits = re.sub(r"[^0-9Xx]", "", value).upper()
    return digits if isbn_valid(digits) else None


def isbn_valid(digits: str) -> bool:
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        values = [int(d) for d in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    return False


# DBLP's number telling apart people of one name ("Wei Zhang 0003", "Zhang 0003, Wei"): no part
# of the name.
DBLP_HOMONYM = re.compile(r"\s+0\d{3}(?=\s*(?:,|$))")
