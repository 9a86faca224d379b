from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    label = "meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        # Connects the signals that keep the SQLite search index in step.
        from roundtable.meetings import search  # noqa: F401
