"""The meetings' section of a strategy priority's page (`strategy.page_sections`,
registered in `apps.py`): the agenda items that concern the priority, as the user
may see them (`AgendaItem.visible_to`: a restricted item, or one of an unpublished
agenda, only for those who may see it), newest meeting first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.sections import listing
from roundtable.meetings.queries import items_linked_to
from roundtable.strategy.page_sections import PrioritySection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.strategy.models import Priority


def discussed_priority_section(
    user: User | AnonymousUser, priority: Priority
) -> PrioritySection | None:
    """The agenda items linked to the priority, each with its meeting and number;
    nothing when the user may see none. Three queries however many."""
    return listing(
        "Discussed at meetings",
        "meetings/partials/_priority_section.html",
        40,
        entries=items_linked_to(priority, user),
    )
