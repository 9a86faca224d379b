"""Request middleware shared by every app."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class UploadLimitMiddleware:
    """Refuse request bodies over ROUNDTABLE_MAX_UPLOAD_MB before Django reads them.

    A 50 MB spreadsheet gets a page that says what the limit is, instead of a
    connection reset or a half-read upload.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit_mb = settings.ROUNDTABLE_MAX_UPLOAD_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit_mb * 1024 * 1024:
            size_mb = length / (1024 * 1024)
            body = render_to_string(
                "413.html", {"limit_mb": limit_mb, "size_mb": f"{size_mb:.1f}"}, request=None
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)
