"""Reading CSV and XLSX tables for imports, and reporting what is wrong with them.

Every importer in Roundtable follows the same shape:

1. `read_table()` turns an uploaded or local file into a `Table` of rows, each
   with its spreadsheet row number (the header is row 1).
2. The importer checks the headers (`check_headers`) and every row, collecting
   each problem as a `RowError` ("Row 14, start_date: enter a date like
   2011-10-24") instead of stopping at the first.
3. If anything is wrong it raises `ImportFailed(errors)` and writes nothing;
   otherwise it writes every row inside one `transaction.atomic()`.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

SUPPORTED = (".csv", ".xlsx")


@dataclass(frozen=True)
class RowError:
    """One problem in an import: where it is and what to do about it."""

    row: int | None
    column: str | None
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(self.column)
        prefix = ", ".join(where)
        text = f"{prefix}: {self.message}" if prefix else self.message
        return f"{self.file}: {text}" if self.file else text


class ImportFailed(Exception):  # noqa: N818 - reads as a sentence: raise ImportFailed(errors)
    """Raised with every problem found; nothing has been written."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class Table:
    filename: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def normalise_header(value: object) -> str:
    """'Start date ' -> 'start_date'; 'Members’ role' -> 'members_role'."""
    text = str(value or "").strip().lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_csv(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFailed(
                [RowError(None, None, f"{filename} is not a text CSV file: save it as CSV (UTF-8)")]
            ) from None
    return list(csv.reader(io.StringIO(text, newline="")))


def _rows_from_xlsx(data: bytes, filename: str) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            [RowError(None, None, f"{filename} could not be read as an Excel workbook ({exc})")]
        ) from None
    sheet = workbook.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(source: Path | str | IO[bytes], filename: str | None = None) -> Table:
    """Read the first sheet of an XLSX file, or a CSV file, into a Table.

    Raises ImportFailed for an unsupported type, an unreadable or empty file, a
    file with no header row, or duplicate column names.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFailed(
                [RowError(None, None, f"Cannot read {path}: {exc.strerror}")]
            ) from None
    else:
        data = source.read()
        filename = filename or getattr(source, "name", "upload")
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        raise ImportFailed(
            [
                RowError(
                    None,
                    None,
                    f"{filename}: upload a CSV or XLSX file (got '{suffix or 'no extension'}')",
                )
            ]
        )
    if not data.strip():
        raise ImportFailed([RowError(None, None, f"{filename} is empty: it has no header row")])
    if suffix == ".csv":
        raw = _rows_from_csv(data, filename)
    else:
        try:
            raw = _rows_from_xlsx(data, filename)
        except ImportFailed:
            raise
        except Exception as exc:  # noqa: BLE001 - any broken workbook is reported, not a 500
            raise ImportFailed(
                [RowError(None, None, f"{filename} could not be read as an Excel workbook ({exc})")]
            ) from None
    if not any(any(str(c).strip() for c in r) for r in raw):
        raise ImportFailed([RowError(None, None, f"{filename} is empty: it has no header row")])
    if not any(str(c).strip() for c in raw[0]):
        raise ImportFailed([RowError(1, None, "row 1 is empty; put the column names in row 1")])
    headers = [normalise_header(h) for h in raw[0]]
    while headers and headers[-1] == "":
        headers.pop()
    seen: set[str] = set()
    duplicates = sorted({h for h in headers if h and (h in seen or seen.add(h))})
    if duplicates:
        raise ImportFailed(
            [RowError(1, h, "this column appears more than once; keep one") for h in duplicates]
        )
    table = Table(filename=filename, headers=headers)
    # Row numbers count the header as row 1, as a spreadsheet shows them.
    for number, cells in enumerate(raw[1:], start=2):
        values = {
            h: _cell(cells[i]).strip() if i < len(cells) else "" for i, h in enumerate(headers) if h
        }
        if any(values.values()):
            table.rows.append(Row(number=number, values=values))
    return table


def check_headers(
    table: Table, required: Iterable[str], optional: Iterable[str] = ()
) -> list[RowError]:
    """Missing required columns and unknown columns, named."""
    required = list(required)
    known = set(required) | set(optional)
    present = {h for h in table.headers if h}
    errors = [
        RowError(1, column, "this column is missing; add it to the header row")
        for column in required
        if column not in present
    ]
    errors += [
        RowError(1, column, f"unknown column; expected some of: {', '.join(sorted(known))}")
        for column in table.headers
        if column and column not in known
    ]
    return errors


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def parse_date(value: str) -> datetime.date:
    """Parse 2011-10-24, 24/10/2011 or 24 October 2011; ValueError otherwise."""
    value = value.strip()
    if "T" in value:
        value = value.split("T", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(value)


class RowReader:
    """Reads typed values out of one row, recording a RowError for each bad one."""

    def __init__(self, row: Row, errors: list[RowError]) -> None:
        self.row = row
        self.errors = errors

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.row.number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row.get(column)
        if required and not value:
            self.error(column, "enter a value; it is required")
        if max_length is not None and len(value) > max_length:
            self.error(column, f"use {max_length} characters or fewer (this has {len(value)})")
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.row.get(column)
        if not value:
            if required:
                self.error(column, "enter a date like 2011-10-24")
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.error(column, f"'{value}' is not a date; enter a date like 2011-10-24")
            return None

    def choice(
        self, column: str, choices: Iterable[tuple[str, str]], *, required: bool = True
    ) -> str:
        """Accept a choice's value or its label, case-insensitively."""
        value = self.row.get(column)
        if not value:
            if required:
                self.error(column, "enter a value; it is required")
            return ""
        options = list(choices)
        wanted = normalise_header(value)
        for key, label in options:
            if wanted in (normalise_header(key), normalise_header(label)):
                return key
        labels = ", ".join(label for _, label in options)
        self.error(column, f"'{value}' is not one of: {labels}")
        return ""

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value = self.row.get(column)
        if not value:
            if required:
                self.error(column, "enter a whole number")
            return None
        try:
            return int(value)
        except ValueError:
            self.error(column, f"'{value}' is not a whole number; enter a number like 3")
            return None
