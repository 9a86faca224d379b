"""Rendered pages kept for anonymous visitors (see `core.cache` for how they are
kept and invalidated).

A page is served from the cache, or kept, only when nothing about the visitor
can change it:

- a GET of a partnership's page (an address under its slug, which alone says
  which partnership is shown), not an htmx request and not with an
  `Authorization` header (an API token);
- the visitor sends no cookie but the partnership-remembering cookie and the
  CSRF cookie: a session (signed in, or a message waiting), or any other
  cookie, and the page is made for them and never kept;
- the answer is a 200, sets no cookie but the partnership one (so it carries no
  CSRF token: a page with a form sets the CSRF cookie), is not private, no-store
  or no-cache, varies on nothing but `Cookie` and `Accept-Encoding`, is not
  compressed by the view (LIS map boundaries gzip themselves for browsers that
  take it), is not streamed and is at most 5 MB; and the visitor turned out not to be signed in.

The **open-data APIs** are kept the same way: the LIS API (`/api/v1/lis/`), the
CKAN Action API (`/api/3/action/`, `/api/action/`) and the Fingertips-compatible
API (`/fingertips/api/`) give the same answer to every anonymous caller (they
read published data only), so an anonymous GET of them is kept by its address
and query string, like a page, and dropped at the next write. They have no slug;
the caller's partnership cookie, if any, is part of the key all the same. Every
other API (members' data, tokens) is never kept.

The partnership cookie (`CurrentPartnershipMiddleware`) says which partnership
the visitor looked at last; on a partnership's page it is always that
partnership's slug. It is not kept with the page: a page served from the cache
sets it, as the view would have, when the visitor's differs.

It sits before `PartnershipAddressMiddleware` and the session: a page served
from the cache costs two reads of the cache and no query. The address is the
one asked for, slug included; a page is kept only when that middleware found a
partnership for the slug (and the slug is kept with the page, for the cookie).
A partnership renamed or deleted is a write, so no page of its old address
outlives it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re

from roundtable.core import cache as pages
from roundtable.partnership.middleware import COOKIE_NAME, set_partnership_cookie

HARMLESS_COOKIES = frozenset({COOKIE_NAME, settings.CSRF_COOKIE_NAME})
HARMLESS_VARY = frozenset({"cookie", "accept-encoding"})
PRIVATE = frozenset({"private", "no-store", "no-cache"})
LARGEST = 5 * 1024 * 1024
# Answers that are the same for every anonymous caller: published data only.
OPEN_DATA_PATHS = ("/api/v1/lis/", "/api/3/action/", "/api/action/", "/fingertips/api/")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.ROUNDTABLE_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        and set(request.COOKIES) <= HARMLESS_COOKIES
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse, slug: str) -> bool:
    if response.status_code != 200 or response.streaming or len(response.content) > LARGEST:
        return False
    if response.has_header("Content-Encoding"):  # compressed for this visitor's browser
        return False
    cookies = set(response.cookies)
    if cookies - {COOKIE_NAME} or (
        COOKIE_NAME in cookies and response.cookies[COOKIE_NAME].value != slug
    ):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.headers.get("Cache-Control", ""))
    }
    if control & PRIVATE:
        return False
    vary = {
        part.strip().lower()
        for part in cc_delim_re.split(response.headers.get("Vary", ""))
        if part.strip()
    }
    if vary - HARMLESS_VARY:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class PageCacheMiddleware:
    """Serves and keeps anonymous visitors' pages (see the module's doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        open_data = request.path.startswith(OPEN_DATA_PATHS)
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        if open_data:
            address += f"#{request.COOKIES.get(COOKIE_NAME, '')}"
        key = pages.page_key(pages.generation(), address)
        kept = pages.fetch(key)
        if kept is not None:
            response, slug = kept
            if slug and request.COOKIES.get(COOKIE_NAME) != slug:
                set_partnership_cookie(response, slug)
            return response
        response = self.get_response(request)
        # Only a partnership's own address is kept (which partnership it shows is
        # in the address, not in the visitor's cookie or account), and the
        # open-data APIs, which answer every anonymous caller alike.
        partnership = getattr(request, "address_partnership", None)
        if partnership is not None:
            slug = partnership.slug
        elif open_data:
            slug = ""
        else:
            return response
        if _cacheable_response(request, response, slug):
            pages.store(key, response, slug)
            response.headers[pages.HEADER] = "miss"
        return response
