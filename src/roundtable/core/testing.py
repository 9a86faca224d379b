"""Test support shared by every app's tests.

`AddressClient` is Django's test client that, like a browser, follows the
permanent redirect of an old address (one without a partnership's slug) to the
same page under a partnership, and of a record asked for under another
partnership's slug to its own, and only those: every other redirect is
returned to the test as it is. Tests written against `reverse()` outside a
request (no slug) so exercise the page they name. The redirects themselves are
tested in `partnership/tests/test_addresses.py` with the plain client.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.test import Client


def moved_under_partnership(path: str, response: HttpResponse) -> str | None:
    """The new address when `response` moves `path` to the same page under a
    partnership's slug: `/meetings/` to `/ealing/meetings/` (an old address), or
    `/warwick/meetings/12/` to `/ealing/meetings/12/` (a record asked for under
    another partnership's address). None for any other response."""
    if response.status_code not in (301, 308) or "Location" not in response:
        return None
    target = urlsplit(response["Location"])
    if target.netloc:
        return None
    slug, _, rest = target.path.lstrip("/").partition("/")
    asked_rest = "/" + path.lstrip("/").partition("/")[2]
    if slug and "/" + rest in (path, asked_rest):
        return response["Location"]
    return None


class AddressClient(Client):
    def request(self, **request: Any) -> HttpResponse:
        response = super().request(**request)
        for _ in range(3):  # an old address, then a record's own partnership: 2 at most
            target = moved_under_partnership(request.get("PATH_INFO", ""), response)
            if target is None:
                return response
            parts = urlsplit(target)
            request = {**request, "PATH_INFO": parts.path, "QUERY_STRING": parts.query}
            if response.status_code == 301 and request.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                request["REQUEST_METHOD"] = "GET"
            response = super().request(**request)
        return response


def under(partnership: object, path: str) -> str:
    """`path` (as `reverse()` gives it out of a request) under `partnership`'s
    slug: the address a page has. For tests that count a page's queries, which
    must not count the redirect of an old address."""
    slug = getattr(partnership, "slug", partnership)
    return f"/{slug}{path}"


_PRIVATE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}


def use_private_cache() -> None:
    """Keep pages in tests, and keep them and their generation in this process
    only (a pytest hook calls it): test processes running side by side, each
    with its own database, must not serve each other pages from a shared folder."""
    from django.conf import settings
    from django.test.utils import override_settings

    if settings.CACHES != _PRIVATE_CACHE:
        # Pages are kept in tests as in production (the default is off with DEBUG).
        override_settings(CACHES=_PRIVATE_CACHE, ROUNDTABLE_PAGE_CACHE_SECONDS=300).enable()


def clear_cache() -> None:
    """Forget every kept page (a fixture calls it before each test)."""
    from django.core.cache import cache

    cache.clear()


def templates_writing(*markup: str) -> list[str]:
    """The templates whose source holds any of `markup`, by path under the `roundtable`
    package, sorted: for a test that keeps a piece of markup to the one partial
    that draws it."""
    source = Path(__file__).resolve().parent.parent
    return sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.html")
        if "templates" in path.parts
        and any(written in path.read_text(encoding="utf-8") for written in markup)
    )
