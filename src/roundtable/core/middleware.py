"""Request middleware shared by every app."""

from __future__ import annotations

import html
import types
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
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


class _NameRecordingParser(MultiPartParser):
    """Django's parser, noting each uploaded file name it had to clean."""

    def __init__(self, *args: Any, rejected: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rejected = rejected

    def sanitize_file_name(self, file_name: str) -> str | None:
        cleaned = super().sanitize_file_name(file_name)
        if cleaned != html.unescape(file_name):
            self.rejected.append(html.unescape(file_name))
        return cleaned


def _parse_file_upload(request: HttpRequest, meta: Any, post_data: Any) -> Any:
    parser = _NameRecordingParser(
        meta,
        post_data,
        request.upload_handlers,
        request.encoding,
        rejected=request.rejected_upload_names,
    )
    return parser.parse()


class UploadNamesMiddleware:
    """Keep the names of uploads that arrived with path or control characters.

    Django strips directories from an uploaded file's name before any view sees
    it, so nothing can be written outside the upload folder. Roundtable goes
    further and refuses such a file with a message (see `rejected_upload_names`
    in `core.forms.refuse_renamed_uploads`), so nobody's file is silently saved
    under a name they did not give it. Must come before CsrfViewMiddleware, which
    is the first to read the request body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.rejected_upload_names = []
        request.parse_file_upload = types.MethodType(_parse_file_upload, request)
        return self.get_response(request)
