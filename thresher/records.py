"""The one record shape every source kind is turned into before it reaches the store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

# The record types Thresher uses everywhere (records.type).
RECORD_TYPES = (
    "article",
    "review",
    "conference",
    "conference-abstract",
    "chapter",
    "book",
    "report",
    "thesis",
    "dataset",
    "software",
    "preprint",
    "presentation",
    "erratum",
    "retraction",  # a retraction notice (the retracted article itself stays an article)
    "concern",  # an expression of concern
    "letter",
    "editorial",
    "patent",
    "other",
)

# Columns of the `records` table that come from a Record, in table order (see sql/001_schema.sql).
RECORD_FIELDS = (
    "source",
    "native_id",
    "title",
    "authors",
    "year",
    "doi",
    "container",
    "volume",
    "issue",
    "pages",
    "issn",
    "isbn",
    "abstract",
    "keywords",
    "type",
    "language",
    "urls",
    "datestamp",
    "deleted",
    "raw_format",
    "raw",
    "set_specs",
    "origin",
)


# The ids readers make for records without one of their own: by DOI (doi_id), or by a digest of
# what a CSV row or a RIS record says (digest_id).
MADE_IDS = ("csv:", "ris:", "doi:")


def digest_id(kind: str, text: str) -> str:
    """'csv:...' / 'ris:...': a record's id made from the text that says which record it is."""
    return f"{kind}:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def doi_id(doi: str, title: str | None) -> str:
    """The id a reader makes for a record with a DOI but no id of its own: the DOI with a digest
    of its title's letters and digits, so that a correction of case or punctuation, or the
    published version's volume and pages, keep it, and two works under one DOI (abstracts
    under their supplement's, chapters under their book's) keep theirs whatever their order."""
    letters = "".join(c for c in (title or "").lower() if c.isalnum())
    return f"doi:{doi}/" + hashlib.sha256(letters.encode()).hexdigest()[:8]


@dataclass(slots=True)
class Record:
    """A bibliographic record from any source, with its provenance.

    `native_id` is the source's own identifier (OAI identifier, BibTeX key, RIS ID, ...);
    (`source`, `native_id`) is the record's key in the store. `raw` keeps the original metadata
    verbatim so a better parser can re-derive fields later without fetching them again.
    """

    source: str
    native_id: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    doi: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    issn: list[str] = field(default_factory=list)
    isbn: list[str] = field(default_factory=list)
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    type: str | None = None
    language: str | None = None
    urls: list[str] = field(default_factory=list)
    datestamp: datetime | None = None
    deleted: bool = False
    raw_format: str | None = None
    raw: str | None = None
    set_specs: list[str] = field(default_factory=list)
    origin: str | None = None  # the file or endpoint the record was read from

    def as_row(self) -> tuple:
        return tuple(getattr(self, name) for name in RECORD_FIELDS)

    def content_hash(self) -> str:
        """A digest of what the source said, used to tell 'unchanged' from 'updated'.

        The verbatim metadata says it all when we have it (and hashing it is cheap); records
        built without it are hashed field by field.
        """
        if self.raw is not None:
            text = f"{self.deleted}\x1f{self.raw_format}\x1f{self.raw}"
        else:
            payload = asdict(self)
            payload.pop("datestamp")
            payload.pop("origin")
            text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
