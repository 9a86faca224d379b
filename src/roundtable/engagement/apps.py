from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "roundtable.engagement"
    label = "engagement"
    verbose_name = "Stakeholder engagement"
