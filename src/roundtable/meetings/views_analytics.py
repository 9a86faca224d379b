"""The attendance page: a body's attendance per organisation over twelve months."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roundtable.core.dates import example_date_text
from roundtable.core.imports import parse_date
from roundtable.meetings.analytics import body_attendance, get_body_for_attendance
from roundtable.partnership.addresses import show_partnership


def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_attendance(request.user, slug)
    show_partnership(request, body.partnership)
    typed = request.GET.get("until", "").strip()
    error = ""
    today = timezone.localdate()
    until = today
    example = example_date_text(today)
    if typed:
        try:
            until = parse_date(typed)
        except ValueError:
            error = f"Enter the last day of the twelve months as a date, like {example}"
    context = {
        "page": body_attendance(body, until),
        "typed": typed,
        "error": error,
        "example": example,
    }
    return render(request, "meetings/analytics_attendance.html", context)
