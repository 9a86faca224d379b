from __future__ import annotations

from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "roundtable.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations tracker"
