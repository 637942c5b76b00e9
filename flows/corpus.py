"""Corpus flow: the candidate corpus for screening, its counts and PRISMA as Prefect artifacts."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from thresher.corpus import CorpusBuild, Filters, build_corpus
from thresher.prisma import counts
from thresher.store import Store


@flow(name="corpus", validate_parameters=False)
def corpus_flow(store: Store, query: str | None, filters: Filters | None = None) -> CorpusBuild:
    build = build_corpus(store, query, filters)
    numbers = counts(store)
    create_markdown_artifact(
        f"# Candidate corpus\n\n{build.line()}\n\n```\n{numbers.table()}\n```\n",
        key="corpus-summary",
        description="Thresher candidate corpus and PRISMA counts",
    )
    rows = [{"stage": label.strip(), "n": n} for label, n in numbers.rows()]
    create_table_artifact(rows, key="prisma-counts", description="PRISMA 2020 counts")
    return build
