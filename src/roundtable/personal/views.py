"""Pages that compose other apps: a partnership's front page (`front.py`), My
Roundtable (`sections.py`), and signing in to it. They decide nothing about who
may see what: each part reads through its own app's queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from roundtable.accounts.forms import GovukAuthenticationForm
from roundtable.core.permissions import opens_for, signed_in
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership
from roundtable.partnership.permissions import may_create_partnership
from roundtable.partnership.queries import any_partnership
from roundtable.personal.front import front_page
from roundtable.personal.sections import page_for


def front(request: HttpRequest) -> HttpResponse:
    """The partnership's front page (`front.py`); with no partnership set up yet, how
    to set one up."""
    partnership = request.partnership
    context: dict[str, object] = {
        "partnerships": Partnership.objects.all(),
        "may_create_partnership": may_create_partnership(request.user),
    }
    if partnership is not None:
        context["page"] = front_page(request.user, partnership, timezone.now())
    return render(request, "personal/front.html", context)


@opens_for(signed_in)
@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's meetings, actions, returns and recommendations, in the
    partnership the address names (the page says so when it is not their own)."""
    page = page_for(request.user, current_partnership(request), timezone.now())
    return render(request, "personal/home.html", {"page": page})


class SignInView(LoginView):
    """Sign in, then go where `next` says, else to My Roundtable in the account's own
    partnership (whichever partnership the visitor was looking at)."""

    authentication_form = GovukAuthenticationForm

    def get_default_redirect_url(self) -> str:
        partnership_id = getattr(self.request.user, "partnership_id", None)
        if partnership_id is not None:
            return partnership_reverse(partnership_id, "personal:home")
        if not any_partnership():
            # A new installation's site administrator: My Roundtable has no partnership
            # to be in (it answered 404); the home page offers to set one up.
            return reverse("home")
        return super().get_default_redirect_url()
