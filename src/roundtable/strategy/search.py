"""The strategy app's part of the site search (`core.search`): strategies and
priorities (both published with their partnership)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.partnership.queries import in_partnership, search_filter
from roundtable.strategy.models import Priority, Strategy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_strategies(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Strategy.objects.filter(
            in_partnership(partnership_id),
            search_filter(query, ["title", "short_title", "description"]),
        )
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(s.title, s.get_absolute_url(), f"{s.get_kind_display()}, {s.partnership.name}")
        for s in found
    ]


def find_priorities(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Priority.objects.filter(
            in_partnership(partnership_id), search_filter(query, ["ref", "wording"])
        )
        .select_related("partnership", "strategy")
        .order_by("strategy__title", "order", "pk")[:limit]
    )
    return [
        Hit(
            f"{p.ref}: {_short(p.wording)}",
            p.get_absolute_url(),
            f"{p.strategy.short_title or p.strategy.title}, {p.partnership.name}",
        )
        for p in found
    ]


def _short(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def register_sections() -> None:
    register(Section("strategies", "Strategies", 20, find_strategies))
    register(Section("priorities", "Priorities", 21, find_priorities))
