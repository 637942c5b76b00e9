"""CSV files for people and spreadsheets: written atomically, formulas neutralised."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value if v is not None)
    text = str(value)
    # Negative numbers stay numbers; anything else that could start a formula gets a quote.
    if text.startswith(FORMULA_START) and not _plain_number(text):
        return "'" + text
    return text


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text[0] in "+-"


class UnsafePath(ValueError):
    """An output path that climbs out of the folder it is given relative to."""


def safe_output_path(path: str | Path, protect: tuple[Path, ...] = ()) -> Path:
    """The path to write, refusing a relative path that escapes the current folder with '..'
    (an absolute path is taken as the person wrote it) and the files in `protect`."""
    given = Path(path)
    resolved = given.resolve() if given.is_absolute() else (Path.cwd() / given).resolve()
    if not given.is_absolute() and not resolved.is_relative_to(Path.cwd().resolve()):
        raise UnsafePath(
            f"{path}: climbs out of the current folder; give an absolute path if you mean to write there"
        )
    for guarded in protect:
        if resolved in (guarded.resolve(), guarded.resolve().with_name(guarded.name + ".wal")):
            raise UnsafePath(f"{path}: that is the database itself")
    return resolved


@contextmanager
def atomic_file(
    path: str | Path, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = ""
) -> Iterator[IO]:
    """A file written under a temporary name in the same folder and renamed into place when the
    block ends: a crash or an error never leaves half a file (nor removes the old one)."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {} if binary else {"encoding": encoding, "newline": newline}
    handle = tempfile.NamedTemporaryFile(
        "wb" if binary else "w",
        delete=False,
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".tmp",
        **options,
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_csv(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, excel_bom: bool = False
) -> int:
    """Write rows to `path` atomically, formulas neutralised. Returns the rows written."""
    count = 0
    with atomic_file(path, encoding="utf-8-sig" if excel_bom else "utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
            count += 1
    return count
