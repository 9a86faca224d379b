"""The actions log's filters, shared by the partnership-wide and per-body logs.

Starts from `Action.objects.visible_to(user)` like every read of actions, and
loads each row's body, meeting and owners in the same query, so the page's
query count does not grow with the number of actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from roundtable.meetings import rules
from roundtable.meetings.choices import OUTSTANDING
from roundtable.meetings.models import Action

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body, Organisation, Partnership


@dataclass(frozen=True)
class ActionFilters:
    """What the log is narrowed to. `status` "" means outstanding, "all" means any."""

    status: str = ""
    organisation: Organisation | None = None
    body: Body | None = None
    overdue: bool = False


def actions_log(
    user: User | AnonymousUser,
    partnership: Partnership,
    filters: ActionFilters,
    today: datetime.date,
) -> QuerySet[Action]:
    actions = (
        Action.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("body", "meeting", "owner_person", "owner_organisation")
    )
    if filters.status == "":
        actions = actions.filter(status__in=OUTSTANDING)
    elif filters.status != "all":
        actions = actions.filter(status=filters.status)
    if filters.organisation is not None:
        actions = actions.filter(owner_organisation=filters.organisation)
    if filters.body is not None:
        actions = actions.filter(body=filters.body)
    if filters.overdue:
        actions = actions.overdue(today)
    return actions.order_by("due", "pk")


@dataclass(frozen=True)
class ActionRow:
    action: Action
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def action_rows(actions: list[Action], today: datetime.date) -> list[ActionRow]:
    return [ActionRow(a, rules.days_overdue(a.due, a.status, today)) for a in actions]
