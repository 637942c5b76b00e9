"""Stage 4: match / non-match / maybe, by explicit rules in one readable place.

Non-match rules are tried first: any one of them keeps two records apart, whatever else agrees
(a false merge loses a study from the review; a missed duplicate only costs a screener a click).
Then the match rules; what neither settles but looks alike is a "maybe" for a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from thresher.dedupe.score import Pairs

# Title words that make two otherwise identical titles different studies.
CONTRASTS = [
    ("vivo", "vitro"),
    ("men", "women"),
    ("male", "female"),
    ("boys", "girls"),
    ("adults", "children"),
    ("adults", "adolescents"),
    ("mice", "rats"),
    ("primary", "secondary"),
    ("pre", "post"),
    ("before", "after"),
    ("positive", "negative"),
    ("acute", "chronic"),
    ("upper", "lower"),
    ("left", "right"),
    ("increase", "decrease"),
    ("high", "low"),
]
_WORDS = re.compile(r"\w+")


def _present(values: np.ndarray) -> np.ndarray:
    return np.asarray((values != None) & (values != ""), dtype=bool)  # noqa: E711 - elementwise


def _differ(p: Pairs, name: str) -> np.ndarray:
    """Both sides have the field and it differs."""
    x, y = p.x[name], p.y[name]
    return _present(x) & _present(y) & (x != y)


def _same(p: Pairs, name: str) -> np.ndarray:
    x, y = p.x[name], p.y[name]
    return _present(x) & _present(y) & (x == y)


def _missing_either(p: Pairs, name: str) -> np.ndarray:
    return ~(_present(p.x[name]) & _present(p.y[name]))


def _year_gap(p: Pairs) -> np.ndarray:
    both = _present(p.x["year"]) & _present(p.y["year"])
    gap = np.zeros(len(p), dtype=np.int64)
    gap[both] = np.abs(p.x["year"][both].astype(np.int64) - p.y["year"][both].astype(np.int64))
    return np.where(both, gap, -1)


def _contrast(p: Pairs) -> np.ndarray:
    out = np.zeros(len(p), dtype=bool)
    # Only near-identical titles can be told apart by one word; the rest are decided elsewhere.
    for i in np.flatnonzero((p.title_sim >= 0.75) & (p.title_sim < 1.0)):
        tx, ty = p.x["title"][i], p.y["title"][i]
        wx, wy = set(_WORDS.findall(tx or "")), set(_WORDS.findall(ty or ""))
        out[i] = any(
            (a in wx and b in wy and a not in wy) or (b in wx and a in wy and b not in wy)
            for a, b in CONTRASTS
        )
    return out


def _page_range(start: str, end: str | None) -> tuple[int, int]:
    first = int(start)
    last = int(end) if end else first
    return min(first, last), max(first, last)  # "2297-2108" (a typo) still spans something


def _pages_touch(p: Pairs, among: np.ndarray) -> np.ndarray:
    """The two page ranges share a page: "945-948" vs "948-961", "487-488" vs "488"; or, where
    one side gives no last page, the starts are one apart ("51" vs "52-58").

    Databases disagree on where an article starts when it begins mid-page after another, and
    some give only the last page; two ranges that share a page are not evidence of two works.
    """
    out = np.zeros(len(p), dtype=bool)
    for i in np.flatnonzero(among):
        xs, ys = p.x["start_page"][i], p.y["start_page"][i]
        if not (xs.isdigit() and ys.isdigit()):
            continue
        (a, b), (c, d) = _page_range(xs, p.x["end_page"][i]), _page_range(ys, p.y["end_page"][i])
        # Where a side gives only its first page, a start one page off is a slip, not a work.
        slack = 1 if not (p.x["end_page"][i] and p.y["end_page"][i]) else 0
        out[i] = a <= d + slack and c <= b + slack
    return out


def _same_authors_and_title(p: Pairs) -> np.ndarray:
    """Evidence strong enough that a page disagreement alone is not a reason to keep apart."""
    return (
        (p.title_sim >= 0.95)
        & (p.first_author_sim >= 0.90)
        & (p.author_sim >= 0.90)
        & p.journal_ok
        & ~_differ(p, "volume")
    )


def _doi_and_title_agree(p: Pairs) -> np.ndarray:
    """A shared DOI with the same title and first author names one work, whatever the pages say."""
    return _same(p, "doi") & (p.title_sim >= 0.95) & (p.first_author_sim >= 0.90)


def _title_within(p: Pairs, f: dict) -> np.ndarray:
    """The shorter title (three words or more) is the start or the end of the longer one (a
    dropped subtitle; a section heading put before it: "Medical progress: ..."), and journal,
    volume, year, authors and a whole multi-page range (last page after the first) agree."""
    out = (
        (f["year_gap"] == 0)
        & (p.author_sim >= 0.90)
        & (p.first_author_sim >= 0.95)
        & _same(p, "volume")
        & _same(p, "journal")
        & _same(p, "start_page")
        & _same(p, "end_page")
        & (p.title_sim < 1.0)
    )
    for i in np.flatnonzero(out):
        start, end = p.x["start_page"][i], p.x["end_page"][i]
        short, long_ = sorted((p.x["title"][i] or "", p.y["title"][i] or ""), key=len)
        out[i] = (
            start.isdigit()
            and end.isdigit()
            and int(end) > int(start)
            and short.count(" ") >= 2
            and (long_.startswith(short + " ") or long_.endswith(" " + short))
        )
    return out


def _pages_differ(p: Pairs, f: dict) -> np.ndarray:
    """Start pages that say two works, unless the difference is a known way of citing one.

    Exempt, when title, authors, journal and volume agree: ranges that share a page (within a
    year: online-first and print), and an electronic article number against printed pages
    ("a1754" against "969-972" in the same volume and year). And a shared DOI with the same
    title and first author.
    """
    differ = _differ(p, "start_page")
    strong = _same_authors_and_title(p) & differ
    touch = _pages_touch(p, strong & (f["year_gap"] <= 1))
    eloc = strong & (p.x["eloc"] != p.y["eloc"]) & (f["year_gap"] == 0)
    return differ & ~touch & ~eloc & ~_doi_and_title_agree(p)


@dataclass(frozen=True)
class Rule:
    """One line of the decision: when `condition` holds for a pair, the pair gets `decision`."""

    name: str
    decision: str  # match, non-match or maybe
    condition: Callable[[Pairs, dict], np.ndarray]
    # A non-match so certain that the two records' clusters are kept apart whatever else links
    # them (one weak link must not chain two works into one cluster).
    vetoes_chaining: bool = False


# Read top to bottom; the first rule that fires decides.
RULES: list[Rule] = [
    Rule("different DOIs", "non-match", lambda p, f: _differ(p, "doi"), vetoes_chaining=True),
    Rule("years more than 1 apart", "non-match", lambda p, f: f["year_gap"] > 1, vetoes_chaining=True),
    Rule(
        "erratum/reply/abstract/talk vs other kind",
        "non-match",
        lambda p, f: _differ(p, "kind"),
        vetoes_chaining=True,
    ),
    Rule("different start pages", "non-match", _pages_differ, vetoes_chaining=True),
    # A volume is often mis-keyed (a supplement number for the volume); with the same title,
    # year, authors and pages it does not stand in the way.
    Rule(
        "different volumes",
        "non-match",
        lambda p, f: (
            _differ(p, "volume")
            & ~(
                (p.title_sim >= 0.95) & (f["year_gap"] == 0) & (p.author_sim >= 0.90) & _same(p, "start_page")
            )
            & ~_doi_and_title_agree(p)
        ),
        vetoes_chaining=True,
    ),
    # "Part 2", "phase 3", "12-month results": numbers in one title and not the other, or
    # different numbers, mark different reports.
    Rule(
        "different numbers in the titles",
        "non-match",
        lambda p, f: (p.x["title_numbers"] != p.y["title_numbers"]) & (p.title_sim < 1.0),
        vetoes_chaining=True,
    ),
    Rule(
        "contrasting title words (in vivo/in vitro, men/women, ...)",
        "non-match",
        lambda p, f: f["contrast"],
        vetoes_chaining=True,
    ),
    # Journal, volume, year, authors and a whole multi-page range agreeing identify the item
    # between them; then a dropped subtitle ("Unilateral neglect in stroke[: a comparative
    # study]") or a section heading ("[Medical progress:] Atypical ...") is not another title.
    Rule(
        "one title within the other; same journal, volume, page range, year, authors", "match", _title_within
    ),
    Rule(
        "titles unlike",
        "non-match",
        lambda p, f: (np.maximum(p.title_sim, p.title_sort) < 0.75) & ~p.title_prefix,
    ),
    Rule("same DOI, same title", "match", lambda p, f: _same(p, "doi") & (p.title_sim >= 0.90)),
    Rule(
        "same title, year, volume and start page",
        "match",
        lambda p, f: (
            (p.title_sim >= 0.95)
            & (f["year_gap"] == 0)
            & _same(p, "volume")
            & _same(p, "start_page")
            & p.journal_ok
        ),
    ),
    Rule(
        "same title, year, authors; pages agree",
        "match",
        lambda p, f: (
            (p.title_sim >= 0.95)
            & (f["year_gap"] <= 1)
            & (p.author_sim >= 0.85)
            & (p.first_author_sim >= 0.90)
            & p.journal_ok
        ),
    ),
    Rule(
        "near title, same year, first author, journal, and pages or volume",
        "match",
        lambda p, f: (
            (p.title_sim >= 0.90)
            & (f["year_gap"] == 0)
            & (p.first_author_sim >= 0.95)
            & p.journal_ok
            & (_same(p, "start_page") | _same(p, "volume"))
        ),
    ),
    Rule(
        "same title, year, journal, pages; no authors on one side",
        "match",
        lambda p, f: (
            (p.title_sim >= 0.97)
            & (f["year_gap"] == 0)
            & p.journal_ok
            & _missing_either(p, "authors")
            & _same(p, "start_page")
        ),
    ),
    Rule(
        "one title continues the other; same year, first author, start page",
        "match",
        lambda p, f: (
            p.title_prefix
            & (f["year_gap"] == 0)
            & (p.first_author_sim >= 0.95)
            & _same(p, "start_page")
            & p.journal_ok
        ),
    ),
    # A translated title after the original ("... tuberculosis. Efeito da pressao ...");
    # the journal's name may be translated too, so it is not asked for.
    Rule(
        "one title continues the other; same year, authors, volume and start page",
        "match",
        lambda p, f: (
            p.title_prefix
            & (f["year_gap"] == 0)
            & (p.author_sim >= 0.90)
            & (p.first_author_sim >= 0.95)
            & _same(p, "start_page")
            & _same(p, "volume")
        ),
    ),
    Rule(
        "same words in another order, same year, authors, pages",
        "match",
        lambda p, f: (
            (p.title_sort >= 0.97) & (f["year_gap"] == 0) & (p.author_sim >= 0.90) & _same(p, "start_page")
        ),
    ),
    Rule(
        "alike but not certain",
        "maybe",
        lambda p, f: (np.maximum(p.title_sim, p.title_sort) >= 0.85) & (f["year_gap"] <= 1),
    ),
]


def decide(pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """(decision, rule) arrays, one entry per pair."""
    n = len(pairs)
    decision = np.full(n, "", dtype=object)
    rule = np.full(n, "", dtype=object)
    features = {"year_gap": _year_gap(pairs), "contrast": _contrast(pairs)}
    for r in RULES:
        open_ = decision == ""
        if not open_.any():
            break
        fires = open_ & r.condition(pairs, features)
        decision[fires] = r.decision
        rule[fires] = r.name
    rest = decision == ""
    decision[rest] = "non-match"
    rule[rest] = "no rule matched"
    return decision, rule


# The names of the non-match rules that keep clusters apart (stored with each decided pair).
VETOES = tuple(r.name for r in RULES if r.vetoes_chaining)
