"""config.yaml as the command line and the served flows read it: which file, `--db`, and the
search strategy checked up front (the ground floor validates the rest of the file)."""

from __future__ import annotations

import os
from pathlib import Path

from thresher.config import Config, ConfigError, load_config
from thresher.screening.search import QueryError, compile_query


def config_path(given: str | None) -> Path | None:
    """--config, else $THRESHER_CONFIG, else ./config.yaml when there is one, else none."""
    chosen = given or os.environ.get("THRESHER_CONFIG")
    if chosen is None and Path("config.yaml").exists():
        chosen = "config.yaml"
    return Path(chosen).resolve() if chosen else None


def load(given: str | None = None, database: str | None = None) -> Config:
    path = config_path(given)
    config = load_config(path)
    if database:
        config.database = str(Path(database).resolve())
    if config.search.query:
        try:
            compile_query(config.search.query)
        except QueryError as exc:
            raise ConfigError(f"{path or 'the configuration'} is not valid:\n  search.query: {exc}") from None
    return config
