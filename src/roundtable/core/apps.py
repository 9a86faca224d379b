from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"
    verbose_name = "Roundtable core"
