"""The asset register's part of the site search (`core.search`): assets (public
ones for anyone), partners' asset strategies (public ones for anyone; found by their
document, organisation and key aims, never by their internal note) and, for the
partnership's own people, co-location opportunities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.assets.models import Asset
from roundtable.assets.models_colocation import Opportunity
from roundtable.assets.models_strategies import AssetStrategy
from roundtable.core.search import Hit, Section, register
from roundtable.partnership.queries import in_partnership, search_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_assets(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Asset.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["name", "address", "postcode", "current_use"]),
        )
        .select_related("partnership", "owner")
        .order_by("name", "pk")[:limit]
    )
    return [
        Hit(a.name, a.get_absolute_url(), f"{a.current_use}, {a.owner.name}, {a.postcode}")
        for a in found
    ]


def find_opportunities(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Opportunity.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["title", "notes"]))
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [
        Hit(o.title, o.get_absolute_url(), f"Co-location opportunity, {o.partnership.name}")
        for o in found
    ]


def find_strategies(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        AssetStrategy.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id),
            search_filter(query, ["title", "listed_as", "key_aims", "organisation__name"]),
        )
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")[:limit]
    )
    return [
        Hit(
            str(s),
            s.get_absolute_url(),
            f"Asset strategy of {s.organisation.name}"
            + (f", published {s.published}" if s.published else ""),
        )
        for s in found
    ]


def register_sections() -> None:
    register(Section("assets", "Buildings and sites", 57, find_assets))
    register(Section("opportunities", "Co-location opportunities", 58, find_opportunities))
    register(Section("asset_strategies", "Partners' asset strategies", 59, find_strategies))
