"""What the meetings pages share: the one-form page and how a service's refusal reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

if TYPE_CHECKING:
    from django import forms
    from django.core.exceptions import ValidationError
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50  # rows per page of a long list


def refusal(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message banner."""
    return " ".join(error.messages)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    title: str,
    back_url: str,
    *,
    button: str = "Save",
    upload: bool = False,
    warning: bool = False,
) -> HttpResponse:
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "button": button,
            "upload": upload,
            "warning": warning,
        },
        status=400 if form.errors else 200,
    )
