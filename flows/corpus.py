"""Prefect flow over the candidate corpus: the build, its counts and PRISMA as artifacts."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from thresher.config import SearchConfig
from thresher.screening.corpus import CorpusBuild, build_corpus
from thresher.screening.prisma import counts
from thresher.store import Store


@flow(name="corpus", validate_parameters=False)
def corpus_flow(store: Store, search: SearchConfig | None = None) -> CorpusBuild:
    build = build_corpus(store, search)
    numbers = counts(store)
    create_markdown_artifact(
        f"# Candidate corpus\n\n{build.line()}\n\n```\n{numbers.table()}\n```\n",
        key="corpus-summary",
        description="Thresher candidate corpus and PRISMA counts",
    )
    rows = [{"stage": label.strip(), "n": n} for label, n in numbers.rows()]
    create_table_artifact(rows, key="prisma-counts", description="PRISMA 2020 counts")
    return build
