"""The evidence model: how much each comparison level says for or against two records being one
publication, in bits, estimated from the store itself (Fellegi-Sunter, as Splink does it).

A level's weight is log2(m / u): m, how often copies of one publication compare at that level
(the same everywhere: how databases differ when they describe one work), and u, how often two
unrelated records in *this store* do (counted on random pairs). Where the exact value matters,
u is the value's own frequency (a term-frequency adjustment): a title, DOI or venue that many
records share says little, a rare one much; an author list whose only shared names are common
ones (or a page-header word read as a name by every record of a journal) says little too.

Random pairs include true duplicates, a great many where a work is copied hundreds of times; so
each comparison's u is counted on random pairs that disagree on another comparison (on the
title; the title's own on the authors), which are unrelated records, as Fellegi-Sunter assumes
the comparisons independent given that.

The total is compared with the prior odds that two random records are one publication: the
share of random pairs that are, estimated from the same sample (expectation-maximisation of
that one number), and never taken below one in `records` (each record with about one copy). A
match needs the prior odds against plus odds of 99 to 1: about log2(records) + 6.6 bits in a
store where duplicates are few.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

import numpy as np

from thresher.dedupe.score import LEVELS, Pairs, family_names, present, unmarked

# m: the share of copies of one publication at each level (level 0, "missing", carries no
# weight). Read them as statements about databases, not about any one store: a DOI is rarely
# mis-keyed; most copies carry the title exactly, some with a typo or a dropped subtitle; years
# differ by one for online-first papers; venues are often abbreviated; volumes and pages are
# sometimes mis-keyed.
M = {
    "doi": (None, 0.96, 0.04),
    "title": (None, 0.72, 0.12, 0.06, 0.04, 0.035, 0.025),
    "authors": (None, 0.82, 0.09, 0.05, 0.04),
    "year": (None, 0.86, 0.11, 0.02, 0.01),
    "venue": (None, 0.60, 0.28, 0.12),
    "volume": (None, 0.90, 0.10),
    "issue": (None, 0.88, 0.12),
    "pages": (None, 0.88, 0.04, 0.08),
}
# u for a store too small to estimate its own (under MIN_RECORDS records): round values of the
# kind a review export of a few thousand records gives.
DEFAULT_U = {
    "doi": (None, 1e-4, 0.9999),
    "title": (None, 1e-4, 1e-4, 3e-4, 1e-3, 5e-3, 0.9936),
    "authors": (None, 1e-3, 2e-3, 0.02, 0.977),
    "year": (None, 0.08, 0.14, 0.24, 0.54),
    "venue": (None, 0.10, 0.10, 0.80),
    "volume": (None, 0.02, 0.98),
    "issue": (None, 0.15, 0.85),
    "pages": (None, 0.003, 0.002, 0.995),
}
MIN_RECORDS = 1000  # below this a store's own frequencies are too few to say much
RELIABLE = 0.75  # a field whose copies agree at least this often can tell two works apart
M_PRIOR_STRENGTH = 20  # the prior m counts as this many confident duplicates
MIN_ALIAS_PAIRS = 3  # works whose confident duplicates make two venue names one venue
SAMPLE_PAIRS = 40_000  # random pairs for u at most (3,000 plus one per record below that)
COMMON_NAME_SHARE = 0.01  # a family name on more works than this share of the store is common
MATCH_ODDS_BITS = math.log2(99)  # a match: odds of 99 to 1 or better
MAYBE_BITS = 5.0  # a "maybe" for a person: within this many bits below a match
# The exact levels whose u is the value's own frequency in the store (column of STATS).
TERM_FREQUENCY = {
    "title": ("exact", "title_count"),
    "doi": ("same", "doi_count"),
    "venue": ("same", "journal_count"),
}


@dataclass
class Model:
    """What the engine believes, as one object: used for deciding and for explaining."""

    records: int = 0  # the store's size when u was estimated
    u: dict[str, list[float | None]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_U.items()}
    )
    estimated: bool = False
    prior: float | None = None  # the share of random pairs that are one publication
    # m as this store's confident duplicates show it (the prior M where they are too few).
    m: dict[str, list[float | None]] = field(default_factory=lambda: {k: list(v) for k, v in M.items()})
    # Venue names that are one venue in two cataloguing styles, learned from the store.
    aliases: list[list[str]] = field(default_factory=list)

    def reliable(self, name: str) -> bool:
        """Copies of one publication in this store agree on this field (an export may fill
        "issue" with its own record numbers; then a difference there says nothing)."""
        return (self.m[name][1] or 0.0) >= RELIABLE

    @property
    def scale(self) -> int:
        return max(self.records, MIN_RECORDS)

    @property
    def match_bits(self) -> float:
        """Evidence needed for a match: the prior odds against, plus odds of 99 to 1."""
        prior = max(self.prior or 0.0, 1.0 / self.scale)
        return math.log2((1 - prior) / prior) + MATCH_ODDS_BITS

    @property
    def maybe_bits(self) -> float:
        return self.match_bits - MAYBE_BITS

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Model:
        return cls(**json.loads(text))


# The comparison whose disagreement marks unrelated records when counting another's u.
REFERENCE = {name: "title" for name in LEVELS if name != "title"} | {"title": "authors"}
MIN_REFERENCE_PAIRS = 1000


# Comparisons whose agreeing levels random pairs seldom reach, for want of a shared value (an
# author's family name, a first page): their u is counted again among random pairs that share
# one (a stratified sample), so a level seen twice or not at all among a few thousand random
# pairs is not left to chance.
STRATA = ("authors", "pages")


def _unrelated(pairs: Pairs, name: str) -> np.ndarray:
    reference = pairs.levels[REFERENCE[name]]
    return reference == len(LEVELS[REFERENCE[name]]) - 1  # "different", "none"


def shared_values(name: str, pairs: Pairs) -> np.ndarray:
    """How many values of the stratum each pair shares: family names, or the first page."""
    if name == "pages":
        x, y = pairs.x["start_page"], pairs.y["start_page"]
        return (present(x) & present(y) & (x == y)).astype(np.int64)
    return np.fromiter(
        (
            len(family_names(p or "") & family_names(q or ""))
            for p, q in zip(pairs.x["authors"], pairs.y["authors"], strict=True)
        ),
        dtype=np.int64,
        count=len(pairs),
    )


def _stratified_u(
    name: str, sample: Pairs, stratum: Pairs, weights: np.ndarray, share: float
) -> list[float | None]:
    """u of each level as a mixture of the pairs that share a value (`share` of all pairs, seen
    through `stratum`, weighted) and those that do not (seen through the uniform `sample`)."""
    size = len(LEVELS[name])

    def counts(pairs: Pairs, among: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
        levels = pairs.levels[name]
        keep = among & _unrelated(pairs, name) & (levels > 0)
        return np.bincount(levels[keep], weights=weight[keep], minlength=size)[1:], float(weight[among].sum())

    outside = shared_values(name, sample) == 0
    seen_out, mass_out = counts(sample, outside, np.ones(len(sample)))
    seen_in, mass_in = counts(stratum, np.ones(len(stratum), dtype=bool), weights)
    weight_out = (1.0 - share) / max(mass_out, 1.0)
    weight_in = share / mass_in if mass_in else 0.0
    mass = seen_out * weight_out + seen_in * weight_in + 0.5 * weight_out
    return [None] + [float(v) for v in mass / mass.sum()]


def estimate(
    sample: Pairs, records: int, strata: dict[str, tuple[Pairs, np.ndarray, float]] | None = None
) -> Model:
    """u from the levels of random pairs of this store's records (add-a-half smoothing, so an
    unseen level is rare, not impossible), for the comparisons in `strata` mixed with random
    pairs that share a value (and the share of all pairs that do). The prior is counted later,
    among the candidate pairs, once m is known (candidate_prior)."""
    if records < MIN_RECORDS or len(sample) == 0:
        return Model(records=records)
    u = {}
    for name, levels in LEVELS.items():
        if strata and name in strata:
            u[name] = _stratified_u(name, sample, *strata[name])
            continue
        unrelated = _unrelated(sample, name)
        seen = (
            sample.levels[name][unrelated] if unrelated.sum() >= MIN_REFERENCE_PAIRS else sample.levels[name]
        )
        known = seen[seen > 0]
        total = len(known) + 0.5 * (len(levels) - 1)
        u[name] = [None] + [
            (np.count_nonzero(known == level) + 0.5) / total for level in range(1, len(levels))
        ]
    return Model(records=records, u=u, estimated=True)


def candidate_prior(model: Model, candidates: Pairs, family_counts: dict[str, int], compared: int) -> float:
    """The share of all pairs of records that are one publication, counted where nearly all such
    pairs are: among the compared candidate pairs (`candidates` a sample of `compared`). Random
    pairs hold too few duplicates to count them by."""
    everything = model.records * (model.records - 1) / 2
    if not len(candidates) or everything <= 0:
        return model.prior or 0.0
    likelihood = np.exp2(np.minimum(weigh(model, candidates, family_counts).total, 60.0))
    share = compared / len(candidates)
    prior = model.prior or 1.0 / model.scale
    for _ in range(100):
        posterior = prior * likelihood / (prior * likelihood + 1.0 - prior)
        updated = float(posterior.sum()) * share / everything
        if abs(updated - prior) < prior * 1e-6:
            break
        prior = updated
    return prior


def _confident(pairs: Pairs, leave_out: str) -> np.ndarray:
    """Pairs that every comparison but `leave_out` says are copies of one publication."""
    lv = pairs.levels
    checks = {
        "title": (lv["title"] == 1) | (lv["title"] == 2),
        "authors": (lv["authors"] == 1) | (lv["authors"] == 2),
        "year": (lv["year"] == 1) | (lv["year"] == 2),
        "doi": lv["doi"] != 2,
        "venue": lv["venue"] != 3,
        "pages": lv["pages"] != 3,
    }
    out = np.ones(len(pairs), dtype=bool)
    for name, ok in checks.items():
        if name != leave_out:
            out &= ok
    # For the title itself, the citation must say it too: the same DOI or the same first page.
    if leave_out == "title":
        out &= (lv["doi"] == 1) | (lv["pages"] == 1)
    return out


def learn(model: Model, candidates: Pairs) -> Model:
    """m for each comparison from the candidate pairs the other comparisons call confident
    duplicates (the prior M counts as M_PRIOR_STRENGTH of them), and the venue names such pairs
    show to be one venue."""
    for name, levels in LEVELS.items():
        seen = candidates.levels[name][_confident(candidates, name)]
        known = seen[seen > 0]
        prior = M[name]
        total = len(known) + M_PRIOR_STRENGTH
        model.m[name] = [None] + [
            (np.count_nonzero(known == level) + M_PRIOR_STRENGTH * prior[level]) / total
            for level in range(1, len(levels))
        ]
    # Two venue names that confident duplicates (the same title, authors and year: a conference
    # paper and its journal version are a year or more apart) keep pairing: "SIGMOD Conference"
    # and "International Conference on Management of Data".
    confident = (
        _confident(candidates, "venue")
        & (candidates.levels["title"] == 1)
        & (candidates.levels["year"] == 1)
        & (candidates.venue == 0)
    )
    # Counted in works (titles), not pairs: one much-copied paper under two names is one
    # paper's two citations, not two names of one venue.
    works: dict[tuple[str, str], set[str]] = {}
    for i in np.flatnonzero(confident):
        # (By their names, not which meeting each names: "ICIS 2017" and "ICIS 2018" are both ICIS.)
        key = tuple(sorted((unmarked(candidates.x["journal"][i]), unmarked(candidates.y["journal"][i]))))
        if key[0] != key[1]:
            works.setdefault(key, set()).add(candidates.x["title"][i])
    model.aliases = sorted([a, b] for (a, b), titles in works.items() if len(titles) >= MIN_ALIAS_PAIRS)
    return model


@dataclass
class Evidence:
    """Each comparison's weight per pair (bits), and their sum."""

    weights: dict[str, np.ndarray]
    total: np.ndarray
    family_counts: dict[str, int]  # works per author family name in the store
    scale: int

    def common_first_author(self, authors: str) -> bool:
        """The list's first author bears a name on more than COMMON_NAME_SHARE of the store's
        works: a common family name, or a page-header word every record of a journal was given."""
        family = authors.partition(";")[0].partition(", ")[0]
        return self.family_counts.get(family, 0) > max(1.0, COMMON_NAME_SHARE * self.scale)


def weigh(model: Model, pairs: Pairs, family_counts: dict[str, int]) -> Evidence:
    n, scale = len(pairs), model.scale
    weights = {}
    for name, levels in pairs.levels.items():
        m = np.array([1.0] + list(model.m[name][1:]))
        u = np.array([1.0] + list(model.u[name][1:]))
        bits = np.log2(m[levels] / u[levels])
        if name in TERM_FREQUENCY:
            level_name, column = TERM_FREQUENCY[name]
            top = LEVELS[name].index(level_name)
            exact = levels == top
            counts = np.array([c or 1 for c in pairs.x[column]], dtype=float)
            frequency = np.maximum(counts, 1.0) / scale
            bits = np.where(exact, np.log2(model.m[name][top] / frequency), bits)
            if name == "title" and not model.estimated:
                # The round defaults put a near title at 1 in 10,000 while a store this small
                # puts its own rarest title at 1 in MIN_RECORDS: a value nearly like this one is
                # at least as often met by chance as this one, so a near title says no more than
                # the exact one (a sparse citation must not be drawn to the sibling paper whose
                # title is a word away from its own). A store's own estimates keep the two apart.
                u_level = u[levels]
                near = (levels > top) & (u_level < frequency)
                bits = np.where(near, np.log2(m[levels] / np.maximum(u_level, frequency)), bits)
        weights[name] = bits
    # Authors: however the lists agree, the names they share must be rarer than chance for it to
    # count; a lone name every record of a journal has (a page header read as an author) is not.
    shared = np.ones(n)
    for i, names in enumerate(pairs.authors_matched or []):
        if names:
            rarest = sorted(family_counts.get(f, 1) / scale for f in names)[:3]
            shared[i] = math.prod(rarest)
    level = pairs.levels["authors"]
    agree = (level >= 1) & (level <= 3)
    m_authors = np.array([1.0] + list(model.m["authors"][1:]))[level]
    u_authors = np.maximum(np.array([1.0] + list(model.u["authors"][1:]))[level], shared)
    weights["authors"] = np.where(agree, np.log2(m_authors / u_authors), weights["authors"])
    total = sum(weights.values()) if weights else np.zeros(n)
    return Evidence(weights, np.asarray(total, dtype=float), family_counts, scale)


def explain_pair(model: Model, pairs: Pairs, evidence: Evidence, i: int = 0) -> list[str]:
    """The waterfall for one pair: each comparison's level and what it added or took away."""
    lines = []
    for name, levels in LEVELS.items():
        level = int(pairs.levels[name][i])
        bits = float(evidence.weights[name][i])
        lines.append(f"    {name:<8} {levels[level]:<22} {bits:+6.1f} bits")
    lines.append(
        f"    {'total':<8} {'':<22} {float(evidence.total[i]):+6.1f} bits "
        f"(a match needs {model.match_bits:.1f}, a maybe {model.maybe_bits:.1f})"
    )
    return lines
