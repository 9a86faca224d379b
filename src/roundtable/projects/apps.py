from __future__ import annotations

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "roundtable.projects"
    label = "projects"
    verbose_name = "Projects, money and commitments"

    def ready(self) -> None:
        # Equality objectives are reported as narrative measures in the performance
        # report (`performance.narratives`), which may not import this app.
        from roundtable.performance.narratives import register_narratives
        from roundtable.projects.queries_commitments import narrative_sections

        register_narratives("commitments", narrative_sections)
        # A project update placed on an agenda item is shown under it on the meeting
        # page and printed in the board pack (see meetings/attachments.py).
        # A recommendation's page lists the projects that serve it.
        from roundtable.meetings import attachments
        from roundtable.projects.agenda import projects_serving, updates_on_agenda
        from roundtable.recommendations import related

        attachments.register(updates_on_agenda)
        related.register(projects_serving)
        # Projects and commitments in the site search.
        from roundtable.projects.search import register_sections

        register_sections()
        # A body's page lists the projects it sponsors (`partnership.sections`).
        from roundtable.partnership.sections import register_body_section
        from roundtable.projects.sections import sponsored_section

        register_body_section("projects", sponsored_section)
        # A priority's page lists the projects and commitments serving it
        # (`strategy.page_sections`).
        from roundtable.projects.sections import serving_priority_section
        from roundtable.strategy.page_sections import register_priority_section

        register_priority_section("projects", serving_priority_section)
        # A place's page lists the projects working there (`geography.sections`).
        from roundtable.geography.sections import register_place_section
        from roundtable.projects.place_sections import projects_section

        register_place_section("projects", projects_section)
