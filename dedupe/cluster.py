"""Stage 5: clusters from accepted pairs, guarded against chaining, with ids that never move."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from thresher.dedupe.score import dois_disagree

# A group's counts (see GuardedUnion.tally) where it has none.
EMPTY_TALLY = (0, 0, 0, 0, 0)


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
        # Vetoes that say only that a bare citation (no type, DOI, volume or pages) is not the
        # publication, and the reports (abstracts, preprints, reports, theses) it may be a copy of.
        self.bare_vetoes: set[tuple[int, int]] = set()
        self.bare: set[int] = set()
        self.reports: set[int] = set()
        # Records typed an editorial by their sources, records typed as anything else that is
        # no report (an article, a review, a conference paper: untyped ones say nothing), and
        # companion reports; and each group's count of the three, where any is not zero.
        self.editorials: set[int] = set()
        self.typed_otherwise: set[int] = set()
        self.companions: set[int] = set()
        # Linked reports, and records placed nowhere (untyped, no DOI, volume, issue or pages)
        # that are none.
        self.linked: set[int] = set()
        self.bare_copies: set[int] = set()
        self.tally: dict[int, tuple[int, int, int, int, int]] = {}

    def add(self, node: int) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.members[node] = [node]
            doi = self.doi_of.get(node)
            self.dois[node] = {doi} if doi else set()
            tally = (
                node in self.editorials,
                node in self.typed_otherwise,
                node in self.companions,
                node in self.linked,
                node in self.bare_copies and node not in self.linked,
            )
            if any(tally):
                self.tally[node] = tuple(int(t) for t in tally)  # type: ignore[assignment]

    def keep_apart(self, a: int, b: int) -> None:
        self.apart[a].add(b)
        self.apart[b].add(a)

    def find(self, node: int) -> int:
        if node not in self.parent:
            return node  # never joined to anything: its own group
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def _conflict(self, ra: int, rb: int, check_dois: bool = True) -> bool:
        da, db = self.dois[ra], self.dois[rb]
        if check_dois and da and db and da != db and dois_disagree(da, db):
            return True
        small, other = (ra, rb) if len(self.members[ra]) <= len(self.members[rb]) else (rb, ra)
        # A linked report's group made of the report and bare citations of it: those citations
        # are the report, whose link to the study is the question, not its publication.
        bare_report = None
        if not check_dois:
            bare_report = self._bare_report(ra)
            bare_report = self._bare_report(rb) if bare_report is None else bare_report
        for member in self.members[small]:
            for enemy in self.apart.get(member, ()):
                if self.find(enemy) == other and not (
                    bare_report is not None
                    and (min(member, enemy), max(member, enemy)) in self.bare_vetoes
                    and self.find(member if member in self.bare else enemy) == bare_report
                ):
                    return True
        return False

    def _editorial_link(self, ra: int, rb: int) -> bool:
        """One group holds a companion report and the other is an editorial by most of its
        typed copies' types."""
        for work, other in ((ra, rb), (rb, ra)):
            editorial, otherwise, *_ = self.tally.get(work, EMPTY_TALLY)
            if editorial > otherwise and self.tally.get(other, EMPTY_TALLY)[2]:
                return True
        return False

    def _bare_report(self, root: int) -> int | None:
        members = self.members[root]
        if any(m in self.reports for m in members) and all(
            m in self.reports or m in self.bare for m in members
        ):
            return root
        return None

    def _publications(self, root: int, bare_too: bool) -> int:
        """The members that are no linked report (nor, unless `bare_too`, a bare citation)."""
        tally = self.tally.get(root, EMPTY_TALLY)
        return len(self.members[root]) - tally[3] - (0 if bare_too else tally[4])

    def union(
        self,
        a: int,
        b: int,
        force: bool = False,
        link: bool = False,
        report: bool = False,
        notice: bool = False,
    ) -> bool:
        """Join a's and b's groups unless they must stay apart. A `link` joins a linked report
        (a notice, a companion report), which has a DOI of its own, or copies one of whose DOIs
        is wrong: only pairs kept apart count. A `report`'s link joins a report to one study:
        not where both groups hold a publication (the report, already with one, would bring
        another that no match joined to it: a notice under a title two sibling papers share). A
        bare citation is a publication for a `notice`'s link, and for a companion's may be a copy
        of the companion report."""
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and (
            self._conflict(ra, rb, check_dois=not link)
            or link
            and self._editorial_link(ra, rb)
            or report
            and self._publications(ra, notice)
            and self._publications(rb, notice)
        ):
            self.refused += 1
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.dois[ra] |= self.dois.pop(rb)
        if rb in self.tally:
            ta, tb = self.tally.get(ra, EMPTY_TALLY), self.tally.pop(rb)
            self.tally[ra] = tuple(x + y for x, y in zip(ta, tb, strict=True))  # type: ignore[assignment]
        return True

    def groups(self, nodes: Iterable[int] = ()) -> list[list[int]]:
        """The groups, with each of `nodes` never joined to anything as a group of its own."""
        return [sorted(m) for m in self.members.values()] + [[n] for n in nodes if n not in self.parent]


def cluster(
    nodes: Iterable[int],
    same: Iterable[tuple[int, int]],
    matches: Iterable[tuple[int, int]],
    apart: Iterable[tuple[int, int]],
    doi_of: dict[int, str],
    links: Iterable[tuple[int, int]] = (),
    slips: Iterable[tuple[int, int]] = (),
    despite_dois: Iterable[tuple[int, int]] = (),
    bare: tuple[set[int], set[int], Iterable[tuple[int, int]]] = (set(), set(), ()),
    editorials: tuple[set[int], set[int], set[int]] = (set(), set(), set()),
    reports: tuple[set[int], set[tuple[int, int]], set[int]] | None = None,
) -> tuple[list[list[int]], int]:
    """Groups of record ids (studies), and how many matches the guard kept apart.

    `same` are people's verdicts (always joined), `matches` the accepted pairs in order of
    strength, `links` the linked reports (notices, companions) joined after them, `apart` pairs
    that must not share a cluster (hard non-matches, people's 'different'). Of these, `slips` are
    vetoes read from where a record says the article is (venue, volume, issue, pages): two groups kept
    apart by such vetoes alone are joined where the matches between them outnumber the vetoes
    CONSENSUS times. `doi_of` holds the DOIs of publications only (a report's own DOI does not
    make its study another work). `despite_dois` are matches of copies whose citations agree in
    full under two DOIs, one of them wrong: joined after the other matches, whatever DOIs the
    two groups hold, unless a pair between them is kept apart (the caller drops the vetoes that
    say only that those two DOIs differ). `bare` is (bare citations, reports, the vetoes that
    keep a bare citation from a publication by its year or kind alone): a link joins a report's
    group of the report and bare citations of it despite those vetoes. `editorials` is (the
    records typed an editorial, the copies typed as anything else, the companion reports): a
    link does not join a group holding a companion report to a group whose copies are typed an
    editorial more often than otherwise. `reports` is (the linked reports, the links that are a
    notice's, the records placed nowhere): a link joins a report to one study only, never two
    groups that both hold a publication (a record that is no linked report, nor for a
    companion's link a record placed nowhere, which may be the report's copy).
    """
    union = GuardedUnion(doi_of)  # a record is added when a pair first joins it to another
    union.bare, union.reports = bare[0], bare[1]
    union.bare_vetoes = {(min(a, b), max(a, b)) for a, b in bare[2]}
    union.editorials, union.typed_otherwise, union.companions = editorials
    if reports is not None:
        union.linked, notices, union.bare_copies = reports
    apart, matches = list(apart), list(matches)
    for a, b in apart:
        union.keep_apart(a, b)
    for a, b in same:
        union.union(a, b, force=True)
    for a, b in matches:
        union.union(a, b)
    if union.refused:
        _join_by_consensus(union, matches, apart, {(min(a, b), max(a, b)) for a, b in slips})
    despite_dois = list(despite_dois)
    for a, b in despite_dois:
        union.union(a, b, link=True)
    if union.refused:
        union.refused = sum(1 for a, b in [*matches, *despite_dois] if union.find(a) != union.find(b))
    for a, b in links:
        union.union(
            a, b, link=True, report=reports is not None, notice=reports is not None and (a, b) in notices
        )
    return union.groups(nodes), union.refused


# Two groups the guard kept apart are one study after all where the pairs between them agree
# many times over for each pair that says otherwise, and every pair that says otherwise is a
# citation's kind of slip (a wrong venue, volume or page): a slip is sporadic, while two works disagree
# pair after pair. Two DOIs, a person's "different", and every other veto (years, kinds, numbers
# or words in the titles) stand.
CONSENSUS = 10  # matches needed for each veto between two groups


def _join_by_consensus(
    union: GuardedUnion,
    matches: list[tuple[int, int]],
    vetoes: list[tuple[int, int]],
    slips: set[tuple[int, int]],
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
        firm: set[tuple[int, int]] = set()
        for a, b in vetoes:
            ra, rb = union.find(a), union.find(b)
            key = (min(ra, rb), max(ra, rb))
            if key in between:
                against[key] += 1
                if (min(a, b), max(a, b)) not in slips:
                    firm.add(key)
        touched: set[int] = set()
        for (ra, rb), agree in between.most_common():
            if (
                ra in touched
                or rb in touched
                or (ra, rb) in firm
                or agree < CONSENSUS * max(against[ra, rb], 1)
            ):
                continue
            da, db = union.dois[ra], union.dois[rb]
            if da and db and da != db and dois_disagree(da, db):
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
