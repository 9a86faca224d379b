"""Access helpers for performance records; the rules are in roundtable.core.permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, require, sees_internal_figures
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def get_indicator_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Indicator:
    """The indicator, if the user may see it: non-public indicators are for the
    partnership's own signed-in people only (others get a 404, not a hint)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("partnership", "lead_agency", "responsible_officer"),
        pk=pk,
    )
    if not indicator.is_public and not sees_internal_figures(user, indicator.partnership_id):
        raise Http404("No indicator found")
    require(user, action, indicator)
    return indicator
