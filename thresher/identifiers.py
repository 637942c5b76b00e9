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
    return doi.lower() or None


def find_doi(text: str | None) -> str | None:
    """The first DOI anywhere inside free text (a citation string, a URL, a note)."""
    if not text:
        return None
    match = DOI_PATTERN.search(unquote(text))
    return normalise_doi(match.group(0)) if match else None


def normalise_issn(value: str | None) -> str | None:
    if not value:
        return None
    match = _ISSN.search(value)
    return f"{match.group(1)}-{match.group(2).upper()}" if match else None


def normalise_isbn(value: str | None) -> str | None:
    """ISBN-10 or ISBN-13 digits (X kept), hyphens and spaces removed; None if not an ISBN."""
    if not value:
        return None
    digits = re.sub(r"[^0-9Xx]", "", value).upper()
    return digits if len(digits) in (10, 13) else None
