from __future__ import annotations

from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "roundtable.assets"
    label = "assets"
    verbose_name = "Joint asset register"

    def ready(self) -> None:
        # Assets and co-location opportunities in the site search.
        from roundtable.assets.search import register_sections

        register_sections()
