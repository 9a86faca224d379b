"""The quarterly performance report as an HTML page, a PDF, a spreadsheet and JSON.

Every format lays out the same `Report` (see `report.py`); none of them queries the
database, so each can be tested with a hand-made report. `ReportLayout` turns a
report into the words and figures the HTML page and the PDF print: figures with the
indicator's decimal places and unit ("98.69%"), estimates as "421 (est)", missing
figures as "N/A" (never 0), directions as arrows with words, and statuses as coloured
tags with words (never colour alone). The spreadsheet keeps real numbers instead.
"""

from __future__ import annotations

import calendar
import datetime
import io
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from roundtable.core.exports import set_cell, sheet_name, write_cell
from roundtable.performance.choices import IssueKind, IssueStatus
from roundtable.performance.periods import Period, PeriodKind, parse_period
from roundtable.performance.report import (
    Commentary,
    Figure,
    IssueRow,
    NarrativeSection,
    Report,
    ReportRow,
    report_json,
)
from roundtable.performance.rules import (
    Direction,
    Status,
)
from roundtable.performance.svg import format_number, sparkline

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "INTERNAL_VERSION",
    "PUBLIC_VERSION",
    "RAG_COLOURS",
    "PdfPart",
    "ReportLayout",
    "render_html",
    "render_html_document",
    "render_json",
    "pdf_parts",
    "render_pdf",
    "render_xlsx",
    "report_downloads",
    "report_layout",
]

ESTIMATED = " (est)"
PUBLIC_VERSION = "Public version"
# "May": the internal version is the one that would show figures awaiting approval
# and unpublished indicators, whether or not this period has any.
INTERNAL_VERSION = (
    "Internal version — may include figures not yet approved and indicators not published"
)
DOWNLOAD_FORMATS = ("pdf", "xlsx", "json")


@dataclass(frozen=True)
class RagColour:
    """How one RAG colour is printed: a fill and a text colour that reads on it."""

    name: str
    fill: str  # hex without "#", as openpyxl wants it
    text: str


# GOV.UK Frontend's palette. Every status also prints its words.
RAG_COLOURS: dict[str, RagColour] = {
    "green": RagColour("green", "00703C", "FFFFFF"),
    "amber": RagColour("amber", "FFDD00", "0B0C0C"),
    "red": RagColour("red", "D4351C", "FFFFFF"),
    "grey": RagColour("grey", "B1B4B6", "0B0C0C"),
}

COMMENTARY_HEADINGS = (
    ("progress", "Progress"),
    ("key_events", "Key events or activities"),
    ("challenges", "Challenges, risks or issues"),
    ("mitigations", "Mitigating actions"),
)


# Layout: the report in words ---------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure as printed: "421 (est)", "98.69%" or "N/A", with an optional note
    under it ("Target 982")."""

    text: str
    missing: bool = False
    note: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class RowView:
    """One indicator's row, in words, for the HTML page and the PDF."""

    row: ReportRow
    unit_label: str
    baseline: Cell
    previous: Cell
    months: list[Cell]
    actual: Cell
    target: Cell
    ytd: Cell
    year_end_target: Cell
    forecast: Cell
    direction_note: str
    trend: SafeString
    commentary: list[tuple[str, str]]

    @property
    def leading_figures(self) -> list[Cell]:
        """The figures before the period's own: last year, the previous period, the months."""
        return [self.baseline, self.previous, *self.months]

    @property
    def trailing_figures(self) -> list[Cell]:
        """The figures after the period's own: target, year to date, year end."""
        return [self.target, self.ytd, self.year_end_target, self.forecast]


@dataclass(frozen=True)
class SectionView:
    """One theme: its rows and how many indicators have each status."""

    theme: str
    anchor: str
    rows: list[RowView]
    counts: list[tuple[Status, int]]

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class IssueView:
    code: str
    issue: str
    kind: str
    recommended_decision: str
    board_decision: str
    status: str
    raised_on: str
    replaced_by: str


@dataclass(frozen=True)
class Headings:
    """Column headings that depend on the report period, worded as in the Ealing tables."""

    baseline: str
    previous: str
    months: list[str]  # the rows' month labels, to look their figures up
    actual: str
    direction: str
    direction_against: str = ""  # the period most rows' direction compares with

    @property
    def month_headings(self) -> list[str]:
        """The months as printed: "Jul 2011"."""
        return [month_heading(label) for label in self.months]

    @property
    def column_count(self) -> int:
        return 15 + len(self.months)


@dataclass(frozen=True)
class ReportLayout:
    """Everything the report templates print, worked out once (STYLE.md 13)."""

    report: Report
    version: str
    generated: str
    headings: Headings
    highlights: list[RowView]
    sections: list[SectionView]
    totals: list[tuple[Status, int]]
    issues: list[IssueView]
    statuses: list[Status] = field(default_factory=lambda: list(Status))
    directions: list[Direction] = field(default_factory=lambda: list(Direction))
    rag_colours: list[RagColour] = field(default_factory=lambda: list(RAG_COLOURS.values()))
    downloads: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.totals)


def unit_label(unit: str) -> str:
    """The unit as a note under the indicator's name; none for plain counts and for
    the units every figure already shows (% and £)."""
    if unit in ("", "count", "%", "£"):
        return ""
    return unit[:1].upper() + unit[1:]


def figure_cell(
    figure: Figure | Decimal | None, decimals: int, unit: str, *, note: str = ""
) -> Cell:
    """A figure as the report prints it, with " (est)" after an estimate."""
    if isinstance(figure, Figure):
        value, estimated = figure.value, figure.estimated
    else:
        value, estimated = figure, False
    if value is None:
        return Cell(format_number(None), missing=True, note=note)
    text = format_number(value, decimals, unit)
    return Cell(text + ESTIMATED if estimated else text, note=note)


def month_heading(label: str) -> str:
    """ "2011-07" or "July 2011" → "Jul 2011"; anything else is printed as given."""
    try:
        period = parse_period(label)
    except ValueError:
        return label
    if period.kind is not PeriodKind.MONTH:
        return label
    return f"{calendar.month_abbr[period.calendar_month]} {period.calendar_year}"


def _most_common(values: Iterable[str], default: str) -> str:
    counts = Counter(value for value in values if value)
    return counts.most_common(1)[0][0] if counts else default


def _headings(report: Report) -> Headings:
    rows = report.rows or report.highlights
    months: list[str] = []
    for row in rows:
        for label, _ in row.months:
            if label not in months:
                months.append(label)
    baseline = _most_common((row.baseline_period for row in rows), "Last year")
    previous = _most_common((row.previous_period for row in rows), "Previous period")
    against = _most_common((row.direction_against for row in rows), previous)
    # Cumulative indicators compare with the same period last year, the others with
    # the previous period: the heading names the commoner, and says when some rows
    # (each noting its own) compare with another.
    noted = any(row.direction_against not in ("", against) for row in rows)
    return Headings(
        baseline=f"{baseline} (last year)",
        previous=previous,
        months=months,
        actual=report.period.label,
        direction=f"Direction of travel (vs {against}{', unless noted' if noted else ''})",
        direction_against=against,
    )


def direction_note(row: ReportRow, headings: Headings) -> str:
    """ "vs 2010/11 Q2" when the row's direction compares with another period than its
    column's heading names (a cumulative indicator's same period last year), else ""."""
    if row.direction_against and row.direction_against != headings.direction_against:
        return f"vs {row.direction_against}"
    return ""


def row_view(
    row: ReportRow, headings: Headings, *, chart_width: int = 120, chart_height: int = 32
) -> RowView:
    """One row in words. A period that differs from its column's heading (a 4-monthly
    indicator's tranche under "Quarter 1") is noted in the cell."""
    decimals, unit = row.decimals, row.unit
    months = dict(row.months)
    ytd_note = ""
    if row.ytd_target is not None:
        ytd_note = f"Target {format_number(row.ytd_target, decimals, unit)}"
    forecast_note = (
        row.forecast_note or {True: "On track", False: "Not on track", None: ""}[row.on_track]
    )
    previous_note = "" if row.previous_period == headings.previous else row.previous_period
    chart = sparkline(
        row.trend,
        width=chart_width,
        height=chart_height,
        polarity=row.polarity,
        decimals=decimals,
        unit=unit,
    )
    return RowView(
        row=row,
        unit_label=unit_label(unit),
        baseline=figure_cell(row.baseline, decimals, unit),
        previous=figure_cell(row.previous, decimals, unit, note=previous_note),
        months=[
            figure_cell(months.get(label, Figure(None)), decimals, unit)
            for label in headings.months
        ],
        actual=figure_cell(row.actual, decimals, unit),
        target=figure_cell(row.target, decimals, unit),
        ytd=figure_cell(row.ytd, decimals, unit, note=ytd_note),
        year_end_target=figure_cell(row.year_end_target, decimals, unit),
        forecast=figure_cell(row.forecast, decimals, unit, note=forecast_note),
        direction_note=direction_note(row, headings),
        trend=mark_safe(chart),  # noqa: S308 -- sparkline() escapes every label itself
        commentary=commentary_items(row.commentary),
    )


def commentary_items(commentary: Commentary) -> list[tuple[str, str]]:
    """(heading, text) for each part of the commentary that was written."""
    return [
        (heading, getattr(commentary, name))
        for name, heading in COMMENTARY_HEADINGS
        if getattr(commentary, name)
    ]


def _choice_label(value: str, choices: type[IssueKind] | type[IssueStatus]) -> str:
    """A stored choice value in words ("no_data" → "No data available"); any other
    text as given."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def long_date(value: datetime.date | None) -> str:
    """ "16 January 2012", as GOV.UK writes dates."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def generated_text(moment: datetime.datetime) -> str:
    """ "10 January 2012 at 9:30am", in the site's time zone."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    hour = moment.hour % 12 or 12
    return f"{long_date(moment.date())} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def issue_view(issue: IssueRow) -> IssueView:
    return IssueView(
        code=issue.code,
        issue=issue.issue,
        kind=_choice_label(issue.kind, IssueKind),
        recommended_decision=issue.recommended_decision,
        board_decision=issue.board_decision or "Not yet decided",
        status=_choice_label(issue.status, IssueStatus),
        raised_on=long_date(issue.raised_on),
        replaced_by=", ".join(issue.replaced_by),
    )


def report_layout(
    report: Report,
    *,
    downloads: dict[str, str] | None = None,
    chart_width: int = 120,
    chart_height: int = 32,
) -> ReportLayout:
    """Work out every heading, figure and note the HTML page and the PDF print."""
    headings = _headings(report)

    def views(rows: list[ReportRow]) -> list[RowView]:
        return [
            row_view(row, headings, chart_width=chart_width, chart_height=chart_height)
            for row in rows
        ]

    sections = [
        SectionView(
            theme=section.theme,
            anchor=f"theme-{slugify(section.theme) or index}",
            rows=views(section.rows),
            counts=list(section.counts.items()),
        )
        for index, section in enumerate(report.themes, start=1)
    ]
    totals = dict.fromkeys(Status, 0)
    for section in report.themes:
        for status, count in section.counts.items():
            totals[status] += count
    return ReportLayout(
        report=report,
        version=PUBLIC_VERSION if report.public else INTERNAL_VERSION,
        generated=generated_text(report.generated_at),
        headings=headings,
        highlights=views(report.highlights),
        sections=sections,
        totals=list(totals.items()),
        issues=[issue_view(issue) for issue in report.data_issues],
        downloads=dict(downloads or {}),
    )


def report_downloads(report: Report) -> dict[str, str]:
    """Links to the PDF, XLSX and JSON of `report` for those of the URL names
    `performance:report-pdf`, `-xlsx` and `-json` that exist, each with
    `?period=2011/12%20Q2`."""
    query = urlencode({"period": str(report.period)}, quote_via=quote, safe="/")
    links: dict[str, str] = {}
    for kind in DOWNLOAD_FORMATS:
        try:
            links[kind] = f"{reverse(f'performance:report-{kind}')}?{query}"
        except NoReverseMatch:
            continue
    return links


# HTML --------------------------------------------------------------------------------


STATUS_BY_COLOUR = {status.colour: status for status in Status}


def status_from_colour(text: str) -> Status | None:
    """The status a `?status=` filter names ("red", "amber", "green" or "grey");
    None (show every row) for anything else."""
    return STATUS_BY_COLOUR.get(text.strip().lower())


@dataclass(frozen=True)
class PeriodOption:
    """One choice in the report's period picker."""

    value: str  # as the address carries it: "2011/12 Q2"
    label: str  # "Quarter 2 2011/12"
    selected: bool


def period_options(current: Period, periods: list[Period]) -> list[PeriodOption]:
    """The picker's choices: `periods` (newest first) with `current` selected. A
    period asked for by address that has no figures is offered too, saying so, so
    the picker never claims another period is on show."""
    options = [PeriodOption(str(p), p.label, p == current) for p in periods]
    if current not in periods:
        missing = PeriodOption(str(current), f"{current.label} (no figures)", True)
        later = [p for p in periods if current < p]
        options.insert(len(later), missing)
    return options


@dataclass(frozen=True)
class StatusFilter:
    """The `?status=` filter on the report page's tables."""

    status: Status
    shown: int  # rows with the status
    total: int  # rows in the report
    show_all_url: str


def _html_context(
    report: Report,
    downloads: dict[str, str] | None,
    *,
    periods: list[Period] | None = None,
    status: Status | None = None,
) -> dict[str, object]:
    if downloads is None:
        downloads = report_downloads(report)
    layout = report_layout(report, downloads=downloads)

    def shown(rows: list[RowView]) -> list[RowView]:
        return rows if status is None else [r for r in rows if r.row.status is status]

    tables = [(section, shown(section.rows)) for section in layout.sections]
    context: dict[str, object] = {
        "report": report,
        "layout": layout,
        "highlights": shown(layout.highlights),
        "tables": [(s, rows) for s, rows in tables if rows or status is None],
    }
    if periods is not None:  # the interactive page: a picker and filter links
        here = reverse("performance:report-period", args=[report.period.slug])
        context["period_options"] = period_options(report.period, periods)
        context["status_base"] = f"{here}?status="
        context["current_status"] = status.colour if status else ""
        if status is not None:
            context["status_filter"] = StatusFilter(
                status=status,
                shown=sum(len(rows) for _, rows in tables),
                total=layout.total,
                show_all_url=here,
            )
    return context


def render_html(
    request: HttpRequest,
    report: Report,
    downloads: dict[str, str] | None = None,
    *,
    periods: list[Period] | None = None,
    status: Status | None = None,
) -> HttpResponse:
    """The report page. `downloads` maps "pdf", "xlsx" and "json" to links; by
    default they are reversed from the `performance:report-*` URL names. With
    `periods` (newest first), a period picker offering them and summary counts that
    link to the rows of their status; `status` shows only the rows of that status."""
    context = _html_context(report, downloads, periods=periods, status=status)
    return render(request, "performance/report.html", context)


def render_html_document(report: Report, downloads: dict[str, str] | None = None) -> str:
    """The report page as a string, without a request (for benchmarks and e-mail):
    the page as an anonymous visitor sees it."""
    return render_to_string("performance/report.html", _html_context(report, downloads))


# PDF ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfPart:
    """Which sections of the report one PDF rendering lays out."""

    cover: bool = True
    highlights: bool = True
    sections: list[SectionView] = field(default_factory=list)
    issues: bool = True
    numbered: bool = True  # "Page X of Y" by CSS; False when the parts are numbered after
    unlinked: bool = False  # the cover cannot link to themes laid out in other parts


# A large report is laid out in parallel parts, one per processor (up to this many),
# once it has at least PDF_PARALLEL_ROWS rows: below that, starting a process costs
# more than it saves.
PDF_PROCESSES = 2
PDF_PARALLEL_ROWS = 120


def pdf_parts(layout: ReportLayout, count: int) -> list[PdfPart]:
    """Split the report into at most `count` parts of about as many rows, in order:
    the cover and highlights start the first, the data issues end the last, and a
    theme's table is never split (its headings repeat on each page it runs onto)."""
    sections = layout.sections
    if count <= 1 or not sections:
        return [PdfPart(sections=sections)]
    weights = [len(layout.highlights) + 20] + [len(s.rows) + 2 for s in sections]
    share = sum(weights) / min(count, len(sections))
    groups: list[list[SectionView]] = [[]]
    done = weights[0]
    for section, weight in zip(sections, weights[1:], strict=True):
        if groups[-1] and done + weight / 2 > share * len(groups) and len(groups) < count:
            groups.append([])
        groups[-1].append(section)
        done += weight
    last = len(groups) - 1
    return [
        PdfPart(
            cover=index == 0,
            highlights=index == 0,
            sections=group,
            issues=index == last,
            numbered=len(groups) == 1,
            unlinked=len(groups) > 1,
        )
        for index, group in enumerate(groups)
    ]


def _write_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _processes(layout: ReportLayout) -> int:
    """How many parts to lay out at once. Forking is only safe from a process with
    one thread (a command, gunicorn's sync workers): a thread of a threaded server
    could hold a lock that the forked worker would then wait on for ever."""
    rows = sum(len(s.rows) for s in layout.sections) + len(layout.highlights)
    if rows < PDF_PARALLEL_ROWS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        return 1
    return max(1, min(PDF_PROCESSES, os.cpu_count() or 1))


def render_pdf(report: Report, *, processes: int | None = None) -> bytes:
    """The board pack as an A4 landscape PDF, laid out by WeasyPrint from
    `performance/report_pdf.html`: a cover with the key, "Page N of M" on every page,
    and table headings repeated on each page a table runs onto.

    A large report is laid out in `processes` parts at once (by default one per
    processor, up to PDF_PROCESSES), joined with pypdf, and its pages numbered
    afterwards by laying "Page N of M" over each. Laying out the table cells is
    most of the time, and WeasyPrint uses one processor.
    """
    # Imported here: importing WeasyPrint loads Pango, which only the PDF needs.
    import weasyprint  # noqa: F401 - loaded before forking, so the workers share it

    layout = report_layout(report, chart_width=64, chart_height=20)
    parts = pdf_parts(layout, _processes(layout) if processes is None else processes)
    html = [
        render_to_string(
            "performance/report_pdf.html", {"report": report, "layout": layout, "part": part}
        )
        for part in parts
    ]
    if len(html) == 1:
        return _write_pdf(html[0])
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=len(html) - 1, mp_context=context) as pool:
            others = [pool.submit(_write_pdf, text) for text in html[1:]]
            pdfs = [_write_pdf(html[0])] + [future.result() for future in others]
    except (BrokenProcessPool, OSError):
        # A worker that could not start or died: lay the report out in one piece.
        return render_pdf(report, processes=1)
    return _join_pdfs(pdfs)


def _join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF of the parts in order, each page numbered "Page N of M"."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    for reader in readers:
        writer.append(reader)
    numbers = PdfReader(
        io.BytesIO(
            _write_pdf(
                render_to_string(
                    "performance/report_pdf_numbers.html", {"pages": range(len(writer.pages))}
                )
            )
        )
    )
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    if readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# XLSX --------------------------------------------------------------------------------


def number_format(decimals: int, unit: str) -> str:
    """An Excel number format for an indicator. Percentages are percentage points, so
    98.69 shows as 98.69% (a literal "%", not Excel's ×100 percent format)."""
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    if unit == "%":
        return f'{digits}"%"'
    if unit == "£":
        return f'"£"{digits};-"£"{digits}'
    return digits


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def render_xlsx(report: Report) -> bytes:
    """The report as a workbook: a Summary sheet with the RAG counts and the key, a
    Highlights sheet, one sheet per theme and a Data issues sheet. Figures are real
    numbers formatted by the indicator's decimals and unit (missing ones are blank);
    estimates are flagged in their own column; status cells are filled with their
    RAG colour and say their words."""
    layout = report_layout(report)
    workbook = Workbook()
    workbook.properties.title = report.title
    workbook.properties.creator = "Roundtable"
    taken: set[str] = set()
    summary = workbook.active
    summary.title = sheet_name("Summary", taken)
    _summary_sheet(summary, layout)
    highlights = workbook.create_sheet(sheet_name("Highlights", taken))
    _indicator_sheet(highlights, layout, report.highlights)
    for section in report.themes:
        sheet = workbook.create_sheet(sheet_name(section.theme, taken))
        _indicator_sheet(sheet, layout, section.rows)
    for narrative in report.narratives:
        _narrative_sheet(workbook.create_sheet(sheet_name(narrative.title, taken)), narrative)
    _issues_sheet(workbook.create_sheet(sheet_name("Data issues", taken)), layout)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rag_style(cell: SheetCell, status: Status) -> None:
    colour = RAG_COLOURS[status.colour]
    cell.fill = PatternFill(fill_type="solid", start_color=colour.fill, end_color=colour.fill)
    cell.font = Font(color=colour.text, bold=True)


def _header_row(sheet: Worksheet, headers: list[str], widths: list[int], row: int = 1) -> None:
    fill = PatternFill(fill_type="solid", start_color="F3F2F1", end_color="F3F2F1")
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = write_cell(sheet, row, column, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(sheet: Worksheet, layout: ReportLayout) -> None:
    report = layout.report
    set_cell(sheet["A1"], report.title).font = Font(bold=True, size=16)
    set_cell(sheet["A2"], layout.version).font = Font(bold=True)
    set_cell(sheet["A3"], f"Generated {layout.generated}")
    row = 5
    write_cell(sheet, row, 1, "Status of indicators by theme").font = Font(bold=True, size=13)
    row += 1
    headers = ["Theme", *(status.label for status in Status), "Total"]
    _header_row(sheet, headers, [28, 20, 20, 20, 24, 10], row=row)
    for column, status in enumerate(Status, start=2):
        cell = sheet.cell(row=row, column=column)
        _rag_style(cell, status)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for section in layout.sections:
        row += 1
        write_cell(sheet, row, 1, section.theme)
        for column, (_, count) in enumerate(section.counts, start=2):
            write_cell(sheet, row, column, count)
        write_cell(sheet, row, len(headers), section.total)
    row += 1
    write_cell(sheet, row, 1, "All themes").font = Font(bold=True)
    for column, (_, count) in enumerate(layout.totals, start=2):
        write_cell(sheet, row, column, count).font = Font(bold=True)
    write_cell(sheet, row, len(headers), layout.total).font = Font(bold=True)

    row += 2
    write_cell(sheet, row, 1, "Key").font = Font(bold=True, size=13)
    for status in Status:
        row += 1
        _rag_style(write_cell(sheet, row, 1, status.colour.capitalize()), status)
        write_cell(sheet, row, 2, status.label)
    for direction in Direction:
        row += 1
        arrow = write_cell(sheet, row, 1, direction.arrow)
        arrow.alignment = Alignment(horizontal="center")
        write_cell(sheet, row, 2, direction.label)
    row += 2
    write_cell(sheet, row, 1, "How status is judged").font = Font(bold=True)
    write_cell(sheet, row, 2, report.policy)
    for method in report.forecast_methods:
        row += 1
        write_cell(sheet, row, 1, "Year-end forecast").font = Font(bold=True)
        write_cell(sheet, row, 2, method)
    row += 1
    write_cell(sheet, row, 1, "Estimates").font = Font(bold=True)
    write_cell(
        sheet,
        row,
        2,
        "The Estimated column says whether the period's figure is an estimate. "
        "A blank figure is not available; it never means zero.",
    )


def _indicator_sheet(sheet: Worksheet, layout: ReportLayout, rows: list[ReportRow]) -> None:
    headings = layout.headings
    figure_columns = [
        headings.baseline,
        headings.previous,
        *headings.month_headings,
        headings.actual,
    ]
    headers = [
        "Code",
        "Indicator",
        "Theme",
        "Polarity",
        "Frequency",
        "Unit",
        "Lead agency",
        *figure_columns,
        "Estimated",
        "Target",
        "Year to date",
        "Target to date",
        "Year-end target",
        "Year-end forecast",
        "On track for year end",
        headings.direction,
        "Status",
        "Other estimated figures",
        *(heading for _, heading in COMMENTARY_HEADINGS),
    ]
    widths = [12, 50, 16, 14, 11, 14, 18, *([12] * len(figure_columns)), 10]
    widths += [11, 12, 12, 12, 12, 11, 24, 26, 20, *([40] * len(COMMENTARY_HEADINGS))]
    _header_row(sheet, headers, widths)
    sheet.freeze_panes = "C2"
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    status_column = headers.index("Status") + 1
    for number, row in enumerate(rows, start=2):
        months = dict(row.months)
        figures: list[tuple[str, Figure]] = [
            (row.baseline_period, row.baseline),
            (row.previous_period, row.previous),
            *((month_heading(label), months.get(label, Figure(None))) for label in headings.months),
            (layout.report.period.label, row.actual),
        ]
        other_estimates = [label for label, figure in figures[:-1] if figure.estimated]
        values: list[object] = [
            row.code,
            row.name,
            row.theme,
            row.polarity.label,
            row.frequency.label,
            row.unit,
            row.lead_agency,
            *(_number(figure.value) for _, figure in figures),
            "Yes" if row.actual.estimated else "No",
            _number(row.target),
            _number(row.ytd),
            _number(row.ytd_target),
            _number(row.year_end_target),
            _number(row.forecast),
            {True: "Yes", False: "No", None: ""}[row.on_track],
            f"{row.direction.arrow} {row.direction.label} {direction_note(row, headings)}".strip(),
            row.status.label,
            ", ".join(other_estimates),
            *(getattr(row.commentary, name) for name, _ in COMMENTARY_HEADINGS),
        ]
        fmt = number_format(row.decimals, row.unit)
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet, number, column, value)
            cell.alignment = wrapped if isinstance(value, str) and len(value) > 30 else top
            if isinstance(value, int | float):
                cell.number_format = fmt
        sheet.cell(row=number, column=2).alignment = wrapped
        status_cell = sheet.cell(row=number, column=status_column)
        _rag_style(status_cell, row.status)
        status_cell.alignment = wrapped
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def _narrative_sheet(sheet: Worksheet, section: NarrativeSection) -> None:
    """Narrative measures (equality objectives): one row per narrative, the
    objectives it reports on one a line."""
    headers = ["Objective", "Status", "Lead", "Progress", "As at", "Illustrative"]
    _header_row(sheet, headers, [60, 14, 24, 90, 16, 12])
    sheet.freeze_panes = "A2"
    wrapped = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(section.rows, start=2):
        values: list[object] = [
            "\n".join(row.measures),
            row.status,
            row.lead,
            row.narrative,
            row.as_at,
            "yes" if row.illustrative else "",
        ]
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet, number, column, value)
            cell.alignment = wrapped
            if isinstance(value, datetime.date):
                cell.number_format = "d mmmm yyyy"


def _issues_sheet(sheet: Worksheet, layout: ReportLayout) -> None:
    headers = [
        "Indicator",
        "Issue",
        "Kind",
        "Recommended decision",
        "Board decision",
        "Status",
        "Raised on",
        "Replaced by",
    ]
    _header_row(sheet, headers, [14, 70, 20, 50, 30, 10, 16, 30])
    sheet.freeze_panes = "A2"
    wrapped = Alignment(vertical="top", wrap_text=True)
    for number, (issue, view) in enumerate(
        zip(layout.report.data_issues, layout.issues, strict=True), start=2
    ):
        values: list[object] = [
            issue.code,
            issue.issue,
            view.kind,
            issue.recommended_decision,
            issue.board_decision,
            view.status,
            issue.raised_on,
            view.replaced_by,
        ]
        for column, value in enumerate(values, start=1):
            cell = write_cell(sheet, number, column, value)
            cell.alignment = wrapped
            if isinstance(value, datetime.date):
                cell.number_format = "d mmmm yyyy"


# JSON --------------------------------------------------------------------------------


def render_json(report: Report) -> list[dict[str, object]]:
    """The JSON contract: see `report.report_json`."""
    return report_json(report)
