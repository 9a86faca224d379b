"""The site's URLs with the data entry pages wired in, for tests until the lead
adds them to roundtable.urls."""

from __future__ import annotations

from django.urls import include, path

from roundtable.urls import handler403, handler404, handler500
from roundtable.urls import urlpatterns as site_urls

wired = any(getattr(p, "namespace", None) == "performance_entry" for p in site_urls)
urlpatterns = [
    *([] if wired else [path("performance/", include("roundtable.performance.urls_entry"))]),
    *site_urls,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
