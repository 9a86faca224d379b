"""The actions log (the partnership's and each body's, with its filters and
downloads), an action's page and reassigning it; and a body's forward plan.

What a reader sees comes from the `visible_to` queryset methods, through
`filters.actions_log` and the access helpers in `permissions.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.core.exports import EXPORT_FORMATS
from roundtable.core.forms import add_service_errors
from roundtable.core.permissions import Action as Can
from roundtable.core.permissions import refuse
from roundtable.meetings import queries, rules, services
from roundtable.meetings.choices import MeetingStatus
from roundtable.meetings.filters import ActionFilters, action_rows, actions_log
from roundtable.meetings.forms import (
    ActionFilterForm,
    ActionUpdateForm,
    PlanItemForm,
    ReassignActionForm,
)
from roundtable.meetings.models import Action as MeetingAction
from roundtable.meetings.pages import PAGE_SIZE, form_page
from roundtable.meetings.permissions import (
    get_action_for_user,
    item_shown_with,
    may_manage,
    may_update_action,
    require_manager,
)
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Body, Partnership
from roundtable.partnership.permissions import get_body_for_user

# -- Actions log --------------------------------------------------------------


@dataclass(frozen=True)
class ActionLogRequest:
    """What an actions log address asks for: the body it is fixed to (if any), the
    partnership, the filter form and the filters it gives."""

    body: Body | None
    partnership: Partnership
    form: ActionFilterForm
    filters: ActionFilters


def action_log_request(request: HttpRequest, slug: str | None) -> ActionLogRequest:
    """Shared by the actions log page and its downloads, so both show the same rows."""
    fixed = get_body_for_user(request.user, slug) if slug else None
    if fixed is not None:
        show_partnership(request, fixed.partnership)
    partnership = fixed.partnership if fixed else current_partnership(request)
    form = ActionFilterForm(
        request.GET,
        partnership=partnership,
        bodies=Body.objects.filter(partnership=partnership),
    )
    filters = ActionFilters(
        status=form.value("status") or "",
        organisation=form.value("organisation"),
        body=fixed or form.value("body"),
        overdue=bool(form.value("overdue")),
    )
    if fixed is not None:
        del form.fields["body"]
    return ActionLogRequest(fixed, partnership, form, filters)


def action_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The actions log across the partnership, or of one body (`slug`)."""
    asked = action_log_request(request, slug)
    today = timezone.localdate()
    page = Paginator(
        actions_log(request.user, asked.partnership, asked.filters, today), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/action_list.html",
        {
            "form": asked.form,
            "body": asked.body,
            "page": page,
            "rows": action_rows(list(page.object_list), today),
            "extra": query.urlencode(),
            "downloads": {
                fmt: _download_url(asked.body, fmt, query.urlencode()) for fmt in EXPORT_FORMATS
            },
        },
    )


def _download_url(body: Body | None, fmt: str, query: str) -> str:
    if body is not None:
        url = reverse("meetings:body-actions-download", args=[body.slug, fmt])
    else:
        url = reverse("meetings:action-list-download", args=[fmt])
    return f"{url}?{query}" if query else url


def _action_context(request: HttpRequest, action: MeetingAction, form: Any = None) -> dict:
    can_update = may_update_action(request.user, action)
    if can_update and form is None:
        form = ActionUpdateForm(initial={"status": action.status})
    today = timezone.localdate()
    return {
        "action": action,
        "item": item_shown_with(request.user, action),
        "updates": action.updates.select_related("author__person"),
        "form": form if can_update else None,
        "days_overdue": rules.days_overdue(action.due, action.status, today),
        "can_reassign": may_manage(request.user, action.body),
    }


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An action with its updates; its owner (and managers) post an update here."""
    action = get_action_for_user(request.user, pk)
    show_partnership(request, action.body.partnership)
    if request.method == "POST":
        action = get_action_for_user(request.user, pk, action=Can.CHANGE)
        form = ActionUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.update_action(request.user, action, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not request.htmx:
                    messages.success(request, "Update added")
                    return redirect(action)
                form = None
                context = _action_context(request, action)
                context["added"] = "Update added"
                return render(request, "meetings/partials/_action_updates.html", context)
        context = _action_context(request, action, form)
        if request.htmx:
            return render(request, "meetings/partials/_action_updates.html", context)
        return render(request, "meetings/action_detail.html", context, status=400)
    return render(request, "meetings/action_detail.html", _action_context(request, action))


def action_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """The body's managers give an action to someone else or a new due date."""
    action = get_action_for_user(request.user, pk)
    if not may_manage(request.user, action.body):
        raise refuse(request.user)
    show_partnership(request, action.body.partnership)
    initial = {
        "owner_person": action.owner_person_id,
        "owner_organisation": action.owner_organisation_id,
        "due": action.due,
    }
    form = ReassignActionForm(
        request.POST or None, initial=initial, partnership=action.body.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_action(request.user, action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action reassigned")
            return redirect(action)
    return form_page(request, form, "Reassign the action", action.get_absolute_url())


# -- Forward plan -------------------------------------------------------------


def forward_plan(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_body_for_user(request.user, slug)
    show_partnership(request, body.partnership)
    can_manage = may_manage(request.user, body)
    upcoming = body.meetings.upcoming(timezone.now()).filter(status=MeetingStatus.SCHEDULED)
    form = None
    if can_manage or request.method == "POST":
        require_manager(request.user, body)
        form = PlanItemForm(request.POST or None, body=body, meetings=upcoming)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.plan_item(request.user, body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{form.cleaned_data['title']}' added to the forward plan")
            return redirect("meetings:forward-plan", slug=body.slug)
    plan = queries.forward_plan(
        body, request.user, held=request.GET.get("held") == "1", now=timezone.now()
    )
    return render(
        request,
        "meetings/forward_plan.html",
        {"body": body, "plan": plan, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
