"""GET /api/v1/assets and /api/v1/assets.geojson: the joint asset register.

Anyone reads the public assets; the partnership's own people also read those not
marked public. The figures (landlord, lease dates, utilisation, market and
rateable value, operating cost) are null unless the caller is one of the
partnership's people or its asset settings publish them; the figure filters
(`lease_within_months`, `utilisation_below`) and sorts are ignored likewise, so
they cannot tell a hidden figure. Both read through `queries.register`, the
filters of the register page and the map.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

import json
from decimal import Decimal
from typing import Any

from django.db.models import Value
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.accounts.api_auth import optional_auth
from roundtable.assets import queries
from roundtable.assets.choices import Tenure
from roundtable.assets.permissions import sees_asset_figures
from roundtable.assets.schemas import FIGURES, AssetOut
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.models import Partnership

router = Router(tags=["assets"])
MAX_PAGE = 500


def _register(
    request: HttpRequest,
    partnership: str,
    owner: int | None,
    use: str,
    tenure: str,
    lease_within_months: int | None,
    utilisation_below: Decimal | None,
    sort: str,
) -> tuple[Any, bool, Partnership]:
    found = Partnership.objects.filter(slug=partnership).first()
    if found is None:
        raise Http404(f"There is no partnership '{partnership}'")
    sees_figures = sees_asset_figures(request.user, found, queries.settings_for(found.pk))
    filters = queries.AssetFilters(
        owner=owner,
        use=use,
        tenure=tenure,
        lease_within_months=lease_within_months,
        utilisation_below=utilisation_below,
        sort=sort,
    )
    rows = queries.register(
        request.user, found.pk, filters, sees_figures=sees_figures, today=timezone.localdate()
    )
    return rows, sees_figures, found


@router.get(
    "/assets",
    response=list[AssetOut],
    auth=optional_auth,
    summary="The joint asset register (figures only where the caller may see them)",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_assets(
    request: HttpRequest,
    partnership: str,
    owner: int | None = None,
    use: str = "",
    tenure: str = "",
    lease_within_months: int | None = None,
    utilisation_below: Decimal | None = None,
    sort: str = "name",
) -> Any:
    """A partnership's assets (`?partnership=<slug>`), filtered as the register page
    filters them: `owner` (organisation id), `use`, `tenure`, `lease_within_months`,
    `utilisation_below` (percent); `sort` as the page sorts."""
    rows, sees_figures, _ = _register(
        request, partnership, owner, use, tenure, lease_within_months, utilisation_below, sort
    )
    return rows.annotate(figures_shown=Value(sees_figures))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/assets.geojson",
    auth=optional_auth,
    url_name="assets_geojson",
    summary="The joint asset register as a GeoJSON FeatureCollection",
    openapi_extra={"responses": {200: {"description": "A FeatureCollection of Point features"}}},
)
def assets_geojson(
    request: HttpRequest,
    partnership: str,
    owner: int | None = None,
    use: str = "",
    tenure: str = "",
    lease_within_months: int | None = None,
    utilisation_below: Decimal | None = None,
    sort: str = "name",
) -> HttpResponse:
    """The same assets and filters as `/assets`, each located asset a Point feature
    (longitude, latitude in WGS84) whose properties are the fields of `/assets`."""
    rows, sees_figures, found = _register(
        request, partnership, owner, use, tenure, lease_within_months, utilisation_below, sort
    )
    page = partnership_reverse(found, "assets:asset-detail", args=[0])[: -len("0/")]
    tenures = dict(Tenure.choices)
    fields = (
        "id",
        "name",
        "owner__name",
        "owner_id",
        "address",
        "postcode",
        "latitude",
        "longitude",
        "current_use",
        "public_access",
        "tenure",
        "condition",
        "capacity",
        "is_public",
        "is_illustrative",
        *FIGURES,
    )
    features = []
    for row in rows.filter(latitude__isnull=False, longitude__isnull=False).values_list(*fields):
        r = dict(zip(fields, row, strict=True))
        properties = {
            "id": r["id"],
            "name": r["name"],
            "owner": r["owner__name"],
            "owner_id": r["owner_id"],
            "address": r["address"],
            "postcode": r["postcode"],
            "current_use": r["current_use"],
            "public_access": r["public_access"],
            "tenure": r["tenure"],
            "tenure_label": tenures.get(r["tenure"], r["tenure"]),
            "condition": r["condition"],
            "capacity": r["capacity"],
            "is_public": r["is_public"],
            "is_illustrative": r["is_illustrative"],
            "landlord": (r["landlord"] or None) if sees_figures else None,
            "lease_start": r["lease_start"].isoformat()
            if sees_figures and r["lease_start"]
            else None,
            "lease_end": r["lease_end"].isoformat() if sees_figures and r["lease_end"] else None,
            "utilisation": _number(r["utilisation"]) if sees_figures else None,
            "market_value": _number(r["market_value"]) if sees_figures else None,
            "rateable_value": _number(r["rateable_value"]) if sees_figures else None,
            "operating_cost": _number(r["operating_cost"]) if sees_figures else None,
            "url": f"{page}{r['id']}/",
        }
        features.append(
            {
                "type": "Feature",
                "id": r["id"],
                "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                "properties": properties,
            }
        )
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return HttpResponse(body, content_type="application/geo+json")
