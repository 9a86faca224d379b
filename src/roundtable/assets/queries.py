"""Reads of the joint asset register, every one starting from `Asset.objects.visible_to`.

The register page, the map, its table, the API and the GeoJSON share one filter
(`AssetFilters`, read from the query string by `forms.AssetFilterForm`) and one
queryset (`register`). Filters and sort orders on figures (lease end,
utilisation, costs) apply only for a viewer who sees the figures: otherwise an
asset's presence under "utilisation below 50%" would tell its utilisation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Sum

from roundtable.assets import rules
from roundtable.assets.choices import Tenure
from roundtable.assets.models import Asset, AssetSettings
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

#: Sort orders: key -> (label, ordering, needs figures).
SORTS: dict[str, tuple[str, tuple, bool]] = {
    "name": ("Name", ("name", "pk"), False),
    "owner": ("Owner", ("owner__name", "name", "pk"), False),
    "use": ("Current use", ("current_use", "name", "pk"), False),
    "postcode": ("Postcode", ("postcode", "name", "pk"), False),
    "capacity": (
        "Capacity (largest first)",
        (F("capacity").desc(nulls_last=True), "name", "pk"),
        False,
    ),
    "utilisation": (
        "Utilisation (lowest first)",
        (F("utilisation").asc(nulls_last=True), "name", "pk"),
        True,
    ),
    "lease_end": (
        "Lease end (soonest first)",
        (F("lease_end").asc(nulls_last=True), "name", "pk"),
        True,
    ),
    "operating_cost": (
        "Operating cost (highest first)",
        (F("operating_cost").desc(nulls_last=True), "name", "pk"),
        True,
    ),
}


@dataclass(frozen=True)
class AssetFilters:
    owner: int | None = None
    use: str = ""
    tenure: str = ""
    lease_within_months: int | None = None
    utilisation_below: Decimal | None = None
    #: "" (no filter), "any" (any plan) or one of `Plan`: for the partnership's own people.
    plan: str = ""
    sort: str = "name"

    @property
    def on_figures(self) -> bool:
        return self.lease_within_months is not None or self.utilisation_below is not None


def settings_for(partnership_id: int) -> AssetSettings:
    """The partnership's asset settings (unsaved defaults when none are stored)."""
    found = AssetSettings.objects.filter(partnership_id=partnership_id).first()
    return found or AssetSettings(partnership_id=partnership_id)


def visible_assets(user: User | AnonymousUser, partnership_id: int) -> QuerySet[Asset]:
    return Asset.objects.visible_to(user).filter(partnership_id=partnership_id)


def register(
    user: User | AnonymousUser,
    partnership_id: int,
    filters: AssetFilters,
    *,
    sees_figures: bool,
    today: datetime.date,
    sees_plans: bool = False,
) -> QuerySet[Asset]:
    """The assets the user may see, filtered and sorted; the figure filters and sorts
    only for a viewer who sees figures, the plan filter only for one who sees plans."""
    rows = visible_assets(user, partnership_id).select_related("owner")
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    if filters.use:
        rows = rows.filter(current_use__iexact=filters.use)
    if filters.tenure:
        rows = rows.filter(tenure=filters.tenure)
    if sees_figures and filters.lease_within_months is not None:
        rows = rows.filter(
            lease_end__gte=today,
            lease_end__lte=rules.add_months(today, filters.lease_within_months),
        )
    if sees_figures and filters.utilisation_below is not None:
        rows = rows.filter(utilisation__lt=filters.utilisation_below)
    if sees_plans and filters.plan == "any":
        rows = rows.exclude(plan="")
    elif sees_plans and filters.plan:
        rows = rows.filter(plan=filters.plan)
    label, ordering, needs_figures = SORTS.get(filters.sort, SORTS["name"])
    if needs_figures and not sees_figures:
        ordering = SORTS["name"][1]
    return rows.order_by(*ordering)


def uses(user: User | AnonymousUser, partnership_id: int) -> list[str]:
    """The current uses of the assets the user may see, for the filter."""
    found = (
        visible_assets(user, partnership_id)
        .order_by()
        .values_list("current_use", flat=True)
        .distinct()
    )
    return sorted(set(found), key=str.casefold)


def owners(user: User | AnonymousUser, partnership_id: int) -> list[tuple[int, str]]:
    """The organisations owning assets the user may see, for the filter."""
    found = (
        visible_assets(user, partnership_id)
        .order_by()
        .values_list("owner_id", "owner__name")
        .distinct()
    )
    return sorted(set(found), key=lambda pair: pair[1].casefold())


def coverage(user: User | AnonymousUser, partnership_id: int) -> list[rules.OwnerCoverage]:
    """Per owner organisation, how many assets and how many have each expected field
    filled (one grouped query), then the partners with none (no return yet)."""
    blank_text = ("address", "public_access", "landlord", "condition")
    leasehold = Q(tenure=Tenure.LEASEHOLD)
    counts = {}
    for name, _ in rules.COVERAGE_FIELDS:
        has = ~Q(**{name: ""}) if name in blank_text else Q(**{f"{name}__isnull": False})
        counts[name] = Count("pk", filter=has & leasehold if name in rules.LEASE_FIELDS else has)
    grouped = (
        visible_assets(user, partnership_id)
        .order_by()
        .values("owner__name")
        .annotate(assets=Count("pk"), leaseholds=Count("pk", filter=leasehold), **counts)
    )
    found = {
        row["owner__name"]: rules.coverage(
            row["owner__name"],
            row["assets"],
            {name: row[name] for name, _ in rules.COVERAGE_FIELDS},
            leaseholds=row["leaseholds"],
        )
        for row in grouped
    }
    # Partners with no asset yet: their return has not arrived.
    for name in Organisation.objects.filter(
        partnership_id=partnership_id, is_partner=True
    ).values_list("name", flat=True):
        found.setdefault(name, rules.coverage(name, 0, {}))
    return sorted(found.values(), key=lambda c: (c.assets == 0, c.owner.casefold()))


def totals_by_owner(rows: QuerySet[Asset], *, with_costs: bool) -> list[rules.OwnerTotal]:
    """Per owner of the filtered assets: how many, their total capacity and (for a
    viewer who sees figures) their total operating cost (one grouped query)."""
    grouped = (
        rows.order_by()
        .values("owner__name")
        .annotate(assets=Count("pk"), capacity=Sum("capacity"), cost=Sum("operating_cost"))
    )
    return sorted(
        (
            rules.OwnerTotal(
                row["owner__name"],
                row["assets"],
                row["capacity"] or 0,
                (row["cost"] or Decimal(0)) if with_costs else None,
            )
            for row in grouped
        ),
        key=lambda t: t.owner.casefold(),
    )


#: The columns of each point of the map's data (`map_points`), in order.
POINT_COLUMNS = (
    "id",
    "latitude",
    "longitude",
    "name",
    "owner",
    "use",
    "tenure",
    "capacity",
    "utilisation",
    "lease_end",
    "operating_cost",
    "is_illustrative",
)


def map_points(rows: QuerySet[Asset], *, sees_figures: bool) -> dict:
    """The located assets of `rows` as compact rows for the map (one query): owners
    and uses are named once and referred to by index, figures are null where hidden.
    10,000 assets make about 1 MB, a sixth of their GeoJSON."""
    owners: dict[str, int] = {}
    uses: dict[str, int] = {}
    points = []
    found = rows.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "id",
        "latitude",
        "longitude",
        "name",
        "owner__name",
        "current_use",
        "tenure",
        "capacity",
        "utilisation",
        "lease_end",
        "operating_cost",
        "is_illustrative",
    )
    for pk, lat, lon, name, owner, use, tenure, capacity, util, lease_end, cost, made_up in found:
        points.append(
            [
                pk,
                lat,
                lon,
                name,
                owners.setdefault(owner, len(owners)),
                uses.setdefault(use, len(uses)),
                tenure,
                capacity,
                float(util) if sees_figures and util is not None else None,
                lease_end.isoformat() if sees_figures and lease_end else None,
                float(cost) if sees_figures and cost is not None else None,
                made_up,
            ]
        )
    return {
        "columns": list(POINT_COLUMNS),
        "owners": list(owners),
        "uses": list(uses),
        "points": points,
    }
