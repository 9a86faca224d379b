"""The joint asset register: the buildings and land each partner owns or leases,
what they are used for, how full they are and what they cost, located from their
postcode so partners can find where to share.

Who sees what is decided here, by the `visible_to(user)` queryset methods and the
`is_visible_to(user)` object checks that every page, partial, map layer, API,
GeoJSON, command, export, count and sort order reads through. In words:

- an asset marked **public** (`is_public`, the default: public buildings are
  public knowledge) is seen by anyone: its name, owner, address, location, use,
  public access, tenure and condition;
- an asset **not** marked public (a site not yet announced for disposal, say) is
  internal to the partnership: its own signed-in people see it, nobody else sees
  anything of it (name, point on the map, counts, totals);
- the **money** of an asset (operating cost, market and rateable value) and its
  lease terms and utilisation are for the partnership's own people, unless its
  asset settings make them public (`AssetSettings.figures_are_public`), and then
  only for public assets;
- an asset's **plan** (planned for disposal, a planned acquisition, under
  review), its expected date and its note are internal to the partnership, even
  for a public asset: partners read them to spot co-location before a building
  goes, and a disposal is not announced by being on the register. The register's
  filter on plans is offered, and applied, to the partnership's own people only;
- everything that belongs to an asset follows it.

Partners' asset strategies (`models_strategies.py`) state their own policy.

The settings are internal to the partnership. Superusers see everything. Who may
change what is in `permissions.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from simple_history.models import HistoricalRecords

from roundtable.assets.choices import Condition, Plan, Tenure
from roundtable.core.visibility import visible_through_queryset
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class AssetSettingsQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(internal_to(user, "partnership_id"))


class AssetSettings(models.Model):
    """What a partnership publishes of its assets' figures."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="asset_settings"
    )
    figures_are_public = models.BooleanField(
        "publish costs, values, leases and utilisation",
        default=False,
        help_text="When set, anyone sees these figures of public assets.",
    )
    history = HistoricalRecords()

    objects = AssetSettingsQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        verbose_name_plural = "asset settings"

    def __str__(self) -> str:
        return f"Asset settings of {self.partnership_id}"

    owning_organisation_id = None
    is_public = False
    visible_within_partnership = True


class AssetQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Public assets for anyone; the others for the partnership's own people."""
        return self.filter(models.Q(is_public=True) | internal_to(user, "partnership_id"))


class Asset(models.Model):
    """A building or site a partner owns or leases."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="assets"
    )
    owner = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="assets"
    )
    name = models.CharField(max_length=300)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=8, help_text="Normalised, for example 'W5 2HL'")
    # Located from the postcode by the geography app (OS grid reference converted
    # to WGS84); blank while the postcode is not in the loaded postcode data.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    current_use = models.CharField(max_length=300)
    public_access = models.CharField(
        max_length=300, blank=True, help_text="Who may come in, and when."
    )
    tenure = models.CharField(max_length=20, choices=Tenure.choices)
    landlord = models.CharField(max_length=300, blank=True, help_text="For leaseholds.")
    lease_start = models.DateField(null=True, blank=True)
    lease_end = models.DateField(null=True, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people (desks, seats or places) it holds."
    )
    utilisation = models.DecimalField(
        "utilisation (%)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    market_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    rateable_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    condition = models.CharField(max_length=1, choices=Condition.choices, blank=True)
    operating_cost = models.DecimalField(
        "annual operating cost", max_digits=14, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(blank=True)
    plan = models.CharField(
        max_length=20,
        choices=Plan.choices,
        blank=True,
        help_text="Planned for disposal, a planned acquisition, or under review; "
        "internal to the partnership.",
    )
    plan_expected = models.DateField(
        "plan expected by",
        null=True,
        blank=True,
        help_text="When the owner expects to decide or act.",
    )
    plan_note = models.TextField(blank=True)
    is_public = models.BooleanField(
        "public",
        default=True,
        help_text="Untick to keep it to the partnership (a site not yet announced, say).",
    )
    is_illustrative = models.BooleanField(
        default=False,
        help_text="Figures made up for the demo; labelled as such wherever shown.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssetQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["partnership", "owner"], name="asset_owner"),
            models.Index(fields=["latitude", "longitude"], name="asset_location"),
            models.Index(fields=["partnership", "plan"], name="asset_plan"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "owner", "name"],
                name="one_asset_name_per_owner",
                violation_error_message="This owner already has an asset of this name.",
            ),
            models.CheckConstraint(
                condition=models.Q(utilisation__isnull=True)
                | models.Q(utilisation__gte=0, utilisation__lte=100),
                name="asset_utilisation_percent",
                violation_error_message="Utilisation is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(lease_end__isnull=True)
                | models.Q(lease_start__isnull=True)
                | models.Q(lease_end__gte=models.F("lease_start")),
                name="asset_lease_ends_after_start",
                violation_error_message="A lease cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~models.Q(plan="") | models.Q(plan_expected__isnull=True, plan_note=""),
                name="asset_plan_details_need_a_plan",
                violation_error_message="An expected date or note needs a plan.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(self.partnership_id, "assets:asset-detail", args=[self.pk])

    visible_within_partnership = True

    @property
    def owning_organisation_id(self) -> int:
        return self.owner_id


from roundtable.assets.models_colocation import Opportunity, OpportunityStatus  # noqa: E402,F401
from roundtable.assets.models_strategies import AssetStrategy  # noqa: E402,F401
