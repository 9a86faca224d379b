"""Admin for meetings and actions (superusers); partnerships use the meetings pages."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.meetings.models import Action, AgendaItem, Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("body", "start", "status", "agenda_status", "minutes_status")
    list_filter = ("partnership", "status", "agenda_status", "minutes_status")
    date_hierarchy = "start"
    raw_id_fields = ("body", "minutes_approved_at")


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "meeting", "position", "purpose", "restricted")
    list_filter = ("partnership", "purpose", "restricted")
    search_fields = ("title",)
    raw_id_fields = ("meeting", "parent", "body")


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("description", "body", "owner_organisation", "due", "status")
    list_filter = ("partnership", "status")
    search_fields = ("description",)
    raw_id_fields = ("body", "meeting", "item", "owner_person", "owner_organisation")
