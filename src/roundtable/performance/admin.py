"""Admin for performance settings, indicators and data issues (superusers)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.performance.models import DataIssue, Indicator, PerformanceSettings


@admin.register(PerformanceSettings)
class PerformanceSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("partnership", "status_policy", "judge_against")
    filter_horizontal = ("performance_leads",)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "theme", "frequency", "polarity", "lead_agency", "lifecycle")
    list_filter = ("partnership", "theme", "frequency", "lifecycle", "highlight", "is_public")
    search_fields = ("code", "name")
    raw_id_fields = ("lead_agency", "responsible_officer")
    filter_horizontal = ("replaced_by",)


@admin.register(DataIssue)
class DataIssueAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "kind", "status", "raised_on", "decided_on")
    list_filter = ("partnership", "kind", "status")
    raw_id_fields = ("indicator",)
