"""Sections that apps above this one add to a priority's page (`core.sections`):
what serves the priority, the golden thread from what was agreed to what is done;
and to a strategy's page (`STRATEGY_SECTIONS`).

`strategy` never imports the apps that link their records to a priority (projects
and commitments, recommendations, consultations). Those apps register a callable
in their `AppConfig.ready()`::

    register_priority_section("projects", serving_section)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import PageSection, PageSections

if TYPE_CHECKING:
    from roundtable.strategy.models import Priority, Strategy

PrioritySection = PageSection
PRIORITY_SECTIONS: PageSections[Priority] = PageSections()
register_priority_section = PRIORITY_SECTIONS.register
priority_sections = PRIORITY_SECTIONS.for_record

#: Sections of a strategy's page, after its values and approaches (performance: the
#: indicators linked to the values' objectives).
STRATEGY_SECTIONS: PageSections[Strategy] = PageSections()
register_strategy_section = STRATEGY_SECTIONS.register
strategy_sections = STRATEGY_SECTIONS.for_record
