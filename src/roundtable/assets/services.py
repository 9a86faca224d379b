"""Every write to the joint asset register goes through a function here.

Each takes the acting user, checks who may make the change (`permissions.py`),
validates with the pure rules (`rules.py`), writes inside `transaction.atomic()`
with history (`save_with_history`) and returns the changed record. Views, the
import command and the demo loader all call these; the importer and the loader
pass `check=False` (the importer checks the whole file first).

An asset is located from its postcode on every save: the geography app's
postcode data gives its OS grid reference, converted to WGS84 latitude and
longitude (`geography.grid.grid_to_latlon`). A postcode that is not in the loaded
postcode data (unknown, terminated, or in a local authority not loaded here) is
refused, so every asset has a point on the map.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.assets import rules
from roundtable.assets.choices import Condition, Tenure
from roundtable.assets.models import Asset, AssetSettings
from roundtable.assets.permissions import may_edit_assets_of, may_manage_assets
from roundtable.core.records import save_if_changed, save_with_history
from roundtable.geography.grid import grid_to_latlon
from roundtable.geography.models import Postcode
from roundtable.geography.rules import normalise_postcode

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Organisation, Partnership


@dataclass(frozen=True)
class Location:
    postcode: str
    latitude: float
    longitude: float


def locate(raw: str, known: dict[str, Postcode] | None = None) -> Location:
    """The normalised postcode and its point; ValueError saying why there is none.
    `known` (postcode -> row) saves a query per row for an importer."""
    postcode = normalise_postcode(raw)
    found = (
        known.get(postcode)
        if known is not None
        else Postcode.objects.filter(postcode=postcode).only("eastings", "northings").first()
    )
    if found is None:
        raise ValueError(
            f"{postcode} is not in the postcode data loaded here: it may be mistyped, "
            "no longer in use (terminated), or in a local authority not loaded; check it "
            "on the Royal Mail postcode finder"
        )
    if found.eastings is None or found.northings is None:
        raise ValueError(
            f"{postcode} has no grid reference in the postcode data, so it cannot be "
            "put on the map; use the postcode of the building's main entrance"
        )
    latitude, longitude = grid_to_latlon(found.eastings, found.northings)
    return Location(postcode, latitude, longitude)


def known_postcodes(raws: list[str]) -> dict[str, Postcode]:
    """The loaded postcodes among `raws` (those that normalise), in one query."""
    wanted = set()
    for raw in raws:
        try:
            wanted.add(normalise_postcode(raw))
        except ValueError:
            continue
    return {
        p.postcode: p
        for p in Postcode.objects.filter(postcode__in=wanted).only(
            "postcode", "eastings", "northings"
        )
    }


def check_asset(
    partnership: Partnership,
    *,
    owner: Organisation | None,
    name: str,
    current_use: str,
    tenure: str,
    condition: str = "",
    lease_start: datetime.date | None = None,
    lease_end: datetime.date | None = None,
    utilisation: Decimal | None = None,
    money: dict[str, Decimal | None] | None = None,
) -> dict[str, str]:
    """Problems with an asset's values, by field, each starting with the field's name."""
    problems: dict[str, str] = {}
    if owner is None or owner.partnership_id != partnership.pk:
        problems["owner"] = "owner: choose an organisation of this partnership"
    if not name.strip():
        problems["name"] = "name: enter the building's name, like Perceval House"
    if not current_use.strip():
        problems["current_use"] = "current_use: say what it is used for, like Offices"
    if tenure not in Tenure.values:
        problems["tenure"] = f"tenure: choose {' or '.join(Tenure.values)}"
    if condition and condition not in Condition.values:
        problems["condition"] = "condition: choose A, B, C or D (or leave it blank)"
    if utilisation is not None and not Decimal(0) <= utilisation <= Decimal(100):
        problems["utilisation"] = "utilisation: enter a percentage from 0 to 100"
    for field, value in (money or {}).items():
        if value is not None and value < 0:
            problems[field] = f"{field}: enter an amount of £0 or more"
    problems.update(rules.check_lease(lease_start, lease_end))
    return problems


def save_asset(
    actor: User | None,
    asset: Asset,
    *,
    partnership: Partnership,
    owner: Organisation,
    name: str,
    postcode: str,
    current_use: str,
    tenure: str,
    address: str = "",
    public_access: str = "",
    landlord: str = "",
    lease_start: datetime.date | None = None,
    lease_end: datetime.date | None = None,
    capacity: int | None = None,
    utilisation: Decimal | None = None,
    market_value: Decimal | None = None,
    rateable_value: Decimal | None = None,
    condition: str = "",
    operating_cost: Decimal | None = None,
    notes: str = "",
    plan: str | None = None,
    plan_expected: datetime.date | None = None,
    plan_note: str | None = None,
    is_public: bool | None = None,
    is_illustrative: bool | None = None,
    location: Location | None = None,
    check: bool = True,
) -> Asset:
    """Add an asset or change one, located from its postcode. Editors keep their own
    organisation's assets (as they are and as they become); administrators any. A
    plan (disposal, acquisition, under review) may have an expected date and a note;
    without a plan, neither. None of the three given keeps them as they are (a
    re-import does not clear them)."""
    if check and (
        actor is None
        or not may_edit_assets_of(actor, partnership, owner.pk if owner else None)
        or (
            asset.pk is not None
            and not may_edit_assets_of(actor, asset.partnership_id, asset.owner_id)
        )
    ):
        raise PermissionDenied("Editors keep their own organisation's assets")
    problems = check_asset(
        partnership,
        owner=owner,
        name=name,
        current_use=current_use,
        tenure=tenure,
        condition=condition,
        lease_start=lease_start,
        lease_end=lease_end,
        utilisation=utilisation,
        money={
            "market_value": market_value,
            "rateable_value": rateable_value,
            "operating_cost": operating_cost,
        },
    )
    if plan is None and plan_expected is None and plan_note is None:
        # Not given (the importer, whose files have no plans): kept as they are.
        plan, plan_expected, plan_note = asset.plan, asset.plan_expected, asset.plan_note
    plan, plan_note = plan or "", plan_note or ""
    problems.update(rules.check_plan(plan, plan_expected, plan_note))
    if location is None:
        try:
            location = locate(postcode)
        except ValueError as error:
            problems["postcode"] = f"postcode: {error}"
    if problems:
        raise ValidationError(problems)
    asset.partnership = partnership
    asset.owner = owner
    asset.name = " ".join(name.split())
    asset.address = " ".join(address.split())
    asset.postcode = location.postcode
    asset.latitude, asset.longitude = location.latitude, location.longitude
    asset.current_use = " ".join(current_use.split())
    asset.public_access = public_access.strip()
    asset.tenure = tenure
    asset.landlord = landlord.strip()
    asset.lease_start, asset.lease_end = lease_start, lease_end
    asset.capacity = capacity
    asset.utilisation = utilisation
    asset.market_value = market_value
    asset.rateable_value = rateable_value
    asset.condition = condition
    asset.operating_cost = operating_cost
    asset.notes = notes
    asset.plan, asset.plan_expected, asset.plan_note = plan, plan_expected, plan_note.strip()
    if is_public is not None:
        asset.is_public = is_public
    if is_illustrative is not None:
        asset.is_illustrative = is_illustrative
    save_if_changed(asset, actor, validate=True)
    return asset


def save_asset_settings(
    actor: User | None, partnership: Partnership, *, figures_are_public: bool, check: bool = True
) -> AssetSettings:
    """Publish, or stop publishing, the figures of the partnership's public assets."""
    if check and (actor is None or not may_manage_assets(actor, partnership)):
        raise PermissionDenied("Only the partnership's administrators change the asset settings")
    found, _ = AssetSettings.objects.get_or_create(partnership=partnership)
    found.figures_are_public = figures_are_public
    return save_with_history(found, actor)
