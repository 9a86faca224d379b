"""Django admin for strategy records (history through django-simple-history)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.strategy.models import (
    Approach,
    Event,
    Objective,
    Priority,
    PriorityRevision,
    Strategy,
    Theme,
)


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "start_year", "end_year", "status"]
    list_filter = ["partnership", "kind", "status"]
    search_fields = ["title", "slug"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "strategy", "order"]
    list_filter = ["strategy"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "date", "kind", "partnership"]
    list_filter = ["partnership", "kind"]


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "wording", "status", "theme", "strategy"]
    list_filter = ["strategy", "status"]
    search_fields = ["ref", "wording"]
    readonly_fields = ["wording", "status"]


@admin.register(PriorityRevision)
class PriorityRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["priority", "sequence", "date", "status", "event"]
    list_filter = ["status"]


@admin.register(Approach)
class ApproachAdmin(SimpleHistoryAdmin):
    list_display = ["name", "strategy", "order"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["text", "strategy", "priority", "approach"]
