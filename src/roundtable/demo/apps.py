from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "roundtable.demo"
    label = "demo"
    verbose_name = "Demo partnerships"

    def ready(self) -> None:
        # The returns pages say where the demo's figures are (they are years old).
        from roundtable.demo.notes import figures_note
        from roundtable.performance.figures_notes import register_figures_note

        register_figures_note("demo", figures_note)

        # The project pages say where the demo's projects end (one 2012 board pack), and
        # do not call the milestones it planned after that "Overdue".
        from roundtable.demo.notes import projects_records_end
        from roundtable.projects.records_end import register_records_end

        register_records_end("demo", projects_records_end)
