"""How a command runs its work: the domain API directly (no Prefect at all), or as Prefect flows
when a Prefect API is configured, so ad hoc runs appear in the UI beside the nightly ones."""

from __future__ import annotations

import importlib
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Runner:
    mode: str  # "direct" or "prefect"
    harvest: Callable  # (store, sources, config, window_from, window_until, progress)
    import_files: Callable  # (store, paths, source, fmt, id_column, progress)
    dedupe: Callable  # (store)
    corpus: Callable  # (store, search)


def prefect_api() -> str | None:
    """The Prefect API runs would be recorded on, as Prefect itself would find it (without the
    second it takes to import Prefect): PREFECT_API_URL in the environment, else `[api] url` in
    ./prefect.toml, else PREFECT_API_URL in the active profile of profiles.toml."""
    if "PREFECT_API_URL" in os.environ:
        return os.environ["PREFECT_API_URL"] or None
    url = _toml(Path("prefect.toml")).get("api", {}).get("url")
    if url is None:
        profiles_path = os.environ.get("PREFECT_PROFILES_PATH") or (
            Path(os.environ.get("PREFECT_HOME", "~/.prefect")) / "profiles.toml"
        )
        profiles = _toml(Path(profiles_path).expanduser())
        active = os.environ.get("PREFECT_PROFILE") or profiles.get("active")
        url = profiles.get("profiles", {}).get(active or "", {}).get("PREFECT_API_URL")
    return str(url) if url else None


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _on_call(module: str, name: str) -> Callable:
    """The domain function `module.name`, imported when first called: `thresher dedupe` need
    not import the harvesters (requests, sickle), nor `thresher harvest` the dedupe engine."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def direct() -> Runner:
    return Runner(
        "direct",
        _on_call("thresher.harvesters.harvest", "harvest_sources"),
        _on_call("thresher.harvesters.imports", "import_files"),
        _on_call("thresher.dedupe.engine", "run_dedupe"),
        _on_call("thresher.screening.corpus", "build_corpus"),
    )


def prefect() -> Runner:
    """Flows with the same signatures as the domain functions they wrap (importing Prefect takes
    about a second; without PREFECT_API_URL each run also starts a temporary local server)."""
    from thresher.flows.corpus import corpus_flow
    from thresher.flows.dedupe import dedupe_flow
    from thresher.flows.harvest import harvest_sources_flow
    from thresher.flows.imports import import_flow

    return Runner("prefect", harvest_sources_flow, import_flow, dedupe_flow, corpus_flow)


def choose(asked: bool) -> Runner:
    return prefect() if asked or prefect_api() else direct()


def describe(asked: bool) -> str:
    """One line for `thresher status`: which mode is in force, and why."""
    if api := prefect_api():
        return f"runs are Prefect flows, recorded on the Prefect API at {api}"
    if asked:
        return "runs are Prefect flows on a temporary local server (--prefect; no PREFECT_API_URL)"
    return (
        "runs call Thresher directly (no Prefect API configured: set PREFECT_API_URL, or pass "
        "--prefect, to record them as Prefect flows)"
    )
