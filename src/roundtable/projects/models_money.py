"""Projects' money: budget lines, funding, pooled budgets and partners' contributions.

Money is in pounds as `Decimal`, exact to the penny and never negative (a check
constraint on every amount); financial years are written "2011/12"
(`rules_money.parse_financial_year`).

Who sees money, in words (`visible_to` below; `models.py` says it for projects):

- the partnership's own **signed-in people** see all its money;
- **anyone else** sees the money of a published project only when the
  partnership's projects settings make money public (`money_is_public`); the
  money of an unpublished project never;
- a **pooled budget** follows its project when it has one; without a project it is
  internal unless money is public; its **contributions** follow it.

Superusers see everything. Who may change money is in `permissions_money.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR_HELP = "For example, 2011/12 (April 2011 to March 2012)."


class FundingSource(models.TextChoices):
    COUNCIL = "council", "Council"
    PARTNER = "partner", "Partner"
    GOVERNMENT_GRANT = "government_grant", "Government grant"
    REWARD_GRANT = "reward_grant", "Reward grant"
    LOTTERY = "lottery", "Lottery"
    SOCIAL_INVESTMENT = "social_investment", "Social investment"


class FundingKind(models.TextChoices):
    GRANT = "grant", "Grant"
    BID = "bid", "Bid"
    POOLED_CONTRIBUTION = "pooled_contribution", "Pooled contribution"
    PAYMENT_BY_RESULTS = "payment_by_results", "Payment by results"


class FundingStatus(models.TextChoices):
    """The pipeline's columns, in order."""

    IDEA = "idea", "Idea"
    DRAFTED = "drafted", "Drafted"
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    SPENT = "spent", "Spent"


def money_url(project: models.Model) -> str:
    """The address of a project's money page."""
    return partnership_reverse(project.partnership_id, "projects:project-money", args=[project.pk])


def money_public_of(path: str) -> models.Q:
    """The rows whose partnership (at `path`, like "project__partnership") makes money
    public."""
    return models.Q(**{f"{path}__projects_settings__money_is_public": True})


def _non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=f"{field}: money is never negative.",
    )


class ProjectMoneyQuerySet(models.QuerySet):
    """Money that belongs to a project: it follows the project and `money_is_public`."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(
            internal_to(user, "project__partnership_id")
            | (models.Q(project__is_published=True) & money_public_of("project__partnership"))
        )


class BudgetLine(models.Model):
    """A project's budget for one financial year: planned, committed and spent."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="budget_lines"
    )
    financial_year = models.CharField(max_length=7, help_text=YEAR_HELP)
    planned = models.DecimalField(default=0, **MONEY)
    committed = models.DecimalField(default=0, **MONEY)
    spent = models.DecimalField(default=0, **MONEY)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ProjectMoneyQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["project", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financial_year"],
                name="one_budget_line_per_project_year",
                violation_error_message="This project already has a budget line for that year.",
            ),
            _non_negative("planned", "budget_planned_not_negative"),
            _non_negative("committed", "budget_committed_not_negative"),
            _non_negative("spent", "budget_spent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Budget {self.financial_year}"

    def get_absolute_url(self) -> str:
        return money_url(self.project)


class Funding(models.Model):
    """Money for a project from a source: a grant, a bid, a pooled contribution or
    payment by results, and where it stands in the pipeline."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(max_length=20, choices=FundingSource.choices)
    kind = models.CharField(max_length=20, choices=FundingKind.choices)
    organisation = models.ForeignKey(
        "partnership.Organisation",
        on_delete=models.PROTECT,
        related_name="funding",
        help_text="The partner who gives or receives it.",
    )
    amount = models.DecimalField(**MONEY)
    financial_year = models.CharField(max_length=7, help_text=YEAR_HELP)
    status = models.CharField(
        max_length=20, choices=FundingStatus.choices, default=FundingStatus.IDEA
    )
    decided_on = models.DateField(null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_decided",
        help_text="The meeting that decided it.",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ProjectMoneyQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["financial_year", "project", "pk"]
        verbose_name_plural = "funding"
        indexes = [models.Index(fields=["status", "financial_year"], name="funding_status_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "organisation", "financial_year", "kind"],
                name="one_funding_per_project_source_partner_year_kind",
                violation_error_message=(
                    "This project already has funding of that kind from that source and "
                    "partner for that year; change it instead."
                ),
            ),
            _non_negative("amount", "funding_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_source_display()} {self.get_kind_display().lower()} {self.financial_year}"
        )

    def get_absolute_url(self) -> str:
        return money_url(self.project)


class PooledBudgetQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(_pooled_visible(user, ""))


def _pooled_visible(user: User | AnonymousUser, prefix: str) -> models.Q:
    """A pooled budget is its partnership's own; anyone sees it when money is public
    and it has no project or a published one."""
    return internal_to(user, f"{prefix}partnership_id") | (
        money_public_of(f"{prefix}partnership")
        & (
            models.Q(**{f"{prefix}project__isnull": True})
            | models.Q(**{f"{prefix}project__is_published": True})
        )
    )


class PooledBudget(models.Model):
    """Money the partners put into one pot, perhaps for a project, over some years."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="pooled_budgets"
    )
    title = models.CharField(max_length=300)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pooled_budgets",
    )
    first_year = models.CharField(max_length=7, help_text=YEAR_HELP)
    last_year = models.CharField(max_length=7, help_text=YEAR_HELP)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = PooledBudgetQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="one_pooled_budget_per_title",
                violation_error_message="There is already a pooled budget of that title.",
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="pooled_budget_ends_after_it_starts",
                violation_error_message="The last year must not be before the first.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "projects:pooled-budget-detail", args=[self.pk]
        )


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(_pooled_visible(user, "pooled_budget__"))


class Contribution(models.Model):
    """A partner's contribution to a pooled budget in one financial year."""

    pooled_budget = models.ForeignKey(
        PooledBudget, on_delete=models.CASCADE, related_name="contributions"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="contributions"
    )
    financial_year = models.CharField(max_length=7, help_text=YEAR_HELP)
    amount = models.DecimalField(**MONEY)
    history = HistoricalRecords()

    objects = ContributionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["pooled_budget", "financial_year", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["pooled_budget", "organisation", "financial_year"],
                name="one_contribution_per_partner_year",
                violation_error_message="That partner already contributes that year; change it.",
            ),
            _non_negative("amount", "contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Contribution {self.financial_year}"

    def get_absolute_url(self) -> str:
        return self.pooled_budget.get_absolute_url()
