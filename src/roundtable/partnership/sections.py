"""Sections that apps above this one add to a body's page (`core.sections`).

`partnership` is a lower layer: it never imports the apps that own records a body
can own (consultations, information-sharing agreements, sponsored projects...).
Those apps register a callable in their `AppConfig.ready()`::

    register_body_section("engagement", owned_section)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import PageSection, PageSections

if TYPE_CHECKING:
    from roundtable.partnership.models import Body

BodySection = PageSection
BODY_SECTIONS: PageSections[Body] = PageSections()
register_body_section = BODY_SECTIONS.register
body_sections = BODY_SECTIONS.for_record
