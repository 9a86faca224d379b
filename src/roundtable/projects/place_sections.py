"""Projects on a place's page: the partnership's projects working in the place, an
area inside it or a group of places including one, as the reader may see them
(`geography.sections`, registered in `apps.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.geography.sections import PlaceOnPage, PlaceSection
from roundtable.projects.queries import projects_in_place

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def projects_section(user: User | AnonymousUser, place: PlaceOnPage) -> PlaceSection | None:
    """Nothing when the page is under no partnership or no project the user may see
    works in the place (one query; two when some do)."""
    if place.partnership is None:
        return None
    projects = projects_in_place(user, place.partnership, place.area)
    if not projects:
        return None
    return PlaceSection(
        title="Projects working here",
        template="projects/partials/_place_section.html",
        context={"projects": projects, "partnership": place.partnership, "area": place.area},
        order=30,
    )
