"""Reads of partners' asset strategies, every one starting from
`AssetStrategy.objects.visible_to`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roundtable.assets import rules_strategies as rules
from roundtable.assets.models_strategies import AssetStrategy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


@dataclass
class StrategyRow:
    strategy: AssetStrategy
    aims: list[rules.Block]
    review_due: bool


@dataclass
class OrganisationStrategies:
    name: str
    rows: list[StrategyRow] = field(default_factory=list)


def by_organisation(
    user: User | AnonymousUser, partnership_id: int, *, today: datetime.date
) -> list[OrganisationStrategies]:
    """The strategies the user may see, grouped by organisation (by name), in one
    query: what a board member reads at the annual review."""
    found = (
        AssetStrategy.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )
    groups: dict[int, OrganisationStrategies] = {}
    for strategy in found:
        group = groups.setdefault(
            strategy.organisation_id, OrganisationStrategies(strategy.organisation.name)
        )
        group.rows.append(
            StrategyRow(
                strategy,
                rules.aims_blocks(strategy.key_aims),
                rules.review_due(strategy.last_reviewed, today),
            )
        )
    return list(groups.values())
