"""Reads of projects' money. Every one starts from `visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from roundtable.partnership.access import sees_internal_figures
from roundtable.projects import rules_money as rules
from roundtable.projects.models import ProjectsSettings
from roundtable.projects.models_money import (
    BudgetLine,
    Contribution,
    Funding,
    FundingStatus,
    PooledBudget,
)
from roundtable.projects.permissions_money import may_edit_money, money_is_public

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.projects.models import Project


@dataclass(frozen=True)
class PipelineFilter:
    """The pipeline's filters, shared by the page, its downloads and the API."""

    status: str = ""
    source: str = ""
    kind: str = ""
    year: str = ""
    project: int | None = None


def pipeline(
    user: User | AnonymousUser,
    partnership_id: int | None,
    chosen: PipelineFilter = PipelineFilter(),
) -> QuerySet[Funding]:
    """The partnership's funding the user may see (every partnership's with None),
    filtered, by year then project."""
    rows = (
        Funding.objects.visible_to(user)
        .select_related("project__partnership", "organisation", "meeting__body")
        .order_by("financial_year", "project__title", "source", "pk")
    )
    if partnership_id is not None:
        rows = rows.filter(project__partnership_id=partnership_id)
    for name in ("status", "source", "kind"):
        if getattr(chosen, name):
            rows = rows.filter(**{name: getattr(chosen, name)})
    if chosen.year:
        rows = rows.filter(financial_year=chosen.year)
    if chosen.project:
        rows = rows.filter(project_id=chosen.project)
    return rows


@dataclass(frozen=True)
class StatusColumn:
    """One status of the pipeline: its funding and their total."""

    status: str
    label: str
    rows: list[Funding]
    total: Decimal


@dataclass(frozen=True)
class Pipeline:
    """The pipeline page: each status with its funding and total, and the total."""

    columns: list[StatusColumn]
    totals: rules.FundingTotals
    count: int


def pipeline_by_status(rows: QuerySet[Funding]) -> Pipeline:
    """The rows grouped by status, in the pipeline's order (idea to spent)."""
    found = list(rows)
    totals = rules.totals_by(((f.status, f.amount) for f in found), FundingStatus.values)
    columns = [
        StatusColumn(value, label, [f for f in found if f.status == value], totals[value])
        for value, label in FundingStatus.choices
    ]
    return Pipeline(columns, rules.funding_totals((f.status, f.amount) for f in found), len(found))


def funding_years(user: User | AnonymousUser, partnership_id: int) -> list[str]:
    """The financial years of the funding the user may see (for the year filter)."""
    return sorted(
        set(
            Funding.objects.visible_to(user)
            .filter(project__partnership_id=partnership_id)
            .values_list("financial_year", flat=True)
        )
    )


def meeting_label(funding: Funding) -> str:
    """The deciding meeting as the import reads it back: "LSP Executive 2011-10-24"."""
    if funding.meeting is None:
        return ""
    from django.utils import timezone

    day = timezone.localtime(funding.meeting.start).date().isoformat()
    return f"{funding.meeting.body.name} {day}"


def pooled_budgets(user: User | AnonymousUser, partnership_id: int) -> QuerySet[PooledBudget]:
    return (
        PooledBudget.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .select_related("project")
    )


def contributions(
    user: User | AnonymousUser, partnership_id: int, *, pooled_budget: int | None = None
) -> QuerySet[Contribution]:
    rows = (
        Contribution.objects.visible_to(user)
        .filter(pooled_budget__partnership_id=partnership_id)
        .select_related("organisation", "pooled_budget")
    )
    if pooled_budget:
        rows = rows.filter(pooled_budget_id=pooled_budget)
    return rows


def contributions_grid(rows: QuerySet[Contribution], *, years: list[str] = ()) -> rules.Grid:
    """Partners × financial years with the totals both ways (one query)."""
    return rules.grid(
        (
            (r["organisation__name"], r["financial_year"], r["amount"])
            for r in rows.values("organisation__name", "financial_year", "amount")
        ),
        columns=years,
    )


@dataclass
class ProjectMoney:
    """What the project page's money section shows
    (`projects/money/_project_money.html`): nothing when `visible` is False."""

    project: Project
    visible: bool
    can_edit: bool = False
    budget_lines: list[BudgetLine] = field(default_factory=list)
    budget_total: rules.BudgetFigures = field(default_factory=rules.BudgetFigures)
    funding: list[Funding] = field(default_factory=list)
    funding_totals: rules.FundingTotals = field(default_factory=rules.FundingTotals)
    pooled_budgets: list[PooledBudget] = field(default_factory=list)


def project_money(user: User | AnonymousUser, project: Project) -> ProjectMoney:
    """A project's budget lines, funding and pooled budgets as `user` may see them
    (three queries, or one when the user may see none of its money)."""
    visible = sees_internal_figures(user, project.partnership_id) or (
        project.is_published and money_is_public(project.partnership_id)
    )
    if not visible:
        return ProjectMoney(project, visible=False)
    lines = list(BudgetLine.objects.visible_to(user).filter(project=project))
    funding = list(
        Funding.objects.visible_to(user)
        .filter(project=project)
        .select_related("organisation", "meeting__body")
    )
    pooled = list(PooledBudget.objects.visible_to(user).filter(project=project))
    total = sum(
        (rules.BudgetFigures(x.planned, x.committed, x.spent) for x in lines), rules.BudgetFigures()
    )
    return ProjectMoney(
        project,
        visible=True,
        can_edit=may_edit_money(user, project),
        budget_lines=lines,
        budget_total=total,
        funding=funding,
        funding_totals=rules.funding_totals((f.status, f.amount) for f in funding),
        pooled_budgets=pooled,
    )


def money_settings(partnership_id: int) -> ProjectsSettings:
    """The partnership's projects settings, or the defaults (money internal) unsaved."""
    found = ProjectsSettings.objects.filter(partnership_id=partnership_id).first()
    return found or ProjectsSettings(partnership_id=partnership_id)
