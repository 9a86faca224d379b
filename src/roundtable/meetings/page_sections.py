"""Sections that apps above this one add to a meeting's page, after its minutes
(`core.sections`).

`meetings` never imports the apps that link records to a meeting (engagement's
consultations...). Those apps register a callable in their `AppConfig.ready()`::

    register_meeting_section("engagement", consultations_section)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import PageSection, PageSections

if TYPE_CHECKING:
    from roundtable.meetings.models import Meeting

MeetingSection = PageSection
MEETING_SECTIONS: PageSections[Meeting] = PageSections()
register_meeting_section = MEETING_SECTIONS.register
meeting_sections = MEETING_SECTIONS.for_record
