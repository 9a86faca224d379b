"""Which partnership a visitor is looking at.

The address says: `/<slug>/...` (`PartnershipAddressMiddleware`, see `addresses`).
The partnership last looked at is remembered in a plain cookie, and an address
without one (an old address, or `/`) goes to the same page under: the
`?partnership=` it names, the one remembered, the account's own, the
ROUNDTABLE_DEFAULT_PARTNERSHIP setting, or the first one.

Browsing writes nothing to the database: remembering the choice in the session
would store a session row for every anonymous visitor, and write one on every
switch for everyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from roundtable.partnership import addresses
from roundtable.partnership.models import Partnership

COOKIE_NAME = "roundtable_partnership"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def remembered_slug(request: HttpRequest) -> str:
    """The partnership this visitor looked at last (a cookie)."""
    return request.COOKIES.get(COOKIE_NAME, "")


def remember_partnership(request: HttpRequest, slug: str) -> None:
    """Remember the partnership looked at, in a plain cookie, for everyone: it
    only decides where `/` and old addresses go, so it needs no session (no
    database write per visitor). The cookie is set on the response by
    CurrentPartnershipMiddleware, and only when it changes."""
    if request.COOKIES.get(COOKIE_NAME) != slug:
        request.partnership_cookie = slug


def choose_partnership(request: HttpRequest) -> Partnership | None:
    wanted = request.GET.get("partnership") or remembered_slug(request)
    user = getattr(request, "user", None)
    candidates = [wanted]
    if _signed_in(request) and user.partnership_id:
        candidates.append(user.partnership.slug)
    candidates.append(settings.ROUNDTABLE_DEFAULT_PARTNERSHIP)
    for slug in filter(None, candidates):
        found = Partnership.objects.filter(slug=slug).first()
        if found is not None:
            if request.GET.get("partnership") == found.slug:
                remember_partnership(request, found.slug)
            return found
    return Partnership.objects.order_by("name").first()


def current_partnership(request: HttpRequest) -> Partnership:
    """The partnership the visitor is looking at; 404 when none has been set up."""
    partnership = getattr(request, "partnership", None)
    if partnership is None:
        raise Http404("No partnership has been set up yet")
    return partnership


class PartnershipAddressMiddleware:
    """Reads the partnership from the address: `/<slug>/...` (see `addresses`).

    Runs before sessions and authentication, so everything after it, the URLconf
    included, sees the address without the slug.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        addresses.begin_request()
        try:
            return self._respond(request)
        finally:
            addresses.end_request()

    def _respond(self, request: HttpRequest) -> HttpResponse:
        slug, rest = addresses.split_slug(request.path_info)
        partnership = None
        if slug and slug not in _reserved():
            partnership = Partnership.objects.filter(slug=slug).first()
        request.address_partnership = partnership
        request.partnership = partnership
        if partnership is None:
            return self.get_response(request)
        if request.path_info == f"/{slug}":  # the partnership's home: one address
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(addresses.address_in(partnership, "/", query))
        request.path_info = rest
        asked = request.GET.get("partnership", "")
        if asked and asked != slug and request.method in SAFE and not addresses.is_unscoped(rest):
            # An old link's ?partnership= names the partnership: it wins.
            other = Partnership.objects.filter(slug=asked).first()
            if other is not None:
                return HttpResponsePermanentRedirect(
                    addresses.address_in(other, rest, _query_without_partnership(request))
                )
        if addresses.split_slug(rest)[0] == "api":
            refused = _scope_api(request, partnership)
            if refused is not None:
                return refused
        addresses.activate(partnership)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, addresses.RecordElsewhere):
            target = addresses.address_in(
                exception.partnership, request.path_info, request.META.get("QUERY_STRING", "")
            )
            if request.method in SAFE:
                return HttpResponsePermanentRedirect(target)
            return HttpResponseRedirect(target, status=308)  # keeps the method and body
        return None


# Unscoped addresses that answer for no partnership (the rest, /accounts/ and
# /admin/, show pages under the partnership looked at).
NO_PARTNERSHIP_ROOTS = tuple(
    root for root in addresses.UNSCOPED_ROOTS if root not in addresses.SHOWN_UNDER_A_PARTNERSHIP
)


class CurrentPartnershipMiddleware:
    """After authentication: remembers the partnership looked at, and sends an
    address without a partnership (an old address) to the same page under one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        shown = getattr(request, "address_partnership", None)
        if shown is not None:
            remember_partnership(request, shown.slug)
            response = self.get_response(request)
        elif addresses.is_unscoped(request.path_info):
            root = addresses.split_slug(request.path_info)[0]
            request.partnership = (
                None if root in NO_PARTNERSHIP_ROOTS else choose_partnership(request)
            )
            response = self.get_response(request)
        else:
            partnership = choose_partnership(request)
            if partnership is not None and _names_a_page(request.path_info):
                return _moved(request, partnership)
            request.partnership = partnership
            response = self.get_response(request)
        slug = getattr(request, "partnership_cookie", None)
        if slug:
            set_partnership_cookie(response, slug)
        return response


def set_partnership_cookie(response: HttpResponse, slug: str) -> None:
    """Remember `slug` as the partnership looked at last (see `remember_partnership`)."""
    response.set_cookie(
        COOKIE_NAME,
        slug,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


SAFE = ("GET", "HEAD")


@cache
def _reserved() -> frozenset[str]:
    return addresses.reserved_slugs()


def _scope_api(request: HttpRequest, partnership: Partnership) -> HttpResponse | None:
    """The API under a partnership's slug answers for that partnership: its lists'
    `partnership` filter is the slug. Asking for another is a mistake, said so."""
    asked = request.GET.get("partnership", "")
    if asked and asked != partnership.slug:
        return JsonResponse(
            {
                "detail": (
                    f"This address is for the partnership {partnership.slug!r}; "
                    f"drop ?partnership={asked} or ask /{asked}/api/v1/"
                )
            },
            status=400,
        )
    query = request.GET.copy()
    query["partnership"] = partnership.slug
    request.GET = query
    return None


def _names_a_page(path_info: str) -> bool:
    try:
        resolve(path_info)
    except Resolver404:
        return False
    return True


def _query_without_partnership(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("partnership", None)
    return query.urlencode()


def _moved(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """An old address: the same page under `partnership`, for good. When the
    address did not name the partnership, the target depends on the visitor (their
    choice, their account), so no cache may keep it for anyone else."""
    target = addresses.address_in(
        partnership, request.path_info, _query_without_partnership(request)
    )
    if request.method in SAFE:
        response: HttpResponse = HttpResponsePermanentRedirect(target)
    else:
        response = HttpResponseRedirect(target, status=308)  # keeps the method and body
    if not request.GET.get("partnership"):
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response
