"""Shared vocabularies: record types and languages as every source kind spells them."""

from __future__ import annotations

import re

# dc:type labels (EPrints, DSpace, Zenodo, rioxx) -> shared record types.
TYPE_LABELS = {
    "article": "article",
    "journal article": "article",
    "journalarticle": "article",
    "text": None,
    "peerreviewed": None,
    "nonpeerreviewed": None,
    "conference or workshop item": "conference",
    "conference paper": "conference",
    "conferencepaper": "conference",
    "conference item": "conference",
    "conference proceedings": "conference",
    "conference abstract": "conference-abstract",
    # A poster shown at a meeting is a conference abstract's kind of report (DSpace's, EPrints',
    # Zenodo's type), not a paper in proceedings.
    "conference poster": "conference-abstract",
    "poster": "conference-abstract",
    "presentation": "presentation",
    "lecture": "presentation",
    "book section": "chapter",
    "book chapter": "chapter",
    "book_section": "chapter",
    "book": "book",
    "monograph": "report",
    "report": "report",
    "working paper": "report",
    "technical report": "report",
    "thesis": "thesis",
    "doctoral thesis": "thesis",
    "dissertation": "thesis",
    "dataset": "dataset",
    "software": "software",
    "preprint": "preprint",
    "other": "other",
    "image": "other",
    "video": "presentation",
    "erratum": "erratum",
    "correction": "erratum",
    # A notice of retraction (Web of Science's "Retraction"); not Scopus's "Retracted", which
    # marks the retracted article itself.
    "retraction": "retraction",
    "retraction notice": "retraction",
    "expression of concern": "concern",
    "review": "review",
    "letter": "letter",
    "editorial": "editorial",
    "patent": "patent",
    "generic": "other",
    "electronic article": "article",
    "short survey": "review",
    "note": "other",
    "data paper": "article",
    "book series": "book",
    "edited book": "book",
    "proceedings paper": "conference",
    "conference proceedings article": "conference",
    "proceeding": "conference",
    "chapter": "chapter",
    "meeting abstract": "conference-abstract",
    "speeches/meeting papers": "conference-abstract",  # ERIC's paper given at a meeting
}

LANGUAGES = {
    "english": "en",
    "eng": "en",
    "en": "en",
    "en-gb": "en",
    "en-us": "en",
    "en_gb": "en",
    "french": "fr",
    "fre": "fr",
    "fra": "fr",
    "german": "de",
    "ger": "de",
    "deu": "de",
    "spanish": "es",
    "spa": "es",
    "italian": "it",
    "ita": "it",
    "portuguese": "pt",
    "por": "pt",
    "dutch": "nl",
    "nld": "nl",
    "dut": "nl",
    "chinese": "zh",
    "chi": "zh",
    "zho": "zh",
    "japanese": "ja",
    "jpn": "ja",
    "russian": "ru",
    "rus": "ru",
}


def clean_text(value: str | None) -> str | None:
    """Whitespace runs folded to one space; None for nothing."""
    if not value:
        return None
    return " ".join(value.split()) or None


def map_type(labels: list[str]) -> str | None:
    """A record type from free-text labels (dc:type, Scopus document_type, EndNote ref-type)."""
    for label in labels:
        mapped = TYPE_LABELS.get(label.strip().lower().replace("info:eu-repo/semantics/", ""))
        if mapped:
            return mapped
    for label in labels:
        # Several types ("Editorial Material; Proceedings Paper", PubMed's "Case Reports; Journal
        # Article", ERIC's "Books; Reports - Research"): a notice's or editorial's, else an
        # article's, else the first; in each part the longest label inside it ("Conference
        # proceedings article" is a conference's).
        found = []
        for part in label.lower().split(";"):
            part = part.strip()
            if part in ("peerreviewed", "nonpeerreviewed"):
                continue
            inside = [
                key for key, mapped in TYPE_LABELS.items() if mapped and key in part and key not in _WHOLE
            ]
            if mapped := TYPE_LABELS.get(part) or (TYPE_LABELS[max(inside, key=len)] if inside else None):
                found.append(mapped)
        # ERIC lists a journal article from a meeting paper under both ("Journal Articles;
        # Speeches/Meeting Papers"): the article.
        first = (
            _FIRST_KINDS - {"conference-abstract"}
            if "speeches/meeting papers" in label.lower()
            else _FIRST_KINDS
        )
        for wanted in (first, {"article"}, {"conference-abstract"}):
            if chosen := next((kind for kind in found if kind in wanted), None):
                return chosen
        if found:
            return found[0]
    return None


# Labels that count only as the whole label: Dimensions' "Proceeding", not the "proceeding" in
# BibTeX's "inproceedings" (which the BibTeX reader maps itself).
_WHOLE = {"proceeding"}
# Types that say what an item is whatever else its database calls it.
_FIRST_KINDS = {"erratum", "retraction", "concern", "editorial", "letter", "conference-abstract"}


def map_language(values: list[str]) -> str | None:
    for value in values:
        low = value.strip().lower()
        code = LANGUAGES.get(low) or LANGUAGES.get(re.split(r"[-_]", low)[0])
        if code:
            return code
    return values[0].strip().lower() if values else None


# BibTeX entry types, RIS TY codes and EndNote ref-type names -> record types.
BIBTEX_TYPES = {
    "article": "article",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "booklet": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "misc": "other",
    "unpublished": "other",
    "online": "other",
    "electronic": "other",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
}
RIS_TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "EJOUR": "article",
    "MGZN": "article",
    "INPR": "article",
    "NEWS": "other",
    "CONF": "conference",
    "CPAPER": "conference",
    "ABST": "conference-abstract",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "DATA": "dataset",
    "COMP": "software",
    "PAT": "patent",
    "UNPB": "preprint",
    "GEN": "other",
    "ELEC": "other",
    "SLIDE": "presentation",
    "VIDEO": "presentation",
    "SER": "book",
}
