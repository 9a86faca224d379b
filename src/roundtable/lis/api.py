"""GET /api/v1/lis/datasets, /lis/indicators, /lis/areas and /lis/observations.

Open data only, whoever calls: the published datasets, public indicators on the
LIS, and observations of published datasets, with every suppressed cell's figures
left out (`queries.public_observation`). An unknown indicator or area is a 404 in
the API's `{"detail": ...}` shape; a malformed filter a 422 naming the parameter.
"""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

from dataclasses import replace

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis import observations_sql, queries
from roundtable.lis.models import Dataset
from roundtable.lis.periods import PeriodError, parse_period
from roundtable.lis.schemas import AreaOut, DatasetOut, ErrorOut, IndicatorOut, ObservationPage
from roundtable.partnership.schemas import ValidationErrorOut
from roundtable.performance.models import Indicator
from roundtable.performance.rules import in_code_order

router = Router(tags=["lis"])

MAX_PAGE = 1000
MAX_OBSERVATIONS = 50_000
ERRORS = {404: ErrorOut, 422: ValidationErrorOut}


def _invalid(parameter: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", parameter], "msg": message, "type": "value_error"}])


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise HttpError(404, f"No area has the code {code}")
    return area


def _known_area(code: str) -> Area:
    """As `_area`, from a statement built once (`observations_sql.area_by_code`)."""
    area = observations_sql.area_by_code(code)
    if area is None:
        raise HttpError(404, f"No area has the code {code}")
    return area


@router.get("/lis/datasets", response=list[DatasetOut], summary="Datasets in the catalogue")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_datasets(request: HttpRequest) -> QuerySet[Dataset]:
    """Published datasets, by title."""
    return queries.public_datasets()


@router.get("/lis/indicators", response=list[IndicatorOut], summary="Indicators on the LIS")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_indicators(request: HttpRequest, partnership: str = "") -> list[Indicator]:
    """Public indicators published on the LIS, by code as people read it ("NI 45"
    before "NI 195"), then partnership; `partnership` (a slug) narrows them.

    Sorted in memory before the page is cut (`in_code_order`): every indicator on the
    LIS is read, one query, where the database would count and then read a page. A
    LIS has hundreds of indicators, not thousands."""
    return in_code_order(queries.lis_indicators(partnership))


@router.get("/lis/areas", response=list[AreaOut], summary="Areas statistics are for")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_areas(
    request: HttpRequest, area_type: AreaType | None = None, within: str = ""
) -> QuerySet[Area]:
    """Areas by `area_type`, inside the area whose code is `within` (at any depth)."""
    inside = _area(within) if within else None
    return queries.lis_areas(area_type.value if area_type else "", inside)


@router.get(
    "/lis/observations",
    response={200: ObservationPage, **ERRORS},
    summary="Statistics of an indicator for areas and periods",
)
def list_observations(
    request: HttpRequest,
    indicator: str,
    area_type: AreaType | None = None,
    within: str = "",
    period: str = "",
    sex: str = "",
    age: str = "",
    category: str = "",
    partnership: str = "",
    area: str = "",
    limit: int = Query(MAX_PAGE, ge=1, le=MAX_OBSERVATIONS),
    offset: int = Query(0, ge=0),
) -> dict | HttpResponse:
    """One indicator's observations (by its code; `partnership` picks one when two
    partnerships use the code), for areas of `area_type` inside `within`, for
    `period`, and for a breakdown (`sex`, `age`, `category`; blank is everyone).
    A suppressed cell has no figures, only a note.

    `area` (a code) asks for one area's figures instead; a custom area's are added up
    from its component areas (counts and denominators summed, the value recomputed)."""
    indicators = observations_sql.indicator_ids(indicator.strip(), partnership)
    if not indicators:
        raise HttpError(404, f"No indicator on the LIS has the code {indicator}")
    label = ""
    if period.strip():
        try:
            label = parse_period(period).label
        except PeriodError as error:
            raise _invalid("period", str(error)) from None
    chosen = queries.ObservationFilter(
        indicators=indicators,
        area_type=area_type.value if area_type else "",
        inside=_known_area(within) if within else None,
        period=label,
        sex=sex.strip(),
        age=age.strip(),
        category=category.strip(),
    )
    if area.strip():
        one = _known_area(area.strip())
        if one.area_type == AreaType.CUSTOM:
            items = queries.custom_area_observations(one, chosen)
            return {"count": len(items), "items": items[offset : offset + limit]}
        chosen = replace(chosen, area_type="", inside=None, area=one)
    # Built once per shape of question and rendered from tuples (`observations_sql`):
    # the same fields and values the response schema documents, without the ORM's
    # query building and ninja's validation of every row on each call.
    return observations_sql.observations_response(chosen, limit, offset)
