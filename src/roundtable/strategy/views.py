"""Strategy pages: each checks access, binds a form, calls a service, renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from roundtable.core.forms import add_service_errors
from roundtable.core.history import render_history
from roundtable.core.imports import run_upload
from roundtable.core.pages import form_page
from roundtable.core.permissions import Action, by_pk, can, opens_for
from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.permissions import require_administrator
from roundtable.strategy import queries, services
from roundtable.strategy.forms import (
    ApproachForm,
    EventForm,
    ImportForm,
    ObjectiveForm,
    PriorityAddForm,
    PriorityEditForm,
    RevisionForm,
    StrategyForm,
    TargetAreasForm,
    ThemeForm,
)
from roundtable.strategy.importers import import_uploads
from roundtable.strategy.page_sections import priority_sections, strategy_sections
from roundtable.strategy.permissions import (
    get_approach_for_user,
    get_event_for_user,
    get_objective_for_user,
    get_priority_for_user,
    get_strategy_for_user,
    get_theme_for_user,
)


def strategy_list(request: HttpRequest) -> HttpResponse:
    partnership = getattr(request, "partnership", None)
    return render(
        request,
        "strategy/strategy_list.html",
        {
            "strategies": list(queries.strategies(partnership)),
            "partnership": partnership,
            "events": list(queries.partnership_events(partnership.pk)) if partnership else [],
            "can_import": partnership is not None
            and is_administrator(request.user, partnership.pk),
        },
    )


FORM = "strategy/form.html"


def _saved(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], Any],
    done: str,
    *,
    then: Callable[[Any], str] | None = None,
) -> HttpResponse | None:
    """Call the service with a valid POST's answers and go to what it saved (or to
    `then(record)`), saying `done` ("{record} added"); None (draw the form) otherwise,
    with the service's refusal put on the form at the field it names."""
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        record = write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done.format(record=record))
    return redirect(then(record) if then else record)


@opens_for(by_pk(is_administrator))
@login_required
def strategy_add(request: HttpRequest) -> HttpResponse:
    """Administrators add a strategy to the current partnership by hand."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = StrategyForm(request.POST or None, partnership=partnership)
    done = _saved(
        request,
        form,
        lambda data: services.add_strategy(request.user, partnership, **data),
        "{record.title} added",
    )
    back = reverse("strategy:strategy-list")
    return done or form_page(request, form, FORM, title="Add a strategy", back_url=back)


@login_required
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, strategy.partnership)
    form = StrategyForm(request.POST or None, instance=strategy, partnership=strategy.partnership)
    done = _saved(
        request,
        form,
        lambda data: services.update_strategy(request.user, strategy, **data),
        "{record.title} updated",
    )
    title = f"Edit {strategy.title}"
    back = strategy.get_absolute_url()
    return done or form_page(request, form, FORM, title=title, back_url=back)


@login_required
def theme_add(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, strategy.partnership)
    form = ThemeForm(request.POST or None, strategy=strategy)
    done = _saved(
        request,
        form,
        lambda data: services.add_theme(request.user, strategy, **data),
        "Theme {record.name} added",
    )
    title, back = f"Add a theme to {strategy.title}", strategy.get_absolute_url()
    return done or form_page(request, form, FORM, title=title, back_url=back)


@login_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, theme.partnership)
    form = ThemeForm(request.POST or None, instance=theme, strategy=theme.strategy)
    done = _saved(
        request,
        form,
        lambda data: services.update_theme(request.user, theme, **data),
        "Theme {record.name} updated",
    )
    title = f"Edit theme: {theme.name}"
    return done or form_page(request, form, FORM, title=title, back_url=theme.get_absolute_url())


@login_required
def priority_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a priority with its first revision; `?theme=<id>` chooses its theme and
    `?event=<id>` its event (the event page's form comes back here with the new one)."""
    strategy = get_strategy_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, strategy.partnership)
    initial = {"theme": request.GET.get("theme"), "event": request.GET.get("event")}
    form = PriorityAddForm(request.POST or None, strategy=strategy, initial=initial)
    done = _saved(
        request,
        form,
        lambda data: services.add_priority(request.user, strategy, **data),
        "Priority {record.ref} added",
    )
    title, back = f"Add a priority to {strategy.title}", strategy.get_absolute_url()
    event_add_url = f"{reverse('strategy:event-add')}?{urlencode({'strategy': strategy.slug})}"
    return done or form_page(
        request, form, FORM, title=title, back_url=back, event_add_url=event_add_url
    )


@login_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, priority.strategy.partnership)
    form = PriorityEditForm(request.POST or None, instance=priority)
    done = _saved(
        request,
        form,
        lambda data: services.update_priority(request.user, priority, **data),
        "Priority {record.ref} updated",
    )
    return done or form_page(
        request,
        form,
        FORM,
        title=f"Edit priority {priority.ref}",
        back_url=priority.get_absolute_url(),
        priority=priority,
    )


@opens_for(by_pk(is_administrator))
@login_required
def event_add(request: HttpRequest) -> HttpResponse:
    """Administrators add an event of the current partnership. From a strategy's
    priority form (`?strategy=<slug>`) or a priority's revision form
    (`?priority=<id>`), Back and Save return to that form, the new event chosen."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    strategy = queries.partnership_strategy(partnership, request.GET.get("strategy", ""))
    priority = queries.partnership_priority(partnership, request.GET.get("priority", ""))
    back = reverse("strategy:strategy-list")
    then: Callable[[Any], str] | None = None
    if strategy is not None or priority is not None:
        if priority is not None:
            back = reverse("strategy:revision-add", args=[priority.pk])
        else:
            back = reverse("strategy:priority-add", args=[strategy.slug])

        def then(event: Any) -> str:
            return f"{back}?{urlencode({'event': event.pk})}"

    form = EventForm(request.POST or None, partnership=partnership)
    done = _saved(
        request,
        form,
        lambda data: services.add_event(request.user, partnership, **data),
        "{record.name} added",
        then=then,
    )
    return done or form_page(request, form, FORM, title="Add an event", back_url=back)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, event.partnership)
    form = EventForm(request.POST or None, instance=event, partnership=event.partnership)
    done = _saved(
        request,
        form,
        lambda data: services.update_event(request.user, event, **data),
        "{record.name} updated",
    )
    title = f"Edit event: {event.name}"
    return done or form_page(request, form, FORM, title=title, back_url=event.get_absolute_url())


@login_required
def approach_add(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, slug, action=Action.CHANGE)
    show_partnership(request, strategy.partnership)
    form = ApproachForm(request.POST or None, strategy=strategy)
    done = _saved(
        request,
        form,
        lambda data: services.add_approach(request.user, strategy, **data),
        "{record.name} added",
    )
    title = f"Add a value or approach to {strategy.title}"
    return done or form_page(request, form, FORM, title=title, back_url=strategy.get_absolute_url())


@login_required
def approach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, approach.partnership)
    form = ApproachForm(request.POST or None, instance=approach, strategy=approach.strategy)
    done = _saved(
        request,
        form,
        lambda data: services.update_approach(request.user, approach, **data),
        "{record.name} updated",
    )
    title, back = f"Edit value: {approach.name}", approach.get_absolute_url()
    return done or form_page(request, form, FORM, title=title, back_url=back)


@login_required
def priority_objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, priority.strategy.partnership)
    form = ObjectiveForm(request.POST or None)
    done = _saved(
        request,
        form,
        lambda data: services.add_objective(request.user, priority=priority, **data),
        "Objective added",
    )
    return done or form_page(
        request,
        form,
        FORM,
        title=f"Add an objective to priority {priority.ref}",
        back_url=priority.get_absolute_url(),
        inset=priority.wording,
    )


@login_required
def approach_objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, approach.partnership)
    form = ObjectiveForm(request.POST or None)
    done = _saved(
        request,
        form,
        lambda data: services.add_objective(request.user, approach=approach, **data),
        "Objective added",
    )
    title, back = f"Add an objective to {approach.name}", approach.get_absolute_url()
    return done or form_page(request, form, FORM, title=title, back_url=back)


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_objective_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, objective.strategy.partnership)
    form = ObjectiveForm(request.POST or None, instance=objective)
    done = _saved(
        request,
        form,
        lambda data: services.update_objective(request.user, objective, **data),
        "Objective updated",
    )
    if objective.priority_id:
        title, inset = (
            f"Edit an objective of priority {objective.priority.ref}",
            objective.priority.wording,
        )
    else:
        title, inset = f"Edit an objective of {objective.approach.name}", ""
    back = objective.get_absolute_url()
    return done or form_page(request, form, FORM, title=title, back_url=back, inset=inset)


@opens_for(by_pk(is_administrator))
@login_required
def import_strategies(request: HttpRequest) -> HttpResponse:
    """Administrators upload strategy files for the current partnership: all or nothing."""
    partnership = current_partnership(request)
    require_administrator(request.user, partnership)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, summary = run_upload(
        request,
        form,
        lambda data: import_uploads(data["files"], partnership, request.user),
        field="files",
        files=True,
    )
    context = {"form": form, "errors": errors, "summary": summary, "partnership": partnership}
    return render(
        request, "strategy/import.html", context, status=400 if errors or form.errors else 200
    )


def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, slug)
    show_partnership(request, strategy.partnership)
    page = queries.strategy_page(
        strategy,
        can_edit=can(request.user, Action.CHANGE, strategy),
        sections=strategy_sections(request.user, strategy),
    )
    return render(request, "strategy/strategy_detail.html", {"page": page})


def strategy_history(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = get_strategy_for_user(request.user, slug)
    show_partnership(request, strategy.partnership)
    return render_history(
        request, strategy, title=strategy.title, back_url=strategy.get_absolute_url()
    )


def theme_history(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk)
    show_partnership(request, theme.partnership)
    return render_history(
        request, theme, title=f"Theme: {theme.name}", back_url=theme.get_absolute_url()
    )


def approach_history(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    show_partnership(request, approach.partnership)
    return render_history(
        request, approach, title=f"Value: {approach.name}", back_url=approach.get_absolute_url()
    )


def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk)
    show_partnership(request, priority.strategy.partnership)
    page = queries.priority_page(
        priority,
        can_edit=can(request.user, Action.CHANGE, priority),
        sections=priority_sections(request.user, priority),
    )
    return render(request, "strategy/priority_detail.html", {"page": page})


def priority_history(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk)
    show_partnership(request, priority.partnership)
    return render_history(
        request, priority, title=f"Priority {priority.ref}", back_url=priority.get_absolute_url()
    )


@login_required
def revision_add(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, priority.strategy.partnership)
    previous = priority.revisions.order_by("-sequence").first()
    initial = {"event": request.GET.get("event")}
    form = RevisionForm(request.POST or None, priority=priority, previous=previous, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_priority_revision(request.user, priority, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Revision recorded for {priority.ref}")
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = priority.get_absolute_url()
                return response
            return redirect(priority)
    event_add_url = f"{reverse('strategy:event-add')}?{urlencode({'priority': priority.pk})}"
    context = {
        "priority": priority,
        "form": form,
        "action": request.path,
        "event_add_url": event_add_url,
    }
    if request.htmx:
        return render(request, "strategy/partials/_revision_form.html", context)
    return render(request, "strategy/revision_form.html", context)


@login_required
def target_areas_change(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk, action=Action.CHANGE)
    show_partnership(request, priority.strategy.partnership)
    current = "; ".join(priority.target_areas.order_by("code").values_list("code", flat=True))
    form = TargetAreasForm(request.POST or None, initial={"codes": current})
    if request.method == "POST" and form.is_valid():
        services.set_priority_target_areas(request.user, priority, form.cleaned_data["codes"])
        messages.success(request, f"Focus areas saved for {priority.ref}")
        return redirect(priority)
    return render(request, "strategy/target_areas_form.html", {"priority": priority, "form": form})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    show_partnership(request, event.partnership)
    context = {
        "event": event,
        "revisions": list(queries.event_revisions(event)),
        "can_edit": can(request.user, Action.CHANGE, event),
    }
    return render(request, "strategy/event_detail.html", context)


def event_history(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    show_partnership(request, event.partnership)
    return render_history(
        request, event, title=event.name, back_url=reverse("strategy:event-detail", args=[pk])
    )
