"""Reads of the co-location finder and its opportunities. Every one starts from
`visible_to`: the finder runs on the assets the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch

from roundtable.assets.colocation import Group, Options, Site, find_groups
from roundtable.assets.models import Asset
from roundtable.assets.models_colocation import Opportunity
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership
    from roundtable.projects.models import Project

FIELDS = (
    "id",
    "name",
    "owner__name",
    "postcode",
    "latitude",
    "longitude",
    "utilisation",
    "lease_end",
    "operating_cost",
    "is_illustrative",
)


@dataclass(frozen=True)
class Finding:
    """What the finder found among the assets the user may see."""

    options: Options
    on: datetime.date
    groups: list[Group]
    assets: int  # assets looked at
    unlocated: int  # of them, with no location (postcode not in the postcode data)
    illustrative: frozenset[int]  # ids of assets whose figures are made up (the demo)


def sites(
    user: User | AnonymousUser, partnership: Partnership, *, ids: list[int] | None = None
) -> tuple[list[Site], frozenset[int]]:
    """The partnership's assets the user may see, as the finder's records (one query),
    and the ids of those whose figures are illustrative."""
    rows = Asset.objects.visible_to(user).filter(partnership=partnership)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    found, illustrative = [], set()
    for row in rows.order_by().values_list(*FIELDS):
        pk, name, owner, postcode, lat, lon, utilisation, lease_end, cost, made_up = row
        found.append(Site(pk, name, owner, postcode, lat, lon, utilisation, lease_end, cost))
        if made_up:
            illustrative.add(pk)
    return found, frozenset(illustrative)


def administrator_of(partnership: Partnership) -> User:
    """A stand-in administrator of the partnership (never saved), so a command reads
    exactly what the partnership's administrators read through `visible_to`."""
    from roundtable.accounts.choices import Role
    from roundtable.accounts.models import User

    return User(role=Role.ADMINISTRATOR, partnership=partnership, is_active=True)


def find(
    user: User | AnonymousUser, partnership: Partnership, options: Options, on: datetime.date
) -> Finding:
    """The co-location groups among the partnership's assets the user may see."""
    found, illustrative = sites(user, partnership)
    return Finding(
        options=options,
        on=on,
        groups=find_groups(found, options, on=on),
        assets=len(found),
        unlocated=sum(1 for s in found if s.lat is None or s.lon is None),
        illustrative=illustrative,
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def group_as_dict(group: Group) -> dict[str, Any]:
    """A group as the command's JSON gives it (docs/assets.md, "Co-location finder")."""
    return {
        "assets": [
            {
                "name": s.name,
                "owner": s.owner,
                "postcode": s.postcode,
                "utilisation": _number(s.utilisation),
                "lease_end": s.lease_end.isoformat() if s.lease_end else None,
            }
            for s in group.sites
        ],
        "max_distance_m": round(group.max_distance_m, 1),
        "owners": list(group.owners),
        "operating_cost": _number(group.operating_cost),
    }


def asset_url(partnership_id: int, pk: int) -> str:
    """The asset's page (`assets:asset-detail`, from the asset register); blank while
    the register's pages are not installed."""
    try:
        return partnership_reverse(partnership_id, "assets:asset-detail", args=[pk])
    except NoReverseMatch:
        return ""


def project_url(project: Project) -> str:
    """The project's page (`projects:project-detail`); blank while the projects
    pages are not installed."""
    try:
        return project.get_absolute_url()
    except NoReverseMatch:
        return ""


def map_data(finding: Finding) -> list[dict[str, Any]]:
    """The groups for the page's map (numbered as in its table)."""
    return [
        {
            "number": number,
            "sites": [
                {
                    "name": s.name,
                    "owner": s.owner,
                    "lat": s.lat,
                    "lon": s.lon,
                    "vacate": group.vacate is not None and s.id == group.vacate.id,
                }
                for s in group.sites
            ],
        }
        for number, group in enumerate(finding.groups, start=1)
    ]


def opportunities(
    user: User | AnonymousUser, partnership: Partnership, *, status: str = ""
) -> QuerySet[Opportunity]:
    """The partnership's opportunities the user may see, with their visible assets."""
    rows = (
        Opportunity.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("vacate__owner", "project")
        .prefetch_related(
            Prefetch(
                "assets",
                queryset=Asset.objects.visible_to(user).select_related("owner"),
                to_attr="visible_assets",
            )
        )
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def assets_of(user: User | AnonymousUser, opportunity: Opportunity) -> QuerySet[Asset]:
    """The opportunity's assets the user may see."""
    return opportunity.assets.visible_to(user).select_related("owner")
