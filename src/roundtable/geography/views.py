"""Places pages: the area list, an area's page and history, and postcode lookup."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from roundtable.core.exports import download_links
from roundtable.core.history import render_history
from roundtable.core.permissions import opens_for, signed_in
from roundtable.geography import lists, queries
from roundtable.geography.forms import PostcodeForm
from roundtable.geography.models import Area, Postcode
from roundtable.geography.permissions import get_area_for_user
from roundtable.geography.sections import PlaceOnPage, PlaceSection, place_sections

PER_PAGE = 50


@dataclass
class AreaPage:
    """What the area page shows."""

    area: Area
    ancestors: list[Area]
    children: list[queries.ChildGroup]
    custom_areas: list[Area]
    components: list[Area]
    sections: list[PlaceSection]  # what the apps above this one add (`sections.py`)


def area_list(request: HttpRequest) -> HttpResponse:
    listed = lists.area_list(request)
    page = Paginator(listed.areas, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "geography/area_list.html",
        {
            "form": listed.form,
            "page": page,
            "query": query.urlencode(),
            "downloads": download_links(request, "geography:area-list-download"),
        },
    )


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area_for_user(request.user, code)
    chain = queries.ancestors(area)
    context = AreaPage(
        area=area,
        ancestors=chain,
        children=queries.children_by_type(area),
        custom_areas=list(queries.custom_areas_containing([area, *chain])),
        components=list(area.components.select_related("parent").order_by("area_type", "name")),
        sections=place_sections(
            request.user, PlaceOnPage(area, getattr(request, "partnership", None))
        ),
    )
    return render(request, "geography/area_detail.html", {"page": context, "area": area})


# History is for those signed in (`Action.VIEW_HISTORY`): an official area's for
# everyone signed in, a custom area's for its own partnership's people, under any
# partnership's address (an area is the same in every one).
@opens_for(signed_in)
def area_history(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area_for_user(request.user, code)
    return render_history(request, area, title=area.name, back_url=area.get_absolute_url())


def postcode_lookup(request: HttpRequest) -> HttpResponse:
    form = PostcodeForm(request.GET or None)
    postcode: Postcode | None = None
    if form.is_valid():
        try:
            postcode = queries.lookup_postcode(form.cleaned_data["postcode"])
        except ValueError as exc:
            form.add_error("postcode", str(exc))
    return render(
        request,
        "geography/postcode.html",
        {"form": form, "postcode": postcode, "action": reverse("geography:postcode")},
    )
