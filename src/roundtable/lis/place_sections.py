"""The LIS on a place's page: a link to the area's profile when the partnership
has figures for it that the reader may see, or, for a ward (figures are not
published for wards), the areas with figures its postcodes are in
(`geography.sections`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.geography.choices import AreaType
from roundtable.geography.sections import PlaceOnPage, PlaceSection
from roundtable.lis.profiles import areas_with_figures, standing_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def statistics_section(user: User | AnonymousUser, place: PlaceOnPage) -> PlaceSection | None:
    """Nothing when the page is under no partnership, or its LIS has no figures
    for the area (one query), unless the area is a ward and areas with figures
    stand for it (`profiles.standing_for`: two queries more)."""
    if place.partnership is None:
        return None
    if not areas_with_figures(user, place.partnership, [place.area.pk]):
        if place.area.area_type != AreaType.WARD:
            return None
        (choice,) = standing_for(user, place.partnership, [place.area])
        if not (choice.lsoas or choice.msoas or choice.authority):
            return None
        return PlaceSection(
            title="Statistics",
            template="lis/partials/_place_ward_statistics.html",
            context={"choice": choice},
            order=10,
        )
    return PlaceSection(
        title="Statistics",
        template="lis/partials/_place_statistics.html",
        context={"area": place.area},
        order=10,
    )
