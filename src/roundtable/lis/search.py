"""The LIS's part of the site search (`core.search`): datasets of the catalogue and
needs assessment pages, through their `visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.lis.models import Dataset
from roundtable.lis.needs_models import NeedsPage
from roundtable.partnership.queries import search_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_datasets(query: str, user: User | AnonymousUser, limit: int) -> list[Hit]:
    found = (
        Dataset.objects.visible_to(user)
        .filter(search_filter(query, ["title", "description", "source"]))
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [Hit(d.title, d.get_absolute_url(), f"Dataset, {d.partnership.name}") for d in found]


def find_needs_pages(query: str, user: User | AnonymousUser, limit: int) -> list[Hit]:
    found = (
        NeedsPage.objects.visible_to(user)
        .filter(search_filter(query, ["title", "theme", "summary", "body"]))
        .select_related("partnership")
        .order_by("theme", "title", "pk")[:limit]
    )
    return [
        Hit(p.title, p.get_absolute_url(), f"Needs assessment: {p.theme}, {p.partnership.name}")
        for p in found
    ]


def register_sections() -> None:
    register(Section("datasets", "Data", 60, find_datasets))
    register(Section("needs", "Needs assessment", 61, find_needs_pages))
