"""Pages of partnership projects: the portfolio, a project's page, the forms that
add and change projects, milestones, risks and updates, and the pages that delete
milestones, risks and updates (asking first). Who sees what is in
`models.py`; who may change what in `permissions.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from roundtable.core.forms import add_service_errors
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.meetings.models import AgendaItem
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Partnership
from roundtable.projects import queries, queries_money, services
from roundtable.projects.forms import (
    MilestoneForm,
    PortfolioFilterForm,
    ProjectForm,
    RiskForm,
    UpdateForm,
)
from roundtable.projects.models import Milestone, Project, ProjectUpdate, Risk
from roundtable.projects.page_sections import project_sections
from roundtable.projects.pages import confirm_delete
from roundtable.projects.permissions import (
    CHANGE,
    get_milestone_for_user,
    get_project_for_user,
    get_risk_for_user,
    get_update_for_user,
    may_add_projects,
)
from roundtable.projects.permissions_money import sees_money
from roundtable.projects.records_end import records_end

PROJECT_FIELDS = ("title", "summary", "lead_organisation", "lead_person", "sponsor_body")
PROJECT_FIELDS += ("status", "start", "end", "is_published")
PROJECT_LINKS = ("priorities", "indicators", "recommendations", "areas")
FORM = "partnership/form.html"


def portfolio(request: HttpRequest) -> HttpResponse:
    """Every project the user may see, with RAG counts and the portfolio's filters."""
    partnership = current_partnership(request)
    form = PortfolioFilterForm(request.GET or None, partnership_id=partnership.pk)
    data = form.cleaned_data if form.is_valid() else {}
    ended = records_end(partnership)
    rows = queries.with_rag_tags(
        queries.portfolio(
            request.user,
            partnership.pk,
            status=data.get("status", ""),
            priority=getattr(data.get("priority"), "pk", None),
            lead_organisation=getattr(data.get("lead_organisation"), "pk", None),
            sponsor_body=getattr(data.get("sponsor_body"), "pk", None),
        ),
        timezone.localdate(),
        ended,
    )
    context = {
        "form": form,
        "projects": rows,
        "records_note": ended.note if ended is not None else "",
        "rag_counts": queries.rag_counts(rows),
        "can_add": may_add_projects(request.user, partnership.pk),
        "sees_money": sees_money(request.user, partnership.pk),
    }
    return render(request, "projects/portfolio.html", context)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    show_partnership(request, project.partnership)
    page = queries.project_page(request.user, project, timezone.localdate())
    money = queries_money.project_money(request.user, project)
    sections = project_sections(request.user, project)
    context = {"page": page, "project": project, "money": money, "sections": sections}
    return render(request, "projects/project.html", context)


def _project_form(request: HttpRequest, partnership: Partnership, **kwargs: Any) -> ProjectForm:
    """Administrators choose any partner to lead and any body to sponsor; editors lead
    from their own organisation; a body's managers sponsor from their bodies (the
    current lead and sponsor stay offered)."""
    initial = kwargs.get("initial", {})
    current, lead = initial.get("sponsor_body"), initial.get("lead_organisation")
    return ProjectForm(
        request.POST or None,
        partnership_id=partnership.pk,
        place_id=partnership.area_id,
        organisations=queries.lead_organisations(partnership, request.user, lead),
        bodies=queries.sponsor_choices(request.user, partnership, current),
        **kwargs,
    )


def _save_project(request: HttpRequest, form: ProjectForm, project: Project) -> HttpResponse | None:
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        saved = services.save_project(
            request.user, project, partnership=current_partnership(request), **form.cleaned_data
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except PermissionDenied as refusal:
        # A lead or sponsor the user does not keep: said on the form, not a 403.
        form.add_error("lead_organisation", str(refusal))
        return None
    messages.success(request, "Project saved")
    return redirect(saved)


@opens_for(by_pk(may_add_projects))
def project_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_add_projects(request.user, partnership.pk):
        raise refuse(request.user)
    initial = {"lead_organisation": request.user.organisation_id}
    form = _project_form(request, partnership, initial=initial)
    done = _save_project(request, form, Project(partnership=partnership))
    back = reverse("projects:portfolio")
    return done or form_page(request, form, FORM, title="Add a project", back_url=back)


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    initial = {name: getattr(project, name) for name in PROJECT_FIELDS}
    for name in ("lead_organisation", "lead_person", "sponsor_body"):
        initial[name] = getattr(project, f"{name}_id")
    for name in PROJECT_LINKS:
        initial[name] = list(getattr(project, name).values_list("pk", flat=True))
    form = _project_form(request, project.partnership, initial=initial)
    done = _save_project(request, form, project)
    back = project.get_absolute_url()
    return done or form_page(request, form, FORM, title=f"Edit {project}", back_url=back)


def _child_page(
    request: HttpRequest,
    form: Any,
    save: Any,
    record: Any,
    project: Project,
    title: str,
    saved: str,
) -> HttpResponse:
    """Bind, save through the service, redirect to the project; or show the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, record, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(project)
    return form_page(request, form, FORM, title=title, back_url=project.get_absolute_url())


def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    form = MilestoneForm(request.POST or None)
    milestone = Milestone(project=project)
    return _child_page(
        request,
        form,
        services.save_milestone,
        milestone,
        project,
        "Add a milestone",
        "Milestone saved",
    )


def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, action=CHANGE)
    project = milestone.project
    show_partnership(request, project.partnership)
    initial = {"title": milestone.title, "due": milestone.due, "done_on": milestone.done_on}
    form = MilestoneForm(request.POST or None, initial=initial)
    return _child_page(
        request,
        form,
        services.save_milestone,
        milestone,
        project,
        "Edit milestone",
        "Milestone saved",
    )


def risk_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    form = RiskForm(request.POST or None, partnership_id=project.partnership_id)
    risk = Risk(project=project)
    return _child_page(request, form, services.save_risk, risk, project, "Add a risk", "Risk saved")


def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_risk_for_user(request.user, pk, action=CHANGE)
    project = risk.project
    show_partnership(request, project.partnership)
    initial = {name: getattr(risk, name) for name in ("description", "likelihood", "impact")}
    initial |= {"mitigation": risk.mitigation, "owner": risk.owner_id}
    form = RiskForm(request.POST or None, initial=initial, partnership_id=project.partnership_id)
    return _child_page(request, form, services.save_risk, risk, project, "Edit risk", "Risk saved")


def _update_form(request: HttpRequest, project: Project, **kwargs: Any) -> UpdateForm:
    items = (
        AgendaItem.objects.visible_to(request.user)
        .filter(partnership_id=project.partnership_id)
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")
    )
    return UpdateForm(
        request.POST or None, partnership_id=project.partnership_id, items=items, **kwargs
    )


def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    initial = {"date": timezone.localdate(), "author": request.user.person_id}
    form = _update_form(request, project, initial=initial)
    update = ProjectUpdate(project=project)
    return _child_page(
        request, form, services.record_update, update, project, "Add an update", "Update added"
    )


def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request.user, pk, action=CHANGE)
    project = update.project
    show_partnership(request, project.partnership)
    initial = {name: getattr(update, name) for name in ("date", "rag", "narrative")}
    initial |= {"author": update.author_id, "agenda_item": update.agenda_item_id}
    form = _update_form(request, project, initial=initial)
    return _child_page(
        request, form, services.record_update, update, project, "Edit update", "Update saved"
    )


def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk, action=CHANGE)
    project = milestone.project
    show_partnership(request, project.partnership)
    return confirm_delete(
        request,
        title="Are you sure you want to delete this milestone?",
        text=f"“{milestone}” will be deleted from {project}. Its history is kept.",
        button="Delete the milestone",
        back_url=project.get_absolute_url(),
        delete=lambda: services.delete_milestone(request.user, milestone),
        done="Milestone deleted",
    )


def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_risk_for_user(request.user, pk, action=CHANGE)
    project = risk.project
    show_partnership(request, project.partnership)
    return confirm_delete(
        request,
        title="Are you sure you want to delete this risk?",
        text=f"“{risk}” will be deleted from {project}. Its history is kept.",
        button="Delete the risk",
        back_url=project.get_absolute_url(),
        delete=lambda: services.delete_risk(request.user, risk),
        done="Risk deleted",
    )


def update_delete(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request.user, pk, action=CHANGE)
    project = update.project
    show_partnership(request, project.partnership)
    return confirm_delete(
        request,
        title="Are you sure you want to delete this update?",
        text=f"The update of {update.date:%-d %B %Y} will be deleted from {project}. "
        "Its history is kept.",
        button="Delete the update",
        back_url=project.get_absolute_url(),
        delete=lambda: services.delete_update(request.user, update),
        done="Update deleted",
    )
