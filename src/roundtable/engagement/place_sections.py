"""Engagement on a place's page: the partnership's consultations about the place,
an area inside it or a group of places including one, as the reader may see them
(planned ones for the partnership's own people only; `geography.sections`,
registered in `apps.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.engagement.queries import consultations_in_place
from roundtable.geography.sections import PlaceOnPage, PlaceSection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def consultations_section(user: User | AnonymousUser, place: PlaceOnPage) -> PlaceSection | None:
    """Nothing when the page is under no partnership or no consultation the user may
    see is about the place (one query; two when some are)."""
    if place.partnership is None:
        return None
    consultations = consultations_in_place(user, place.partnership, place.area)
    if not consultations:
        return None
    return PlaceSection(
        title="Consultations about this place",
        template="engagement/partials/_place_section.html",
        context={
            "consultations": consultations,
            "partnership": place.partnership,
            "area": place.area,
        },
        order=40,
    )
