"""config.yaml: loaded, validated and explained when it is wrong."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from thresher.records import RECORD_TYPES

SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ConfigError(Exception):
    """config.yaml (or a command-line override) is wrong; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def check_source_name(name: str) -> str:
    """Source names end up in file names and SQL values: keep them plain."""
    if not SOURCE_NAME.match(name):
        raise ValueError(
            f"{name!r} is not a valid source name: use letters, digits, '.', '_' or '-' "
            "(at most 64, starting with a letter or digit)"
        )
    return name


class SourceConfig(_Strict):
    name: str
    kind: Literal["oai-pmh"] = "oai-pmh"
    base_url: str
    metadata_prefix: str = "oai_dc"
    sets: list[str] = Field(default_factory=list)
    enabled: bool = True
    from_: str | None = Field(default=None, alias="from")
    description: str | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        return check_source_name(value)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value


class ScheduleConfig(_Strict):
    cron: str = "0 2 * * *"
    timezone: str = "UTC"

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(f"{value!r} is not a cron expression of five fields (m h dom mon dow)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone (e.g. Europe/London)") from None
        return value


class PolitenessConfig(_Strict):
    user_agent: str = "Thresher/0.1 (systematic-review harvester; OAI-PMH)"
    delay_seconds: Annotated[float, Field(ge=0, le=60)] = 0.0
    connect_timeout: Annotated[float, Field(gt=0, le=300)] = 10.0
    read_timeout: Annotated[float, Field(gt=0, le=3600)] = 60.0
    retries: Annotated[int, Field(ge=0, le=20)] = 5
    backoff_base: Annotated[float, Field(ge=0, le=60)] = 1.0
    backoff_max: Annotated[float, Field(ge=0, le=3600)] = 120.0
    retry_after_max: Annotated[float, Field(ge=0, le=86400)] = 600.0
    max_response_mb: Annotated[int, Field(ge=1, le=4096)] = 64
    response_deadline_seconds: Annotated[float, Field(gt=0, le=86400)] = 900.0

    @field_validator("user_agent")
    @classmethod
    def _honest(cls, value: str) -> str:
        # ePrints answers browser-like agents with an anti-bot page; say who we are instead.
        if "Mozilla" in value:
            raise ValueError("use an honest non-browser User-Agent (ePrints blocks 'Mozilla/...')")
        return value


class HarvestConfig(_Strict):
    overlap_seconds: Annotated[int, Field(ge=0, le=30 * 86400)] = 86400
    page_ceiling: Annotated[int, Field(ge=1)] = 100_000
    max_empty_pages: Annotated[int, Field(ge=1)] = 25
    # DuckDB caches table pages up to its memory limit; a harvest gains nothing from a big
    # cache, so it runs with this one and its memory stays flat however many records arrive.
    memory_limit_mb: Annotated[int, Field(ge=64, le=1_000_000)] = 128
    # One record's XML larger than this stops the harvest with an error naming it (a real
    # record is a few KB; a huge one is a broken or hostile server).
    max_record_mb: Annotated[int, Field(ge=1, le=1024)] = 8
    commit_every_records: Annotated[int, Field(ge=1, le=100_000)] = 1000
    commit_every_seconds: Annotated[float, Field(gt=0, le=3600)] = 5.0
    archive_raw_pages: bool = False
    archive_dir: str = "archive"


class SearchConfig(_Strict):
    """The review's search strategy, applied by `thresher corpus` (the query language is in
    thresher.screening.search; the command line checks the query when it loads the file)."""

    query: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    types: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if t not in RECORD_TYPES]
        if unknown:
            raise ValueError(f"unknown record type(s) {unknown}; known: {', '.join(RECORD_TYPES)}")
        return value


class Config(_Strict):
    database: str = "thresher.duckdb"
    lock_timeout_seconds: Annotated[float, Field(ge=0, le=86400)] = 60.0
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    politeness: PolitenessConfig = Field(default_factory=PolitenessConfig)
    harvest: HarvestConfig = Field(default_factory=HarvestConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    search: SearchConfig = Field(default_factory=SearchConfig)

    # Where the file was read from: relative paths in it are relative to that folder.
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[SourceConfig]) -> list[SourceConfig]:
        seen: set[str] = set()
        for source in sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} appears twice")
            seen.add(source.name)
        return sources

    def path(self, value: str | Path) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def database_path(self) -> Path:
        return self.path(self.database)

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none configured"
        raise ConfigError(f"no source named {name!r} in the configuration (sources: {known})")


def _describe(error: dict, model: type[BaseModel]) -> str:
    where = ""
    for part in error["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    where = where or "(top level)"
    if error["type"] == "extra_forbidden":
        parent = _model_at(model, error["loc"][:-1])
        allowed = ", ".join(sorted(_aliases(parent))) if parent else "see README"
        return f"{where}: unknown key; allowed here: {allowed}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message} (got {error.get('input')!r})"


def _aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items() if not f.exclude]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
    return current


def parse_config(data: object, origin: str = "config", base_dir: Path | None = None) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of keys at the top level")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(err, Config) for err in exc.errors()]
        raise ConfigError(f"{origin} is not valid:\n  " + "\n  ".join(lines)) from None
    config.base_dir = base_dir or Path.cwd()
    return config


def load_config(path: str | Path | None) -> Config:
    """Read config.yaml; with no path, an empty configuration rooted in the current folder."""
    if path is None:
        return parse_config({}, "defaults")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}:{where}: not valid YAML ({problem})") from None
    return parse_config(data, str(path), base_dir=path.resolve().parent)
