"""Attendance, the one-item minutes pages (discussion, resolutions, actions), and the
minutes' course: circulating them, returning them to draft, approving them.
Minute-taking mode, every item on one page, is `views_minutes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from roundtable.core import pages
from roundtable.core.forms import add_service_errors
from roundtable.core.permissions import Action as Can
from roundtable.meetings import queries, rules, services
from roundtable.meetings.forms import (
    MEMBER_ROLES,
    ActionForm,
    ApproveMinutesForm,
    AttendanceForm,
    CirculateForm,
    ItemMinutesForm,
    ReasonForm,
    ResolutionForm,
    later_meetings,
)
from roundtable.meetings.meeting_page import resolution_views
from roundtable.meetings.models import (
    AgendaItem,
    Meeting,
)
from roundtable.meetings.pages import (
    Caution,
    form_page,
    next_meeting_to_come,
    no_attendance,
    no_later_meeting,
    not_circulable,
    not_yet,
    refusal,
)
from roundtable.meetings.permissions import (
    get_item_for_user,
    get_meeting_for_user,
    get_resolution_for_user,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.models import Membership, Person

if TYPE_CHECKING:
    from django import forms


# -- Attendance and minutes ---------------------------------------------------


def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if early := not_yet(request, meeting):
        return early
    day = timezone.localdate(meeting.start)
    memberships = (
        Membership.objects.current(day)
        .filter(body=meeting.body, role__in=MEMBER_ROLES)
        .select_related("person", "person__organisation", "organisation")
        .order_by("person__family_name", "person__given_name")
    )
    seats = list({m.person_id: m for m in reversed(memberships)}.values())[::-1]
    people = Person.objects.filter(partnership_id=meeting.partnership_id).select_related(
        "organisation"
    )
    form = AttendanceForm(
        request.POST or None, seats=seats, people=people, existing=list(meeting.attendance.all())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(request.user, meeting, form.entries())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Attendance saved")
            return redirect(meeting.get_absolute_url() + "#attendance")
    return pages.form_page(
        request,
        form,
        "meetings/attendance.html",
        meeting=meeting,
        seats=seats,
        locked=meeting.minutes_are_locked,
    )


def _minutes_page(
    request: HttpRequest, item: AgendaItem, *, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    meeting = item.meeting
    number = queries.numbers_for(meeting)[item.pk]
    partnership = meeting.body.partnership
    resolutions = resolution_views(number, item.resolutions.all())
    context = {
        "item": item,
        "meeting": meeting,
        "number": number,
        "editable": rules.minutes_editable(meeting.minutes_status),
        "resolutions": resolutions,
        "actions": item.actions.select_related("owner_person", "owner_organisation"),
        "minutes_form": forms_.get("minutes_form")
        or ItemMinutesForm(initial={"minutes": item.minutes}),
        "resolution_form": forms_.get("resolution_form") or ResolutionForm(),
        "action_form": forms_.get("action_form") or ActionForm(partnership=partnership),
        "has_errors": any(f.errors for f in forms_.values()),
    }
    return render(request, "meetings/item_minutes.html", context, status=status)


def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    if early := not_yet(request, item.meeting):
        return early
    if request.method != "POST":
        return _minutes_page(request, item)
    form = ItemMinutesForm(request.POST)
    if form.is_valid():
        try:
            services.save_item_minutes(request.user, item, form.cleaned_data["minutes"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Minutes of '{item.title}' saved")
            return redirect("meetings:item-minutes", pk=item.pk)
    return _minutes_page(request, item, status=400, minutes_form=form)


@require_POST
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    if early := not_yet(request, item.meeting):
        return early
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.add_resolution(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Resolution added")
            return redirect(reverse("meetings:item-minutes", args=[item.pk]) + "#resolutions")
    return _minutes_page(request, item, status=400, resolution_form=form)


@require_POST
def resolution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_resolution_for_user(request.user, pk, action=Can.CHANGE)
    try:
        services.remove_resolution(request.user, resolution)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "Resolution removed")
    return redirect(reverse("meetings:item-minutes", args=[resolution.item_id]) + "#resolutions")


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    meeting = item.meeting
    show_partnership(request, meeting.body.partnership)
    if early := not_yet(request, meeting):
        return early
    form = ActionForm(request.POST, partnership=meeting.body.partnership)
    if meeting.minutes_are_locked:
        form.add_error(None, "The minutes are approved and locked: no actions can be added")
    if form.is_valid():
        try:
            services.add_action(request.user, meeting.body, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added")
            return redirect(reverse("meetings:item-minutes", args=[item.pk]) + "#actions")
    return _minutes_page(request, item, status=400, action_form=form)


def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    """Circulate the draft minutes; items with no discussion are listed first and need an
    explicit confirmation, without which nothing changes."""
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if refused := not_circulable(request, meeting):
        return refused
    blank = queries.blank_items(queries.minutes_agenda(meeting, request.user))
    confirming = request.method == "POST" and "confirming" in request.POST
    form = CirculateForm(request.POST if confirming else None, blank=len(blank))
    if request.method == "POST" and (not blank or form.is_valid()):
        try:
            services.circulate_minutes(request.user, meeting)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "The minutes are circulated to the members")
        return redirect(meeting.get_absolute_url() + "#minutes")
    return render(
        request,
        "meetings/minutes_circulate.html",
        {"meeting": meeting, "blank": blank, "form": form, "caution": _no_attendance(meeting)},
        status=400 if form.errors else 200,
    )


def minutes_return(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why are the minutes going back to draft?"
    if request.method == "POST" and form.is_valid():
        try:
            services.return_minutes_to_draft(request.user, meeting, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The minutes are back in draft")
            return redirect(meeting.get_absolute_url() + "#minutes")
    return form_page(
        request, form, "Return the minutes to draft", meeting.get_absolute_url(), button="Return"
    )


def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    later = later_meetings(meeting)
    form = ApproveMinutesForm(request.POST or None, later=later)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_minutes(
                request.user,
                meeting,
                approved_at=form.cleaned_data["approved_at"],
                amendments=form.amendment_lines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The minutes are approved and locked")
            return redirect(meeting.get_absolute_url() + "#minutes")
    return form_page(
        request,
        form,
        f"Approve the minutes of {meeting}",
        meeting.get_absolute_url(),
        button="Approve the minutes",
        caution=[
            None if later.exists() else _no_later_meeting(meeting),
            _no_attendance(meeting),
        ],
    )


def _no_later_meeting(meeting: Meeting) -> Caution:
    """With no later meeting to choose, "Approved at" cannot be answered: say why and
    where to go, instead of an empty list and an error that cannot be put right: the
    next meeting is still to come, or none is scheduled."""
    coming = queries.next_meeting_after(meeting)
    if coming is not None:
        return next_meeting_to_come(meeting.body.name, coming.date_label)
    schedule = reverse("meetings:meeting-schedule", args=[meeting.body.slug])
    return no_later_meeting(meeting.body.name, meeting.date_label, schedule)


def _no_attendance(meeting: Meeting) -> Caution | None:
    if queries.attendance_recorded(meeting):
        return None
    return no_attendance(reverse("meetings:attendance-edit", args=[meeting.pk]))
