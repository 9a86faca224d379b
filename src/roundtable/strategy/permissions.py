"""Access helpers: fetch a strategy record for a user, or raise Http404 / PermissionDenied.

Every strategy view and API endpoint goes through these; the rules themselves live
in `roundtable.core.permissions.can` (strategy is public to read; only the
partnership's administrators edit it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, require
from roundtable.strategy.models import Approach, Event, Objective, Priority, Strategy, Theme

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def _check(user: User | AnonymousUser, action: Action, obj: object) -> None:
    require(user, action, obj)


def get_strategy_for_user(
    user: User | AnonymousUser, slug: str, *, action: Action = Action.VIEW
) -> Strategy:
    strategy = get_object_or_404(Strategy.objects.select_related("partnership"), slug=slug)
    _check(user, action, strategy)
    return strategy


def get_priority_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Priority:
    priority = get_object_or_404(
        Priority.objects.select_related("strategy__partnership", "theme"), pk=pk
    )
    _check(user, action, priority)
    return priority


def get_event_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Event:
    event = get_object_or_404(Event.objects.select_related("partnership"), pk=pk)
    _check(user, action, event)
    return event


def get_theme_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("strategy"), pk=pk)
    _check(user, action, theme)
    return theme


def get_approach_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Approach:
    approach = get_object_or_404(Approach.objects.select_related("strategy"), pk=pk)
    _check(user, action, approach)
    return approach


def get_objective_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Objective:
    objective = get_object_or_404(
        Objective.objects.select_related("strategy__partnership", "priority", "approach"), pk=pk
    )
    _check(user, action, objective)
    return objective
