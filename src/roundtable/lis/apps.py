from __future__ import annotations

from django.apps import AppConfig


class LisConfig(AppConfig):
    name = "roundtable.lis"
    label = "lis"
    verbose_name = "Local Information System"

    def ready(self) -> None:
        from roundtable.lis.performance_feed import follow_approved_figures
        from roundtable.performance.signals import figures_changed

        figures_changed.connect(follow_approved_figures, dispatch_uid="lis_performance_feed")
        # Datasets and needs assessment pages in the site search.
        from roundtable.lis.search import register_sections

        register_sections()
        # A place's page links to its area profile; geography is a lower layer and
        # never imports this app (`geography.sections`).
        from roundtable.geography.sections import register_place_section
        from roundtable.lis.place_sections import statistics_section

        register_place_section("lis", statistics_section)
