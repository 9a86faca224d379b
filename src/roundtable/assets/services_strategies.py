"""Every write to partners' asset strategies goes through `save_strategy`.

It takes the acting user, checks who may make the change
(`permissions_strategies.py`), validates with the pure rules
(`rules_strategies.py`), and writes with history; the demo loader passes
`check=False`.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from roundtable.assets import rules_strategies as rules
from roundtable.assets.models_strategies import AssetStrategy
from roundtable.assets.permissions import may_edit_assets_of
from roundtable.core.records import save_if_changed

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Organisation, Partnership


def save_strategy(
    actor: User | None,
    strategy: AssetStrategy,
    *,
    partnership: Partnership,
    organisation: Organisation,
    title: str = "",
    no_published_strategy: bool = False,
    listed_as: str = "",
    published: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    url: str = "",
    key_aims: str = "",
    note: str = "",
    last_reviewed: datetime.date | None = None,
    is_public: bool | None = None,
    check: bool = True,
) -> AssetStrategy:
    """Add a strategy or change one. When both years are blank they are read from
    "published" if it is a plain year or period ("2010", "2011-2020"); a doubtful
    one ("2007?") leaves them blank."""
    if check and (
        actor is None
        or not may_edit_assets_of(actor, partnership, organisation.pk if organisation else None)
        or (
            strategy.pk is not None
            and not may_edit_assets_of(actor, strategy.partnership_id, strategy.organisation_id)
        )
    ):
        raise PermissionDenied("Editors keep their own organisation's asset strategies")
    if year_from is None and year_to is None:
        year_from, year_to = rules.years_from_published(published)
    problems = {}
    if organisation is None or organisation.partnership_id != partnership.pk:
        problems["organisation"] = "organisation: choose an organisation of this partnership"
    problems.update(
        rules.check_strategy(
            no_published_strategy=no_published_strategy,
            title=title,
            published=published,
            year_from=year_from,
            year_to=year_to,
            last_reviewed=last_reviewed,
            today=timezone.localdate(),
        )
    )
    if problems:
        raise ValidationError(problems)
    strategy.partnership = partnership
    strategy.organisation = organisation
    strategy.listed_as = " ".join(listed_as.split())
    strategy.no_published_strategy = no_published_strategy
    strategy.title = " ".join(title.split())
    strategy.published = published.strip()
    strategy.year_from, strategy.year_to = year_from, year_to
    strategy.url = url.strip()
    strategy.key_aims = "\n".join(line.rstrip() for line in key_aims.strip().splitlines())
    strategy.note = note.strip()
    strategy.last_reviewed = last_reviewed
    if is_public is not None:
        strategy.is_public = is_public
    save_if_changed(strategy, actor, validate=True)
    return strategy
