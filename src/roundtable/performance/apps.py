from __future__ import annotations

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "roundtable.performance"
    label = "performance"
    verbose_name = "Performance management"

    def ready(self) -> None:
        # The indicators step of a new partnership's setup checklist, with the
        # templates of the three imports, from the columns each checks.
        from roundtable.partnership.checklist import (
            ImportTemplate,
            SetupStep,
            register_step,
            register_templates,
        )
        from roundtable.performance import imports
        from roundtable.performance.returns_queries import reporting_from_words

        register_templates(
            [
                ImportTemplate(
                    "indicators",
                    "Indicators",
                    imports.INDICATOR_COLUMNS,
                    imports.INDICATOR_OPTIONAL,
                ),
                ImportTemplate(
                    "indicator-values", "Figures", imports.VALUE_COLUMNS, imports.VALUE_OPTIONAL
                ),
                ImportTemplate(
                    "data-issues", "Data issues", imports.ISSUE_COLUMNS, imports.ISSUE_OPTIONAL
                ),
            ]
        )
        register_step(
            SetupStep(
                "indicators",
                "Performance indicators",
                "The indicators the partnership reports on, then their figures each quarter.",
                60,
                lambda p: p.indicators.count(),
                "performance:import",
                ("indicators", "indicator-values"),
                add_url="performance:indicator-add",
                detail=reporting_from_words,
            )
        )
        # A new partnership's performance settings, reporting from the quarter it is
        # set up in.
        from roundtable.partnership.services import register_setup
        from roundtable.performance.services import start_performance_settings

        register_setup("performance", start_performance_settings)
        from django.contrib.auth.signals import user_logged_in

        from roundtable.performance.context_processors import remember_returns_role

        user_logged_in.connect(remember_returns_role, dispatch_uid="performance_returns_role")
        # Indicators in the site search.
        from roundtable.performance.search import register_sections

        register_sections()
        # How the indicators of a priority's theme stand, on the priority's page.
        # (and, on a strategy's page, the indicators of its values' objectives).
        from roundtable.performance.priority_section import (
            theme_indicators_section,
            value_objectives_section,
        )
        from roundtable.strategy.page_sections import (
            register_priority_section,
            register_strategy_section,
        )

        register_priority_section("performance", theme_indicators_section)
        register_strategy_section("performance", value_objectives_section)
