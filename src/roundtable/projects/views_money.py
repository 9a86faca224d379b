"""Pages of projects' money: the funding pipeline, the partners' contributions
table, a project's money, pooled budgets, their downloads and the forms to add and
change budget lines, funding and contributions.

Who sees what is in `models_money.py`; who may change what in
`permissions_money.py`; every write is a service in `services_money.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from roundtable.core.exports import EXPORT_FORMATS, download_links, table_download
from roundtable.core.forms import add_service_errors
from roundtable.core.pages import form_page
from roundtable.core.permissions import by_pk, opens_for, refuse
from roundtable.partnership.addresses import show_partnership
from roundtable.partnership.middleware import current_partnership
from roundtable.projects import queries_money as queries
from roundtable.projects import rules_money as rules
from roundtable.projects import services_money as services
from roundtable.projects.forms_money import (
    BudgetLineForm,
    ContributionForm,
    FundingFilterForm,
    FundingForm,
    MoneySettingsForm,
    PooledBudgetForm,
)
from roundtable.projects.models import Project
from roundtable.projects.models_money import BudgetLine, Contribution, Funding, PooledBudget
from roundtable.projects.permissions_money import (
    CHANGE,
    get_budget_line_for_user,
    get_contribution_for_user,
    get_funding_for_user,
    get_pooled_budget_for_user,
    get_project_for_money,
    may_add_pooled_budget,
    may_change_money_settings,
    may_edit_pooled_budget,
    require_money,
    require_money_settings,
    sees_money,
)

FUNDING_HEADER = [
    "project",
    "source",
    "kind",
    "organisation",
    "amount",
    "financial_year",
    "status",
    "decided_on",
    "meeting",
    "notes",
]


def _filters(request: HttpRequest, partnership_id: int) -> tuple[FundingFilterForm, Any]:
    years = queries.funding_years(request.user, partnership_id)
    form = FundingFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = queries.PipelineFilter(
        status=data.get("status", ""),
        source=data.get("source", ""),
        kind=data.get("kind", ""),
        year=data.get("year", ""),
    )
    return form, chosen


@opens_for(by_pk(sees_money))
def funding_pipeline(request: HttpRequest) -> HttpResponse:
    """The partnership's funding by status, idea to spent, with totals."""
    partnership = current_partnership(request)
    require_money(request.user, partnership.pk)
    form, chosen = _filters(request, partnership.pk)
    rows = queries.pipeline(request.user, partnership.pk, chosen)
    context = {
        "form": form,
        "pipeline": queries.pipeline_by_status(rows),
        "downloads": download_links(request, "projects:funding-download"),
        "can_add_pooled": may_add_pooled_budget(request.user, partnership.pk),
        "can_change_settings": may_change_money_settings(request.user, partnership.pk),
    }
    return render(request, "projects/money/pipeline.html", context)


@opens_for(by_pk(may_change_money_settings))
def money_settings(request: HttpRequest) -> HttpResponse:
    """Whether the partnership publishes its published projects' money (administrators)."""
    partnership = current_partnership(request)
    require_money_settings(request.user, partnership.pk)
    # Not `request.POST or None`: unticking the only box posts nothing, and the
    # form must still be bound to save it.
    form = MoneySettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"money_is_public": queries.money_settings(partnership.pk).money_is_public},
    )
    if request.method == "POST" and form.is_valid():
        services.save_money_settings(request.user, partnership, **form.cleaned_data)
        messages.success(request, "Money settings saved")
        return redirect("projects:funding")
    return render(request, "projects/money/settings.html", {"form": form})


def funding_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The pipeline as filtered, in the funding import's columns (it re-imports)."""
    partnership = current_partnership(request)
    require_money(request.user, partnership.pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    _, chosen = _filters(request, partnership.pk)
    rows = [
        [
            f.project.title,
            f.get_source_display(),
            f.get_kind_display(),
            f.organisation.name,
            f.amount,
            f.financial_year,
            f.get_status_display(),
            f.decided_on.isoformat() if f.decided_on else "",
            queries.meeting_label(f),
            f.notes,
        ]
        for f in queries.pipeline(request.user, partnership.pk, chosen)
    ]
    name = f"funding-{partnership.slug}"
    return table_download(FUNDING_HEADER, rows, fmt, name, "Funding pipeline")


def _contributions_context(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    budgets = list(queries.pooled_budgets(request.user, partnership_id))
    chosen = None
    wanted = request.GET.get("pooled_budget", "")
    if wanted.isdigit():
        chosen = next((b for b in budgets if b.pk == int(wanted)), None)
    rows = queries.contributions(
        request.user, partnership_id, pooled_budget=chosen.pk if chosen else None
    )
    years = rules.financial_years(chosen.first_year, chosen.last_year) if chosen else []
    return {
        "budgets": budgets,
        "chosen": chosen,
        "grid": queries.contributions_grid(rows, years=years),
    }


@opens_for(by_pk(sees_money))
def contributions(request: HttpRequest) -> HttpResponse:
    """Each partner's contributions to pooled budgets, by financial year, with totals."""
    partnership = current_partnership(request)
    require_money(request.user, partnership.pk)
    context = _contributions_context(request, partnership.pk)
    context["downloads"] = download_links(request, "projects:contributions-download")
    context["can_add_pooled"] = may_add_pooled_budget(request.user, partnership.pk)
    return render(request, "projects/money/contributions.html", context)


def contributions_download(request: HttpRequest, fmt: str) -> HttpResponse:
    partnership = current_partnership(request)
    require_money(request.user, partnership.pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    grid = _contributions_context(request, partnership.pk)["grid"]
    header = ["Partner", *grid.columns, "Total"]
    rows: list[list[Any]] = [
        [name, *(cell if cell is not None else "" for cell in cells), total]
        for name, cells, total in grid.lines()
    ]
    rows.append(["Total", *(grid.column_totals[c] for c in grid.columns), grid.total])
    name = f"contributions-{partnership.slug}"
    return table_download(header, rows, fmt, name, "Contributions")


def project_money(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's money on its own page (the project page includes the same section)."""
    project = get_project_for_money(request.user, pk)
    show_partnership(request, project.partnership)
    money = queries.project_money(request.user, project)
    return render(request, "projects/money/project_money.html", {"money": money})


def pooled_budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pooled = get_pooled_budget_for_user(request.user, pk)
    show_partnership(request, pooled.partnership)
    rows = queries.contributions(request.user, pooled.partnership_id, pooled_budget=pooled.pk)
    years = rules.financial_years(pooled.first_year, pooled.last_year)
    context = {
        "pooled": pooled,
        "grid": queries.contributions_grid(rows, years=years),
        "contributions": rows.order_by("financial_year", "organisation__name"),
        "can_edit": may_edit_pooled_budget(request.user, pooled),
    }
    return render(request, "projects/money/pooled_budget.html", context)


# Forms ------------------------------------------------------------------------------


def _save_page(
    request: HttpRequest, form: Any, save: Any, *, title: str, back: str, done: str
) -> HttpResponse:
    """Bind, save through the service (`save(data)` returns where to go next), say
    `done` and go there; or show the form (again)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(saved)
    return form_page(request, form, "projects/money/form.html", title=title, back=back)


def budget_line_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_money(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    return _budget_line_page(request, project, BudgetLine())


def budget_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_budget_line_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, line.project.partnership)
    return _budget_line_page(request, line.project, line)


def _budget_line_page(request: HttpRequest, project: Project, line: BudgetLine) -> HttpResponse:
    initial = {}
    if line.pk:
        initial = {n: getattr(line, n) for n in ("financial_year", "planned", "committed")}
        initial.update(spent=line.spent, notes=line.notes)
    form = BudgetLineForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.save_budget_line(request.user, line, project=project, **data)
        return _money_url(project)

    title = (
        f"Budget {line.financial_year} of {project}"
        if line.pk
        else f"Add a budget line to {project}"
    )
    back = _money_url(project)
    return _save_page(request, form, save, title=title, back=back, done="Budget line saved")


def _money_url(project: Project) -> str:
    from roundtable.projects.models_money import money_url

    return money_url(project)


def funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_money(request.user, pk, action=CHANGE)
    show_partnership(request, project.partnership)
    return _funding_page(request, project, Funding())


def funding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    funding = get_funding_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, funding.project.partnership)
    return _funding_page(request, funding.project, funding)


def _funding_page(request: HttpRequest, project: Project, funding: Funding) -> HttpResponse:
    names = ("source", "kind", "organisation", "amount", "financial_year", "status")
    initial = {"organisation": project.lead_organisation_id, "status": "idea"}
    if funding.pk:
        initial = {n: getattr(funding, n) for n in (*names, "decided_on", "meeting", "notes")}
    form = FundingForm(request.POST or None, initial=initial, partnership_id=project.partnership_id)

    def save(data: dict[str, Any]) -> str:
        services.save_funding(request.user, funding, project=project, **data)
        return _money_url(project)

    title = f"Change {funding} of {project}" if funding.pk else f"Add funding to {project}"
    back = _money_url(project)
    return _save_page(request, form, save, title=title, back=back, done="Funding saved")


def _projects(request: HttpRequest, partnership_id: int) -> Any:
    return Project.objects.visible_to(request.user).filter(partnership_id=partnership_id)


@opens_for(by_pk(may_add_pooled_budget))
def pooled_budget_add(request: HttpRequest) -> HttpResponse:
    partnership = current_partnership(request)
    if not may_add_pooled_budget(request.user, partnership.pk):
        raise refuse(request.user)
    return _pooled_page(request, partnership, PooledBudget())


def pooled_budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pooled = get_pooled_budget_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, pooled.partnership)
    return _pooled_page(request, pooled.partnership, pooled)


def _pooled_page(request: HttpRequest, partnership: Any, pooled: PooledBudget) -> HttpResponse:
    initial = {}
    if pooled.pk:
        names = ("title", "project", "first_year", "last_year", "notes")
        initial = {n: getattr(pooled, n) for n in names}
    form = PooledBudgetForm(
        request.POST or None, initial=initial, projects=_projects(request, partnership.pk)
    )

    def save(data: dict[str, Any]) -> PooledBudget:
        return services.save_pooled_budget(request.user, pooled, partnership=partnership, **data)

    title = f"Change {pooled}" if pooled.pk else "Add a pooled budget"
    back = pooled.get_absolute_url() if pooled.pk else _contributions_url()
    return _save_page(request, form, save, title=title, back=back, done="Pooled budget saved")


def _contributions_url() -> str:
    from django.urls import reverse

    return reverse("projects:contributions")


def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    pooled = get_pooled_budget_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, pooled.partnership)
    return _contribution_page(request, pooled, Contribution())


def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, pk, action=CHANGE)
    show_partnership(request, contribution.pooled_budget.partnership)
    return _contribution_page(request, contribution.pooled_budget, contribution)


def _contribution_page(
    request: HttpRequest, pooled: PooledBudget, contribution: Contribution
) -> HttpResponse:
    initial = {}
    if contribution.pk:
        initial = {
            n: getattr(contribution, n) for n in ("organisation", "financial_year", "amount")
        }
    form = ContributionForm(request.POST or None, initial=initial, pooled_budget=pooled)

    def save(data: dict[str, Any]) -> PooledBudget:
        services.save_contribution(request.user, contribution, pooled_budget=pooled, **data)
        return pooled

    title = (
        f"Change a contribution to {pooled}"
        if contribution.pk
        else f"Add a contribution to {pooled}"
    )
    back = pooled.get_absolute_url()
    return _save_page(request, form, save, title=title, back=back, done="Contribution saved")
