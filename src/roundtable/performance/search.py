"""The performance app's part of the site search (`core.search`): indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.partnership.queries import in_partnership, search_filter
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_indicators(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Indicator.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["code", "name", "theme"]))
        .select_related("partnership")
        .order_by("code", "pk")[:limit]
    )
    return [
        Hit(str(i), i.get_absolute_url(), ", ".join(filter(None, [i.theme, i.partnership.name])))
        for i in found
    ]


def register_sections() -> None:
    register(Section("indicators", "Indicators", 30, find_indicators))
