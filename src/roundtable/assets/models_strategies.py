"""Partners' asset strategies: per partner organisation, the document that says what
it means to do with its buildings (or that it has none), its key aims of relevance
to the partnership, and when the partnership last reviewed it.

The Ealing LSP Executive resolved (meeting 30, October 2011) to ask "the major
partner agencies ... for details of their property strategies and property
disposals policies", and in January 2012 that Policy "conduct a brief annual review
of partners' asset strategies ... to identify any opportunities for colocation in
the coming year"; Appendix 1 of that paper is the first such review.

Who sees what, in words:

- a strategy marked **public** (`is_public`, the default: the documents are the
  partners' published strategies, and the summary was a public board paper) is
  seen by anyone: organisation, document, when published, link, key aims and when
  it was last reviewed;
- a strategy **not** marked public (a draft estate strategy a partner shared in
  confidence, say) is internal to the partnership: its own signed-in people see
  it, nobody else sees anything of it (title, aims, counts);
- the **note** of any strategy is internal to the partnership.

Superusers see everything. Who may change what is in `permissions_strategies.py`:
as for assets, an organisation's editors keep its strategies, administrators any.
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


class AssetStrategyQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Public strategies for anyone; the others for the partnership's own people."""
        return self.filter(models.Q(is_public=True) | internal_to(user, "partnership_id"))


class AssetStrategy(models.Model):
    """A partner's asset (property, estate) strategy, or the fact it has none."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="asset_strategies"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="asset_strategies"
    )
    listed_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the review names the organisation, when not by its own name "
        "(for example 'Police' or 'VCS groups').",
    )
    no_published_strategy = models.BooleanField(
        default=False, help_text="The organisation has no published strategy."
    )
    title = models.CharField(
        "document",
        max_length=300,
        blank=True,
        help_text="The strategy's title, like Property Strategy.",
    )
    published = models.CharField(
        "published",
        max_length=50,
        blank=True,
        help_text="The year or period as written, like 2010, 2011-2020 or 2007?",
    )
    year_from = models.PositiveSmallIntegerField("from (year)", null=True, blank=True)
    year_to = models.PositiveSmallIntegerField("to (year)", null=True, blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    key_aims = models.TextField(
        blank=True,
        help_text="Of relevance to the partnership. One paragraph a line; a line "
        "starting with '• ' or '- ' is an item of a list.",
    )
    note = models.TextField(blank=True, help_text="Internal to the partnership.")
    last_reviewed = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(
        "public",
        default=True,
        help_text="Untick to keep it to the partnership (a draft shared in confidence, say).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssetStrategyQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["organisation__name", "title", "pk"]
        verbose_name_plural = "asset strategies"
        indexes = [models.Index(fields=["partnership", "organisation"], name="strategy_owner")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_from__isnull=True)
                | models.Q(year_to__isnull=True)
                | models.Q(year_to__gte=models.F("year_from")),
                name="asset_strategy_years_in_order",
                violation_error_message="A strategy cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(no_published_strategy=True) | ~models.Q(title=""),
                name="asset_strategy_has_a_title",
                violation_error_message="Name the document, or say there is no published strategy.",
            ),
        ]

    def __str__(self) -> str:
        name = self.listed_as or getattr(self.organisation, "name", "")
        return f"{name}: {self.title or 'no published strategy'}"

    def get_absolute_url(self) -> str:
        return (
            partnership_reverse(self.partnership_id, "assets:strategy-list")
            + f"#strategy-{self.pk}"
        )

    visible_within_partnership = True

    @property
    def owning_organisation_id(self) -> int:
        return self.organisation_id
