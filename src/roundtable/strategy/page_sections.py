"""Sections that apps above this one add to a priority's page (`core.sections`):
what serves the priority, the golden thread from what was agreed to what is done.

`strategy` never imports the apps that link their records to a priority (projects
and commitments, recommendations, consultations). Those apps register a callable
in their `AppConfig.ready()`::

    register_priority_section("projects", serving_section)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import PageSection, PageSections

if TYPE_CHECKING:
    from roundtable.strategy.models import Priority

PrioritySection = PageSection
PRIORITY_SECTIONS: PageSections[Priority] = PageSections()
register_priority_section = PRIORITY_SECTIONS.register
priority_sections = PRIORITY_SECTIONS.for_record
