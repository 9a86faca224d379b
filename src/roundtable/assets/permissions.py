"""Access helpers and rules for the joint asset register.

Who sees what is in `models.py`. Who may change what, in words:

- an **organisation editor** adds assets owned by their own organisation and
  changes those only (as they are and as they become);
- the partnership's **administrators** add and change any asset of the
  partnership, and set whether its figures are public (the asset settings);
- nobody else changes anything (a 404 for an asset they may not see, a sign-in or
  403 for one they may see).

The figures of an asset (operating cost, market and rateable value, landlord and
lease dates, utilisation) and its notes are for the partnership's own signed-in
people; anyone else sees the figures (never the notes) only where the
partnership's asset settings publish them. The "data received" coverage page is
for the partnership's own people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.assets.models import Asset, AssetSettings
from roundtable.core.permissions import refuse
from roundtable.partnership.access import is_administrator, sees_internal_figures

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

VIEW, CHANGE = "view", "change"

#: The fields of an asset that are "figures": hidden from the public unless the
#: partnership publishes them.
FIGURE_FIELDS = (
    "landlord",
    "lease_start",
    "lease_end",
    "utilisation",
    "market_value",
    "rateable_value",
    "operating_cost",
)


def _pk(partnership: Partnership | int | None) -> int | None:
    return getattr(partnership, "pk", partnership)


def sees_assets_internals(
    user: User | AnonymousUser, partnership: Partnership | int | None
) -> bool:
    """The partnership's own signed-in people (and superusers): every asset, its
    figures and notes, and the coverage page."""
    return sees_internal_figures(user, _pk(partnership))


def require_assets_internals(
    user: User | AnonymousUser, partnership: Partnership | int | None
) -> None:
    if not sees_assets_internals(user, partnership):
        raise refuse(user)


def sees_asset_figures(
    user: User | AnonymousUser,
    partnership: Partnership | int | None,
    settings: AssetSettings | None,
) -> bool:
    """Whether the user sees the figures of the (visible) assets of a partnership:
    its own people always; anyone when its settings publish them. (Assets not
    marked public are never visible to anyone else, so "public assets only"
    follows from `Asset.objects.visible_to`.)"""
    if sees_assets_internals(user, partnership):
        return True
    return bool(settings is not None and settings.figures_are_public)


def may_manage_assets(user: User | AnonymousUser, partnership: Partnership | int | None) -> bool:
    """Administrators change any asset of the partnership and its asset settings."""
    return is_administrator(user, _pk(partnership))


def require_manage_assets(
    user: User | AnonymousUser, partnership: Partnership | int | None
) -> None:
    if not may_manage_assets(user, partnership):
        raise refuse(user)


def may_add_assets(user: User | AnonymousUser, partnership: Partnership | int | None) -> bool:
    """Whether the user may add assets at all: administrators, and the partnership's
    organisation editors (for their own organisation)."""
    if may_manage_assets(user, partnership):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.organisation_id is not None
        and user.partnership_id == _pk(partnership)
    )


def may_edit_assets_of(
    user: User | AnonymousUser, partnership: Partnership | int | None, owner_id: int | None
) -> bool:
    """Editors keep their own organisation's assets; administrators any."""
    if may_manage_assets(user, partnership):
        return True
    return (
        may_add_assets(user, partnership)
        and owner_id is not None
        and user.organisation_id == owner_id
    )


def may_edit_asset(user: User | AnonymousUser, asset: Asset) -> bool:
    """Whether the user may change this asset."""
    return may_edit_assets_of(user, asset.partnership_id, asset.owner_id)


def get_asset_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Asset:
    """The asset if the user may see it (a 404 otherwise: a site not announced is
    not hinted at); changing it needs an editor of its owner, or an administrator."""
    asset = get_object_or_404(
        Asset.objects.visible_to(user).select_related("partnership", "owner"), pk=pk
    )
    if action == CHANGE and not may_edit_asset(user, asset):
        raise refuse(user)
    return asset
