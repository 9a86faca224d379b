"""Writing CSV and XLSX exports that a spreadsheet cannot run as formulas.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula ("formula injection", OWASP
CSV Injection). Every CSV and XLSX writer in Roundtable goes through this module:

- CSV: such text gets a leading single quote (OWASP's advice), `'=SUM(A1)`. The
  import reader (`core.imports`) takes that quote off again, so an exported file
  re-imports to exactly the stored text. Text that already starts with quotes
  before such a character gets one more, so the round trip is exact for it too.
- XLSX: such text is written as a text cell (never a formula) with Excel's
  "quote prefix" style, so it stays text even when someone edits the cell; the
  stored text is kept exactly, with no quote added.
- Numbers stay numbers: only text is neutralised, and text that is just a number
  ("-3.5", "+44") is left alone as harmless.
- A list page downloads through a `Listing`: its columns and the page's own
  request→rows function, so the download keeps the page's filters and reads the
  same `visible_to` rules; `download_links` gives the page its two links.
- Worksheet names (`sheet_name`) are cut to Excel's 31 characters, lose []:*?/\\,
  and are made unique.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roundtable.core.words import listed

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse, QueryDict
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)%?$")


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text)


def needs_quote(text: str) -> bool:
    """Whether `text` must be quoted in a CSV export: it would run as a formula, or it
    already starts with quotes before such text (so the importer's unquoting cannot
    be confused)."""
    return _is_formula_like(text.lstrip("'"))


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: text that would run as a formula gets a leading quote;
    anything else (numbers included) is returned as it is."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def csv_unquote(text: str) -> str:
    """Undo `csv_safe`: the import reader's side of the round trip."""
    if text.startswith("'") and needs_quote(text[1:]):
        return text[1:]
    return text


def write_csv(rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows (the header first) as CSV in UTF-8, each text cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue().encode()


def set_cell(cell: Cell, value: Any) -> Cell:
    """Put `value` in an XLSX cell; text that would run as a formula is stored as text
    with a quote prefix, exactly as given."""
    cell.value = value
    if isinstance(value, str) and _is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)`, made safe."""
    return set_cell(sheet.cell(row=row, column=column), value)


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, made safe."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and _is_formula_like(value):
            set_cell(sheet.cell(row=row, column=column), value)


_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
_SHEET_NAME_LENGTH = 31


def sheet_name(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, not
    starting or ending with an apostrophe, and unique (ignoring case) in `taken`,
    which it is added to."""
    base = " ".join(name.translate(_SHEET_NAME_FORBIDDEN).split()).strip("'") or "Sheet"
    candidate = base[:_SHEET_NAME_LENGTH].strip()
    number = 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = base[: _SHEET_NAME_LENGTH - len(suffix)].strip() + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


# Downloads of a list page ------------------------------------------------------

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_bytes(header: list[str], rows: Iterable[Iterable[Any]], fmt: str, title: str) -> bytes:
    """A list as CSV or as XLSX (one sheet named `title`, a bold header row, the
    header frozen), every text cell made safe."""
    rows = [list(row) for row in rows]
    if fmt == "csv":
        return write_csv([header, *rows])
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(title, set())
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    for column, heading in enumerate(header, start=1):
        longest = max([len(str(heading)), *(len(str(r[column - 1] or "")) for r in rows[:200])])
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = min(
            60, max(10, longest + 2)
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_download(
    header: list[str], rows: Iterable[Iterable[Any]], fmt: str, filename: str, title: str
):  # -> HttpResponse (imported here: this module is also used outside requests)
    """The HTTP download of `table_bytes`, named `<filename>.<fmt>`."""
    from django.http import HttpResponse

    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    response = HttpResponse(table_bytes(header, rows, fmt, title), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# One list page, downloaded with its filters -----------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list download: its heading in plain English and how a row
    gives its value (a date becomes ISO text; see `cell`)."""

    heading: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Listing:
    """A list page's CSV and XLSX download.

    `rows` is the page's own request→rows function: the page shows (a page of) what
    it returns and the download writes all of it, so both read the same filters and
    the same `visible_to` rules. `name` starts the file name (the partnership's slug
    is added), `title` names the XLSX sheet, and a last "Address" column gives each
    row's page (its `get_absolute_url`) unless `addresses` is False."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[HttpRequest], Iterable[Any]]
    addresses: bool = True

    def download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        """The view: every row the page lists, as CSV or XLSX."""
        if fmt not in EXPORT_FORMATS:
            from django.http import Http404

            raise Http404("Downloads are CSV or XLSX")
        rows = []
        for row in self.rows(request):
            values = [cell(column.value(row)) for column in self.columns]
            if self.addresses:
                values.append(request.build_absolute_uri(row.get_absolute_url()))
            rows.append(values)
        partnership = getattr(request, "partnership", None)
        filename = f"{self.name}-{partnership.slug}" if partnership else self.name
        header = [column.heading for column in self.columns]
        if self.addresses:
            header.append("Address")
        return table_download(header, rows, fmt, filename, self.title)


def cell(value: Any) -> Any:
    """A value as a download writes it: dates and times in ISO 8601 (times in the
    site's time zone, to the minute), yes/no for booleans, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def download_links(request: HttpRequest, url_name: str, *args: Any) -> dict[str, str]:
    """The page's CSV and XLSX download addresses, carrying its filters (its query
    string without the page number)."""
    from django.urls import reverse

    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    links = {}
    for fmt in EXPORT_FORMATS:
        url = reverse(url_name, args=[*args, fmt])
        links[fmt] = f"{url}?{encoded}" if encoded else url
    return links


def download_here(
    request: HttpRequest, leave_out: tuple[str, ...] = (), asked: QueryDict | None = None
) -> dict[str, str]:
    """The CSV and XLSX addresses of a page that downloads itself (`?download=csv`):
    its query string (or `asked`, the choices the page shows when they are not those
    its address asks for) with every choice kept, but those named in `leave_out`."""
    links = {}
    for fmt in EXPORT_FORMATS:
        query = (request.GET if asked is None else asked).copy()
        for name in leave_out:
            query.pop(name, None)
        query["download"] = fmt
        links[fmt] = f"?{query.urlencode()}"
    return links


def download_problem(fmt: str) -> str:
    """What is wrong with a page's `?download=`, in the words every page that downloads
    itself shows beside its download links (naming the choice, what was asked for and
    the formats there are); "" when it asks for one of `EXPORT_FORMATS`, or for none."""
    if not fmt or fmt in EXPORT_FORMATS:
        return ""
    formats = listed(EXPORT_FORMATS, "or")
    return f"download: \u201c{fmt}\u201d is not a format to download; choose {formats}"
