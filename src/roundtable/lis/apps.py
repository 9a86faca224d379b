from __future__ import annotations

from django.apps import AppConfig


class LisConfig(AppConfig):
    name = "roundtable.lis"
    label = "lis"
    verbose_name = "Local Information System"
