"""The store's schema, migrations and queries, as .sql files read by name."""

from functools import cache
from importlib.resources import files


@cache
def query(name: str) -> str:
    """The text of sql/NAME.sql."""
    return (files(__package__) / f"{name}.sql").read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every numbered migration, in order."""
    found = []
    for entry in files(__package__).iterdir():
        stem = entry.name.removesuffix(".sql")
        if entry.name.endswith(".sql") and stem[:3].isdigit() and stem[3] == "_":
            found.append((int(stem[:3]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)
