"""Sections that apps above this one add to a place's page (`core.sections`).

`geography` sits below the apps that hold something about a place (the LIS's
statistics, strategy's priorities, projects, engagement's consultations) and never
imports them. Those apps register a callable in their `AppConfig.ready()`::

    register_place_section("lis", statistics_section)

The callable gets the user and a `PlaceOnPage`: the area, and the partnership the
page is looked at under (None when there is none), which this app cannot name.
A section listing records linked to areas lists those `queries.shown_on_page_of`
gives (the place, the areas inside it, the custom areas including one) and says
so in its hint (`geography/partials/_place_section_hint.html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from roundtable.core.sections import PageSection, PageSections
from roundtable.geography.models import Area


@dataclass(frozen=True)
class PlaceOnPage:
    """A place's page as its sections see it."""

    area: Area
    partnership: Any  # partnership.Partnership (a higher app) or None


PlaceSection = PageSection
PLACE_SECTIONS: PageSections[PlaceOnPage] = PageSections()
register_place_section = PLACE_SECTIONS.register
place_sections = PLACE_SECTIONS.for_record
