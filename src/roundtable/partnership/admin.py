"""The admin site: where a superuser sets up a new partnership and its accounts.

Day-to-day editing happens on the partnership's own pages, which apply the
permission rules; the admin is for superusers.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
    Unit,
)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "slug", "place")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("area",)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "sector", "type", "partnership")
    list_filter = ("partnership", "sector")
    search_fields = ("name", "short_name")
    raw_id_fields = ("parent",)


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "organisation")
    search_fields = ("name", "short_name")
    raw_id_fields = ("organisation", "parent")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("family_name", "given_name", "job_title", "organisation", "partnership")
    list_filter = ("partnership",)
    search_fields = ("family_name", "given_name", "job_title")
    raw_id_fields = ("organisation", "unit")


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "partnership", "end_date")
    list_filter = ("partnership", "kind")
    search_fields = ("name", "short_name", "slug")
    raw_id_fields = ("parent",)


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("body", "version", "agreed_on")
    raw_id_fields = ("body",)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "body", "role", "organisation", "start_date", "end_date")
    list_filter = ("partnership", "role")
    raw_id_fields = ("person", "body", "organisation")
