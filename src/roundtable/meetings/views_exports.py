"""The actions log as CSV and XLSX, with the page's filters: the rows the page
lists, read through the same `visible_to` rules, all of them (not one page)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from roundtable.core.exports import EXPORT_FORMATS, table_download
from roundtable.meetings.filters import action_rows, actions_log
from roundtable.meetings.views_actions import action_log_request

HEADER = [
    "Action",
    "Body",
    "Meeting",
    "Owner",
    "Owner organisation",
    "Due",
    "Status",
    "Days overdue",
    "Address",
]


def action_log_download(request: HttpRequest, fmt: str, slug: str | None = None) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    asked = action_log_request(request, slug)
    today = timezone.localdate()
    actions = list(actions_log(request.user, asked.partnership, asked.filters, today))
    rows = [
        [
            row.action.description,
            row.action.body.name,
            row.action.meeting.start.date().isoformat() if row.action.meeting else "",
            row.action.owner_person.name if row.action.owner_person else "",
            row.action.owner_organisation.name if row.action.owner_organisation else "",
            row.action.due.isoformat() if row.action.due else "",
            row.action.get_status_display(),
            row.days_overdue or "",
            request.build_absolute_uri(row.action.get_absolute_url()),
        ]
        for row in action_rows(actions, today)
    ]
    name = f"actions-{asked.partnership.slug}" + (f"-{asked.body.slug}" if asked.body else "")
    return table_download(HEADER, rows, fmt, name, "Actions")
