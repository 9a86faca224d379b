from __future__ import annotations

from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "roundtable.geography"
    label = "geography"
    verbose_name = "Geography"
