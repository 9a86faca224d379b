from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from roundtable.accounts.models import User


@admin.register(User)
class RoundtableUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Roundtable", {"fields": ("role", "partnership", "organisation", "person")}),
    )
    list_display = ("username", "email", "role", "partnership", "organisation", "is_active")
    list_filter = ("role", "partnership", "is_active")
    raw_id_fields = ("organisation", "person")
