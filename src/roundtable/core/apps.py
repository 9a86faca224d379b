from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "roundtable.core"
    label = "core"
    verbose_name = "Roundtable core"

    def ready(self) -> None:
        # Connects the failed sign-in logger (roundtable.security), and registers the
        # deploy check that emails' links lead to a host the site serves (checks).
        from roundtable.core import cache, checks, security  # noqa: F401

        # Every write to the database starts a new generation of kept pages.
        cache.connect()
