"""What the meetings pages share: the one-form page and how a service's refusal reads."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Caution:
    """A warning above a form, with a link to put the matter right first."""

    text: str
    link: str = ""
    url: str = ""


def no_attendance(meeting_attendance_url: str) -> Caution:
    """The warning that minutes are going ahead with no attendance recorded."""
    return Caution(
        "No attendance is recorded for this meeting. It is part of the minutes, and is "
        "locked once they are approved.",
        "Record attendance first",
        meeting_attendance_url,
    )


def form_page(
    request: HttpRequest,
    form: forms.Form,
    title: str,
    back_url: str,
    *,
    button: str = "Save",
    upload: bool = False,
    warning: bool = False,
    caution: Caution | None = None,
) -> HttpResponse:
    """A meetings form on `meetings/form.html` (its button's words and colour, and
    whether it uploads a file, and any `Caution` above it), through `core.pages.form_page`."""
    return pages.form_page(
        request,
        form,
        "meetings/form.html",
        title=title,
        back_url=back_url,
        button=button,
        upload=upload,
        warning=warning,
        caution=caution,
    )
