"""CSV files for people and spreadsheets: written atomically, formulas neutralised."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

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
        raise UnsafePath(f"{path}: climbs out of the current folder; give an absolute path if "
                         "you mean to write there")
    for guarded in protect:
        if resolved in (guarded.resolve(), guarded.resolve().with_name(guarded.name + ".wal")):
            raise UnsafePath(f"{path}: that is the database itself")
    return resolved


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              *, excel_bom: bool = False) -> int:
    """Write rows to `path` via a temporary file in the same folder, then rename: a crash never
    leaves half a file. Returns the number of rows written."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8-sig" if excel_bom else "utf-8", newline="", delete=False,
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([safe_cell(v) for v in row])
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return count
