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
