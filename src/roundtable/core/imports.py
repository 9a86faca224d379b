"""Reading CSV and XLSX tables for imports, and reporting what is wrong with them.

Every importer in Roundtable follows the same shape:

1. `read_table()` turns an uploaded or local file into a `Table` of rows, each
   with its spreadsheet row number (the header is row 1).
2. The importer checks the headers (`check_headers`) and every row, collecting
   each problem as a `RowError` ("Row 14, start_date: enter a date like
   2026-11-16", an example worked out on the day: `core.dates`) instead of
   stopping at the first.
3. If anything is wrong it raises `ImportFailed(errors)` and writes nothing;
   otherwise it writes every row inside one `transaction.atomic()`.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from roundtable.core.dates import example_date_iso
from roundtable.core.exports import csv_unquote

SUPPORTED = (".csv", ".xlsx")
# The longest cell an import reads: Python's csv module stops at this length by default,
# and no field of any import needs more.
MAX_CELL_CHARACTERS = 131_072
SAVE_AS_CSV_UTF8 = (
    "Save the file as CSV UTF-8: in Excel choose File, Save As, then "
    "‘CSV UTF-8 (Comma delimited) (*.csv)’"
)
_CSV_LIMIT = threading.Lock()


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


def run_upload(
    request: Any,
    form: Any,
    run: Callable[[dict[str, Any]], Any],
    *,
    field: str = "file",
    files: bool = False,
) -> tuple[list[RowError], Any]:
    """An upload page's work: for a POSTed form that is valid, `run(cleaned_data)`
    (which reads the file and imports it, all or nothing) and its summary; or the
    problems of the file, by row and column. Nothing when the form was not posted
    or has errors of its own (the form shows them).

    When the file has problems, its input (`field`; `files` where several files are
    uploaded together) says so too, as GOV.UK asks of a field its error summary links
    to, in the summary's own words (`not_imported`). The page's summary is the
    upload's, listing the problems (core/partials/_import_error_summary.html), so the
    form's own is marked as shown."""
    if request.method != "POST" or not form.is_valid():
        return [], None
    try:
        return [], run(form.cleaned_data)
    except ImportFailed as failure:
        form.add_error(field, not_imported(len(failure.errors), files=files))
        form.summary_shown = True
        return failure.errors, None


def not_imported(total: int, *, files: bool = False) -> str:
    """ "The file was not imported: fix 3 problems and upload it again", the title of
    an upload's error summary and the message at its file input."""
    were, them = ("files were", "them") if files else ("file was", "it")
    problems = f"{total} problem{'' if total == 1 else 's'}"
    return f"The {were} not imported: fix {problems} and upload {them} again"


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
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column_letter(index: int) -> str:
    """0 -> 'A', 26 -> 'AA', as a spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 file ("Unicode text" in Excel): a UTF-16 byte order mark, or a NUL in
    every other byte of its start."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    start = data[:4096]
    return len(start) >= 4 and start.count(0) >= len(start) // 4


def _rows_from_csv(data: bytes, filename: str) -> list[list[str]]:
    if _looks_like_utf16(data):
        raise ImportFailed(
            [RowError(None, None, f"{filename} is saved as UTF-16 text. {SAVE_AS_CSV_UTF8}")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFailed(
                [RowError(None, None, f"{filename} is not a text CSV file. {SAVE_AS_CSV_UTF8}")]
            ) from None
    # No cell can be longer than the whole file: let the reader take any cell, so a
    # long one is refused below with its row and column instead of crashing here. The
    # limit is process-wide and only ever raised.
    with _CSV_LIMIT:
        if csv.field_size_limit() <= len(text):
            csv.field_size_limit(len(text) + 1)
    try:
        # A CSV export quotes text a spreadsheet would run as a formula ('=A1); take
        # that quote off so an exported file re-imports to exactly what was stored.
        return [
            [csv_unquote(cell) if cell[:1] == "'" else cell for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""))
        ]
    except csv.Error as exc:
        raise ImportFailed(
            [
                RowError(
                    None, None, f"{filename} could not be read as CSV ({exc}). {SAVE_AS_CSV_UTF8}"
                )
            ]
        ) from None


# A problem the XLSX reader found in one cell: (row number, column index, message).
CellProblem = tuple[int, int, str]
_FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?f[\s>/]|mergeCell\b")
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _cell_position(ref: str) -> tuple[int, int]:
    """'B3' -> (3, 1): the row number and the 0-based column index."""
    match = _CELL_REF.match(ref.replace("$", "").upper())
    if match is None:
        raise ValueError(ref)
    letters, digits = match.groups()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return int(digits), index - 1


def _xlsx_problems(sheet: object) -> list[CellProblem]:
    """Formulas with no saved result (openpyxl reads them as blank) and merged cells
    (every cell but the first reads as blank) in a read-only worksheet's XML."""
    from openpyxl.xml.functions import iterparse

    with sheet._get_source() as source:  # type: ignore[attr-defined]
        xml = source.read()
    if not _FORMULA_OR_MERGE.search(xml):
        return []
    problems: list[CellProblem] = []
    for _, element in iterparse(io.BytesIO(xml), events=("end",)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "c":
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            cached = children.get("v")
            # openpyxl and some tools write <v/> for "not calculated"; Excel writes an
            # empty <v> only for a formula whose result is the empty text (t="str").
            if (
                "f" in children
                and element.get("r")
                and (cached is None or (not cached.text and element.get("t") != "str"))
            ):
                formula = (children["f"].text or "").strip()
                row, column = _cell_position(element.get("r"))
                problems.append(
                    (
                        row,
                        column,
                        f"this cell has a formula (={formula}) with no saved result; open the "
                        "file in Excel and save it again, or paste the values in place of "
                        "the formula",
                    )
                )
            element.clear()
        elif tag == "mergeCell":
            ref = element.get("ref", "")
            first, _, last = ref.partition(":")
            if last and first != last:
                row, column = _cell_position(first)
                problems.append(
                    (
                        row,
                        column,
                        f"cells {ref} are merged, so all but the first read as blank; unmerge "
                        "them and fill in every cell",
                    )
                )
    return problems


def _rows_from_xlsx(data: bytes, filename: str) -> tuple[list[list[object]], list[CellProblem]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            [RowError(None, None, f"{filename} could not be read as an Excel workbook ({exc})")]
        ) from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    problems = _xlsx_problems(sheet)
    workbook.close()
    return rows, problems


def _text_problem(value: str) -> str | None:
    """Why a cell's text cannot be imported: a NUL character (PostgreSQL cannot store
    one) or more than MAX_CELL_CHARACTERS; None when it can."""
    if "\x00" in value:
        return (
            "this cell contains a NUL character (an invisible control code); delete it. "
            + SAVE_AS_CSV_UTF8
        )
    if len(value) > MAX_CELL_CHARACTERS:
        return (
            f"this cell has {len(value):,} characters; the most a cell can have is "
            f"{MAX_CELL_CHARACTERS:,}"
        )
    return None


def _cell_problems(headers: list[str], cells: list[str]) -> Iterator[tuple[int, str]]:
    """What is wrong with the cells of one data row: (column index, message)."""
    for index, value in enumerate(cells):
        if not value:
            continue
        if index >= len(headers) or not headers[index]:
            if value.strip():
                yield (
                    index,
                    "this cell has a value but its column has no name in row 1; name the "
                    "column or delete the value",
                )
            continue
        problem = _text_problem(value)
        if problem:
            yield index, problem


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
    problems: list[CellProblem] = []
    if suffix == ".csv":
        rows = _rows_from_csv(data, filename)
    else:
        try:
            raw, problems = _rows_from_xlsx(data, filename)
        except ImportFailed:
            raise
        except Exception as exc:  # noqa: BLE001 - any broken workbook is reported, not a 500
            raise ImportFailed(
                [RowError(None, None, f"{filename} could not be read as an Excel workbook ({exc})")]
            ) from None
        rows = [[_cell(c) for c in r] for r in raw]
    if not any(any(c.strip() for c in r) for r in rows):
        raise ImportFailed([RowError(None, None, f"{filename} is empty: it has no header row")])
    if not any(c.strip() for c in rows[0]):
        raise ImportFailed([RowError(1, None, "row 1 is empty; put the column names in row 1")])
    headers = [normalise_header(h) for h in rows[0]]
    while headers and headers[-1] == "":
        headers.pop()

    def column_name(index: int) -> str:
        if index < len(headers) and headers[index]:
            return headers[index]
        return f"column {_column_letter(index)}"

    errors = [RowError(number, column_name(index), message) for number, index, message in problems]
    # Header cells: a NUL or an over-long name is refused like any other cell.
    errors += [
        RowError(1, f"column {_column_letter(index)}", problem)
        for index, name in enumerate(rows[0])
        if (problem := _text_problem(name))
    ]
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    seen: set[str] = set()
    duplicates = sorted({h for h in headers if h and (h in seen or seen.add(h))})
    if duplicates:
        raise ImportFailed(
            [RowError(1, h, "this column appears more than once; keep one") for h in duplicates]
        )
    table = Table(filename=filename, headers=headers)
    # Row numbers count the header as row 1, as a spreadsheet shows them.
    named_only = all(headers)
    for number, cells in enumerate(rows[1:], start=2):
        joined = "".join(cells)
        # Most rows have nothing wrong: look cell by cell only when the row might.
        if (
            not named_only
            or len(cells) > len(headers)
            or "\x00" in joined
            or len(joined) > MAX_CELL_CHARACTERS
        ):
            errors += [
                RowError(number, column_name(index), message)
                for index, message in _cell_problems(headers, cells)
            ]
        values = {h: cells[i].strip() if i < len(cells) else "" for i, h in enumerate(headers) if h}
        if any(values.values()):
            table.rows.append(Row(number=number, values=values))
    if errors:
        raise ImportFailed(errors)
    return table


def check_headers(
    table: Table, required: Iterable[str], optional: Iterable[str] = ()
) -> list[RowError]:
    """Missing required columns and unknown columns, named; when the columns are
    right but no row follows the header, says so (an import of nothing is refused,
    not reported as "Imported 0")."""
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
    if not errors and not table.rows:
        errors.append(RowError(None, None, f"{table.filename} has a header but no rows"))
    return errors


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def duplicate_rows(
    table: Table, columns: Sequence[str], *, key: Callable[[str], str] = _folded
) -> list[RowError]:
    """Rows that repeat an earlier row's `columns` (compared through `key`: by default
    ignoring case and spacing): a file must name each record once, or one row would
    silently overwrite another. Rows whose last column is blank are left to the
    required-value check."""
    first: dict[tuple[str, ...], int] = {}
    errors = []
    for row in table:
        values = tuple(key(row.get(column)) for column in columns)
        if not values[-1]:
            continue
        if values in first:
            errors.append(
                RowError(
                    row.number, columns[-1], f"this is a duplicate of row {first[values]}; keep one"
                )
            )
        else:
            first[values] = row.number
    return errors


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def parse_date(value: str) -> datetime.date:
    """Parse 2011-10-24, 24/10/2011 or 24 October 2011; ValueError otherwise.

    A date and time (2011-10-24T10:30:00, as a spreadsheet writes one) gives its date,
    but only when the time is a real one: 2011-10-24T25:61:00 is refused."""
    value = value.strip()
    if "T" in value:
        try:
            return datetime.datetime.fromisoformat(value).date()
        except ValueError:
            raise ValueError(value) from None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(value)


def date_example(*, near_future: bool = False) -> str:
    """The example date an import's message gives, worked out today and written as a
    file writes it: the 16th of last month ("2026-11-16"), or with `near_future` (a
    date planned ahead) of next month (`core.dates.example_date_iso`)."""
    from django.utils import timezone

    return example_date_iso(timezone.localdate(), past=not near_future)


YES_WORDS = frozenset({"yes", "y", "true", "1"})
NO_WORDS = frozenset({"no", "n", "false", "0"})


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

    def date(
        self, column: str, *, required: bool = False, near_future: bool = False
    ) -> datetime.date | None:
        """The column's date; its errors give an example worked out today: the 16th of
        last month, or with `near_future` (a date planned ahead: a due date, an end)
        of next month (`core.dates`)."""
        value = self.row.get(column)
        if not value:
            if required:
                self.error(column, f"enter a date like {date_example(near_future=near_future)}")
            return None
        try:
            return parse_date(value)
        except ValueError:
            example = date_example(near_future=near_future)
            self.error(column, f"'{value}' is not a date; enter a date like {example}")
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

    def yes_no(self, column: str, *, default: bool) -> bool:
        """ "yes"/"no" (or y/n, true/false, 1/0, any case); `default` when blank."""
        value = self.row.get(column).strip().lower()
        if not value:
            return default
        if value in YES_WORDS:
            return True
        if value in NO_WORDS:
            return False
        self.error(column, f"'{self.row.get(column)}' is not yes or no; enter yes or no")
        return default

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
