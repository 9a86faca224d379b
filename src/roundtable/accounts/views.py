"""The signed-in user's own account page and API tokens, and the lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from roundtable.accounts.forms import GovukPasswordChangeForm, TokenForm
from roundtable.accounts.models import ApiToken
from roundtable.accounts.tokens import issue_token, revoke_token


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, with the request handed to the form, which checks the current
    password by signing in with it (so the sign-in lockout counts wrong ones)."""

    form_class = GovukPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user, revoked__isnull=True)
    return render(request, "accounts/account.html", {"tokens": tokens, "form": TokenForm()})


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        tokens = ApiToken.objects.filter(user=request.user, revoked__isnull=True)
        return render(
            request, "accounts/account.html", {"tokens": tokens, "form": form}, status=400
        )
    record, token = issue_token(request.user, form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"record": record, "token": token})


@login_required
@require_POST
def revoke_token_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the owner's own tokens are found; anyone else's is a 404.
    record = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(record)
    messages.success(request, f"Token ‘{record.name}’ revoked")
    return redirect("account")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What django-axes answers a sign-in while the account or address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
