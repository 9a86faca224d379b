"""Access helpers of the co-location finder and its opportunities.

The role rules are in `roundtable.partnership.access`. Here, in words:

- the finder and the opportunities are for the partnership's own **signed-in
  people** (members, editors, administrators): they use utilisation, leases and
  operating costs, which are internal; nobody else sees them (sign-in or 403 for
  the finder and the list, a 404 for an opportunity, not a hint);
- the partnership's **editors** (of any of its organisations) and
  **administrators** save a group as an opportunity, change its title, notes and
  status; members only read;
- turning an opportunity into a project is for those who may keep a project led by
  the owner of the building that could be left (`opportunity_lead`): that owner's
  editors and the administrators (the projects app's rule, `may_lead_from`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.assets.models import Asset
from roundtable.assets.models_colocation import Opportunity
from roundtable.core.permissions import refuse
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.projects.permissions import may_lead_from

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, CHANGE = "view", "change"


def sees_colocation(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """The finder and the opportunities are for the partnership's signed-in people."""
    return sees_internal_figures(user, partnership_id)


def require_colocation(user: User | AnonymousUser, partnership_id: int | None) -> None:
    if not sees_colocation(user, partnership_id):
        raise refuse(user)


def may_keep_opportunities(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Editors and administrators of the partnership save and change opportunities."""
    if is_administrator(user, partnership_id):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and partnership_id is not None
        and user.partnership_id == partnership_id
    )


def opportunity_lead(opportunity: Opportunity) -> Asset | None:
    """The asset whose owner would lead the opportunity's project: the building that
    could be left, else the first of its assets; None when it has none left."""
    return opportunity.vacate or opportunity.assets.select_related("owner").first()


def may_make_project(user: User | AnonymousUser, opportunity: Opportunity) -> bool:
    """Whether the user may turn the opportunity into a project (see the words above)."""
    if not may_keep_opportunities(user, opportunity.partnership_id):
        return False
    lead = opportunity_lead(opportunity)
    return lead is not None and may_lead_from(user, opportunity.partnership_id, lead.owner_id, None)


def get_opportunity_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Opportunity:
    """The opportunity if the user may see it (a 404 otherwise); changing it needs
    an editor or administrator of its partnership."""
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(user).select_related(
            "partnership", "vacate__owner", "project"
        ),
        pk=pk,
    )
    if action == CHANGE and not may_keep_opportunities(user, opportunity.partnership_id):
        raise refuse(user)
    return opportunity
