from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"
    verbose_name = "Roundtable core"

    def ready(self) -> None:
        # Connects the failed sign-in logger (roundtable.security).
        from roundtable.core import security  # noqa: F401
