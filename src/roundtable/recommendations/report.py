"""The "one year on" report for a review: each recommendation, its response, what
was done and where it stands now, as a web page, a PDF (WeasyPrint) and a workbook
(openpyxl). The public version is built from `Recommendation.objects.public()`:
published responses only, and only for those the progress updates and what follows
from them (status, latest update, overdue); progress updates made up for the demo
are marked illustrative in every format."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.text import slugify

from roundtable.core.exports import append_row
from roundtable.recommendations import queries, rules
from roundtable.recommendations.models import ProgressUpdate, Recommendation

if TYPE_CHECKING:
    from roundtable.recommendations.models import Review


@dataclass
class ReportItem:
    number: str
    text: str
    response: str
    response_colour: str
    outline_response: str
    lead: str
    supporting: list[str]
    status: str
    status_colour: str
    last_update_on: datetime.date | None
    overdue: bool
    updates: list[ProgressUpdate]

    @property
    def illustrative(self) -> bool:
        return any(update.is_illustrative for update in self.updates)


@dataclass
class ReportSection:
    title: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class OneYearOn:
    review: Review
    generated_on: datetime.date
    public: bool
    summary: rules.Summary
    charts: list[queries.Chart]
    sections: list[ReportSection]

    @property
    def title(self) -> str:
        return f"{self.review.title}: one year on"

    @property
    def any_illustrative(self) -> bool:
        return any(item.illustrative for s in self.sections for item in s.items)

    def filename(self, extension: str) -> str:
        return f"{slugify(self.review.title)[:60]}-one-year-on.{extension}"


def build_one_year_on(review: Review, today: datetime.date, *, public: bool) -> OneYearOn:
    """The report's content, in a fixed number of queries whatever the review's size;
    `public` as the public sees it."""
    chosen = Recommendation.objects.filter(review=review)
    visible = chosen.public() if public else chosen.everything()
    rows = queries.with_links(visible.order_by("order", "number")).prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("date", "created_at"))
    )
    sections: dict[str, ReportSection] = {}
    for rec in rows:
        label, colour = queries.shown_response(rec)
        hidden = not rec.response_shown
        key = rec.section.title if rec.section else ""
        sections.setdefault(key, ReportSection(key)).items.append(
            ReportItem(
                number=rec.number,
                text=rec.text,
                response=label,
                response_colour=colour,
                outline_response="" if hidden else rec.outline_response,
                lead=queries.lead_label(rec),
                supporting=queries.supporting_names(rec),
                status=rec.shown_status_label,
                status_colour=rec.shown_status_colour,
                last_update_on=rec.shown_last_update_on,
                overdue=rules.is_overdue(rec.shown_next_update_due, today),
                updates=[] if hidden else list(rec.updates.all()),
            )
        )
    summary = queries.summary_for(visible, today)
    return OneYearOn(
        review, today, public, summary, queries.charts(summary), list(sections.values())
    )


def render_pdf(report: OneYearOn) -> bytes:
    """An A4 portrait PDF, with "Page N of M" and repeated table headings."""
    # Imported here: importing WeasyPrint loads Pango, which only the PDF needs.
    from weasyprint import HTML

    html = render_to_string("recommendations/one_year_on_pdf.html", {"report": report})
    return HTML(string=html).write_pdf()


XLSX_COLUMNS = (
    "Section",
    "Number",
    "Recommendation",
    "Response",
    "Outline response",
    "Lead",
    "Supporting",
    "Status",
    "Latest update",
    "What was done",
    "Illustrative",
)


def render_xlsx(report: OneYearOn) -> bytes:
    """One row per recommendation; "What was done" holds every update, oldest first."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "One year on"
    append_row(sheet, [report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Produced {report.generated_on.isoformat()}"])
    sheet.append([])
    sheet.append(XLSX_COLUMNS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for section in report.sections:
        for item in section.items:
            done = "\n\n".join(
                f"{u.date.isoformat()} ({u.get_status_display()})"
                f"{' [illustrative]' if u.is_illustrative else ''}: {u.narrative}"
                for u in item.updates
            )
            append_row(
                sheet,
                [
                    section.title,
                    item.number,
                    item.text,
                    item.response,
                    item.outline_response,
                    item.lead,
                    "; ".join(item.supporting),
                    item.status,
                    item.last_update_on,
                    done,
                    "Yes" if item.illustrative else "",
                ],
            )
    for letter, width in zip(
        "ABCDEFGHIJK", (24, 8, 60, 18, 60, 14, 20, 14, 12, 60, 10), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
