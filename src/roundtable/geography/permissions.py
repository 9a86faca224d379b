"""The access helper every geography view and endpoint uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from roundtable.core.permissions import Action, require
from roundtable.geography.models import Area
from roundtable.geography.queries import ANCESTOR_PATH

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def get_area_for_user(
    user: User | AnonymousUser, code: str, *, action: Action = Action.VIEW
) -> Area:
    """The area with this code (and its parent chain), if the user may do `action`.

    Areas are public to view. Raises Http404 with a message naming the code.
    """
    area = (
        Area.objects.select_related(ANCESTOR_PATH, "partnership")
        .filter(code__iexact=code.strip())
        .first()
    )
    if area is None:
        raise Http404(f"No area has the code {code}")
    require(user, action, area)
    return area
