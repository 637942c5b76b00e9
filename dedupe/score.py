"""Stage 3: similarity of each candidate pair, vectorised with rapidfuzz over all pairs at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

FIELDS = (
    "doi",
    "title",
    "title_numbers",
    "authors",
    "first_author",
    "year",
    "start_page",
    "end_page",
    "volume",
    "journal",
    "kind",
    "eloc",
)


@dataclass
class Pairs:
    """Both sides of every pair (x = the lower record id) and their similarities."""

    a: np.ndarray
    b: np.ndarray
    x: dict[str, np.ndarray]
    y: dict[str, np.ndarray]
    title_sim: np.ndarray | None = None
    title_sort: np.ndarray | None = None
    title_prefix: np.ndarray | None = None  # one title is the start of the other (>= 40 chars)
    author_sim: np.ndarray | None = None
    first_author_sim: np.ndarray | None = None
    journal_ok: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.a)


def from_rows(rows: list[tuple]) -> Pairs:
    """Rows of sql/dedupe_pair_fields.sql: a, b, then each field for x and y in turn."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * (2 + 2 * len(FIELDS))
    x, y = {}, {}
    for i, name in enumerate(FIELDS):
        x[name] = np.array(columns[2 + 2 * i], dtype=object)
        y[name] = np.array(columns[3 + 2 * i], dtype=object)
    return Pairs(np.array(columns[0], dtype=np.int64), np.array(columns[1], dtype=np.int64), x, y)


def _strings(values: np.ndarray) -> list[str]:
    return ["" if v is None else v for v in values]


def _cpdist(left: np.ndarray, right: np.ndarray, scorer) -> np.ndarray:
    if len(left) == 0:
        return np.zeros(0)
    return process.cpdist(_strings(left), _strings(right), scorer=scorer, workers=-1)


def unlike_titles(x: list[str], y: list[str]) -> np.ndarray:
    """Pairs whose titles have too little in common for any rule to join them, directly or as a
    "maybe": no rule accepts titles under 0.75 alike (a maybe needs 0.85) unless the shorter is
    the start of the longer, and then all its words are in the longer one."""
    ratio = process.cpdist(x, y, scorer=fuzz.ratio, workers=-1)
    words = process.cpdist(x, y, scorer=fuzz.token_set_ratio, workers=-1)
    return (ratio < 50) & (words < 80)


def journals_compatible(a: str | None, b: str | None, cache: dict) -> bool:
    """Same journal, one perhaps abbreviated: word by word, one word a prefix of the other."""
    if not a or not b:
        return True  # nothing to contradict
    key = (a, b)
    if key not in cache:
        # Word by word over the shorter name ("Circulation" vs "Circulation. Conference: ...").
        wa, wb = a.split(), b.split()
        cache[key] = all(p.startswith(q) or q.startswith(p) for p, q in zip(wa, wb, strict=False))
    return cache[key]


def score(pairs: Pairs) -> Pairs:
    x, y = pairs.x, pairs.y
    pairs.title_sim = _cpdist(x["title"], y["title"], fuzz.ratio) / 100.0
    pairs.title_sort = _cpdist(x["title"], y["title"], fuzz.token_sort_ratio) / 100.0
    pairs.title_prefix = np.fromiter(
        (
            bool(p) and bool(q) and min(len(p), len(q)) >= 40 and (p.startswith(q) or q.startswith(p))
            for p, q in zip(x["title"], y["title"], strict=True)
        ),
        dtype=bool,
        count=len(pairs),
    )
    pairs.author_sim = _cpdist(x["authors"], y["authors"], JaroWinkler.normalized_similarity)
    pairs.first_author_sim = _cpdist(x["first_author"], y["first_author"], JaroWinkler.normalized_similarity)
    cache: dict = {}
    pairs.journal_ok = np.fromiter(
        (journals_compatible(p, q, cache) for p, q in zip(x["journal"], y["journal"], strict=True)),
        dtype=bool,
        count=len(pairs),
    )
    return pairs
