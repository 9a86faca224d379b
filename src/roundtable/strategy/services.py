"""Every write to strategy records goes through a function here.

Each takes the acting user (None for the system: imports and commands run by an
operator), writes inside `transaction.atomic()`, records who made the change on
the record's history, and returns the changed object. Upserts used by the
importer save only when something changed, so re-importing a file changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from roundtable.core.records import Outcome, assign_changed, save_with_history, upsert
from roundtable.strategy.choices import EventKind, StrategyKind, StrategyStatus
from roundtable.strategy.models import (
    Approach,
    Event,
    Objective,
    Priority,
    PriorityRevision,
    Strategy,
    Theme,
)
from roundtable.strategy.rules import (
    ProposedRevision,
    RevisionState,
    check_revision,
    current_state,
    years_in_order,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.geography.models import Area
    from roundtable.partnership.models import Partnership


def _save(obj: models.Model, actor: User | None, reason: str = "") -> None:
    save_with_history(obj, actor, reason)


@transaction.atomic
def save_strategy(
    actor: User | None,
    partnership: Partnership,
    *,
    slug: str,
    title: str,
    short_title: str = "",
    kind: str = StrategyKind.OTHER,
    start_year: int | None = None,
    end_year: int | None = None,
    status: str = StrategyStatus.ADOPTED,
    description: str = "",
    source: str = "",
) -> tuple[Strategy, Outcome]:
    """Create the strategy with this slug in the partnership, or bring it up to date."""
    if not years_in_order(start_year, end_year):
        raise ValidationError({"end_year": "The end year must be the same as or after the start"})
    if Strategy.objects.filter(slug=slug).exclude(partnership=partnership).exists():
        raise ValidationError({"slug": f"Another partnership already uses the slug '{slug}'"})
    return upsert(
        Strategy,
        actor,
        {"partnership": partnership, "slug": slug},
        {
            "title": title,
            "short_title": short_title,
            "kind": kind,
            "start_year": start_year,
            "end_year": end_year,
            "status": status,
            "description": description,
            "source": source,
        },
    )


@transaction.atomic
def save_theme(
    actor: User | None, strategy: Strategy, *, name: str, description: str = "", order: int = 0
) -> tuple[Theme, Outcome]:
    """Create or update the strategy's theme with this name."""
    return upsert(
        Theme,
        actor,
        {"strategy": strategy, "name": name},
        {"description": description, "order": order, "partnership_id": strategy.partnership_id},
    )


@transaction.atomic
def save_approach(
    actor: User | None, strategy: Strategy, *, name: str, description: str = "", order: int = 0
) -> tuple[Approach, Outcome]:
    """Create or update the strategy's cross-cutting value or approach with this name."""
    return upsert(
        Approach,
        actor,
        {"strategy": strategy, "name": name},
        {"description": description, "order": order, "partnership_id": strategy.partnership_id},
    )


@transaction.atomic
def save_event(
    actor: User | None,
    partnership: Partnership,
    *,
    name: str,
    date: datetime.date,
    kind: str = EventKind.OTHER,
    description: str = "",
    source: str = "",
) -> tuple[Event, Outcome]:
    """Create or update the event with this name and date."""
    return upsert(
        Event,
        actor,
        {"partnership": partnership, "name": name, "date": date},
        {"kind": kind, "description": description, "source": source},
    )


@transaction.atomic
def save_objective(
    actor: User | None,
    strategy: Strategy,
    *,
    text: str,
    priority: Priority | None = None,
    approach: Approach | None = None,
    order: int = 0,
) -> tuple[Objective, Outcome]:
    """Create the objective (matched by its text under its priority or value) or reorder it."""
    if (priority is None) == (approach is None):
        raise ValidationError("An objective belongs to either a priority or a value, not both")
    return upsert(
        Objective,
        actor,
        {"strategy": strategy, "priority": priority, "approach": approach, "text": text},
        {"order": order, "partnership_id": strategy.partnership_id},
    )


def _state(revision: PriorityRevision) -> RevisionState:
    return RevisionState(status=revision.status, wording=revision.wording, date=revision.date)


def _proposal(
    priority: Priority | None,
    *,
    status: str,
    date: datetime.date | None,
    wording: str,
    merged_into: Priority | None,
) -> ProposedRevision:
    return ProposedRevision(
        status=status,
        date=date,
        wording=wording,
        merged_into_id=merged_into.pk if merged_into else None,
        merged_into_status=merged_into.status if merged_into else None,
        merged_into_same_strategy=(
            merged_into is None
            or priority is None
            or merged_into.strategy_id == priority.strategy_id
        ),
        priority_id=priority.pk if priority else None,
    )


def _raise_problems(problems: list) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(
                problem.message[:1].upper() + problem.message[1:]
            )
        raise ValidationError(errors)


@transaction.atomic
def add_priority(
    actor: User | None,
    strategy: Strategy,
    *,
    ref: str,
    wording: str,
    date: datetime.date,
    status: str = "draft",
    theme: Theme | None = None,
    event: Event | None = None,
    note: str = "",
    order: int = 0,
) -> Priority:
    """Add a priority to the strategy with its first revision (Draft, New or Agreed)."""
    _raise_problems(
        check_revision(
            None,
            _proposal(None, status=status, date=date, wording=wording, merged_into=None),
            today=timezone.localdate(),
        )
    )
    if theme is not None and theme.strategy_id != strategy.pk:
        raise ValidationError({"theme": "Choose a theme of this strategy"})
    priority = Priority(
        strategy=strategy,
        theme=theme,
        ref=ref,
        wording=wording.strip(),
        status=status,
        order=order,
        partnership_id=strategy.partnership_id,
    )
    _save(priority, actor)
    revision = PriorityRevision(
        priority=priority,
        sequence=1,
        date=date,
        event=event,
        status=status,
        wording=wording.strip(),
        note=note,
        partnership_id=strategy.partnership_id,
    )
    _save(revision, actor)
    return priority


@transaction.atomic
def record_priority_revision(
    actor: User | None,
    priority: Priority,
    *,
    date: datetime.date | None,
    status: str,
    wording: str = "",
    note: str = "",
    event: Event | None = None,
    merged_into: Priority | None = None,
) -> PriorityRevision:
    """Record what happened to a priority's wording, and make it the priority's current state.

    Raises ValidationError (keyed by field) when the rules in `rules.check_revision` refuse it.
    """
    priority = Priority.objects.select_for_update().get(pk=priority.pk)
    previous = priority.revisions.order_by("-sequence").first()
    _raise_problems(
        check_revision(
            _state(previous) if previous else None,
            _proposal(priority, status=status, date=date, wording=wording, merged_into=merged_into),
            today=timezone.localdate(),
        )
    )
    if event is not None and event.partnership_id != priority.partnership_id:
        raise ValidationError({"event": "Choose an event of this partnership"})
    revision = PriorityRevision(
        priority=priority,
        sequence=(previous.sequence + 1) if previous else 1,
        date=date,
        event=event,
        status=status,
        wording=wording.strip(),
        note=note.strip(),
        merged_into=merged_into,
        partnership_id=priority.partnership_id,
    )
    _save(revision, actor)
    refresh_priority(actor, priority)
    return revision


@transaction.atomic
def update_priority_revision(
    actor: User | None, revision: PriorityRevision, **fields: Any
) -> PriorityRevision:
    """Correct a recorded revision (the importer uses this when a file's row differs)."""
    if assign_changed(revision, fields):
        _save(revision, actor, reason="Corrected")
        refresh_priority(actor, revision.priority)
    return revision


def refresh_priority(actor: User | None, priority: Priority) -> Priority:
    """Set the priority's current wording and status from its revisions."""
    revisions = list(priority.revisions.order_by("sequence"))
    status, wording = current_state(_state(r) for r in revisions)
    if status and assign_changed(priority, {"status": status, "wording": wording}):
        _save(priority, actor)
    return priority


@transaction.atomic
def update_priority(
    actor: User | None, priority: Priority, *, theme: Theme | None, order: int
) -> Priority:
    """Move a priority to another theme of its strategy, or reorder it."""
    if theme is not None and theme.strategy_id != priority.strategy_id:
        raise ValidationError({"theme": "Choose a theme of this strategy"})
    if assign_changed(priority, {"theme": theme, "order": order}):
        _save(priority, actor)
    return priority


@transaction.atomic
def set_priority_target_areas(
    actor: User | None, priority: Priority, areas: Iterable[Area]
) -> Priority:
    """Say which areas the priority focuses on (replacing the previous list)."""
    wanted = {area.pk for area in areas}
    current = set(priority.target_areas.values_list("pk", flat=True))
    if wanted != current:
        priority._history_user = actor
        priority.target_areas.set(wanted)
    return priority
