"""Engagement's part of the site search (`core.search`): consultations (public
once open), information-sharing agreements (public when marked so and not drafts)
and, for the partnership's own people, the stakeholder register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.engagement.models import Consultation, SharingAgreement, Stakeholder
from roundtable.partnership.queries import in_partnership, search_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_consultations(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Consultation.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id), search_filter(query, ["title", "description", "groups"])
        )
        .select_related("partnership", "lead_organisation")
        .order_by("-opens", "pk")[:limit]
    )
    return [
        Hit(
            c.title,
            c.get_absolute_url(),
            f"{c.get_status_display()}, {c.lead_organisation.name}, {c.partnership.name}",
        )
        for c in found
    ]


def find_agreements(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        SharingAgreement.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["title", "purpose", "data_categories"]),
        )
        .select_related("partnership", "lead_organisation")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(
            a.title,
            a.get_absolute_url(),
            f"{a.get_status_display()}, {a.lead_organisation.name}, {a.partnership.name}",
        )
        for a in found
    ]


def find_stakeholders(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Stakeholder.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["organisation__name", "organisation__short_name"]),
        )
        .select_related("partnership", "organisation")
        .order_by("organisation__name", "pk")[:limit]
    )
    return [
        Hit(s.organisation.name, s.get_absolute_url(), f"Stakeholder, {s.partnership.name}")
        for s in found
    ]


def register_sections() -> None:
    register(Section("consultations", "Consultations", 70, find_consultations))
    register(Section("stakeholders", "Stakeholders", 71, find_stakeholders))
    register(Section("agreements", "Information-sharing agreements", 72, find_agreements))
