"""Which partnership a visitor is looking at.

Pages about one partnership's records set it from the record; list pages use
`?partnership=<slug>`, remembered in the session; otherwise the account's own
partnership, the ROUNDTABLE_DEFAULT_PARTNERSHIP setting, or the first one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from roundtable.partnership.models import Partnership

SESSION_KEY = "partnership_slug"


def choose_partnership(request: HttpRequest) -> Partnership | None:
    wanted = request.GET.get("partnership") or request.session.get(SESSION_KEY)
    user = getattr(request, "user", None)
    candidates = [wanted]
    if user is not None and user.is_authenticated and user.partnership_id:
        candidates.append(user.partnership.slug)
    candidates.append(settings.ROUNDTABLE_DEFAULT_PARTNERSHIP)
    for slug in filter(None, candidates):
        found = Partnership.objects.filter(slug=slug).first()
        if found is not None:
            if request.GET.get("partnership") == found.slug:
                request.session[SESSION_KEY] = found.slug
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
        return self.get_response(request)
