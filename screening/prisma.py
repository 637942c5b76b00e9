"""PRISMA 2020 flow: the counts from the store, as a table and as the standard diagram."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from thresher import sql
from thresher.csv_out import atomic_file
from thresher.screening.corpus import latest_build
from thresher.store import Store


@dataclass
class PrismaCounts:
    identified: dict[str, int] = field(default_factory=dict)
    not_deduplicated: int = 0  # records added since the last `thresher dedupe`
    duplicates_removed: int = 0
    clusters: int = 0
    removed_by_search: int = 0
    screened: int = 0
    screening_excluded: int = 0
    screening_pending: int = 0
    sought: int = 0
    fulltext_pending: int = 0
    assessed: int = 0
    fulltext_excluded: dict[str, int] = field(default_factory=dict)
    included: int = 0
    included_reports: int = 0  # the reports of the included studies (PRISMA 2020 counts both)
    conflicts: dict[str, int] = field(default_factory=dict)  # stage -> studies whose reviewers disagree

    @property
    def identified_total(self) -> int:
        return sum(self.identified.values())

    def checks(self) -> list[str]:
        """The sums a reader of the diagram will do; each must hold."""
        problems = []
        if self.identified_total - self.not_deduplicated - self.duplicates_removed != self.clusters:
            problems.append("identified - duplicates != studies after deduplication")
        if self.clusters - self.removed_by_search != self.screened:
            problems.append("studies - removed by search strategy != screened")
        if self.screened - self.screening_excluded - self.screening_pending != self.sought:
            problems.append("screened - excluded - pending != sought")
        if self.sought - self.fulltext_pending != self.assessed:
            problems.append("sought - awaiting full text != assessed")
        if self.assessed - sum(self.fulltext_excluded.values()) != self.included:
            problems.append("assessed - excluded != included")
        return problems

    def table(self) -> str:
        rows = self.rows()
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {n:>8,}" for label, n in rows)

    def rows(self) -> list[tuple[str, int]]:
        rows = [("Records identified", self.identified_total)]
        rows += [(f"    from {source}", n) for source, n in sorted(self.identified.items())]
        rows += [("Duplicate records removed", self.duplicates_removed)]
        if self.not_deduplicated:
            rows += [("Records not yet deduplicated (run thresher dedupe)", self.not_deduplicated)]
        rows += [
            ("Studies after deduplication", self.clusters),
            ("Removed by the search strategy", self.removed_by_search),
            ("Records screened (title/abstract)", self.screened),
            ("    excluded", self.screening_excluded),
            ("    not yet screened or 'maybe'", self.screening_pending),
            *(
                [("        of which reviewers disagree", self.conflicts["title-abstract"])]
                if self.conflicts.get("title-abstract")
                else []
            ),
            ("Reports sought for retrieval", self.sought),
            ("    awaiting a full-text decision", self.fulltext_pending),
            *(
                [("        of which reviewers disagree", self.conflicts["full-text"])]
                if self.conflicts.get("full-text")
                else []
            ),
            ("Reports assessed for eligibility", self.assessed),
        ]
        rows += [(f"    excluded: {reason}", n) for reason, n in sorted(self.fulltext_excluded.items())]
        rows += [
            ("Studies included in review", self.included),
            ("Reports of included studies", self.included_reports),
        ]
        return rows


def counts(store: Store) -> PrismaCounts:
    con = store.con
    con.execute(sql.query("cluster_text"))
    c = PrismaCounts()
    c.identified = dict(
        con.execute("SELECT source, count(*) FROM records WHERE NOT deleted GROUP BY source").fetchall()
    )
    clustered = con.execute("SELECT count(*), coalesce(sum(records), 0) FROM cluster_text").fetchone()
    c.clusters, in_clusters = clustered[0], int(clustered[1])
    c.not_deduplicated = c.identified_total - in_clusters
    c.duplicates_removed = in_clusters - c.clusters
    build = latest_build(store)
    if build is None:
        c.screened = c.clusters  # no search strategy applied yet: everything is a candidate
        corpus = "SELECT cluster_id FROM cluster_text"
        params: list = []
    else:
        corpus = (
            "SELECT cluster_id FROM corpus_members WHERE build_id = ? "
            "AND cluster_id IN (SELECT cluster_id FROM cluster_text)"
        )
        params = [build]
        c.screened = con.execute(f"SELECT count(*) FROM ({corpus})", params).fetchone()[0]
    c.removed_by_search = c.clusters - c.screened
    con.execute(sql.query("screening_status"))
    latest = "SELECT cluster_id, stage, decision, reason, conflict FROM screening_status"
    ta = dict(
        con.execute(
            f"SELECT decision, count(*) FROM ({latest}) d WHERE stage = 'title-abstract' "
            f"AND cluster_id IN ({corpus}) GROUP BY decision",
            params,
        ).fetchall()
    )
    c.conflicts = dict(
        con.execute(
            f"SELECT stage, count(*) FROM ({latest}) d WHERE conflict AND cluster_id IN ({corpus}) "
            f"AND (stage = 'title-abstract' OR cluster_id IN (SELECT cluster_id FROM ({latest}) t "
            "WHERE t.stage = 'title-abstract' AND t.decision = 'include')) GROUP BY stage",
            params,
        ).fetchall()
    )
    c.screening_excluded = ta.get("exclude", 0)
    c.sought = ta.get("include", 0)
    c.screening_pending = c.screened - c.screening_excluded - c.sought
    ft = con.execute(
        f"SELECT f.decision, coalesce(f.reason, 'no reason given'), count(*) FROM ({latest}) f "
        f"JOIN ({latest}) t ON t.cluster_id = f.cluster_id AND t.stage = 'title-abstract' "
        f"AND t.decision = 'include' WHERE f.stage = 'full-text' AND f.decision IN "
        f"('include', 'exclude') AND f.cluster_id IN ({corpus}) GROUP BY ALL",
        params,
    ).fetchall()
    c.included = sum(n for d, _, n in ft if d == "include")
    c.included_reports = con.execute(
        f"SELECT coalesce(sum(t.reports), 0) FROM cluster_text t JOIN ({latest}) f USING (cluster_id) "
        f"JOIN ({latest}) s USING (cluster_id) WHERE f.stage = 'full-text' AND f.decision = 'include' "
        f"AND s.stage = 'title-abstract' AND s.decision = 'include' AND t.cluster_id IN ({corpus})",
        params,
    ).fetchone()[0]
    c.fulltext_excluded = {reason: n for d, reason, n in ft if d == "exclude"}
    c.assessed = c.included + sum(c.fulltext_excluded.values())
    c.fulltext_pending = c.sought - c.assessed
    return c


# ---- the diagram ---------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 360, 110, 80, 50, 30


def _boxes(c: PrismaCounts) -> tuple[list[tuple[int, int, list[str]]], list[tuple]]:
    sources = [f"  {name} (n = {n:,})" for name, n in sorted(c.identified.items())]
    left_x, right_x = MARGIN + 120, MARGIN + 120 + BOX_W + GAP_X
    rows_y = [MARGIN + i * (BOX_H + GAP_Y) for i in range(5)]
    removed = [
        f"Duplicate records removed (n = {c.duplicates_removed:,})",
        f"Removed by the search strategy (n = {c.removed_by_search:,})",
    ]
    if c.not_deduplicated:
        removed.append(f"Not yet deduplicated (n = {c.not_deduplicated:,})")
    excluded_reasons = [f"  {r} (n = {n:,})" for r, n in sorted(c.fulltext_excluded.items())]
    boxes = [
        (
            left_x,
            rows_y[0],
            [f"Records identified (n = {c.identified_total:,}):", *sources[:4]]
            + ([f"  and {len(sources) - 4} more sources"] if len(sources) > 4 else []),
        ),
        (right_x, rows_y[0], ["Records removed before screening:", *removed]),
        (left_x, rows_y[1], [f"Records screened (n = {c.screened:,})"]),
        (
            right_x,
            rows_y[1],
            [
                f"Records excluded (n = {c.screening_excluded:,})",
                f"Not yet screened (n = {c.screening_pending:,})",
            ],
        ),
        (left_x, rows_y[2], [f"Reports sought for retrieval (n = {c.sought:,})"]),
        (right_x, rows_y[2], [f"Awaiting full text (n = {c.fulltext_pending:,})"]),
        (left_x, rows_y[3], [f"Reports assessed for eligibility (n = {c.assessed:,})"]),
        (
            right_x,
            rows_y[3],
            [f"Reports excluded (n = {sum(c.fulltext_excluded.values()):,}):", *excluded_reasons[:4]],
        ),
        (
            left_x,
            rows_y[4],
            [
                f"Studies included in review (n = {c.included:,})",
                f"Reports of included studies (n = {c.included_reports:,})",
            ],
        ),
    ]
    arrows = []
    for row in range(4):
        arrows.append((left_x + BOX_W // 2, rows_y[row] + BOX_H, left_x + BOX_W // 2, rows_y[row + 1]))
        arrows.append((left_x + BOX_W, rows_y[row] + BOX_H // 2, right_x, rows_y[row] + BOX_H // 2))
    return boxes, arrows


PHASES = ("Identification", "Screening", "Screening", "Eligibility", "Included")


def svg(c: PrismaCounts) -> str:
    boxes, arrows = _boxes(c)
    width = MARGIN * 2 + 120 + BOX_W * 2 + GAP_X
    height = MARGIN * 2 + 5 * BOX_H + 4 * GAP_Y
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="13">',
        '<defs><marker id="arrow" markerWidth="10" markerHeight="8" refX="9" refY="4" '
        'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#333"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for i, phase in enumerate(PHASES):
        y = MARGIN + i * (BOX_H + GAP_Y)
        out.append(
            f'<rect x="{MARGIN}" y="{y}" width="100" height="{BOX_H}" rx="6" '
            'fill="#cfe2f3" stroke="#6d9eeb"/>'
        )
        out.append(
            f'<text x="{MARGIN + 50}" y="{y + BOX_H // 2 + 4}" text-anchor="middle" '
            f'font-weight="bold">{phase}</text>'
        )
    for x, y, lines in boxes:
        out.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" fill="white" stroke="#333"/>')
        for n, line in enumerate(lines[:6]):
            out.append(f'<text x="{x + 10}" y="{y + 20 + n * 16}">{html.escape(line)}</text>')
    for x1, y1, x2, y2 in arrows:
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#333" marker-end="url(#arrow)"/>')
    out.append("</svg>")
    return "\n".join(out)


def png(c: PrismaCounts, path: Path) -> None:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise ValueError(
            f"{path}: PNG output needs Pillow, an optional part: pip install 'thresher[png]' "
            "(or write the diagram as .svg, which needs nothing)"
        ) from None

    boxes, arrows = _boxes(c)
    scale = 2  # sharp enough to print
    width = (MARGIN * 2 + 120 + BOX_W * 2 + GAP_X) * scale
    height = (MARGIN * 2 + 5 * BOX_H + 4 * GAP_Y) * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13 * scale)
    bold = ImageFont.load_default(size=14 * scale)
    for i, phase in enumerate(PHASES):
        y = (MARGIN + i * (BOX_H + GAP_Y)) * scale
        draw.rounded_rectangle(
            [MARGIN * scale, y, (MARGIN + 100) * scale, y + BOX_H * scale],
            radius=12,
            fill="#cfe2f3",
            outline="#6d9eeb",
            width=2,
        )
        draw.text(
            ((MARGIN + 50) * scale, y + BOX_H * scale // 2), phase, fill="black", font=bold, anchor="mm"
        )
    for x, y, lines in boxes:
        draw.rectangle(
            [x * scale, y * scale, (x + BOX_W) * scale, (y + BOX_H) * scale], outline="#333333", width=2
        )
        for n, line in enumerate(lines[:6]):
            draw.text(((x + 10) * scale, (y + 8 + n * 16) * scale), line, fill="black", font=font)
    for x1, y1, x2, y2 in arrows:
        draw.line([x1 * scale, y1 * scale, x2 * scale, y2 * scale], fill="#333333", width=2)
        tip = (x2 * scale, y2 * scale)
        if x1 == x2:
            draw.polygon([tip, (tip[0] - 8, tip[1] - 14), (tip[0] + 8, tip[1] - 14)], fill="#333333")
        else:
            draw.polygon([tip, (tip[0] - 14, tip[1] - 8), (tip[0] - 14, tip[1] + 8)], fill="#333333")
    with atomic_file(path, binary=True) as handle:
        image.save(handle, format="PNG")


def draw(c: PrismaCounts, path: Path) -> None:
    if path.suffix.lower() == ".png":
        png(c, path)
    elif path.suffix.lower() == ".svg":
        with atomic_file(path) as handle:
            handle.write(svg(c))
    else:
        raise ValueError(f"{path}: the diagram is drawn as .svg or .png")
