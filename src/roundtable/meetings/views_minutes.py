"""Minute-taking mode: every item of a meeting on one page, minuted as the meeting goes.

Each item's discussion, resolutions and actions are forms of their own. With htmx
they save in place (the discussion on change and on "Save", a new resolution or
action swapping the item's list); without JavaScript each form posts and comes back
to the page at the item's anchor. Every write goes through the same services as the
one-item pages, so history and validation are as they are there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from roundtable.core.forms import add_service_errors
from roundtable.core.permissions import Action as Can
from roundtable.meetings import queries, rules, services
from roundtable.meetings.forms import ActionForm, ItemMinutesForm, OwnerChoices, ResolutionForm
from roundtable.meetings.meeting_page import ResolutionView, resolution_views
from roundtable.meetings.pages import not_yet
from roundtable.meetings.permissions import get_item_for_user, get_meeting_for_user
from roundtable.partnership.addresses import show_partnership

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse

    from roundtable.meetings.models import AgendaItem, Meeting


def _prefixes(pk: int) -> dict[str, str]:
    return {"minutes": f"minutes-{pk}", "resolution": f"resolution-{pk}", "action": f"action-{pk}"}


def _now() -> str:
    return timezone.localtime().strftime("%H:%M")


@dataclass
class Neighbour:
    """The item before or after, for the "Previous item" and "Next item" links."""

    pk: int
    number: str
    title: str


@dataclass
class TakenItem:
    """One item in minute-taking mode: its minutes so far and its three forms."""

    entry: queries.MinutesEntry
    minutes_form: forms.Form
    resolution_form: forms.Form
    action_form: forms.Form
    resolutions: list[ResolutionView] = field(default_factory=list)
    editable: bool = False
    actions_open: bool = False
    previous: Neighbour | None = None
    next: Neighbour | None = None
    status: str = ""
    error: str = ""

    @property
    def item(self) -> AgendaItem:
        return self.entry.item

    @property
    def number(self) -> str:
        return self.entry.number


@dataclass
class MinutesTakingPage:
    meeting: Meeting
    items: list[TakenItem]
    editable: bool
    actions_open: bool
    blank: int


def _taken(
    entry: queries.MinutesEntry,
    owners: OwnerChoices,
    meeting: Meeting,
    bound: dict[str, forms.Form] | None = None,
) -> TakenItem:
    """An item with its forms: `bound` holds the forms just posted (with their errors)."""
    bound = bound or {}
    prefix = _prefixes(entry.item.pk)
    minutes_form = bound.get("minutes") or ItemMinutesForm(
        initial={"minutes": entry.item.minutes}, prefix=prefix["minutes"]
    )
    minutes_form.fields["minutes"].label = f"Discussion of item {entry.number}"
    return TakenItem(
        entry=entry,
        minutes_form=minutes_form,
        resolution_form=bound.get("resolution") or ResolutionForm(prefix=prefix["resolution"]),
        action_form=bound.get("action")
        or ActionForm(partnership=meeting.body.partnership, owners=owners, prefix=prefix["action"]),
        resolutions=resolution_views(entry.number, entry.resolutions),
        editable=rules.minutes_editable(meeting.minutes_status),
        actions_open=not meeting.minutes_are_locked,
    )


def _page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    bound_item: int | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> MinutesTakingPage:
    """The whole page; `bound` holds the forms just posted for `bound_item`, with their
    errors. `?saved=<item>` (where a form without JavaScript comes back to) says that
    item was saved."""
    entries = queries.minutes_agenda(meeting, request.user)
    owners = OwnerChoices.of(meeting.body.partnership)
    items = [
        _taken(e, owners, meeting, bound if e.item.pk == bound_item else None) for e in entries
    ]
    for before, after in zip(items, items[1:], strict=False):
        before.next = Neighbour(after.item.pk, after.number, after.item.title)
        after.previous = Neighbour(before.item.pk, before.number, before.item.title)
    saved = request.GET.get("saved", "")
    for taken in items:
        if bound_item is None and str(taken.item.pk) == saved:
            taken.status = f"Saved at {_now()}"
        if taken.item.pk == bound_item:
            taken.error = "Not saved: correct the errors below"
    return MinutesTakingPage(
        meeting=meeting,
        items=items,
        editable=rules.minutes_editable(meeting.minutes_status),
        actions_open=not meeting.minutes_are_locked,
        blank=len(queries.blank_items(entries)),
    )


def _render_page(request: HttpRequest, page: MinutesTakingPage, status: int = 200) -> HttpResponse:
    return render(request, "meetings/minutes_take.html", {"page": page}, status=status)


@require_GET
def minutes_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item of the meeting, each with its discussion, resolutions and actions."""
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if early := not_yet(request, meeting):
        return early
    return _render_page(request, _page(request, meeting))


def _back_to(item: AgendaItem) -> HttpResponse:
    url = reverse("meetings:minutes-take", args=[item.meeting_id])
    return redirect(f"{url}?saved={item.pk}#item-{item.pk}")


def _one_item(request: HttpRequest, item: AgendaItem, bound: dict[str, forms.Form]) -> TakenItem:
    """The item alone, for the partial htmx swaps in."""
    entries = [
        e for e in queries.minutes_agenda(item.meeting, request.user) if e.item.pk == item.pk
    ]
    return _taken(entries[0], OwnerChoices.of(item.meeting.body.partnership), item.meeting, bound)


def _refused(request: HttpRequest, item: AgendaItem, part: str, form: forms.Form) -> HttpResponse:
    """The form again with its errors: in place with htmx, else on the whole page."""
    if request.htmx:
        taken = _one_item(request, item, {part: form})
        taken.error = f"Not saved: correct the {part}"
        return render(
            request, f"meetings/partials/_minutes_{part}s.html", {"taken": taken, "oob": True}
        )
    page = _page(request, item.meeting, bound_item=item.pk, bound={part: form})
    return _render_page(request, page, status=400)


def _added(request: HttpRequest, item: AgendaItem, part: str) -> HttpResponse:
    """A resolution or action added: back to the item, or its list swapped in place."""
    if not request.htmx:
        return _back_to(item)
    taken = _one_item(request, item, {})
    taken.status = f"{part.capitalize()} added at {_now()}"
    return render(
        request, f"meetings/partials/_minutes_{part}s.html", {"taken": taken, "oob": True}
    )


@require_POST
def item_minutes_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Save an item's discussion; with htmx, answer with its "Saved at" status only."""
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    form = ItemMinutesForm(request.POST, prefix=_prefixes(item.pk)["minutes"])
    error = ""
    if form.is_valid():
        try:
            unchanged = form.cleaned_data["minutes"] == item.minutes
            if not unchanged or not rules.minutes_editable(item.meeting.minutes_status):
                services.save_item_minutes(request.user, item, form.cleaned_data["minutes"])
        except ValidationError as refusal:
            add_service_errors(form, refusal)
            error = " ".join(refusal.messages)
        else:
            if request.htmx:
                return render(
                    request,
                    "meetings/partials/_minutes_saved.html",
                    {"status": f"Saved at {_now()}", "meeting": item.meeting},
                )
            return _back_to(item)
    if request.htmx:
        error = error or "Not saved: check the discussion"
        return render(
            request,
            "meetings/partials/_minutes_saved.html",
            {"error": error, "meeting": item.meeting},
        )
    page = _page(request, item.meeting, bound_item=item.pk, bound={"minutes": form})
    return _render_page(request, page, status=400)


@require_POST
def item_resolution_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a resolution to an item; with htmx, swap the item's resolutions."""
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    form = ResolutionForm(request.POST, prefix=_prefixes(item.pk)["resolution"])
    if form.is_valid():
        try:
            services.add_resolution(request.user, item, **form.cleaned_data)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            return _added(request, item, "resolution")
    return _refused(request, item, "resolution", form)


@require_POST
def item_action_take(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action to an item; with htmx, swap the item's actions."""
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    meeting = item.meeting
    show_partnership(request, meeting.body.partnership)
    form = ActionForm(
        request.POST, partnership=meeting.body.partnership, prefix=_prefixes(item.pk)["action"]
    )
    if meeting.minutes_are_locked:
        form.add_error(None, "The minutes are approved and locked: no actions can be added")
    if form.is_valid():
        try:
            services.add_action(request.user, meeting.body, item=item, **form.cleaned_data)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            return _added(request, item, "action")
    return _refused(request, item, "action", form)
