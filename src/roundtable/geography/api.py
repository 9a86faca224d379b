"""GET /api/v1/areas, /areas/{code} and /postcodes/{postcode}: public reads."""

# No `from __future__ import annotations` here: django-ninja's @paginate resolves the
# endpoint's annotations outside this module, so they must be real types, not strings.

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from roundtable.geography import queries
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.permissions import get_area_for_user
from roundtable.geography.schemas import (
    AreaDetail,
    AreaRef,
    AreaSummary,
    ChildArea,
    ErrorOut,
    PostcodeOut,
)

router = Router(tags=["geography"])


def _ref(area: Area | None) -> AreaRef | None:
    return AreaRef(code=area.code, name=area.name) if area else None


def _area(request: HttpRequest, code: str) -> Area:
    try:
        return get_area_for_user(request.user, code)
    except Http404:
        raise HttpError(404, f"No area has the code {code}") from None


@router.get("/areas", response=list[AreaSummary], summary="List areas")
@paginate
def list_areas(
    request: HttpRequest,
    type: AreaType | None = None,  # the public name of the filter, though it shadows type()
    parent: str | None = None,
    q: str | None = None,
) -> QuerySet[Area]:
    """Areas, filtered by `type`, `parent` (a code) and `q` (part of a name, or a code)."""
    parent_area = _area(request, parent) if parent else None
    return queries.area_list(area_type=type.value if type else "", q=q or "", parent=parent_area)


@router.get(
    "/areas/{code}", response={200: AreaDetail, 404: ErrorOut}, summary="An area with its children"
)
def get_area(request: HttpRequest, code: str) -> AreaDetail:
    area = _area(request, code)
    children = area.children.order_by("area_type", "name")
    components = area.components.order_by("area_type", "name")
    return AreaDetail(
        code=area.code,
        name=area.name,
        type=area.area_type,
        parent=_ref(area.parent),
        population=area.population,
        population_source=area.population_source,
        description=area.description,
        partnership=area.partnership.slug if area.partnership else None,
        children=[ChildArea(code=c.code, name=c.name, type=c.area_type) for c in children],
        components=[ChildArea(code=c.code, name=c.name, type=c.area_type) for c in components],
        url=area.get_absolute_url(),
    )


@router.get(
    "/postcodes/{postcode}",
    response={200: PostcodeOut, 400: ErrorOut, 404: ErrorOut},
    summary="The areas a postcode is in",
)
def get_postcode(request: HttpRequest, postcode: str) -> PostcodeOut:
    try:
        found = queries.lookup_postcode(postcode)
    except queries.PostcodeNotFound as exc:
        raise HttpError(404, str(exc)) from None
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    return PostcodeOut(
        postcode=found.postcode,
        local_authority=_ref(found.local_authority),
        ward=_ref(found.ward),
        msoa=_ref(found.msoa),
        lsoa=_ref(found.lsoa),
        eastings=found.eastings,
        northings=found.northings,
    )
