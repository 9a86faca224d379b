from __future__ import annotations

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "roundtable.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        # The strategy step of a new partnership's setup checklist, with a template
        # per kind of file, from the columns the importer checks.
        from roundtable.partnership.checklist import (
            ImportTemplate,
            SetupStep,
            register_step,
            register_templates,
        )
        from roundtable.strategy.importers import COLUMNS, KINDS

        register_templates(
            ImportTemplate(f"strategy-{kind}", kind.capitalize(), tuple(required), tuple(optional))
            for kind, (required, optional) in COLUMNS.items()
        )
        register_step(
            SetupStep(
                "strategy",
                "Strategy",
                "The community strategy: its themes, priorities and objectives.",
                50,
                lambda p: p.strategies.count(),
                "strategy:strategy-import",
                tuple(f"strategy-{kind}" for kind in KINDS),
                add_url="strategy:strategy-add",
            )
        )
        # Strategies and priorities in the site search.
        from roundtable.strategy.search import register_sections

        register_sections()
        # A place's page lists the priorities that target it; geography is a lower
        # layer and never imports this app (`geography.sections`).
        from roundtable.geography.sections import register_place_section
        from roundtable.strategy.place_sections import priorities_section

        register_place_section("strategy", priorities_section)
