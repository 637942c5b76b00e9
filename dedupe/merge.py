"""Stage 6: one record per cluster: the most complete member, gaps filled from the others."""

from __future__ import annotations

FILLABLE = ("title", "year", "doi", "container", "volume", "issue", "pages", "abstract",
            "type", "language")
LISTS = ("authors", "keywords", "issn", "isbn", "urls")


def merge_members(members: list[dict], representative_id: int) -> dict:
    """The representative's fields, empty ones filled from other members (most complete first);
    every member's DOI, source and native id kept in `dois`, `sources` and `provenance`."""
    ordered = sorted(members, key=lambda m: (m["record_id"] != representative_id,
                                             -sum(m.get(f) is not None for f in FILLABLE)))
    merged = dict(ordered[0])
    for field in FILLABLE:
        if merged.get(field) in (None, ""):
            merged[field] = next((m[field] for m in ordered if m.get(field) not in (None, "")),
                                 None)
    for field in LISTS:
        if not merged.get(field):
            merged[field] = next((m[field] for m in ordered if m.get(field)), [])
    merged["dois"] = sorted({m["doi"] for m in members if m.get("doi")})
    merged["sources"] = sorted({m["source"] for m in members})
    merged["provenance"] = [f"{m['source']}:{m['native_id']}" for m in ordered]
    return merged
