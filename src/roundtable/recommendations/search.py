"""The recommendations app's part of the site search (`core.search`): reviews and
their recommendations, through their `visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.partnership.queries import in_partnership, search_filter
from roundtable.recommendations.models import Recommendation, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_reviews(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Review.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["title", "author", "commissioned_by"]),
        )
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(r.title, r.get_absolute_url(), ", ".join(filter(None, [r.author, r.partnership.name])))
        for r in found
    ]


def find_recommendations(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Recommendation.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["number", "text"]))
        .select_related("partnership", "review")
        .order_by("review__title", "pk")[:limit]
    )
    return [
        Hit(str(r), r.get_absolute_url(), f"{r.review.title}, {r.partnership.name}") for r in found
    ]


def register_sections() -> None:
    register(Section("reviews", "Reviews", 50, find_reviews))
    register(Section("recommendations", "Recommendations", 51, find_recommendations))
