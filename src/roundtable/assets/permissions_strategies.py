"""Access helpers of partners' asset strategies.

Who sees what is in `models_strategies.py`. Who may change what, in words (as for
the assets themselves, `permissions.py`):

- an **organisation editor** adds strategies of their own organisation and changes
  those only (as they are and as they become);
- the partnership's **administrators** add and change any;
- nobody else changes anything (a 404 for a strategy they may not see, a sign-in
  or 403 for one they may see).

The history of a strategy is for the partnership's own signed-in people
(`core.history.render_history`), like every History tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.assets.models_strategies import AssetStrategy
from roundtable.assets.permissions import may_add_assets, may_edit_assets_of
from roundtable.core.permissions import refuse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

VIEW, CHANGE = "view", "change"


def may_add_strategies(user: User | AnonymousUser, partnership: Partnership | int | None) -> bool:
    """Administrators, and the partnership's organisation editors (for their own)."""
    return may_add_assets(user, partnership)


def may_edit_strategy(user: User | AnonymousUser, strategy: AssetStrategy) -> bool:
    """Editors keep their own organisation's strategies; administrators any."""
    return may_edit_assets_of(user, strategy.partnership_id, strategy.organisation_id)


def get_strategy_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> AssetStrategy:
    """The strategy if the user may see it (a 404 otherwise); changing it needs an
    editor of its organisation, or an administrator."""
    strategy = get_object_or_404(
        AssetStrategy.objects.visible_to(user).select_related("partnership", "organisation"),
        pk=pk,
    )
    if action == CHANGE and not may_edit_strategy(user, strategy):
        raise refuse(user)
    return strategy
