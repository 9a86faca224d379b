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
