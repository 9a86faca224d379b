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
