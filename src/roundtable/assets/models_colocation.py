"""Co-location opportunities: a group of partners' buildings found by the
co-location finder (`colocation.py`), saved so the partnership can discuss it and,
when it decides to act, turn it into a project.

Who sees what, in words: an opportunity is **internal to the partnership** (it is
built from utilisation, leases and operating costs, and names buildings that may be
vacated): the partnership's own signed-in people see it, nobody else sees anything
of it (title, notes, figures, counts). Superusers see everything. Who may change
what is in `permissions_colocation.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class OpportunityStatus(models.TextChoices):
    OPEN = "open", "Open"
    PROJECT = "project", "Becoming a project"
    CLOSED = "closed", "Closed"


class OpportunityQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """The partnership's own signed-in people only."""
        return self.filter(internal_to(user, "partnership_id"))


class Opportunity(models.Model):
    """A group of assets of different owners that could share, and what one move saves."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(max_length=300)
    assets = models.ManyToManyField("assets.Asset", related_name="opportunities")
    vacate = models.ForeignKey(
        "assets.Asset",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The under-used building, or the one whose lease ends, that could be left.",
    )
    # The finder's options when it was saved.
    within_m = models.PositiveIntegerField("within (metres)")
    utilisation_below = models.DecimalField("utilisation below (%)", max_digits=4, decimal_places=1)
    lease_months = models.PositiveSmallIntegerField("lease ends within (months)")
    found_on = models.DateField(help_text="The day leases were counted from.")
    saving = models.DecimalField(
        "annual saving",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The operating cost of the building that could be left, when known.",
    )
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[assets])

    objects = OpportunityQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["partnership", "status"], name="opportunity_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(saving__isnull=True) | models.Q(saving__gte=0),
                name="opportunity_saving_not_negative",
                violation_error_message="A saving cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(self.partnership_id, "assets:opportunity-detail", args=[self.pk])

    owning_organisation_id = None
    is_public = False
    visible_within_partnership = True
