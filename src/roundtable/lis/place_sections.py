"""The LIS on a place's page: a link to the area's profile when the partnership
has figures for it that the reader may see (`geography.sections`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.geography.sections import PlaceOnPage, PlaceSection
from roundtable.lis.profiles import areas_with_figures

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def statistics_section(user: User | AnonymousUser, place: PlaceOnPage) -> PlaceSection | None:
    """Nothing when the page is under no partnership, or its LIS has no figures
    for the area (one query)."""
    if place.partnership is None:
        return None
    if not areas_with_figures(user, place.partnership, [place.area.pk]):
        return None
    return PlaceSection(
        title="Statistics",
        template="lis/partials/_place_statistics.html",
        context={"area": place.area},
        order=10,
    )
