"""What the meetings pages share: the one-form page and how a service's refusal reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core import pages

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
    """A meetings form on `meetings/form.html` (its button's words and colour, and
    whether it uploads a file), through `core.pages.form_page`."""
    return pages.form_page(
        request,
        form,
        "meetings/form.html",
        title=title,
        back_url=back_url,
        button=button,
        upload=upload,
        warning=warning,
    )
