"""Tables people make and edit (decision sheets, review verdicts, screening tools' exports): CSV
or TSV in any encoding, with or without a BOM, with any usual delimiter, or an Excel workbook;
read whole, row by row, each row with the line (or sheet row) it came from."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

MAX_TABLE_BYTES = 512 * 1024 * 1024
_DELIMITERS = ",;\t|"


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why."""


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else Windows-1252.

    Exports from Windows tools (EndNote, Excel, Rayyan's CSV opened and saved in Excel) are often
    cp1252; latin-1 is the last resort because it accepts every byte.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniff window is still UTF-8.
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a whole file's bytes, by the rules of `detect_encoding`."""
    encoding = detect_encoding(data)
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            encoding = "cp1252"  # a stray Windows byte somewhere past the first ones
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


@dataclass
class Table:
    path: Path
    kind: str  # csv, tsv, excel
    encoding: str | None
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line or sheet row, cell by column name)

    def column(self, *names: str) -> str | None:
        """The first of these columns the table has (names compared without case or spaces);
        a TableError when the table has two columns of that name (which one would count?)."""
        keys = {key(h): h for h in self.header}
        for name in names:
            if key(name) in keys:
                same = [h for h in self.header if key(h) == key(name)]
                if len(same) > 1:
                    raise TableError(
                        f"{self.path}:1: {len(same)} columns are named like {same[0]!r}; "
                        "keep the one that counts"
                    )
                return keys[key(name)]
        return None


def key(name: str) -> str:
    """A column name as compared: 'Published Year' = 'published_year' = 'publishedyear'."""
    return "".join(c for c in name.strip().lstrip("\ufeff").lower() if c.isalnum())


def read_bytes(path: Path, error: type[Exception], limit: int | None = None) -> bytes:
    """The file's bytes (the first `limit` of them), or `error` saying plainly why not."""
    try:
        with path.open("rb") as handle:
            return handle.read(-1 if limit is None else limit)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read it ({exc.strerror})") from None


def read_table(path: Path) -> Table:
    data = read_bytes(path, TableError)
    if len(data) > MAX_TABLE_BYTES:
        raise TableError(f"{path}: {len(data):,} bytes is more than a table of decisions can be")
    if not data.strip():
        raise TableError(f"{path}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_excel(path, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(f"{path}: an old Excel (.xls) workbook; save it as .xlsx or CSV")
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise TableError(f"{path}: a binary file, not a table")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    # Strict: a stray or unclosed quote is an error at its line, never rows run together.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise TableError(f"{path}:1: not a readable table ({exc})") from None
    header = [h.strip() for h in header]
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TableError(f"{path}:{line}: not a readable table here ({exc})") from None
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise TableError(
                f"{path}:{line}: {len(cells)} cells where the header has {len(header)} "
                f"(a {'tab' if delimiter == chr(9) else repr(delimiter)} inside a cell that is not quoted?)"
            )
        if any(c.strip() for c in cells):
            rows.append((line, dict(zip(header, cells, strict=False))))
        line = reader.line_num + 1
    return Table(path, "tsv" if delimiter == "\t" else "csv", encoding, header, rows)


def _read_excel(path: Path, data: bytes) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a declared dependency
        raise TableError(f"{path}: an Excel workbook; install openpyxl to read it") from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any workbook the library cannot open
        raise TableError(f"{path}: a ZIP file, but not an Excel workbook we can read ({exc})") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = ["" if v is None else str(v).strip() for v in next(values)]
    except StopIteration:
        raise TableError(f"{path}: the first sheet is empty") from None
    rows = []
    for number, cells in enumerate(values, start=2):
        texts = ["" if v is None else _cell(v) for v in cells]
        if any(t.strip() for t in texts):
            rows.append((number, dict(zip(header, texts, strict=False))))
    workbook.close()
    return Table(path, "excel", None, header, rows)


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 1 as 1.0
    return str(value)
