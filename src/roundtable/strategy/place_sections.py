"""Strategy on a place's page: the partnership's priorities that target the place,
an area inside it or a group of places including one (`geography.sections`,
registered in `apps.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.geography.sections import PlaceOnPage, PlaceSection
from roundtable.strategy.queries import priorities_targeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def priorities_section(user: User | AnonymousUser, place: PlaceOnPage) -> PlaceSection | None:
    """Nothing when the page is under no partnership or no priority of its
    strategies targets the place (one query; two when some do). Priorities are
    public, so `user` changes nothing."""
    if place.partnership is None:
        return None
    priorities = priorities_targeting(place.partnership, place.area)
    if not priorities:
        return None
    return PlaceSection(
        title="Priorities for this place",
        template="strategy/partials/_place_section.html",
        context={"priorities": priorities, "partnership": place.partnership, "area": place.area},
        order=20,
    )
