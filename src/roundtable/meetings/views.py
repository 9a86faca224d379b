"""Meetings pages. Each view: check access, bind the form, call the service, render.

What a reader sees comes from the `visible_to` queryset methods (through
`queries.agenda_for`, `queries.matters_arising` and the access helpers in
`permissions.py`); restricted material is never loaded for someone who may not
see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from roundtable.core.exports import download_links
from roundtable.core.forms import add_service_errors, refuse_renamed_uploads
from roundtable.core.permissions import Action as Can
from roundtable.meetings import lists, queries, rules, services
from roundtable.meetings.choices import MINUTES_NOT_APPROVED
from roundtable.meetings.forms import (
    ONCE,
    CancelForm,
    ItemForm,
    ItemRestrictionForm,
    MoveForm,
    NewVersionForm,
    PaperForm,
    ScheduleForm,
)
from roundtable.meetings.meeting_page import ItemView, PaperView, meeting_page
from roundtable.meetings.models import (
    AgendaItem,
    ForwardPlanItem,
    Meeting,
)
from roundtable.meetings.page_sections import meeting_sections
from roundtable.meetings.pages import (
    PAGE_SIZE,
    Caution,
    form_page,
    not_changeable,
    refusal,
    scheduled_banner,
)
from roundtable.meetings.permissions import (
    get_item_for_user,
    get_meeting_for_user,
    get_paper_for_user,
    may_manage,
    require_manager,
    seen_by_everyone,
)
from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.permissions import get_body_for_user
from roundtable.performance.models import Indicator
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from django import forms


# The kinds of linked record the item form sets; other links are left alone.
LINKED_IN_FORM = ("strategy.priority", "performance.indicator")


# -- Schedule -----------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    """Every body's meetings in the partnership, upcoming then past, by body; or only
    those held whose minutes are not yet approved (`?minutes=not-approved`)."""
    listed = lists.meeting_list(request)
    now = timezone.now()
    upcoming = list(listed.meetings.upcoming(now).order_by("start"))
    past = _past_page(request, listed.meetings.past(now))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "bodies": listed.bodies,
            "body": listed.body,
            "upcoming": upcoming,
            "past": past,
            "minutes_not_approved": listed.minutes_not_approved,
            "minutes_filter": MINUTES_NOT_APPROVED,
            "extra": listed.query,
            "count": len(upcoming) + past.paginator.count,
            "downloads": download_links(request, "meetings:meeting-list-download"),
            # With nothing to come, where those who schedule meetings do so.
            "schedule_in": []
            if upcoming
            else queries.bodies_scheduled_by(request.user, listed.bodies),
            # With no body at all, its administrators are told to add one first.
            "may_add_body": not listed.bodies
            and is_administrator(request.user, request.partnership.pk),
        },
    )


def _past_page(request: HttpRequest, meetings: Any) -> Any:
    return Paginator(meetings.order_by("-start"), PAGE_SIZE).get_page(request.GET.get("page"))


def body_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    now = timezone.now()
    meetings = body.meetings.with_record(request.user)
    can_manage = may_manage(request.user, body)
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "body": body,
            "upcoming": meetings.upcoming(now).order_by("start"),
            "past": _past_page(request, meetings.past(now)),
            "can_manage": can_manage,
            "subscribers": queries.subscriber_count(request.user, body) if can_manage else 0,
        },
    )


def meeting_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    require_manager(request.user, body)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["repeat"] == ONCE:
                scheduled = [
                    services.schedule_meeting(
                        request.user,
                        body,
                        start=form.start(),
                        end=form.end(),
                        venue=data["venue"],
                        online_link=data["online_link"],
                    )
                ]
            else:
                scheduled = services.schedule_series(
                    request.user,
                    body,
                    first=data["date"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    repeat=data["repeat"],
                    count=data["count"],
                    venue=data["venue"],
                    online_link=data["online_link"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, scheduled_banner(body, scheduled))
            return redirect("meetings:body-meetings", slug=body.slug)
    return form_page(
        request,
        form,
        f"Schedule a meeting of {body.name}",
        reverse("meetings:body-meetings", args=[body.slug]),
        button="Schedule",
    )


def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if refused := not_changeable(request, meeting, meeting.move_refusal):
        return refused
    start, end = timezone.localtime(meeting.start), meeting.end and timezone.localtime(meeting.end)
    form = MoveForm(
        request.POST or None,
        initial={
            "date": start.date(),
            "start_time": start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M") if end else "",
            "venue": meeting.venue,
            "online_link": meeting.online_link,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(
                request.user,
                meeting,
                start=form.start(),
                end=form.end(),
                venue=form.cleaned_data["venue"],
                online_link=form.cleaned_data["online_link"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting has moved")
            return redirect(meeting)
    return form_page(
        request, form, f"Move the meeting of {meeting}", meeting.get_absolute_url(), button="Move"
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if refused := not_changeable(request, meeting, meeting.cancel_refusal):
        return refused
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(request.user, meeting, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is cancelled")
            return redirect(meeting)
    return form_page(
        request,
        form,
        f"Cancel the meeting of {meeting}",
        meeting.get_absolute_url(),
        button="Cancel the meeting",
        warning=True,
    )


# -- The meeting page ---------------------------------------------------------


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    show_partnership(request, meeting.body.partnership)
    context = {
        "page": meeting_page(request.user, meeting),
        "sections": meeting_sections(request.user, meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


# -- Agenda editing -----------------------------------------------------------


@dataclass
class EditorRow:
    view: ItemView
    first: bool
    last: bool


def _editor_rows(meeting: Meeting, request: HttpRequest) -> list[EditorRow]:
    entries = queries.agenda_for(meeting, request.user)
    rows: list[EditorRow] = []

    def walk(level: list[queries.AgendaEntry], is_sub: bool) -> None:
        for n, entry in enumerate(level):
            papers = [PaperView(p, queries.current_version(p)) for p in entry.papers]
            view = ItemView(entry.item, entry.number, papers, is_sub)
            rows.append(EditorRow(view, n == 0, n == len(level) - 1))
            walk(entry.sub_items, True)

    walk(entries, False)
    return rows


def _editor_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The agenda editor; once the minutes are approved (`locked`, saying why) it
    offers only to change who may see each item."""
    locked = meeting.agenda_refusal
    planned = 0
    if not locked:
        planned = ForwardPlanItem.objects.filter(meeting=meeting, agenda_item__isnull=True).count()
    return {
        "meeting": meeting,
        "rows": _editor_rows(meeting, request),
        "planned": planned,
        "locked": locked,
    }


def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    return render(request, "meetings/agenda_edit.html", _editor_context(request, meeting))


def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if refused := not_changeable(request, meeting, meeting.agenda_refusal):
        return refused
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = get_item_for_user(request.user, int(request.GET["parent"]), action=Can.CHANGE)
        if parent.meeting_id != meeting.pk:
            raise Http404("No such item on this agenda")
    form = ItemForm(request.POST or None, partnership=meeting.body.partnership, parent=parent)
    if request.method == "POST" and form.is_valid():
        links = form.links()
        try:
            with transaction.atomic():
                item = services.add_agenda_item(
                    request.user, meeting, parent=parent, **form.cleaned_data
                )
                services.set_links(request.user, item, links, LINKED_IN_FORM)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{item.title}' added to the agenda")
            return redirect("meetings:agenda-edit", pk=meeting.pk)
    title = f"Add a sub-item to '{parent.title}'" if parent else "Add an agenda item"
    back = reverse("meetings:agenda-edit", args=[meeting.pk])
    return form_page(request, form, title, back, caption=str(meeting))


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    if item.meeting.agenda_refusal:
        return _item_restriction(request, item)
    initial = {
        "title": item.title,
        "purpose": item.purpose,
        "description": item.description,
        "lead_people": list(item.lead_people.all()),
        "lead_organisations": list(item.lead_organisations.all()),
        "lead_note": item.lead_note,
        "restricted": item.restricted,
        "restriction_category": item.restriction_category,
        "performance_report": item.performance_report,
        **queries.linked_ids(
            item, {"related_priorities": Priority, "related_indicators": Indicator}
        ),
    }
    form = ItemForm(
        request.POST or None,
        initial=initial,
        partnership=item.meeting.body.partnership,
        parent=item.parent,
    )
    back = reverse("meetings:agenda-edit", args=[item.meeting_id])
    if request.method == "POST" and form.is_valid():
        links = form.links()
        try:
            with transaction.atomic():
                services.change_agenda_item(request.user, item, **form.cleaned_data)
                services.set_links(request.user, item, links, LINKED_IN_FORM)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{item.title}' updated")
            return redirect(back)
    return form_page(request, form, f"Edit '{initial['title']}'", back, caption=str(item.meeting))


def _item_restriction(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """Who may see an item of a meeting whose minutes are approved: the one thing
    about it that may still change (`services.change_item_restriction`)."""
    form = ItemRestrictionForm(
        request.POST or None,
        initial={"restricted": item.restricted, "restriction_category": item.restriction_category},
        parent=item.parent,
    )
    back = reverse("meetings:agenda-edit", args=[item.meeting_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.change_item_restriction(request.user, item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            seen = "only the body's members" if item.restricted else "everyone who sees the agenda"
            messages.success(request, f"'{item.title}' is now seen by {seen}")
            return redirect(back)
    return form_page(
        request,
        form,
        f"Who can see '{item.title}'",
        back,
        caution=Caution(
            "The minutes are approved, so the item's wording and papers are locked: "
            "only who can see it may change."
        ),
    )


def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.DELETE)
    show_partnership(request, item.meeting.body.partnership)
    if refused := not_changeable(request, item.meeting, item.meeting.agenda_refusal):
        return refused
    back = reverse("meetings:agenda-edit", args=[item.meeting_id])
    if request.method == "POST":
        try:
            services.remove_agenda_item(request.user, item)
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, f"'{item.title}' removed from the agenda")
        return redirect(back)
    return render(
        request,
        "meetings/confirm.html",
        {
            "title": f"Remove '{item.title}' from the agenda?",
            "text": "Its sub-items and papers are removed with it.",
            "button": "Remove the item",
            "back_url": back,
            "warning": True,
        },
    )


@require_POST
def item_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move an item up or down among its siblings; with htmx the item list swaps."""
    if direction not in ("up", "down"):
        raise Http404("Items move up or down")
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    meeting = item.meeting
    siblings = AgendaItem.objects.filter(meeting=meeting, parent=item.parent_id)
    order = list(siblings.order_by("position", "pk").values_list("pk", flat=True))
    step = -1 if direction == "up" else 1
    try:
        services.reorder_agenda(
            request.user, meeting, rules.move_in_order(order, item.pk, step), item.parent
        )
    except ValidationError as error:
        messages.error(request, refusal(error))
        back = reverse("meetings:agenda-edit", args=[meeting.pk])
        if request.htmx:  # the whole page, to show why
            response = HttpResponse(status=204)
            response["HX-Redirect"] = back
            return response
        return redirect(back)
    if request.htmx:
        return render(
            request, "meetings/partials/_agenda_editor.html", _editor_context(request, meeting)
        )
    return redirect(reverse("meetings:agenda-edit", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
def agenda_from_plan(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    try:
        added = services.draft_agenda_from_plan(request.user, meeting)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect(meeting)
    noun = "item" if len(added) == 1 else "items"
    messages.success(request, f"{len(added)} {noun} added from the forward plan")
    return redirect("meetings:agenda-edit", pk=meeting.pk)


def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, meeting.body.partnership)
    if request.method == "POST":
        try:
            services.publish_agenda(request.user, meeting)
        except ValidationError as error:
            messages.error(request, refusal(error))
            return redirect("meetings:agenda-edit", pk=meeting.pk)
        messages.success(request, "The agenda is published")
        return redirect(meeting)
    return render(
        request,
        "meetings/confirm.html",
        {
            "title": "Publish the agenda?",
            "text": "Everyone will see the agenda and its open papers. Restricted items and "
            "papers stay visible only to the body's members.",
            "button": "Publish the agenda",
            "back_url": reverse("meetings:agenda-edit", args=[meeting.pk]),
        },
    )


def _upload_ok(request: HttpRequest, form: forms.Form) -> bool:
    """A posted upload form whose file name was not refused and whose fields are valid."""
    if request.method != "POST":
        return False
    return refuse_renamed_uploads(request, form, "file") and form.is_valid()


def paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, item.meeting.body.partnership)
    if refused := not_changeable(request, item.meeting, item.meeting.agenda_refusal):
        return refused
    form = PaperForm(request.POST or None, request.FILES or None, item=item)
    back = reverse("meetings:agenda-edit", args=[item.meeting_id])
    if (
        request.method == "POST"
        and refuse_renamed_uploads(request, form, "file")
        and form.is_valid()
    ):
        data = form.cleaned_data
        try:
            paper = services.add_paper(
                request.user,
                item,
                title=data["title"],
                upload=data["file"],
                restricted=data["restricted"],
                restriction_category=data["restriction_category"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{paper.title}' added to '{item.title}'")
            return redirect(back)
    return form_page(
        request,
        form,
        f"Add a paper to '{item.title}'",
        back,
        button="Upload",
        upload=True,
        caption=str(item.meeting),
    )


def paper_replace(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_paper_for_user(request.user, pk, action=Can.CHANGE)
    show_partnership(request, paper.item.meeting.body.partnership)
    meeting = paper.item.meeting
    if refused := not_changeable(request, meeting, meeting.agenda_refusal):
        return refused
    form = NewVersionForm(request.POST or None, request.FILES or None)
    back = reverse("meetings:agenda-edit", args=[paper.item.meeting_id])
    if (
        request.method == "POST"
        and refuse_renamed_uploads(request, form, "file")
        and form.is_valid()
    ):
        try:
            version = services.replace_paper(request.user, paper, form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} of '{paper.title}' uploaded")
            return redirect(back)
    return form_page(
        request,
        form,
        f"Upload a new version of '{paper.title}'",
        back,
        button="Upload",
        upload=True,
        caption=str(meeting),
    )


def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The paper's current version, or `?version=N`; 404 for anyone who may not see it."""
    paper = get_paper_for_user(request.user, pk)
    show_partnership(request, paper.partnership)
    wanted = request.GET.get("version", "")
    versions = paper.versions.order_by("-number")
    if wanted:
        if not wanted.isdigit():
            raise Http404("No such version")
        version = get_object_or_404(versions, number=int(wanted))
    else:
        version = versions.first()
        if version is None:
            raise Http404("This paper has no file")
    response = FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        as_attachment=version.content_type != "application/pdf",
        filename=version.filename,
    )
    if not seen_by_everyone(paper):
        response["Cache-Control"] = "private, no-store"
    return response
