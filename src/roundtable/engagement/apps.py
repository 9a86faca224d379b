from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "roundtable.engagement"
    label = "engagement"
    verbose_name = "Stakeholder engagement"

    def ready(self) -> None:
        # Consultations and stakeholders in the site search.
        from roundtable.engagement.search import register_sections

        register_sections()
