"""Which study a screening tool's row is about, when the tool may have dropped our id.

In order: the `cluster_id` the row kept (a cluster merged since is followed to the one it
joined), else its DOI, else its normalised title with its year, else the dedupe engine's own
comparison against the studies of the latest corpus (the same normalising, scoring, weighing and
rules as a dedupe run). A row that matches no study, or more than one, says so and why; the
caller applies nothing from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from thresher.dedupe.decide import RECURRING_TITLE
from thresher.dedupe.engine import judge
from thresher.dedupe.normalise import Normalised, is_section_title, normalise
from thresher.records import Record
from thresher.screening.corpus import latest_build
from thresher.store import Store

# The engine's decisions that put a row in a study: a copy, or a report of the same study.
SAME_STUDY = {"match", "notice", "companion"}
_INSERT_CHUNK = 500


@dataclass
class Found:
    cluster_id: int | None = None
    how: str | None = None  # cluster_id, DOI, title and year, dedupe engine (the rule)
    problem: str | None = None  # why no study (or more than one) was taken


def _norm_row(record_id: int, record: Record) -> Normalised:
    return normalise(
        record_id,
        record.title,
        record.authors,
        record.year,
        record.doi,
        record.container,
        record.volume,
        record.issue,
        record.pages,
        record.type,
    )


def _same_text(n: Normalised, title: str, doi: str | None) -> bool:
    """The row's title or DOI is this record's (allowing a tool's small rewrites of a title)."""
    if n.doi and doi and n.doi == doi:
        return True
    if not n.title or not title:
        return not (n.doi and doi)  # nothing to compare but DOIs, and they are not the same
    return (
        n.title == title
        or fuzz.token_sort_ratio(n.title, title) >= 80
        or fuzz.partial_ratio(n.title, title) >= 95
    )


def _clusters(ids: set[int], shown: int = 8) -> str:
    listed = sorted(ids)
    more = f" and {len(listed) - shown} more" if len(listed) > shown else ""
    return ", ".join(str(i) for i in listed[:shown]) + more


class Matcher:
    def __init__(self, store: Store) -> None:
        self.store = store
        con = store.con
        self.live = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT c.cluster_id FROM clusters c JOIN cluster_members m USING (cluster_id) "
                "WHERE c.retired_at IS NULL"
            ).fetchall()
        }
        self.merged = dict(
            con.execute(
                "SELECT cluster_id, merged_into FROM clusters WHERE merged_into IS NOT NULL"
            ).fetchall()
        )

    def _follow(self, cluster_id: int) -> int:
        seen = set()
        while cluster_id not in self.live and cluster_id in self.merged and cluster_id not in seen:
            seen.add(cluster_id)
            cluster_id = self.merged[cluster_id]
        return cluster_id

    def match(self, rows: list[tuple[str | None, Record | None]]) -> list[Found]:
        """One Found per (cluster_id text, record) row, in order."""
        self.among: dict[int, set[int]] = {}  # row -> the only studies it can be
        found = [Found() for _ in rows]
        pending: dict[int, Normalised] = {}
        by_id: dict[int, tuple[int, Normalised]] = {}
        for i, (cluster_text, record) in enumerate(rows):
            if cluster_text:
                if not cluster_text.strip().isdigit():
                    found[i].problem = f"cluster_id {cluster_text!r} is not a number"
                    continue
                cluster_id = self._follow(int(cluster_text))
                if cluster_id in self.live:
                    found[i] = Found(cluster_id, "cluster_id")
                    if record is not None and (record.title or record.doi):
                        by_id[i] = (cluster_id, _norm_row(-(i + 1), record))
                    continue
                found[i].problem = f"cluster {cluster_text} is not a study in this store"
            if record is not None and (record.title or record.doi):
                pending[i] = _norm_row(-(i + 1), record)
            elif found[i].problem is None:
                found[i].problem = "no cluster_id, DOI or title to find the study by"
        self._check_ids(by_id, found)
        if pending:
            self._load(pending)
            self._by_doi(pending, found)
            self._by_title(pending, found)
            self._by_engine(pending, found)
            self.store.con.execute("DROP TABLE IF EXISTS screening_norm")
        return found

    def _check_ids(self, by_id: dict[int, tuple[int, Normalised]], found: list[Found]) -> None:
        """A cluster_id is believed when the row's own title or DOI is the study's: a sheet from
        another store, or a column shifted by a row, must not land decisions on other studies."""
        if not by_id:
            return
        known: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for cluster_id, title, doi in self.store.con.execute(
            "SELECT m.cluster_id, n.title, n.doi FROM cluster_members m JOIN dedupe_norm n USING (record_id) "
            "WHERE m.cluster_id IN (SELECT unnest(?::BIGINT[]))",
            [sorted({c for c, _ in by_id.values()})],
        ).fetchall():
            known[cluster_id].append((title or "", doi))
        for i, (cluster_id, n) in by_id.items():
            members = known.get(cluster_id, [])
            if not members or any(_same_text(n, title, doi) for title, doi in members):
                continue
            found[i] = Found(
                problem=f"cluster_id {cluster_id} is the study {members[0][0][:60]!r}, not this row's "
                f"{(n.title or n.doi or '')[:60]!r} (a sheet from another store, or a column out of place?)"
            )

    def _load(self, pending: dict[int, Normalised]) -> None:
        con = self.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE screening_norm AS SELECT * FROM dedupe_norm LIMIT 0")
        columns = (
            "record_id, content_hash, doi, title, title_key, title_tail, title_numbers, authors, "
            "first_author, year, start_page, end_page, volume, issue, journal, kind, eloc, subject, given, "
            "title_cut, marked_retracted, acronyms"
        )
        rows = [
            [n.record_id, "", n.doi, n.title, n.title_key, n.title_tail, n.title_numbers, n.authors,
             n.first_author, n.year, n.start_page, n.end_page, n.volume, n.issue, n.journal, n.kind,
             n.eloc, n.subject, n.given, n.title_cut, n.marked_retracted, n.acronyms]
            for n in pending.values()
        ]  # fmt: skip
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            values = ", ".join(["(" + ", ".join("?" * len(chunk[0])) + ")"] * len(chunk))
            con.execute(
                f"INSERT INTO screening_norm ({columns}) VALUES {values}", [v for row in chunk for v in row]
            )

    def _candidates(
        self, condition: str, pending: dict[int, Normalised]
    ) -> dict[int, list[tuple[int, int | None, str]]]:
        """Row index -> (cluster, year, first author) of the live studies' records meeting it."""
        out: dict[int, list[tuple[int, int | None, str]]] = defaultdict(list)
        for record_id, cluster_id, year, first_author in self.store.con.execute(
            "SELECT s.record_id, m.cluster_id, n.year, n.first_author FROM screening_norm s "
            f"JOIN dedupe_norm n ON {condition} "
            "JOIN cluster_members m ON m.record_id = n.record_id "
            "JOIN clusters c ON c.cluster_id = m.cluster_id AND c.retired_at IS NULL"
        ).fetchall():
            out[-record_id - 1].append((cluster_id, year, first_author))
        return {i: hits for i, hits in out.items() if i in pending}

    @staticmethod
    def _narrow(
        n: Normalised, hits: list[tuple[int, int | None, str]], by_year: bool = True
    ) -> tuple[set[int], set[int]]:
        """(all studies hit, those that also agree on year and first author where both have one)."""
        every = {c for c, _, _ in hits}
        agree = {
            c
            for c, year, first in hits
            if (not by_year or n.year is None or year is None or year == n.year)
            and (not n.first_author or not first or first == n.first_author)
        }
        return every, agree

    def _by_doi(self, pending: dict[int, Normalised], found: list[Found]) -> None:
        for i, hits in self._candidates("n.doi = s.doi AND s.doi IS NOT NULL", pending).items():
            every, agree = self._narrow(pending[i], hits, by_year=False)
            if len(every) == 1:
                found[i] = Found(every.pop(), "DOI")
                pending.pop(i)
            else:
                # A DOI on several studies (a book's on its chapters): the title may tell.
                self.among[i] = every
                found[i].problem = f"its DOI {pending[i].doi} is on {len(every)} studies ({_clusters(every)})"

    def _by_title(self, pending: dict[int, Normalised], found: list[Found]) -> None:
        for i, hits in self._candidates("n.title = s.title AND length(s.title) > 0", pending).items():
            n = pending[i]
            if is_section_title(n.title):
                continue  # "Editorial", "Introduction": the engine decides with the rest
            every, agree = self._narrow(n, hits)
            if i in self.among:
                agree &= self.among[i]
            if not agree:
                continue  # the same title in other years: left to the engine
            if len(agree) == 1:
                way = "DOI, title and year" if i in self.among else "title and year"
                found[i] = Found(agree.pop(), way)
                pending.pop(i)
            else:
                # Studies that share a title and year (a two-part paper, an abstract and its
                # article): the engine compares the rest (venue, volume, pages) among them.
                self.among[i] = agree
                ids = _clusters(agree)
                found[i].problem = f"its title and year are those of {len(agree)} studies ({ids})"

    def _by_engine(self, pending: dict[int, Normalised], found: list[Found]) -> None:
        if not pending:
            return
        con = self.store.con
        build = latest_build(self.store)
        scope = (
            f"(SELECT m.record_id FROM corpus_members b JOIN cluster_members m USING (cluster_id) "
            f"WHERE b.build_id = {int(build)})"
            if build is not None
            else "(SELECT record_id FROM cluster_members)"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE screening_pairs AS "
            "SELECT DISTINCT s.record_id AS a, n.record_id AS b FROM screening_norm s "
            "JOIN dedupe_norm n ON (n.title_key = s.title_key AND length(s.title_key) >= 8) "
            "OR (n.title_tail = s.title_tail AND length(s.title_tail) >= 8) "
            "OR (n.first_author = s.first_author AND n.year = s.year AND s.first_author <> '') "
            f"WHERE n.record_id IN {scope} "
            f"AND s.record_id IN ({', '.join(str(n.record_id) for n in pending.values())})"
        )
        pairs, _, decisions, _ = judge(self.store, "screening_pairs", left="screening_norm")
        cluster_of = dict(
            con.execute(
                "SELECT m.record_id, m.cluster_id FROM cluster_members m "
                "WHERE m.record_id IN (SELECT b FROM screening_pairs)"
            ).fetchall()
        )
        con.execute("DROP TABLE IF EXISTS screening_pairs")
        same: dict[int, dict[int, str]] = defaultdict(dict)
        maybe: dict[int, set[int]] = defaultdict(set)
        recurring: dict[int, set[int]] = defaultdict(set)  # a column's title, nothing else to go by
        for a, b, decision, rule in zip(pairs.a, pairs.b, decisions.decision, decisions.rule, strict=True):
            i, cluster_id = -int(a) - 1, self._follow(cluster_of[int(b)])
            if i in self.among and cluster_id not in self.among[i]:
                continue
            if decision in SAME_STUDY:
                same[i].setdefault(cluster_id, str(rule))
            elif decision == "maybe":
                maybe[i].add(cluster_id)
            elif rule == RECURRING_TITLE:
                recurring[i].add(cluster_id)
        for i in list(pending):
            studies = same.get(i, {})
            problem = found[i].problem
            if len(studies) == 1:
                ((cluster_id, rule),) = studies.items()
                found[i] = Found(cluster_id, f"dedupe engine ({rule})")
            elif studies:
                ids = _clusters(set(studies))
                found[i].problem = f"the dedupe engine finds it the same as {len(studies)} studies ({ids})"
            elif i in self.among:  # a DOI or a title shared by studies, and the engine cannot tell
                found[i].problem = (
                    problem + ", and nothing else in the row (venue, volume, pages) tells which"
                )
            elif maybe.get(i):
                ids = _clusters(maybe[i])
                found[i].problem = f"it may be study {ids}, but not surely; add its cluster_id to decide"
            elif recurring.get(i):
                ids = _clusters(recurring[i])
                found[i].problem = (
                    f"its title recurs in its venue (a column or section: studies {ids}) and nothing "
                    "more specific in the row (DOI, volume, pages) says which it is"
                )
            elif problem is None:
                found[i].problem = "no study matches it (by DOI, title and year, or the dedupe engine)"
            else:
                found[i].problem = problem + ", and nothing else in the row matches a study"
            pending.pop(i)
