"""The tracker as CSV and XLSX, with the page's filters and sort: every row the
page lists, as the reader sees it (`visible_to`'s `shown_*` values: a response
not yet published reads as no response), not one page of it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from roundtable.core.exports import EXPORT_FORMATS, table_download
from roundtable.partnership.middleware import current_partnership
from roundtable.recommendations import queries

HEADER = [
    "Review",
    "Section",
    "Number",
    "Recommendation",
    "Lead",
    "Response",
    "Response as the source paper puts it",
    "Status",
    "Last update",
    "Next update due",
    "Update overdue",
    "Address",
]


def tracker_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    partnership = current_partnership(request)
    today = timezone.localdate()
    filters = queries.TrackerFilters.from_query(request.GET)
    recommendations = queries.tracker(request.user, partnership, filters, today)
    rows = [
        [
            row.recommendation.review.title,
            row.recommendation.section.title if row.recommendation.section else "",
            row.recommendation.number,
            row.recommendation.text,
            row.lead,
            row.response,
            row.recommendation.shown_response_as_written,
            row.recommendation.shown_status_label,
            _date(row.recommendation.shown_last_update_on),
            _date(row.recommendation.shown_next_update_due),
            "Yes" if row.overdue else "No",
            request.build_absolute_uri(row.recommendation.get_absolute_url()),
        ]
        for row in queries.tracker_rows(recommendations, today)
    ]
    return table_download(
        HEADER, rows, fmt, f"recommendations-{partnership.slug}", "Recommendations"
    )


def _date(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]
