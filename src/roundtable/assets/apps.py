from __future__ import annotations

from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "roundtable.assets"
    label = "assets"
    verbose_name = "Joint asset register"
