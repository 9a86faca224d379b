"""Template context available on every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": settings.ROUNDTABLE_SERVICE_NAME,
        "current_partnership": getattr(request, "partnership", None),
        "max_upload_mb": settings.ROUNDTABLE_MAX_UPLOAD_MB,
    }
