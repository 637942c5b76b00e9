"""Stage 3: how each candidate pair agrees, field by field, as comparison levels.

Vectorised with rapidfuzz over all pairs at once where the comparison is a string distance; the
author lists are compared as sets (order, initials against full names, swapped given and family
names, one-letter slips), with every name parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.char  # noqa: F401 - numpy loads these on first use: load them with the engine
import numpy.ma  # noqa: F401
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from thresher.dedupe.normalise import (
    ACRONYM,
    CONFERENCE,
    EVENT_NUMBER,
    EVENT_YEAR,
    country_spelled_out,
    group_acronym,
    is_group_name,
    journal_key,
    venues_compatible,
)

FIELDS = (
    "doi",
    "title",
    "subject",
    "title_numbers",
    "authors",
    "given",
    "first_author",
    "year",
    "start_page",
    "end_page",
    "volume",
    "issue",
    "journal",
    "kind",
    "eloc",
    "title_cut",
    "marked_retracted",
    "acronyms",
    "accession",
    "isbn",
    "record_type",
)
# How often each value occurs in the store, per side (sql/dedupe_record_fields.sql): the title,
# the DOI, the venue; whether the title recurs in its venue year after year (a column); how
# many DOIs carry the title; and the one other record with its title, year and authors (or 0).
STATS = ("title_count", "doi_count", "journal_count", "recurring", "title_dois", "twin")

# The levels of each comparison, in order; level 0 is always "one side has nothing to compare".
LEVELS = {
    "doi": ("missing", "same", "different"),
    "title": ("missing", "exact", "near", "close", "contained", "similar", "different"),
    "authors": ("missing", "same", "most", "some", "none"),
    "year": ("missing", "same", "one apart", "two or three apart", "further apart"),
    "venue": ("missing", "same", "one within the other", "different"),
    "volume": ("missing", "same", "different"),
    "issue": ("missing", "same", "different"),
    "pages": ("missing", "same start", "ranges share a page", "different"),
}


@dataclass
class Pairs:
    """Both sides of every pair (x = the lower record id), their comparison levels and scores."""

    a: np.ndarray
    b: np.ndarray
    x: dict[str, np.ndarray]
    y: dict[str, np.ndarray]
    levels: dict[str, np.ndarray] = field(default_factory=dict)
    title_sim: np.ndarray | None = None  # the best of the title similarities, 0..1
    subject_sim: np.ndarray | None = None  # titles with notice words removed
    author_overlap: np.ndarray | None = None  # share of the shorter list found in the other
    authors_matched: list[list[str]] | None = None  # the family names found on both sides
    first_author_same: np.ndarray | None = None
    venue: np.ndarray | None = None  # venues_compatible: 2, 1 or 0 (or -1: one side missing)
    cut: np.ndarray | None = None  # one title was cut short and starts the other (cut_start)
    contained: np.ndarray | None = None  # one title starts or ends the other (_contained)
    # Which pairs have a field on both sides, and where it is equal, asked again and again by the
    # rules: worked out once per field (the sides never change once read).
    _known: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.a)

    def both(self, name: str) -> np.ndarray:
        """Both sides have the field (read only: combine it into a new array). Two DOIs that
        are not two works' own (one the other's container's, or JSTOR's beside the publisher's)
        are not compared: as if one side had none."""
        found = self._known.get(("both", name))
        if found is None:
            found = present(self.x[name]) & present(self.y[name])
            if name == "doi":
                found &= ~_one_for_the_other(self.x, self.y, found & ~self.equal(name))
            self._known[("both", name)] = found
        return found

    def equal(self, name: str) -> np.ndarray:
        """Both sides hold the same value (read only)."""
        found = self._known.get(("equal", name))
        if found is None:
            found = self._known[("equal", name)] = np.asarray(self.x[name] == self.y[name], dtype=bool)
        return found

    def subset(self, rows: np.ndarray) -> Pairs:
        """The pairs at `rows` (positions), with everything scored for them."""

        def take(values):
            return None if values is None else values[rows]

        return Pairs(
            self.a[rows],
            self.b[rows],
            {k: v[rows] for k, v in self.x.items()},
            {k: v[rows] for k, v in self.y.items()},
            {k: v[rows] for k, v in self.levels.items()},
            take(self.title_sim),
            take(self.subject_sim),
            take(self.author_overlap),
            None if self.authors_matched is None else [self.authors_matched[i] for i in rows.tolist()],
            take(self.first_author_same),
            take(self.venue),
            take(self.cut),
            take(self.contained),
        )


def from_rows(rows: list[tuple]) -> Pairs:
    """Pairs from rows of a, b, then each of FIELDS and STATS for x and for y in turn (one pair
    written out whole, as the tests do)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * (2 + 2 * len(FIELDS + STATS))
    return from_columns({str(i): np.array(values, dtype=object) for i, values in enumerate(columns)})


def from_columns(columns: dict[str, np.ndarray]) -> Pairs:
    """The same from columns in query order, as a cursor's fetchnumpy() gives them (NULLs as
    masked values), without building a tuple per row."""
    arrays = [objects(values) for values in columns.values()]
    names = FIELDS + STATS
    x = {name: arrays[2 + 2 * i] for i, name in enumerate(names)}
    y = {name: arrays[3 + 2 * i] for i, name in enumerate(names)}
    return Pairs(np.asarray(arrays[0], dtype=np.int64), np.asarray(arrays[1], dtype=np.int64), x, y)


def objects(values: np.ndarray) -> np.ndarray:
    """A fetched column as Python values (None for NULL, which fetchnumpy() gives masked)."""
    if isinstance(values, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(values)
        values = values.data.astype(object)
        values[mask] = None
    return np.asarray(values, dtype=object)


def from_sides(a: np.ndarray, b: np.ndarray, x: tuple[np.ndarray, dict], y: tuple[np.ndarray, dict]) -> Pairs:
    """Pairs (a, b) from their records' fields, each record's read once: `x` and `y` are
    (record ids in order, {field: values}) for the a and the b sides (sql/dedupe_record_fields.sql,
    FIELDS then STATS). A pair whose record is not among them is left out."""
    (x_ids, x_fields), (y_ids, y_fields) = x, y
    at_a, at_b = _positions(x_ids, a), _positions(y_ids, b)
    keep = (at_a >= 0) & (at_b >= 0)
    if not keep.all():
        a, b, at_a, at_b = a[keep], b[keep], at_a[keep], at_b[keep]
    return Pairs(
        a,
        b,
        {name: values[at_a] for name, values in x_fields.items()},
        {name: values[at_b] for name, values in y_fields.items()},
    )


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each wanted id is in `ids` (sorted), or -1."""
    if not len(ids):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return np.where(ids[at] == wanted, at, -1)


def present(values: np.ndarray) -> np.ndarray:
    return np.asarray((values != None) & (values != ""), dtype=bool)  # noqa: E711 - elementwise


def _strings(values: np.ndarray) -> list[str]:
    return ["" if v is None else v for v in values]


def _cpdist(left: np.ndarray, right: np.ndarray, scorer) -> np.ndarray:
    if len(left) == 0:
        return np.zeros(0)
    return process.cpdist(_strings(left), _strings(right), scorer=scorer, workers=-1)


def cut_start(x: dict[str, np.ndarray], y: dict[str, np.ndarray], field: str = "title") -> np.ndarray:
    """One title was cut short (title_cut) and, of four words or more, starts the other's (or
    the other's `field`: a notice's subject)."""
    out = np.asarray(x["title_cut"], dtype=bool) | np.asarray(y["title_cut"], dtype=bool)
    for i in np.flatnonzero(out):
        p, q = x[field][i] or "", y[field][i] or ""
        short, long_ = (p, q) if x["title_cut"][i] else (q, p)
        out[i] = short.count(" ") >= 3 and len(short) < len(long_) and long_.startswith(short)
    return out


def unlike_titles(x: list[str], y: list[str]) -> np.ndarray:
    """Pairs whose titles have too little in common to count as similar at all (ratio under
    0.5 and word-set ratio under 0.8): only other strong evidence can still join them."""
    ratio = process.cpdist(x, y, scorer=fuzz.ratio, workers=-1)
    words = process.cpdist(x, y, scorer=fuzz.token_set_ratio, workers=-1)
    return (ratio < 50) & (words < 80)


def _authors_run_in(p: str, q: str, x: dict[str, np.ndarray], y: dict[str, np.ndarray], i: int) -> bool:
    """One title is the other followed by names of the other record's authors (two words or
    more, every one a family or given name of theirs)."""
    long_, short, people = (p, q, y) if len(p) > len(q) else (q, p, x)
    if not long_.startswith(short + " "):
        return False
    tail = long_[len(short) + 1 :].split()
    names = set(
        " ".join([people["authors"][i] or "", people["given"][i] or ""])
        .replace(",", " ")
        .replace(";", " ")
        .split()
    )
    return len(tail) >= 2 and all(word in names for word in tail)


def _contained(p: str | None, q: str | None) -> bool:
    """One title (three words or more) starts or ends the other: a dropped subtitle, a section
    heading put before it ("Medical progress: ..."), a translation after the original, a venue
    run into the title by a citation parser."""
    if not p or not q or p == q:
        return False
    short, long_ = (p, q) if len(p) <= len(q) else (q, p)
    if len(short) >= 40 and long_.startswith(short):
        return True  # cut mid-word, or run into the next words ("... statesthe examples of")
    return short.count(" ") >= 2 and (long_.startswith(short + " ") or long_.endswith(" " + short))


# ---- authors as sets ---------------------------------------------------------------------------


Name = tuple[str, str, str, tuple[str, ...]]  # family, initials, the first given name, all given names


def _names(authors: str | None, given: str | None) -> list[Name]:
    """[(family, initials, first given name, given names)] from the normalised columns."""
    if not authors:
        return []
    givens = (given or "").split(";")
    out = []
    for n, entry in enumerate(authors.split(";")):
        family, _, initials = entry.partition(", ")
        names = tuple(givens[n].split()) if n < len(givens) else ()
        out.append((family, initials, names[0] if names else "", names))
    return out


def _same_family(p: str, q: str) -> bool:
    if p == q:
        return True
    # A group's name is compared whole, without the slips a person's name may have.
    if " " in p and " " in q and _is_group(p) and _is_group(q):
        return _same_group(p, q)
    if p[:1] != q[:1]:  # every way below keeps the first letter
        return False
    if min(len(p), len(q)) < 4:
        return False
    # An umlaut written out by one database and folded by the other ("Poess" / "Pöss"), in a
    # name long enough not to be another name ("Xue" is not "Xu").
    if 0 < abs(len(p) - len(q)) <= 3 and _umlauts_folded(p) == _umlauts_folded(q):
        return True
    # A one-letter slip, or a transliteration that changes a letter or two (never the first).
    if min(len(p), len(q)) >= 5:
        return Levenshtein.distance(p, q) <= 1 or JaroWinkler.normalized_similarity(p, q) >= 0.93
    return False


@lru_cache(maxsize=65_536)
def family_names(authors: str) -> frozenset[str]:
    """The family names of a normalised author list ("hartmann, l;osei, ka")."""
    return frozenset(e.partition(",")[0] for e in authors.split(";") if e)


@lru_cache(maxsize=65_536)
def _acronym_of(family: str) -> str:
    """The family name as an acronym, if it can be one: a word of three letters or more, or
    three single letters or more ("o e c d" from "O.E.C.D.")."""
    words = family.split()
    if len(words) == 1:
        return family if len(family) >= 3 else ""
    return "".join(words) if len(words) >= 3 and all(len(w) == 1 for w in words) else ""


@lru_cache(maxsize=65_536)
def _is_group(family: str) -> bool:
    return is_group_name(family.split())


# The words a group's name is abbreviated by ("Arizona Dept. of Education").
_GROUP_ABBREVIATIONS = {
    "dept": "department", "univ": "university", "natl": "national", "assn": "association",
    "assoc": "association", "inst": "institute", "ctr": "center", "centre": "center",
    "intl": "international", "govt": "government",
}  # fmt: skip


@lru_cache(maxsize=65_536)
def _group_words(name: str) -> tuple[str, ...]:
    return tuple(_GROUP_ABBREVIATIONS.get(word, word) for word in name.split())


def _same_group(p: str, q: str) -> bool:
    """One group's name: the same words, abbreviated or not; or a unit of four words or more
    named after its parent, itself a group, by one database ("U.S. Department of Education,
    Office of Educational Technology" / "Office of Educational Technology"; not "Norwegian
    Ministry of Education and Research" / "Ministry of Education and Research")."""
    wp, wq = _group_words(p), _group_words(q)
    if "".join(wp) == "".join(wq):
        return True
    short, long_ = sorted((wp, wq), key=len)
    parent = long_[: len(long_) - len(short)]
    return len(short) >= 4 and long_[-len(short) :] == short and is_group_name(list(parent))


def _umlauts_folded(family: str) -> str:
    return family.replace("ae", "a").replace("oe", "o").replace("ue", "u") if "e" in family else family


# Particles databases keep or drop before a family name (not "Le", "Di": family names of their own).
_PARTICLES = frozenset({"el", "al", "de", "da", "dos", "del", "van", "von", "der"})


def _without_particle(family: str) -> str:
    first, _, rest = family.partition(" ")
    return rest if rest and first in _PARTICLES else family


def _family_first(x: Name, y: Name) -> bool:
    """x's name as written ("nguyen thi lan": given names, then the family name read last) starts
    with y's family name, and its other names' initials are y's initials."""
    (fx, _, _, nx), (fy, iy, _, _) = x, y
    written = [*nx, fx]
    if len(written) < 2 or written[0] != fy or not iy:
        return False
    rest = "".join(word[0] for word in written[1:])
    return rest == iy


def _initials_agree(p: str, q: str) -> bool:
    return not p or not q or p[0] == q[0]


# The middle names of most Vietnamese names ("Thi", "Van"): written in English order the given
# name moves before them ("Huong Thi Dang" for "Dang Thi Huong"). Other given names in another
# order are another person's ("Wang, Xiao Yu" / "Wang, Yu Xiao").
_VIETNAMESE_MIDDLE = frozenset({"thi", "van"})
# And the family names only Vietnamese names have (not "Le", "Ly", "Ha", "Cao", shared with others).
_VIETNAMESE_FAMILIES = frozenset({
    "nguyen", "tran", "pham", "hoang", "huynh", "phan", "vu", "vo", "bui", "duong", "truong",
    "dinh", "doan", "trinh", "luong", "quach", "vuong", "kieu",
})  # fmt: skip


def _same_person(x: Name, y: Name) -> bool:
    (fx, ix, gx, nx), (fy, iy, gy, ny) = x, y
    if _same_family(fx, fy) and _initials_agree(ix, iy):
        return True
    # Known by the middle name, the first initial dropped by one database ("Sistla, A. Prasad" /
    # "Sistla, Prasad"): one's initials are the other's without the first. Or the given names in
    # another order ("Huong Thi Dang" / "Dang, Thi Huong": a Vietnamese name in English order).
    if (
        _same_family(fx, fy)
        and ix
        and iy
        and (
            ix[1:2] == iy[:1]
            and len(iy) < len(ix)
            or iy[1:2] == ix[:1]
            and len(ix) < len(iy)
            or len(ix) > 1
            and sorted(ix) == sorted(iy)
            and (fx in _VIETNAMESE_FAMILIES or bool(_VIETNAMESE_MIDDLE.intersection(nx + ny)))
        )
    ):
        return True
    # Two family names, one of them dropped by the other database ("Camps Pare, R." / "Camps,
    # R."), or the first of them read as a given name ("Galiano, Fernando Berzal" for "Berzal
    # Galiano, Fernando" against "Berzal, Fernando").
    if _initials_agree(ix, iy) and (fx.startswith(fy + " ") or fy.startswith(fx + " ")):
        return True
    # The last of two family names alone, as one database keeps a Portuguese name ("de Oliveira
    # Martins, R." / "Martins, R."; "Silva Santos, Ana" / "Santos, Ana"): not a short name
    # ("Li"), whose longer form may be another person's, nor after a short word (a given name
    # read into the family name, "Le Cheong": above).
    # (Not two people's own given names: "Silva Santos, Ana" is not "Santos, Alice".)
    named_apart = len(gx) > 1 and len(gy) > 1 and gx != gy
    if (
        _initials_agree(ix, iy)
        and ix
        and iy
        and not named_apart
        and (_last_family(fx, fy) or _last_family(fy, fx))
    ):
        return True
    # A Spanish name's two family names, each database filing it by another and giving the one
    # it did not file by as an initial ("Cortés Sepúlveda, Paula" as "Cortés, P." and as
    # "Sepúlveda, P. C."; "López Valenzuela, F. J." as "López, F. J. V." and "Valenzuela, F. J.").
    if not named_apart and (_families_as_initial(fx, ix, fy, iy) or _families_as_initial(fy, iy, fx, ix)):
        return True
    # A particle one database keeps in the family name and the other drops ("El Khoury, R." /
    # "Khoury, R.").
    if (" " in fx or " " in fy) and _initials_agree(ix, iy):
        if _without_particle(fx) == fy or _without_particle(fy) == fx:
            return True
    # A name written family name first without a comma ("Nguyen Thi Lan", read as given names
    # "Nguyen Thi" and family name "Lan") against "Nguyen, T. L.".
    if (nx and nx[0] == fy and _family_first(x, y)) or (ny and ny[0] == fx and _family_first(y, x)):
        return True
    if gx and gx == gy and (fx in ny[1:] or fy in nx[1:]):
        return True
    # A given name read as the first word of the family name ("Il Cheong, H." for "Cheong, H. I."):
    # the rest of the family name is the other's, the stray word one of the other's initials.
    if _initials_agree(ix, iy) and (
        fx.endswith(" " + fy) and fx[:1] in iy[1:] or fy.endswith(" " + fx) and fy[:1] in ix[1:]
    ):
        return True
    # Given and family names swapped ("Maria, G." for "Garcia, Maria"; "Wei Zhang" / "Zhang Wei").
    if len(gy) > 1 and _same_family(fx, gy) and (not ix or fy.startswith(ix[0])):
        return True
    if len(gx) > 1 and _same_family(gx, fy) and (not iy or fx.startswith(iy[0])):
        return True
    # A group's acronym ("OECD", "O.E.C.D.", "WHO") for its name written out; a person's name
    # has initials or a given name ("Alt, D." is no group's acronym).
    return _acronym_for(x, y) or _acronym_for(y, x)


# The particles between Portuguese, Spanish and Italian family names ("de Oliveira Martins").
_JOINING_PARTICLES = _PARTICLES | {"do", "das", "della", "di", "e", "y"}


def _last_family(longer: str, last: str) -> bool:
    """`longer` is family names ending in `last`, the others long words or particles."""
    if len(last) < 4 or not longer.endswith(" " + last):
        return False
    return all(len(w) >= 4 or w in _JOINING_PARTICLES for w in longer[: -len(last)].split())


def _families_as_initial(fx: str, ix: str, fy: str, iy: str) -> bool:
    """y is filed by its other family name, and gives x's family name as its last initial; x
    has y's given initials, and perhaps y's family name as its own last initial."""
    if len(iy) < 2 or len(fx) < 3 or len(fy) < 3 or " " in fx or " " in fy or iy[-1] != fx[0]:
        return False
    return ix in (iy[:-1], iy[:-1] + fy[0])


def _acronym_for(acronym: Name, group: Name) -> bool:
    family, initials, given, _ = acronym
    return (
        not initials
        and not given
        and " " in group[0]
        and _is_group(group[0])
        and _acronym_of(family) == group_acronym(group[0])
    )


@lru_cache(maxsize=65_536)
def authors_of(authors: str, given: str) -> Authors:
    """A record's author list from its normalised columns, built once however many pairs it is in."""
    return Authors(_names(authors, given))


class Authors:
    """One record's author list, indexed for comparing: by family name, and (when a slip or a
    swap is looked for) by first letter."""

    __slots__ = ("names", "by_family", "_by_letter")

    def __init__(self, names: list[Name]) -> None:
        self.names = names
        self.by_family: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            self.by_family.setdefault(name[0], []).append(i)
        self._by_letter: dict[str, list[int]] | None = None

    def by_letter(self) -> dict[str, list[int]]:
        if self._by_letter is None:
            self._by_letter = {}
            for i, (family, _, given, _) in enumerate(self.names):
                for letter in {family[:1], given[:1], family.rpartition(" ")[2][:1]}:
                    self._by_letter.setdefault(letter, []).append(i)
        return self._by_letter


def compare_authors(x: Authors, y: Authors, fuzzy: bool = True) -> tuple[float, list[str]]:
    """(share of the shorter list that has a counterpart in the other, their family names).

    Exact family names first; then, for the rest, one-letter slips and swapped names among the
    names that share a first letter with them (the only ones that can be either)."""
    short, long_ = (x, y) if len(x.names) <= len(y.names) else (y, x)
    if not short.names:
        return 0.0, []
    taken: set[int] = set()
    matched: list[str] = []
    rest: list[Name] = []
    if short.by_family.keys() & long_.by_family.keys():
        for person in short.names:
            for i in long_.by_family.get(person[0], ()):
                if i not in taken and _initials_agree(person[1], long_.names[i][1]):
                    taken.add(i)
                    matched.append(person[0])
                    break
            else:
                rest.append(person)
    else:
        rest = short.names
    # Lists that share no name exactly are compared name by name only when short: two long lists
    # of one team do not differ in every name by a slip.
    if not fuzzy or not matched and len(short.names) > 3:
        return len(matched) / len(short.names), matched
    letters = long_.by_letter()
    for person in rest:
        candidates = set(letters.get(person[0][:1], ())) | set(letters.get(person[2][:1], ()))
        candidates.update(letters.get(person[0].rpartition(" ")[2][:1], ()))
        for i in sorted(candidates - taken):
            if _same_person(person, long_.names[i]):
                taken.add(i)
                matched.append(person[0])
                break
    return len(matched) / len(short.names), matched


# ---- pages ---------------------------------------------------------------------------------------


def _numbers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the value as an integer where it is all digits, whether it is): page numbers."""
    text = np.array(["" if v is None else v for v in values], dtype=str) if len(values) else np.zeros(0, str)
    digits = np.char.isdigit(text) & (np.char.str_len(text) <= 9)
    out = np.zeros(len(values), dtype=np.int64)
    out[digits] = text[digits].astype(np.int64)
    return out, digits


def _glued(x: dict[str, np.ndarray], y: dict[str, np.ndarray]) -> np.ndarray:
    """Whether x's only page is y's first and last pages written together ("524532" for 524-532,
    as PDFs' text often gives it): four digits or more, the last page after the first."""
    start = x["start_page"]
    candidates = present(start) & ~present(x["end_page"]) & present(y["end_page"])
    out = np.zeros(len(start), dtype=bool)
    for i in np.flatnonzero(candidates):
        first, last, glued = y["start_page"][i], y["end_page"][i], start[i]
        out[i] = (
            len(glued) >= 4
            and glued == first + last
            and first.isdigit()
            and last.isdigit()
            and int(last) > int(first)
        )
    return out


def lone_number(side: dict[str, np.ndarray], digits: int = 6) -> np.ndarray:
    """A start page of `digits` digits or more and no end page (or the same number as its end
    page, from five digits on): with six, an online journal's
    article number ("102998") or a range whose dash was lost ("101118"), not one page of a
    volume; with four, perhaps an article number ("6021")."""
    start, end = side["start_page"], side["end_page"]
    out = np.zeros(len(start), dtype=bool)
    for i in np.flatnonzero(present(start) & ~present(end)):
        out[i] = len(start[i]) >= digits and start[i].isdigit()
    # An article number given as first and last page both ("106273-106273", as OpenAlex gives
    # Elsevier's), where no one page of a volume is numbered so high.
    for i in np.flatnonzero(present(start) & (start == end)):
        out[i] = len(start[i]) >= max(digits, 5) and start[i].isdigit()
    return out


def longer(values: np.ndarray, among: np.ndarray, length: int) -> np.ndarray:
    """Where `among` holds, whether the value is longer than `length` characters."""
    out = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(among):
        out[i] = len(values[i]) > length
    return out


# A DOI that names the book or proceedings a chapter or paper is in, given to the paper: the
# item's own DOI is the container's with a number after it ("10.1145/3478431" and
# "10.1145/3478431.3499334"; "10.1007/978-3-030-86436-1" and "..._14").
_ITEM_IN_CONTAINER = re.compile(r"[._]\d{1,8}$")
# JSTOR gives its own DOIs (10.2307/...) to articles that have their publisher's too; Zenodo,
# figshare and repositories give one to the copy deposited with them (and to data: those only
# where the deposit names the article's venue).
_JSTOR = "10.2307/"
_DEPOSITS = ("10.5281/zenodo.", "10.6084/m9.figshare.", "10.5258/soton/")
_SECOND_HOMES = (_JSTOR, *_DEPOSITS)


def _second_home(doi: str) -> str | None:
    return next((prefix for prefix in _SECOND_HOMES if doi.startswith(prefix)), None)


def one_doi_for_the_other(a: str, b: str) -> bool:
    """Two different DOIs that may be no two works' own: a container's and its item's, or
    JSTOR's (or a repository's) and the publisher's; not two repositories' deposits."""
    return _two_homes({_second_home(a), _second_home(b)}) or _contains(a, b)


def _two_homes(homes: set[str | None]) -> bool:
    """Where two DOIs were given (a second home's prefix, None for the publisher's) are two
    places, one JSTOR or the publisher."""
    return len(homes) == 2 and not homes <= set(_DEPOSITS)


def _contains(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_.startswith(short) and _ITEM_IN_CONTAINER.fullmatch(long_, len(short)) is not None


def dois_disagree(a: set[str], b: set[str]) -> bool:
    """Two groups' DOIs name two works: some DOI of one is neither a DOI of the other nor one
    for it."""
    return any(x != y and not one_doi_for_the_other(x, y) for x in a for y in b)


def _one_for_the_other(x: dict[str, np.ndarray], y: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Pairs whose DOIs are one work's: JSTOR's (or a repository's) beside the publisher's, or a
    container's beside its item's, where the rest says one record: one title (give or take a
    letter or a dropped subtitle), years at most one apart (online first), and the same first
    page where both give one (a chapter exported with its book's DOI; not "Dataset for: ...";
    not a record under the book's DOI without pages against a chapter with them: the book);
    JSTOR's or a repository's in a venue that agrees too (not the conference paper a journal
    article grew from)."""
    out = np.zeros(len(rows), dtype=bool)
    for i in np.flatnonzero(rows):
        a, b = x["doi"][i], y["doi"][i]
        if not (
            a.startswith(_SECOND_HOMES) or b.startswith(_SECOND_HOMES) or a.startswith(b) or b.startswith(a)
        ):
            continue  # (most pairs: two publishers' DOIs, neither within the other)
        homes = {_second_home(a), _second_home(b)}
        deposited = _two_homes(homes)
        if not deposited and not _contains(a, b):
            continue
        venue = venues_compatible(x["journal"][i] or "", y["journal"][i] or "")
        tx, ty = x["title"][i] or "", y["title"][i] or ""
        sx, sy = x["start_page"][i], y["start_page"][i]
        yx, yy = x["year"][i], y["year"][i]
        # (A record under the container's DOI that names a conference as its venue is no book
        # titled as its chapter: the paper, given its proceedings' DOI; unless its title is the
        # conference's name, the proceedings' own record.)
        container = x if len(a) < len(b) else y
        container_venue = container["journal"][i] or ""
        at_meeting = CONFERENCE in container_venue.split() and not venues_compatible(
            journal_key(container["title"][i] or ""), container_venue
        )
        out[i] = (
            _one_title(tx, ty, subtitle_dropped=deposited)
            and not (yx and yy and abs(int(yx) - int(yy)) > 1)
            and (
                sx == sy
                if (sx and sy)
                else deposited or at_meeting or not _pages_only_on_the_item(a, b, sx, sy)
            )
            and (not deposited or venue >= (2 if homes & set(_DEPOSITS) else 1))
        )
    return out


def _pages_only_on_the_item(a: str, b: str, sx: str | None, sy: str | None) -> bool:
    """The record under the container's DOI gives no pages where its item's does: perhaps the
    book or the proceedings itself, titled as one of its chapters."""
    container_pages = sx if len(a) < len(b) else sy
    item_pages = sy if len(a) < len(b) else sx
    return bool(item_pages) and not container_pages


def _one_title(x: str, y: str, subtitle_dropped: bool) -> bool:
    """One title give or take a letter, an "and", or (`subtitle_dropped`) a subtitle one side
    dropped."""
    if not x or not y:
        return False
    x, y = x.replace(" and ", " "), y.replace(" and ", " ")
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return fuzz.ratio(x, y) >= 95 or (subtitle_dropped and len(short) >= 30 and long_.startswith(short))


# Beyond this many records under one venue, an organisation's name as one record's author and the
# other's venue is no evidence that they are one report.
ORGANISATION_VENUE_MAX = 20


def organisation_publishes(authors: str, venue: str | None, venue_count: int) -> bool:
    """The authors are organisations (no initials; a parent body beside its office, "U.S.
    Department of Education; National Center for Education Statistics") and one of them is the
    other record's venue: by its name (three words or more; its own acronym after it, "Southern
    Regional Education Board (SREB)", left out) or by its acronym alone ("ECS" for "Education
    Commission of the States"). Not a meeting it holds, nor a venue many records of the store
    carry (where its name says little of which report)."""
    if not venue or venue_count > ORGANISATION_VENUE_MAX:
        return False
    if any(w == CONFERENCE or w.startswith((EVENT_YEAR, EVENT_NUMBER)) for w in venue.split()):
        return False
    entries = [entry.partition(", ") for entry in authors.split(";") if entry]
    if not entries or len(entries) > 3 or any(initials.strip() for _, _, initials in entries):
        return False
    body = _body_named(venue)
    for family, _, _ in entries:
        words = family.split()
        if len(words) >= 4 and words[-1] == group_acronym(" ".join(words[:-1])):
            family = " ".join(words[:-1])  # "southern regional education board sreb"
        if family.count(" ") >= 2:
            named = journal_key(family)
            if venues_compatible(named, venue) == 2 or _body_named(named) == body:
                return True
        elif (
            " " not in family
            and len(family) >= 3
            and body.count(" ") >= 2
            and family == group_acronym(body)
            and is_group_name(body.split())  # (a body's name: not a journal's)
        ):
            return True
    return False


def _body_named(key: str) -> str:
    """An organisation's name from its venue key, as another source may write it: the name's
    words without what it adds in brackets (ERIC's parent body, "National Center for Education
    Statistics (ED)"), and its country spelled out ("US Department of Education")."""
    words = key.split()
    dotted = next((w[len(ACRONYM) :] for w in words if w.startswith(ACRONYM)), None)
    name = dotted.replace(".", " ") if dotted else " ".join(w for w in words if not w.startswith("@"))
    return country_spelled_out(name)


def _own_pages(x_start: np.ndarray, xe: np.ndarray, ys: np.ndarray, ye: np.ndarray) -> np.ndarray:
    """x is paged from 1 to as many pages (one more or less) as y's range, which starts later."""
    from_1 = (x_start == "1") & (xe > 1) & (ys > 1) & (ye > ys)
    return from_1 & (np.abs(xe - (ye - ys + 1)) <= 1)


def pages_levels(x: dict[str, np.ndarray], y: dict[str, np.ndarray]) -> np.ndarray:
    """The pages level of every pair: missing (or an article number against printed pages),
    the same first page, ranges that share a page, or different."""
    xs, xs_digits = _numbers(x["start_page"])
    ys, ys_digits = _numbers(y["start_page"])
    xe, xe_digits = _numbers(x["end_page"])
    ye, ye_digits = _numbers(y["end_page"])
    compared = present(x["start_page"]) & present(y["start_page"])
    compared &= np.asarray(x["eloc"], dtype=bool) == np.asarray(y["eloc"], dtype=bool)
    # Nor an online journal's article number ("6021", "102998", ACM's "45") against the article's
    # PDF, paged from 1 ("1", "1-29").
    # (A lone "1" against "1-18" is the same first page.)
    lone_x, lone_y = lone_number(x, 1), lone_number(y, 1)
    lone_x &= x["start_page"] != "1"
    lone_y &= y["start_page"] != "1"
    from_1_x = (
        (x["start_page"] == "1") & lone_y & (longer(y["start_page"], lone_y, 3) | present(x["end_page"]))
    )
    from_1_y = (
        (y["start_page"] == "1") & lone_x & (longer(x["start_page"], lone_x, 3) | present(y["end_page"]))
    )
    compared &= ~(from_1_x | from_1_y)
    # Nor a PDF's own pages ("1-33") against the printed range of as many pages ("131-163"): a
    # reference manager reading the PDF counts its pages from 1.
    compared &= ~(_own_pages(x["start_page"], xe, ys, ye) | _own_pages(y["start_page"], ye, xs, xe))
    same = compared & (x["start_page"] == y["start_page"])
    # A range whose dash was lost ("524532" for 524-532, as PDFs' text often gives it).
    same |= compared & (_glued(x, y) | _glued(y, x))
    # A range's end where it is a number, else its start ("2297-2108", a typo, still spans something).
    x_end, y_end = np.where(xe_digits, xe, xs), np.where(ye_digits, ye, ys)
    a, b = np.minimum(xs, x_end), np.maximum(xs, x_end)
    c, d = np.minimum(ys, y_end), np.maximum(ys, y_end)
    # Where a side gives only its first page, a start one page off is a slip.
    slack = np.where(present(x["end_page"]) & present(y["end_page"]), 0, 1)
    overlap = xs_digits & ys_digits & (a <= d + slack) & (c <= b + slack)
    return np.select([~compared, same, overlap], [0, 1, 2], default=3)


# ---- all comparisons -----------------------------------------------------------------------------


def score(pairs: Pairs, aliases: frozenset[tuple[str, str]] = frozenset(), fuzzy_names: bool = True) -> Pairs:
    """Every comparison's level for every pair; `aliases` are venue names known to be one venue.
    Without `fuzzy_names`, author names are matched exactly and the first authors not compared
    (for random pairs, counted only by level, where the rare slip changes nothing)."""
    x, y, n = pairs.x, pairs.y, len(pairs)
    tx, ty = x["title"], y["title"]
    ratio = _cpdist(tx, ty, fuzz.ratio) / 100.0
    words = _cpdist(tx, ty, fuzz.token_sort_ratio) / 100.0
    pairs.title_sim = np.maximum(ratio, words)
    # Two missing titles are no title in common ("" and "" are alike to rapidfuzz).
    has_title = present(tx) & present(ty)
    pairs.title_sim[~has_title] = 0.0
    # A notice's title without "Erratum:": compared only where a side has one.
    pairs.subject_sim = pairs.title_sim.copy()
    noticed = np.flatnonzero(x["subject"] != tx) if n else np.zeros(0, dtype=np.int64)
    noticed = np.union1d(noticed, np.flatnonzero(y["subject"] != ty)) if n else noticed
    if len(noticed):
        sx, sy = x["subject"][noticed], y["subject"][noticed]
        pairs.subject_sim[noticed] = (
            np.maximum(_cpdist(sx, sy, fuzz.ratio), _cpdist(sx, sy, fuzz.token_sort_ratio)) / 100.0
        )
        # A notice about an article whose copy's title was cut short ("... during the …").
        cut_subject = cut_start(x, y, "subject")
        pairs.subject_sim = np.where(cut_subject, np.maximum(pairs.subject_sim, 0.95), pairs.subject_sim)
    pairs.contained = contained = np.fromiter(
        (_contained(p, q) for p, q in zip(tx.tolist(), ty.tolist(), strict=True)), dtype=bool, count=n
    )
    # A title cut short ("... teachers in …") that starts the other is as near as a typo's copy:
    # the words it has are the other's. So is the other's title with the other's authors run
    # into its end, as a crawler takes them from a page ("... research study Marek Sahin").
    pairs.cut = cut = cut_start(x, y)
    pairs.title_sim = np.where(cut, np.maximum(pairs.title_sim, 0.95), pairs.title_sim)
    for i in np.flatnonzero(contained & (pairs.title_sim < 0.95)):
        if _authors_run_in(tx[i], ty[i], x, y, i):
            pairs.title_sim[i] = 0.95
    title = np.select(
        [
            ~has_title,
            tx == ty,
            pairs.title_sim >= 0.95,
            pairs.title_sim >= 0.88,
            contained,
            pairs.title_sim >= 0.75,
        ],
        [0, 1, 2, 3, 4, 5],
        default=6,
    )

    overlap = np.zeros(n)
    shorter = np.zeros(n, dtype=np.int64)
    first_same = np.zeros(n, dtype=bool)
    matched: list[list[str]] = []
    sides = (x["authors"].tolist(), x["given"].tolist(), y["authors"].tolist(), y["given"].tolist())
    for i, (xa, xg, ya, yg) in enumerate(zip(*sides, strict=True)):
        # Random pairs, matched by exact names only: lists that share no family name share nobody.
        if not fuzzy_names and (not xa or not ya or family_names(xa).isdisjoint(family_names(ya))):
            matched.append([])
            continue
        ax, ay = authors_of(xa or "", xg or ""), authors_of(ya or "", yg or "")
        if xa == ya and ax.names:  # the same families and initials in the same order: all matched
            overlap[i], shorter[i], first_same[i] = 1.0, len(ax.names), fuzzy_names
            matched.append([name[0] for name in ax.names])
        elif ax.names and ay.names:
            overlap[i], found = compare_authors(ax, ay, fuzzy_names)
            shorter[i] = min(len(ax.names), len(ay.names))
            if fuzzy_names:  # random pairs are only counted by level
                first_same[i] = _same_person(ax.names[0], ay.names[0])
            matched.append(found)
        else:
            matched.append([])
    has_authors = present(x["authors"]) & present(y["authors"])
    # A long list is the same list with a name or two missed: databases keep the first dozen or
    # so of a large team, each in its own order.
    same_list = (overlap >= 0.999) | ((overlap >= 0.9) & (shorter >= 8))
    authors = np.select([~has_authors, same_list, overlap >= 0.66, overlap > 0], [0, 1, 2, 3], default=4)
    # An organisation's report: one record names it as the author, the other (no author) as its
    # publisher, as ERIC gives a corporate source: the same author.
    for i in np.flatnonzero(present(x["authors"]) ^ present(y["authors"])):
        named, other = (x, y) if x["authors"][i] else (y, x)
        if organisation_publishes(
            named["authors"][i], other["journal"][i], int(other["journal_count"][i] or 1)
        ):
            authors[i], overlap[i] = 1, 1.0
            matched[i] = [named["authors"][i].partition(", ")[0]]

    years = present(x["year"]) & present(y["year"])
    gap = np.zeros(n, dtype=np.int64)
    gap[years] = np.abs(x["year"][years].astype(np.int64) - y["year"][years].astype(np.int64))
    year = np.select([~years, gap == 0, gap == 1, gap <= 3], [0, 1, 2, 3], default=4)

    journals = zip(x["journal"].tolist(), y["journal"].tolist(), strict=True)
    venue = np.fromiter(
        ((1 if aliased(p, q, aliases) else venues_compatible(p, q)) if p and q else -1 for p, q in journals)
        if aliases
        else (venues_compatible(p, q) if p and q else -1 for p, q in journals),
        dtype=np.int64,
        count=n,
    )
    venue_level = np.select([venue < 0, venue == 2, venue == 1], [0, 1, 2], default=3)

    def same_or_different(name: str) -> np.ndarray:
        return np.where(~pairs.both(name), 0, np.where(pairs.equal(name), 1, 2))

    page_level = pages_levels(x, y)
    pairs.venue = venue
    pairs.levels = {
        "doi": same_or_different("doi"),
        "title": title,
        "authors": authors,
        "year": year,
        "venue": venue_level,
        "volume": same_or_different("volume"),
        "issue": same_or_different("issue"),
        "pages": page_level,
    }
    pairs.author_overlap = overlap
    pairs.authors_matched = matched
    pairs.first_author_same = first_same
    return pairs


def apply_aliases(pairs: Pairs, aliases: frozenset[tuple[str, str]]) -> Pairs:
    """Venue names learned to be one venue ("SIGMOD Conference" and "International Conference on
    Management of Data") compared again as such, on pairs scored before they were known."""
    if not aliases:
        return pairs
    for i in np.flatnonzero(pairs.venue == 0):
        if aliased(pairs.x["journal"][i], pairs.y["journal"][i], aliases):
            pairs.venue[i] = 1
            pairs.levels["venue"][i] = 2
    return pairs


def unmarked(venue: str) -> str:
    """A venue key without which meeting it names ("icis @y2017" -> "icis"): the name aliases
    are learned and known by."""
    if EVENT_YEAR not in venue and EVENT_NUMBER not in venue:
        return venue
    return " ".join(w for w in venue.split() if not w.startswith((EVENT_YEAR, EVENT_NUMBER)))


def aliased(p: str, q: str, aliases: frozenset[tuple[str, str]]) -> bool:
    """Two venue keys whose names are known to be one venue's, naming no two meetings."""
    if (p, q) in aliases or (q, p) in aliases:
        return True
    names = (unmarked(p), unmarked(q))
    if names == (p, q) or not (names in aliases or names[::-1] in aliases):
        return False
    marks_p = {w[:2]: w for w in p.split() if w.startswith((EVENT_YEAR, EVENT_NUMBER))}
    marks_q = {w[:2]: w for w in q.split() if w.startswith((EVENT_YEAR, EVENT_NUMBER))}
    return all(marks_q.get(kind, mark) == mark for kind, mark in marks_p.items())
