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
        from roundtable.meetings.priority_section import discussed_priority_section
        from roundtable.strategy.page_sections import register_priority_section

        search.register_section()
        # A priority's page lists the agenda items that concern it.
        register_priority_section("meetings", discussed_priority_section)
