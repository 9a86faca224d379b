"""What the meetings pages share: the one-form page and how a service's refusal reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html

from roundtable.core import pages
from roundtable.meetings import rules
from roundtable.meetings.templatetags.meetings_tags import when

if TYPE_CHECKING:
    from django import forms
    from django.core.exceptions import ValidationError
    from django.http import HttpRequest, HttpResponse
    from django.utils.safestring import SafeString

    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Body

PAGE_SIZE = 50  # rows per page of a long list


def refusal(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message banner."""
    return " ".join(error.messages)


def scheduled_banner(body: Body, meetings: list[Meeting]) -> SafeString:
    """The success banner's words for meetings just scheduled, with a link to the
    (first) new meeting, where its agenda is drafted."""
    first = meetings[0]
    if len(meetings) == 1:
        return format_html(
            'Meeting of {} scheduled for {}. <a class="govuk-notification-banner__link" '
            'href="{}">Go to the meeting of {}</a>',
            body.name,
            when(first.start),
            first.get_absolute_url(),
            first.date_label,
        )
    return format_html(
        '{} meetings of {} scheduled, the first on {}. <a class="govuk-notification-banner__link" '
        'href="{}">Go to the first meeting, of {}</a>',
        len(meetings),
        body.name,
        when(first.start),
        first.get_absolute_url(),
        first.date_label,
    )


def not_yet(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """Before the meeting's day its attendance and minutes pages, whose saves the
    services refuse then (`rules.may_record`), go back to the meeting saying when
    they open; None from the day on."""
    if meeting.may_record:
        return None
    messages.info(request, rules.too_early("Attendance and minutes", meeting.date_label))
    return redirect(meeting.get_absolute_url())


def not_circulable(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """Minutes that are not a draft cannot be circulated: the page goes back to the
    meeting's minutes saying why (`rules.circulation_refusal`); None for a draft."""
    refusal_text = rules.circulation_refusal(meeting.minutes_status)
    if not refusal_text:
        return None
    messages.info(request, refusal_text)
    return redirect(meeting.get_absolute_url() + "#minutes")


def not_changeable(
    request: HttpRequest, meeting: Meeting, refusal_text: str
) -> HttpResponse | None:
    """A meeting that cannot be moved or cancelled, or whose agenda cannot change
    (`rules.move_refusal`, `rules.cancel_refusal`, `rules.agenda_refusal`, which the
    services enforce): its form goes back to the meeting saying why; None when it can."""
    if not refusal_text:
        return None
    messages.info(request, refusal_text)
    return redirect(meeting.get_absolute_url())


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


def no_later_meeting(body_name: str, meeting_date: str, schedule_url: str) -> Caution:
    """The warning that minutes cannot be approved yet: a later meeting of the body
    approves them, and none is scheduled to choose."""
    return Caution(
        f"Minutes are approved at a later meeting of {body_name}, and none is scheduled "
        f"after {meeting_date}. Schedule the next meeting, then record the approval here.",
        "Schedule the next meeting",
        schedule_url,
    )


def next_meeting_to_come(body_name: str, next_date: str) -> Caution:
    """The warning that minutes cannot be approved yet: the later meeting of the body
    that approves them has not met."""
    return Caution(
        f"Minutes are approved at a later meeting of {body_name}, and the next one, on "
        f"{next_date}, is still to come. Record the approval once it has met."
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
    caution: Caution | Sequence[Caution | None] | None = None,
    caption: str = "",
) -> HttpResponse:
    """A meetings form on `meetings/form.html` (its button's words and colour, and
    whether it uploads a file, and any `Caution`s above it, in order), through
    `core.pages.form_page`. `caption` names what the form belongs to, such as the
    meeting whose agenda it changes, above the heading and in the page's title."""
    found = caution if isinstance(caution, Sequence) else [caution]
    return pages.form_page(
        request,
        form,
        "meetings/form.html",
        title=title,
        back_url=back_url,
        button=button,
        upload=upload,
        warning=warning,
        cautions=[c for c in found if c is not None],
        caption=caption,
    )
