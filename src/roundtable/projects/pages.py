"""What the projects pages share: the GOV.UK "Are you sure?" page that deletes a
record (a milestone, a risk, an update; a commitment's action, evidence or
signature). It draws the meetings app's confirmation page (`meetings/confirm.html`,
a warning button in a POST form) rather than a copy of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def confirm_delete(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    back_url: str,
    delete: Callable[[], Any],
    done: str,
) -> HttpResponse:
    """Ask (GET); delete through the service `delete` and go back (POST). A service's
    refusal (a ValidationError) is said in a banner on the page gone back to; the
    caller's access helper has already checked the user may delete."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(back_url)
    context = {
        "title": title,
        "text": text,
        "button": button,
        "back_url": back_url,
        "warning": True,
    }
    return render(request, "meetings/confirm.html", context)
