"""Stage 5: clusters from accepted pairs, guarded against chaining, with ids that never move."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable


class GuardedUnion:
    """Union-find that refuses to join two groups that must stay apart.

    Two groups stay apart when they hold different DOIs, or when any member of one has a hard
    non-match with any member of the other: one weak link cannot chain two studies together.
    """

    def __init__(self, doi_of: dict[int, str]) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.dois: dict[int, set[str]] = {}
        self.doi_of = doi_of
        self.apart: dict[int, set[int]] = defaultdict(set)
        self.refused = 0

    def add(self, node: int) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.members[node] = [node]
            doi = self.doi_of.get(node)
            self.dois[node] = {doi} if doi else set()

    def keep_apart(self, a: int, b: int) -> None:
        self.apart[a].add(b)
        self.apart[b].add(a)

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def _conflict(self, ra: int, rb: int, check_dois: bool = True) -> bool:
        da, db = self.dois[ra], self.dois[rb]
        if check_dois and da and db and da != db:
            return True
        small, other = (ra, rb) if len(self.members[ra]) <= len(self.members[rb]) else (rb, ra)
        for member in self.members[small]:
            for enemy in self.apart.get(member, ()):
                if self.find(enemy) == other:
                    return True
        return False

    def conflicts_firmly(self, ra: int, rb: int, firm: set[tuple[int, int]]) -> bool:
        """Groups that hold different DOIs, or records a person said are different works."""
        da, db = self.dois[ra], self.dois[rb]
        if da and db and da != db:
            return True
        other = set(self.members[rb])
        return any(
            (m, o) in firm or (o, m) in firm
            for m in self.members[ra]
            for o in other & self.apart.get(m, set())
        )

    def union(self, a: int, b: int, force: bool = False, link: bool = False) -> bool:
        """Join a's and b's groups unless they must stay apart. A `link` joins a linked report
        (a notice, a companion report), which has a DOI of its own: only pairs kept apart count."""
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and self._conflict(ra, rb, check_dois=not link):
            self.refused += 1
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.dois[ra] |= self.dois.pop(rb)
        return True

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def cluster(
    nodes: Iterable[int],
    same: Iterable[tuple[int, int]],
    matches: Iterable[tuple[int, int]],
    apart: Iterable[tuple[int, int]],
    doi_of: dict[int, str],
    links: Iterable[tuple[int, int]] = (),
    firm: Iterable[tuple[int, int]] = (),
) -> tuple[list[list[int]], int]:
    """Groups of record ids (studies), and how many links the guard refused.

    `same` are people's verdicts (always joined), `matches` the accepted pairs in order of
    strength, `links` the linked reports (notices, companions) joined after them, `apart` pairs
    that must not share a cluster (hard non-matches, people's 'different'), of which `firm` (people's
    'different') are never overruled; two groups the machine's vetoes keep apart are joined where
    the matches between them outnumber the vetoes CONSENSUS times. `doi_of` holds the
    DOIs of publications only (a report's own DOI does not make its study another work).
    """
    union = GuardedUnion(doi_of)
    for node in nodes:
        union.add(node)
    apart, matches = list(apart), list(matches)
    for a, b in apart:
        union.keep_apart(a, b)
    for a, b in same:
        union.union(a, b, force=True)
    for a, b in matches:
        union.union(a, b)
    if union.refused:
        _join_by_consensus(union, matches, apart, set(firm))
        union.refused = sum(1 for a, b in matches if union.find(a) != union.find(b))
    for a, b in links:
        union.union(a, b, link=True)
    return union.groups(), union.refused


# Two groups the guard kept apart are one study after all where the pairs between them agree
# many times over for each pair that says otherwise: a veto read from one record's slip (a wrong
# volume in a citation) is sporadic, while two works disagree pair after pair.
CONSENSUS = 10  # matches needed for each veto between two groups


def _join_by_consensus(
    union: GuardedUnion,
    matches: list[tuple[int, int]],
    vetoes: list[tuple[int, int]],
    firm: set[tuple[int, int]],
) -> None:
    while True:
        between: Counter[tuple[int, int]] = Counter()
        for a, b in matches:
            ra, rb = union.find(a), union.find(b)
            if ra != rb:
                between[min(ra, rb), max(ra, rb)] += 1
        if not between:
            return
        against: Counter[tuple[int, int]] = Counter()
        for a, b in vetoes:
            ra, rb = union.find(a), union.find(b)
            if (min(ra, rb), max(ra, rb)) in between:
                against[min(ra, rb), max(ra, rb)] += 1
        touched: set[int] = set()
        for (ra, rb), agree in between.most_common():
            if ra in touched or rb in touched or agree < CONSENSUS * max(against[ra, rb], 1):
                continue
            if union.conflicts_firmly(ra, rb, firm):
                continue
            union.union(ra, rb, force=True)
            touched |= {ra, rb}
        if not touched:
            return


def assign_ids(
    groups: list[list[int]], previous: dict[int, int], new_id: Callable[[], int]
) -> tuple[dict[int, int], dict[int, int | None]]:
    """Cluster ids for the new groups, keeping every existing id where it was.

    A group keeps the id most of its members had (a split: the larger part keeps it, the rest
    get new ids; a merge: the id with most members, ties to the older one). Returns
    (record id -> cluster id, retired cluster id -> the cluster that took its members or None).
    """
    assignment: dict[int, int] = {}
    claimed: set[int] = set()
    took: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for group in sorted(groups, key=lambda g: (-len(g), g[0])):
        votes: dict[int, int] = defaultdict(int)
        for record in group:
            if record in previous:
                votes[previous[record]] += 1
        ranked = sorted(votes, key=lambda cid: (-votes[cid], cid))
        chosen = next((cid for cid in ranked if cid not in claimed), None)
        if chosen is None:
            chosen = new_id()
        claimed.add(chosen)
        for record in group:
            assignment[record] = chosen
            if record in previous and previous[record] != chosen:
                took[previous[record]][chosen] += 1
    retired: dict[int, int | None] = {}
    for old in set(previous.values()) - claimed:
        heirs = took.get(old)
        retired[old] = max(heirs, key=lambda c: (heirs[c], -c)) if heirs else None
    return assignment, retired
