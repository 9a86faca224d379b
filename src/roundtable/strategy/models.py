"""Strategy: what a partnership agrees to do.

A strategy (a Sustainable Community Strategy, a Local Area Agreement, a set of
partnership priorities) has themes, priorities and objectives, and cross-cutting
values or approaches. A priority's wording has a history: each
`PriorityRevision` says what happened to it (drafted, refined, agreed, merged,
deleted, new), when, and at which event. The priority's current wording and
status are derived from its latest revision by `services.record_priority_revision`.

Every model keeps its history (who changed what, when, before and after) through
django-simple-history. Child records carry their partnership so permission checks
never query; only partnership administrators edit strategy (`owning_organisation_id
= None`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import public
from roundtable.partnership.addresses import owner_of, partnership_reverse
from roundtable.strategy.choices import (
    STATUS_COLOURS,
    EventKind,
    RevisionStatus,
    StrategyKind,
    StrategyStatus,
)
from roundtable.strategy.rules import period_label


class Strategy(models.Model):
    """A strategy or agreement: "Sustainable Community Strategy 2011", "LAA 2008-11"."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="strategies"
    )
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=80, blank=True, help_text="e.g. SCS 2011")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=StrategyKind.choices, default=StrategyKind.OTHER)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.ADOPTED
    )
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="The document this record was taken from."
    )
    history = HistoricalRecords()
    visibility = public(
        "Strategies are published from their first draft; status says how far one has got.",
        despite=["status"],
    )

    class Meta:
        ordering = ["partnership", "-start_year", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="strategy_title_unique_in_partnership",
                violation_error_message="The partnership already has a strategy with this title.",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="strategy_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "strategy:strategy-detail", args=[self.slug]
        )

    owning_organisation_id = None

    @property
    def period(self) -> str:
        return period_label(self.start_year, self.end_year)


class Theme(models.Model):
    """A theme of a strategy: Health, Safety, Prosperity, High quality of life…"""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()
    visibility = public("A strategy's themes are published with it.")

    class Meta:
        ordering = ["strategy", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "name"],
                name="theme_name_unique_in_strategy",
                violation_error_message="This strategy already has a theme with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return (
            partnership_reverse(
                self.partnership_id, "strategy:strategy-detail", args=[self.strategy.slug]
            )
            + f"#theme-{self.pk}"
        )

    owning_organisation_id = None


class Event(models.Model):
    """Where a priority's wording changed: a workshop, board meeting, development day…"""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="strategy_events"
    )
    name = models.CharField(max_length=200)
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="The document that records the event."
    )
    history = HistoricalRecords()
    visibility = public("The workshops and meetings that shaped a strategy are published with it.")

    class Meta:
        ordering = ["partnership", "date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name", "date"],
                name="one_event_per_name_and_date",
                violation_error_message=(
                    "The partnership already has an event with this name on this date."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "strategy:event-detail", args=[self.pk])

    owning_organisation_id = None


class Priority(models.Model):
    """A priority of a strategy. Its current wording and status come from its latest
    revision; `target_areas` are the places it focuses on."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities"
    )
    ref = models.CharField(
        "reference", max_length=30, help_text="A short code unique in the strategy, e.g. CS-1"
    )
    wording = models.TextField(help_text="The current wording (from the latest revision).")
    status = models.CharField(
        max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    order = models.PositiveIntegerField(default=0)
    target_areas = models.ManyToManyField(
        "geography.Area", blank=True, related_name="strategy_priorities"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[target_areas])
    visibility = public(
        "Priorities are published with their wording history; status is a wording stage.",
        despite=["status"],
    )

    class Meta:
        ordering = ["strategy", "order", "ref"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "ref"],
                name="priority_ref_unique",
                violation_error_message="This strategy already has a priority with this reference.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.wording}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "strategy:priority-detail", args=[self.pk])

    owning_organisation_id = None

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")


class PriorityRevision(models.Model):
    """One change to a priority's wording or status, dated and tied to an event."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="revisions")
    sequence = models.PositiveIntegerField(help_text="1 for the first revision, then 2, 3…")
    date = models.DateField()
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    status = models.CharField(max_length=20, choices=RevisionStatus.choices)
    wording = models.TextField(
        blank=True, help_text="The wording after this revision; blank keeps the previous wording."
    )
    note = models.TextField(blank=True, help_text="What was said, e.g. the workshop's comment.")
    merged_into = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()
    visibility = public(
        "A priority's wording history is published; status is the stage it reached.",
        despite=["status"],
    )

    class Meta:
        ordering = ["priority", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "sequence"], name="one_revision_per_priority_sequence"
            ),
            models.CheckConstraint(
                condition=Q(status="merged") | Q(merged_into__isnull=True),
                name="only_merged_revisions_name_a_priority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority.ref} {self.get_status_display()} on {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "strategy:priority-detail", args=[self.priority_id]
        )

    owning_organisation_id = None

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")


class Approach(models.Model):
    """A cross-cutting value or approach: "Equality and fairness", "Narrowing the gaps"."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="approaches")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()
    visibility = public("A strategy's cross-cutting approaches are published with it.")

    class Meta:
        ordering = ["strategy", "order", "name"]
        verbose_name = "value or approach"
        verbose_name_plural = "values and approaches"
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "name"],
                name="approach_name_unique_in_strategy",
                violation_error_message=(
                    "This strategy already has a value or approach with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return (
            partnership_reverse(
                self.partnership_id, "strategy:strategy-detail", args=[self.strategy.slug]
            )
            + f"#value-{self.pk}"
        )

    owning_organisation_id = None


class Objective(models.Model):
    """An objective under a priority, or a commitment under a value or approach."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.CASCADE, related_name="objectives"
    )
    approach = models.ForeignKey(
        Approach, null=True, blank=True, on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.TextField()
    measures = models.TextField(
        "how it is measured",
        blank=True,
        help_text="The measures of progress, in words, as the strategy or board paper "
        "gives them; one per line.",
    )
    order = models.PositiveIntegerField(default=0)
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()
    visibility = public("A strategy's objectives are published with it.")

    class Meta:
        ordering = ["strategy", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(priority__isnull=False) & Q(approach__isnull=True))
                | (Q(priority__isnull=True) & Q(approach__isnull=False)),
                name="objective_has_priority_or_approach",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        if self.priority_id:
            return partnership_reverse(
                self.partnership_id, "strategy:priority-detail", args=[self.priority_id]
            )
        return (
            partnership_reverse(
                self.partnership_id, "strategy:strategy-detail", args=[self.strategy.slug]
            )
            + f"#value-{self.approach_id}"
        )

    owning_organisation_id = None
