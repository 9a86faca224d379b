"""Admin for reviews, recommendations and progress updates (superusers)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.recommendations.models import ProgressUpdate, Recommendation, Review, Section


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ("title", "author", "published_on", "is_published", "partnership")
    list_filter = ("partnership", "author_kind", "is_published")
    search_fields = ("title", "author")
    raw_id_fields = ("parent",)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "review", "order")
    raw_id_fields = ("review",)


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ("number", "review", "response", "response_state", "status", "last_update_on")
    list_filter = ("partnership", "response", "response_state", "status")
    search_fields = ("number", "text")
    raw_id_fields = ("review", "section", "lead_organisation", "agreed_by")
    filter_horizontal = (
        "lead_units",
        "supporting_units",
        "supporting_organisations",
        "priorities",
        "indicators",
        "bodies",
    )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("recommendation", "date", "status", "rag", "is_illustrative")
    list_filter = ("partnership", "status", "is_illustrative")
    raw_id_fields = ("recommendation", "author")
