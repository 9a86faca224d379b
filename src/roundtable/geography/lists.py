"""The Places list as a request→rows function, shared by the page and its CSV and
XLSX download (`core.exports.Listing`), so the download keeps the page's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roundtable.core.exports import Column, Listing
from roundtable.geography import queries
from roundtable.geography.filters import AreaFilterForm

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from roundtable.geography.models import Area


@dataclass(frozen=True)
class AreaList:
    """The Places page's filter form and the areas it leaves: the partnership's
    place and what is in it, and its own custom areas, never another's."""

    form: AreaFilterForm
    areas: QuerySet[Area]


def area_list(request: HttpRequest) -> AreaList:
    form = AreaFilterForm(request.GET or None)
    partnership = getattr(request, "partnership", None)
    areas = queries.in_place(
        queries.area_list(**form.filters()),
        partnership.area_id if partnership else None,
        partnership.pk if partnership else None,
    )
    return AreaList(form, areas)


AREAS = Listing(
    name="places",
    title="Places",
    columns=(
        Column("Name", lambda a: a.name),
        Column("Code", lambda a: a.code),
        Column("Type", lambda a: a.get_area_type_display()),
        Column("Part of", lambda a: a.parent.name if a.parent else ""),
        Column("Part of (code)", lambda a: a.parent.code if a.parent else ""),
        Column("Population", lambda a: a.population),
    ),
    rows=lambda request: area_list(request).areas,
)
