from __future__ import annotations

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "roundtable.performance"
    label = "performance"
    verbose_name = "Performance management"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from roundtable.performance.context_processors import remember_returns_role

        user_logged_in.connect(remember_returns_role, dispatch_uid="performance_returns_role")
