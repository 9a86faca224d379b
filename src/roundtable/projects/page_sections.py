"""Sections that apps above this one add to a project's page (`core.sections`).

`projects` never imports the apps that link records to a project (engagement's
consultations and contacts...). Those apps register a callable in their
`AppConfig.ready()`::

    register_project_section("engagement", engagement_section)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import PageSection, PageSections

if TYPE_CHECKING:
    from roundtable.projects.models import Project

ProjectSection = PageSection
PROJECT_SECTIONS: PageSections[Project] = PageSections()
register_project_section = PROJECT_SECTIONS.register
project_sections = PROJECT_SECTIONS.for_record
