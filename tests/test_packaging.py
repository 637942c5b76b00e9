"""The shape of the project: layers that point down, declared dependencies, an install that works
from any folder."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

# Folder -> the package it is installed as (pyproject.toml [tool.setuptools.package-dir]).
PACKAGES = {
    "thresher": "thresher",
    "flows": "thresher.flows",
    "harvesters": "thresher.harvesters",
    "dedupe": "thresher.dedupe",
    "screening": "thresher.screening",
    "samples": "thresher.samples",
    "sql": "thresher.sql",
}
# What each floor may import of the others: every arrow points down.
ALLOWED = {
    "thresher": {"thresher", "thresher.sql"},
    "sql": set(),
    "harvesters": {"thresher", "thresher.sql", "thresher.harvesters"},
    "dedupe": {"thresher", "thresher.sql", "thresher.dedupe"},
    "screening": {"thresher", "thresher.sql", "thresher.screening", "thresher.dedupe", "thresher.harvesters"},
    "samples": {"thresher.samples"},
}


def _imports(folder: str) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((REPO / folder).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path.name, node.lineno, node.module))
    return found


def _floor(module: str) -> str | None:
    """The thresher package a module belongs to (thresher.dedupe.score -> thresher.dedupe)."""
    if not module.startswith("thresher"):
        return None
    parts = module.split(".")
    if len(parts) > 1 and f"thresher.{parts[1]}" in PACKAGES.values():
        return f"thresher.{parts[1]}"
    return "thresher"


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_every_import_points_down_and_only_flows_import_prefect(folder):
    wrong = []
    for name, line, module in _imports(folder):
        if module.split(".")[0] == "prefect":
            wrong.append(f"{folder}/{name}:{line} imports {module} (only flows/ may)")
        floor = _floor(module)
        if floor is not None and floor not in ALLOWED[folder]:
            wrong.append(f"{folder}/{name}:{line} imports {module}, a floor above it")
    assert not wrong, "\n".join(wrong)


def _declared() -> set[str]:
    """Distribution names thresher declares, extras included."""
    requirements = importlib.metadata.requires("thresher") or []
    return {re.split(r"[\s<>=!~\[;(]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_package_the_code_imports_is_declared():
    declared = _declared()
    owners = importlib.metadata.packages_distributions()
    missing = []
    for folder in PACKAGES:
        for name, line, module in _imports(folder):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top in ("thresher", "__future__"):
                continue
            dists = {d.lower().replace("_", "-") for d in owners.get(top, [top])}
            if not dists & declared:
                missing.append(f"{folder}/{name}:{line} imports {top} ({', '.join(sorted(dists))})")
    assert not missing, "not declared in pyproject.toml:\n" + "\n".join(missing)


def test_a_plain_install_runs_the_demo_and_the_sample_server_from_any_folder(tmp_path):
    """`pip install .` (no editable link back to this checkout), then run from another folder."""
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The build writes into the tree it builds: a copy keeps this checkout clean.
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "*.egg-info", "demo", "__pycache__", ".*_cache", ".prefect", "*.duckdb*"
        ),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # No build isolation and no index: nothing is fetched from the network.
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("thresher-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)

    def thresher(*args: str, **options) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "thresher.flows.cli", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            **options,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import thresher; print(thresher.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(target), where  # the installed copy, not this checkout

    demo = thresher("demo", "--out", "demo", "-q")
    assert demo.returncode == 0, demo.stderr
    assert "18 candidate studies for screening" in demo.stdout
    assert (elsewhere / "demo" / "candidates.csv").exists() and (elsewhere / "demo" / "prisma.svg").exists()

    server = subprocess.Popen(
        [sys.executable, "-m", "thresher.flows.cli", "sample-server", "--port", "0"],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/oai", first).group(0)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(  # noqa: S310 - a http URL of our own server
                    f"{url}?verb=ListIdentifiers&metadataPrefix=oai_dc", timeout=5
                ) as answer:
                    body = answer.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "(36 records" in first and "oai:eprints.example.ac.uk:1001" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
