from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"
    verbose_name = "Roundtable core"

    def ready(self) -> None:
        # Connects the failed sign-in logger (roundtable.security).
        from roundtable.core import cache, security  # noqa: F401

        # Every write to the database starts a new generation of kept pages.
        cache.connect()
