from __future__ import annotations

from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "roundtable.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations tracker"

    def ready(self) -> None:
        # Reviews and recommendations in the site search.
        from roundtable.recommendations.search import register_sections

        register_sections()
        # A priority's page lists the recommendations naming it (`strategy.page_sections`).
        from roundtable.recommendations.sections import naming_priority_section
        from roundtable.strategy.page_sections import register_priority_section

        register_priority_section("recommendations", naming_priority_section)
