"""The projects app's part of the site search (`core.search`): projects and
commitments, through their `visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.partnership.queries import in_partnership, search_filter
from roundtable.projects.models import Project
from roundtable.projects.models_commitments import Commitment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_projects(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Project.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["title", "summary"]))
        .select_related("partnership", "lead_organisation")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(
            p.title,
            p.get_absolute_url(),
            f"{p.get_status_display()}, {p.lead_organisation.name}, {p.partnership.name}",
        )
        for p in found
    ]


def find_commitments(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Commitment.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["title", "text"]))
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(c.title, c.get_absolute_url(), f"{c.get_kind_display()}, {c.partnership.name}")
        for c in found
    ]


def register_sections() -> None:
    register(Section("projects", "Projects", 55, find_projects))
    register(Section("commitments", "Commitments", 56, find_commitments))
