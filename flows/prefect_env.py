"""Prefect settings Thresher always runs with: offline, no telemetry, a project-local home."""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE = {
    # Prefect (and the libraries under it) try to reach the internet unless told not to.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The temporary local API took longer than the 20 s default under load.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}


def configure(home: Path | None = None, *, quiet: bool = True) -> None:
    """Set the environment before prefect is first imported; explicit settings are kept."""
    for key, value in OFFLINE.items():
        os.environ[key] = value
    if home is not None:
        os.environ.setdefault("PREFECT_HOME", str(home))
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
