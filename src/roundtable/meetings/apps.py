from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "roundtable.meetings"
    label = "meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        # Importing it connects the signals that keep the SQLite search index in
        # step; then the meetings' section joins the site search.
        from roundtable.meetings import search

        search.register_section()
