"""Which partnership a visitor is looking at.

Pages about one partnership's records set it from the record; list pages use
`?partnership=<slug>`, remembered (in the session for signed-in users, in a plain
cookie for everyone else); otherwise the account's own partnership, the
ROUNDTABLE_DEFAULT_PARTNERSHIP setting, or the first one.

Anonymous browsing writes nothing to the database: remembering a visitor's
choice in the session would store a session row for every visitor.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from roundtable.partnership.models import Partnership

SESSION_KEY = "partnership_slug"
COOKIE_NAME = "roundtable_partnership"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def remembered_slug(request: HttpRequest) -> str:
    """The partnership this visitor chose before: the session's, else the cookie's."""
    if _signed_in(request) and request.session.get(SESSION_KEY):
        return request.session[SESSION_KEY]
    return request.COOKIES.get(COOKIE_NAME, "")


def remember_partnership(request: HttpRequest, slug: str) -> None:
    """Remember a choice: in the session when signed in, else in a cookie.

    The cookie is set on the response by CurrentPartnershipMiddleware. Nothing
    is written when the choice is the one already remembered.
    """
    if _signed_in(request):
        if request.session.get(SESSION_KEY) != slug:
            request.session[SESSION_KEY] = slug
    elif request.COOKIES.get(COOKIE_NAME) != slug:
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


class CurrentPartnershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/static/", "/api/")):
            request.partnership = None
        else:
            request.partnership = choose_partnership(request)
        response = self.get_response(request)
        slug = getattr(request, "partnership_cookie", None)
        if slug:
            response.set_cookie(
                COOKIE_NAME,
                slug,
                max_age=COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
