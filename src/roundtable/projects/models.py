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
  sees none of its parts. Its **milestones** and **updates** are public with a
  published project (and internal with an unpublished one);
- a project's **risks** are always internal to the partnership: its own signed-in
  people see them, even on a published project; nobody else sees a risk, its
  score or how many there are.

The settings themselves are internal to the partnership. Commitments (equality
objectives, covenant pledges, charters) say who sees them in `models_commitments.py`. Superusers see
everything. Who may change what is in `permissions.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.core.words import shortened
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse
from roundtable.projects import rules
from roundtable.projects.choices import ProjectStatus, Rag

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


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Milestones follow their project."""
        return self.filter(project__in=Project.objects.visible_to(user))


class Milestone(models.Model):
    """A dated step of a project: when it is due and when it was done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True)
    done_on = models.DateField("done on", null=True, blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["project", models.F("due").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Risks are internal to the partnership, whether or not the project is published."""
        return self.filter(internal_to(user, "project__partnership_id"))


class Risk(models.Model):
    """A risk to a project, scored likelihood × impact (each 1 to 5)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(help_text="From 1 (rare) to 5 (almost certain)")
    impact = models.PositiveSmallIntegerField(help_text="From 1 (minor) to 5 (severe)")
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_risks",
    )
    history = HistoricalRecords()

    objects = RiskQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood is a whole number from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact is a whole number from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return shortened(self.description, 80)

    @property
    def score(self) -> int:
        return rules.risk_score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return rules.risk_band(self.score)


class ProjectUpdateQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Updates follow their project."""
        return self.filter(project__in=Project.objects.visible_to(user))


class ProjectUpdate(models.Model):
    """A dated report on a project to its board: a RAG rating (if one was given) and
    the narrative; it may sit on a meeting's agenda item and so in its board pack."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, blank=True)
    narrative = models.TextField()
    author = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_updates",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_updates",
        help_text="The agenda item that takes this update; it is then in the board pack.",
    )
    history = HistoricalRecords()

    objects = ProjectUpdateQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["project", "-date", "-pk"]
        indexes = [models.Index(fields=["project", "date"], name="project_update_date")]

    def __str__(self) -> str:
        return f"{self.project} update, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return (
            partnership_reverse(
                self.project.partnership_id, "projects:project-detail", args=[self.project_id]
            )
            + f"#update-{self.pk}"
        )


# Budgets, funding and pooled budgets: who sees them is said in models_money.py.
from roundtable.projects import models_commitments  # noqa: E402,F401
from roundtable.projects.models_money import (  # noqa: E402,F401
    BudgetLine,
    Contribution,
    Funding,
    PooledBudget,
)
