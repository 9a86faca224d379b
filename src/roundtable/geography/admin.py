from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.geography.models import Area, Postcode


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "area_type", "parent", "partnership", "population"]
    list_filter = ["area_type"]
    search_fields = ["name", "code"]
    list_select_related = ["parent", "partnership"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["components"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "local_authority", "ward", "msoa", "lsoa"]
    search_fields = ["postcode"]
    list_select_related = ["local_authority", "ward", "msoa", "lsoa"]
    raw_id_fields = ["local_authority", "ward", "msoa", "lsoa"]
