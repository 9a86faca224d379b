"""Ealing's demo joint asset register: real public buildings at their real postcodes.

The January 2012 LSP Executive pack's Joint Assets project wanted "a comprehensive
partnership asset database" and got a basic list, because partners' data arrived
in pieces. The demo register holds public buildings of the partners the pack
names (the council, Ealing Hospital, the mental health trust, the police, the
college, Ealing CVS), with their names, addresses and postcodes as published;
each postcode is one of the live Ealing postcodes the demo loads (ONS and OS
Code-Point Open), so each building is put on the map from its postcode like any
other.

Everything else is **made up to show the app**, and every asset carries
`is_illustrative` ("illustrative" wherever its figures are shown): the tenure,
landlord, lease dates, capacity, utilisation, values, condition and operating
costs. They are chosen so the co-location finder has something to find: Southall
Town Hall (under-used) is a few hundred metres from Southall Police Station and
the college's Southall campus, and Acton Town Hall's neighbour, Acton Police
Station, has a lease ending soon.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.assets import services, services_strategies
from roundtable.assets.models import Asset
from roundtable.assets.models_strategies import AssetStrategy
from roundtable.core.imports import ImportFailed, RowError, read_table
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

NOTE = (
    "Name, address and postcode as published. Tenure, landlord, lease dates, capacity, "
    "utilisation, values, condition and costs are illustrative, made up for the demo."
)
COUNCIL = "Ealing Council"
HOSPITAL = "Ealing Hospital"
MENTAL_HEALTH = "West London Mental Health Trust"
POLICE = "Metropolitan Police Service"
COLLEGE = "Ealing, Hammersmith & West London College"
CVS = "Ealing CVS"

# (owner, name, address, postcode, current use, public access, tenure, landlord,
#  lease ends in months from loading (None: no lease), capacity, utilisation %,
#  market value, rateable value, condition, operating cost a year)
# fmt: off
ASSETS = (
    (COUNCIL, "Perceval House", "14-16 Uxbridge Road, Ealing", "W5 2HL", "Council offices",
     "Customer services, weekdays", "freehold", "", None, 1_800, 78, 42_000_000, 2_100_000, "B",
     3_400_000),
    (COUNCIL, "Southall Town Hall", "High Street, Southall", "UB1 3HA",
     "Community and council services", "Open to the public, weekdays", "freehold", "", None, 250,
     34, 6_500_000, 310_000, "C", 420_000),
    (COUNCIL, "Acton Town Hall", "Winchester Street, Acton", "W3 6NE",
     "Civic centre, library and community hall", "Open to the public", "freehold", "", None, 400,
     61, 9_800_000, 450_000, "B", 610_000),
    (COUNCIL, "Ealing Central Library", "103 Ealing Broadway Centre, Ealing", "W5 5JY", "Library",
     "Open to the public, daily", "leasehold", "Shopping centre owner", 30, 220, 82, None, 280_000,
     "B", 390_000),
    (COUNCIL, "Southall Library", "Osterley Park Road, Southall", "UB2 4BL", "Library",
     "Open to the public", "freehold", "", None, 90, 47, 1_900_000, 95_000, "C", 160_000),
    (COUNCIL, "Hanwell Library", "Cherington Road, Hanwell", "W7 3HL", "Library",
     "Open to the public", "freehold", "", None, 60, 52, 1_200_000, 60_000, "B", 110_000),
    (COUNCIL, "Greenford Library", "Oldfield Lane South, Greenford", "UB6 9LG", "Library",
     "Open to the public", "freehold", "", None, 70, 44, 1_400_000, 70_000, "C", 120_000),
    (COUNCIL, "Gurnell Leisure Centre", "Ruislip Road East, West Ealing", "W13 0AL",
     "Leisure centre", "Open to the public, daily", "freehold", "", None, 900, 71, 8_000_000,
     390_000, "D", 1_250_000),
    (HOSPITAL, "Ealing Hospital", "Uxbridge Road, Southall", "UB1 3HW", "Acute hospital",
     "Open to the public, 24 hours", "freehold", "", None, 3_200, 93, 95_000_000, 4_800_000, "B",
     21_000_000),
    (MENTAL_HEALTH, "St Bernard's Hospital", "Uxbridge Road, Southall", "UB1 3EU",
     "Mental health hospital and trust offices", "Patients and visitors", "freehold", "", None,
     1_100, 58, 60_000_000, 2_600_000, "C", 9_500_000),
    (POLICE, "Southall Police Station", "67 High Street, Southall", "UB1 3HG", "Police station",
     "Front counter, daily", "freehold", "", None, 180, 55, 4_200_000, 190_000, "C", 540_000),
    (POLICE, "Acton Police Station", "250 High Street, Acton", "W3 9BH", "Police station",
     "Front counter, weekdays", "leasehold", "Private landlord", 9, 120, 38, None, 150_000, "C",
     380_000),
    (COLLEGE, "Ealing Green campus", "The Green, Ealing", "W5 5EW", "Further education college",
     "Students and visitors", "freehold", "", None, 2_500, 76, 30_000_000, 1_300_000, "B",
     2_900_000),
    (COLLEGE, "Southall campus", "Beaconsfield Road, Southall", "UB1 1DP",
     "Further education college", "Students and visitors", "freehold", "", None, 1_200, 49,
     12_000_000, 600_000, "C", 1_400_000),
    (COLLEGE, "Acton campus", "Mill Hill Road, Acton", "W3 8UX", "Further education college",
     "Students and visitors", "freehold", "", None, 1_400, 57, 14_000_000, 650_000, "B",
     1_600_000),
    (CVS, "Ealing CVS offices", "24 Bond Street, Ealing", "W5 5AA",
     "Voluntary sector offices and meeting rooms", "Member groups, by booking", "leasehold",
     "Private landlord", 14, 40, 66, None, 21_000, "B", 45_000),
)
# fmt: on

#: Plans, made up to show the register's plans filter (each note says so): asset name
#: -> (plan, expected in months from loading, note).
PLANS = {
    "Acton Police Station": (
        "review",
        9,
        "Illustrative, made up for the demo: the lease ends soon and the station's future "
        "is under review.",
    ),
    "Southall Town Hall": (
        "disposal",
        18,
        "Illustrative, made up for the demo: under-used; services could move to a "
        "partner's building nearby.",
    ),
}


def load_demo_assets(partnership: Partnership, actor: User | None = None) -> list[str]:
    """Ealing's joint asset register (again and again without duplicating). An asset
    whose postcode or owner is not loaded is left out and counted."""
    if partnership.slug != "ealing":
        return []
    owners = {
        o.name: o
        for o in Organisation.objects.filter(
            partnership=partnership, name__in={row[0] for row in ASSETS}
        )
    }
    today = timezone.localdate()
    loaded = left_out = 0
    for (
        owner_name,
        name,
        address,
        postcode,
        use,
        access,
        tenure,
        landlord,
        lease_months,
        capacity,
        utilisation,
        market_value,
        rateable_value,
        condition,
        operating_cost,
    ) in ASSETS:
        owner = owners.get(owner_name)
        try:
            location = services.locate(postcode)
        except ValueError:
            location = None
        if owner is None or location is None:
            left_out += 1
            continue
        lease_end = (
            today.replace(day=1) + datetime.timedelta(days=round(lease_months * 30.44))
            if lease_months
            else None
        )
        services.save_asset(
            actor,
            Asset.objects.filter(partnership=partnership, owner=owner, name=name).first()
            or Asset(),
            partnership=partnership,
            owner=owner,
            name=name,
            address=address,
            postcode=postcode,
            current_use=use,
            public_access=access,
            tenure=tenure,
            landlord=landlord,
            lease_end=lease_end,
            capacity=capacity,
            utilisation=Decimal(utilisation),
            market_value=None if market_value is None else Decimal(market_value),
            rateable_value=Decimal(rateable_value),
            condition=condition,
            operating_cost=Decimal(operating_cost),
            notes=NOTE,
            plan=PLANS[name][0] if name in PLANS else "",
            plan_expected=(
                today.replace(day=1) + datetime.timedelta(days=round(PLANS[name][1] * 30.44))
                if name in PLANS
                else None
            ),
            plan_note=PLANS[name][2] if name in PLANS else "",
            is_public=True,
            is_illustrative=True,
            location=location,
            check=False,
        )
        loaded += 1
    line = f"{loaded} assets in the joint asset register (illustrative figures)"
    if left_out:
        line += f"; {left_out} left out (owner or postcode not loaded)"
    return [line]


STRATEGIES_FILE = "assets-strategies.csv"


def load_demo_asset_strategies(
    directory: Path, partnership: Partnership, actor: User | None = None
) -> list[str]:
    """Partners' asset strategies from `assets-strategies.csv` (Ealing: Appendix 1 of
    the January 2012 Joint Assets paper), each under the demo organisation named in
    its `organisation` column (an organisation not loaded stops the load, naming the
    row). A strategy is its organisation and document, so loading again changes
    nothing."""
    path = directory / STRATEGIES_FILE
    if not path.exists():
        return []
    table = read_table(path)
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=partnership)}
    errors = [
        RowError(
            row.number,
            "organisation",
            f"no organisation called '{row.get('organisation')}'",
            file=path.name,
        )
        for row in table
        if row.get("organisation") not in organisations
    ]
    if errors:
        raise ImportFailed(errors)
    for row in table:
        organisation = organisations[row.get("organisation")]
        title = row.get("title") or ""
        last_reviewed = row.get("last_reviewed") or ""
        services_strategies.save_strategy(
            actor,
            AssetStrategy.objects.filter(
                partnership=partnership, organisation=organisation, title=title
            ).first()
            or AssetStrategy(),
            partnership=partnership,
            organisation=organisation,
            listed_as=row.get("listed_as") or "",
            title=title,
            no_published_strategy=(row.get("no_published_strategy") or "").lower() == "yes",
            published=row.get("published") or "",
            url=row.get("url") or "",
            key_aims=row.get("key_aims") or "",
            last_reviewed=datetime.date.fromisoformat(last_reviewed) if last_reviewed else None,
            note=row.get("note") or "",
            is_public=True,
            check=False,
        )
    return [f"{len(table.rows)} partners' asset strategies"]
