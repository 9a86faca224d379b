"""The recommendations app's section of a priority's page: the recommendations
that name the priority, as the user may see them (`strategy.page_sections`,
registered in `apps.py`): a response and its progress only once published, for
anyone outside the partnership."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.recommendations.models import Recommendation
from roundtable.recommendations.permissions import sees_internal_recommendations
from roundtable.recommendations.queries import SORTS, tracker_rows, with_links
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.strategy.models import Priority


def naming_priority_section(
    user: User | AnonymousUser, priority: Priority, today: datetime.date | None = None
) -> PrioritySection | None:
    """The tracker's rows of the recommendations naming the priority (its review's
    order, then number); nothing when the user may see none. Four queries (the
    recommendations, and their lead and supporting units and organisations)."""
    found = with_links(
        Recommendation.objects.visible_to(user, priority.partnership_id)
        .filter(priorities=priority)
        .order_by(*SORTS["number"])
    )
    rows = tracker_rows(found, today or timezone.localdate())
    if not rows:
        return None
    return PrioritySection(
        title="Recommendations",
        template="recommendations/partials/_priority_section.html",
        context={
            "rows": rows,
            "internal": sees_internal_recommendations(user, priority.partnership_id),
        },
        order=30,
    )
