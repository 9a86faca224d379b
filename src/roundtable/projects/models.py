"""Partnership projects: what the partnership does together, who leads it, which
priorities, indicators and recommendations it serves, and where.

Who sees what is decided here, by the `visible_to(user)` queryset methods and the
`is_visible_to(user)` object checks that every page, partial, API, command, export,
count and sort order reads through. In words:

- a **published** project is public: anyone sees its page, its place in the
  portfolio and the API row;
- an **unpublished** project is internal to the partnership: its own signed-in
  people (members, editors, administrators) see it, nobody else sees anything of
  it (title, counts, links from priorities or recommendations);
- the **money** of a project (budget lines, funding) is for the partnership's own
  people, unless its projects settings make money public
  (`ProjectsSettings.money_is_public`), and then only the money of published
  projects;
- everything that belongs to a project follows it: what may not see the project
  sees none of its parts.

The settings themselves are internal to the partnership. Commitments (equality
objectives, covenant pledges, charters) say who sees them in `models_commitments.py`. Superusers see
everything. Who may change what is in `permissions.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse
from roundtable.projects.choices import ProjectStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class ProjectsSettingsQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(internal_to(user, "partnership_id"))


class ProjectsSettings(models.Model):
    """What a partnership publishes of its projects' money."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="projects_settings"
    )
    money_is_public = models.BooleanField(
        "publish budgets and funding",
        default=False,
        help_text="When set, anyone sees the budgets and funding of published projects.",
    )
    history = HistoricalRecords()

    objects = ProjectsSettingsQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        verbose_name_plural = "projects settings"

    def __str__(self) -> str:
        return f"Projects settings of {self.partnership_id}"

    owning_organisation_id = None
    is_public = False
    visible_within_partnership = True


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Published projects for anyone; unpublished ones for the partnership's own."""
        return self.filter(models.Q(is_published=True) | internal_to(user, "partnership_id"))


class Project(models.Model):
    """A partnership project: its lead, what it serves, where, when and its status."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    sponsor_body = models.ForeignKey(
        "partnership.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects_sponsored",
        help_text="The board or group the project reports to.",
    )
    lead_organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="projects_led"
    )
    lead_person = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects_led",
    )
    priorities = models.ManyToManyField("strategy.Priority", blank=True, related_name="projects")
    indicators = models.ManyToManyField(
        "performance.Indicator", blank=True, related_name="projects"
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", blank=True, related_name="projects"
    )
    areas = models.ManyToManyField("geography.Area", blank=True, related_name="projects")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Unpublished projects are seen by the partnership's own people only.",
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Made up for the demo; labelled as such wherever shown."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[priorities, indicators, recommendations, areas])

    objects = ProjectQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["partnership", "status"], name="project_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="project_ends_after_start",
                violation_error_message="A project cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(self.partnership_id, "projects:project-detail", args=[self.pk])

    visible_within_partnership = True

    @property
    def is_public(self) -> bool:
        return self.is_published

    @property
    def owning_organisation_id(self) -> int:
        return self.lead_organisation_id


# Budgets, funding and pooled budgets: who sees them is said in models_money.py.
from roundtable.projects import models_commitments  # noqa: E402,F401
from roundtable.projects.models_money import (  # noqa: E402,F401
    BudgetLine,
    Contribution,
    Funding,
    PooledBudget,
)
