"""Every write to strategy records goes through a function here.

Each takes the acting user (None for the system: imports and commands run by an
operator), writes inside `transaction.atomic()`, records who made the change on
the record's history, and returns the changed object. Upserts used by the
importer save only when something changed, so re-importing a file changes nothing.

Who may: the partnership's administrators (and superusers), by the role policy
(`core.permissions.can`: strategy records have no owning organisation). Each write
refuses any other acting user (PermissionDenied), whichever page, import or API
calls it; the system (None) is not asked.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from roundtable.core.permissions import Action, require
from roundtable.core.records import Outcome, assign_changed, save_with_history, upsert
from roundtable.strategy import queries
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
    slug_from_title,
    slug_problem,
    years_in_order,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.geography.models import Area
    from roundtable.partnership.models import Partnership


def _save(obj: models.Model, actor: User | None, reason: str = "") -> None:
    save_with_history(obj, actor, reason)


def _require(actor: User | None, action: Action, obj: models.Model) -> None:
    """Refuse an acting user the role policy does not let `action` `obj` (as stored, or
    a new record as it would be saved); the system (None) may."""
    if actor is not None:
        require(actor, action, obj)


def _check_unique(obj: models.Model, field: str) -> None:
    """Refuse `obj` as it would be saved when another record of its strategy or
    partnership has its `field` (title, name, ref): the model's own message, at the field."""
    for constraint in obj._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field in constraint.fields:
            try:
                constraint.validate(type(obj), obj)
            except ValidationError as error:
                raise ValidationError({field: error.messages}) from error


def _check_years(start_year: int | None, end_year: int | None) -> None:
    if not years_in_order(start_year, end_year):
        raise ValidationError({"end_year": "The end year must be the same as or after the start"})


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
    _check_years(start_year, end_year)
    if Strategy.objects.filter(slug=slug).exclude(partnership=partnership).exists():
        raise ValidationError({"slug": f"Another partnership already uses the slug '{slug}'"})
    stored = Strategy.objects.filter(partnership=partnership, slug=slug).first()
    _require(
        actor,
        Action.ADD if stored is None else Action.CHANGE,
        stored or Strategy(partnership=partnership, slug=slug),
    )
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


STRATEGY_FIELDS = (
    "title",
    "short_title",
    "kind",
    "start_year",
    "end_year",
    "status",
    "description",
    "source",
)


@transaction.atomic
def add_strategy(
    actor: User | None, partnership: Partnership, *, title: str, slug: str = "", **fields: Any
) -> Strategy:
    """A new strategy of the partnership (`fields`: those of `save_strategy`), at `slug`
    (its address), made from the title when blank; a taken title or slug is refused at
    its field, never overwritten."""
    _require(actor, Action.ADD, Strategy(partnership=partnership))
    title = title.strip()
    _check_unique(Strategy(partnership=partnership, title=title), "title")
    if slug:
        if problem := slug_problem(slug):
            raise ValidationError({"slug": problem[:1].upper() + problem[1:]})
        if Strategy.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": f"Another strategy already uses the slug '{slug}'"})
    else:
        slug = slug_from_title(title, queries.taken_slugs())
    strategy, _ = save_strategy(actor, partnership, slug=slug, title=title, **fields)
    return strategy


@transaction.atomic
def update_strategy(actor: User | None, strategy: Strategy, **fields: Any) -> Strategy:
    """Change a strategy's title, period and the rest (`STRATEGY_FIELDS`); its slug, the
    address people link to, stays. Nothing is written when nothing changed."""
    _require(actor, Action.CHANGE, strategy)
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise TypeError(f"update_strategy() does not change {', '.join(sorted(unknown))}")
    values = {name: getattr(strategy, name) for name in STRATEGY_FIELDS} | fields
    values["title"] = values["title"].strip()
    probe = copy.copy(strategy)  # as stored, so the check leaves the strategy itself out
    probe.title = values["title"]
    _check_unique(probe, "title")
    updated, _ = save_strategy(actor, strategy.partnership, slug=strategy.slug, **values)
    return updated


Named = TypeVar("Named", Theme, Approach)


def _save_named(
    model: type[Named],
    actor: User | None,
    strategy: Strategy,
    *,
    name: str,
    description: str,
    order: int,
) -> tuple[Named, Outcome]:
    """Create or update the strategy's theme (or value) with this name."""
    stored = model.objects.filter(strategy=strategy, name=name).first()
    _require(
        actor,
        Action.ADD if stored is None else Action.CHANGE,
        stored or model(strategy=strategy, partnership_id=strategy.partnership_id),
    )
    return upsert(
        model,
        actor,
        {"strategy": strategy, "name": name},
        {"description": description, "order": order, "partnership_id": strategy.partnership_id},
    )


def _add_named(
    model: type[Named], actor: User | None, strategy: Strategy, *, name: str, description: str
) -> Named:
    """A new theme (or value) of the strategy, listed after its others; a taken name is
    refused at its field."""
    name = name.strip()
    new = model(strategy=strategy, name=name, partnership_id=strategy.partnership_id)
    _require(actor, Action.ADD, new)
    _check_unique(new, "name")
    siblings = model.objects.filter(strategy=strategy)
    added, _ = _save_named(
        model,
        actor,
        strategy,
        name=name,
        description=description,
        order=queries.next_order(siblings),
    )
    return added


def _update_named(
    actor: User | None, named: Named, *, name: str, description: str, order: int
) -> Named:
    """Rename a theme (or value), or change its description or position (listed by
    position, then name); a name another of its strategy has is refused at its field."""
    _require(actor, Action.CHANGE, named)
    if assign_changed(named, {"name": name.strip(), "description": description, "order": order}):
        _check_unique(named, "name")
        _save(named, actor)
    return named


@transaction.atomic
def save_theme(
    actor: User | None, strategy: Strategy, *, name: str, description: str = "", order: int = 0
) -> tuple[Theme, Outcome]:
    """Create or update the strategy's theme with this name."""
    return _save_named(Theme, actor, strategy, name=name, description=description, order=order)


@transaction.atomic
def add_theme(actor: User | None, strategy: Strategy, *, name: str, description: str = "") -> Theme:
    """A new theme of the strategy, listed after its others; a taken name is refused."""
    return _add_named(Theme, actor, strategy, name=name, description=description)


@transaction.atomic
def update_theme(
    actor: User | None, theme: Theme, *, name: str, description: str, order: int
) -> Theme:
    """Rename a theme, or change its description or position; a taken name is refused."""
    return _update_named(actor, theme, name=name, description=description, order=order)


@transaction.atomic
def save_approach(
    actor: User | None, strategy: Strategy, *, name: str, description: str = "", order: int = 0
) -> tuple[Approach, Outcome]:
    """Create or update the strategy's cross-cutting value or approach with this name."""
    return _save_named(Approach, actor, strategy, name=name, description=description, order=order)


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
    stored = Event.objects.filter(partnership=partnership, name=name, date=date).first()
    _require(
        actor,
        Action.ADD if stored is None else Action.CHANGE,
        stored or Event(partnership=partnership),
    )
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
    measures: str | None = None,
) -> tuple[Objective, Outcome]:
    """Create the objective (matched by its text under its priority or value) or reorder
    it; with `measures`, say how it is measured (None keeps what it says)."""
    if (priority is None) == (approach is None):
        raise ValidationError("An objective belongs to either a priority or a value, not both")
    lookup = {"strategy": strategy, "priority": priority, "approach": approach, "text": text}
    stored = Objective.objects.filter(**lookup).first()
    _require(
        actor,
        Action.ADD if stored is None else Action.CHANGE,
        stored or Objective(**lookup, partnership_id=strategy.partnership_id),
    )
    fields: dict[str, Any] = {"order": order, "partnership_id": strategy.partnership_id}
    if measures is not None:
        fields["measures"] = measures.strip()
    return upsert(Objective, actor, lookup, fields)


EVENT_FIELDS = ("name", "date", "kind", "description", "source")


@transaction.atomic
def add_event(
    actor: User | None,
    partnership: Partnership,
    *,
    name: str,
    date: datetime.date,
    kind: str = EventKind.OTHER,
    description: str = "",
    source: str = "",
) -> Event:
    """A new event of the partnership (a workshop, board meeting, consultation…), for
    its priorities' revisions to name; one with the same name on the same date is
    refused at the name, never overwritten."""
    name = name.strip()
    new = Event(partnership=partnership, name=name, date=date)
    _require(actor, Action.ADD, new)
    _check_unique(new, "name")
    event, _ = save_event(
        actor,
        partnership,
        name=name,
        date=date,
        kind=kind,
        description=description,
        source=source,
    )
    return event


@transaction.atomic
def update_event(actor: User | None, event: Event, **fields: Any) -> Event:
    """Change an event's name, date, kind, description or source (`EVENT_FIELDS`); the
    revisions recorded at it stay with it. Another event of the partnership with the
    same name and date is refused at the name. Nothing is written when nothing changed."""
    _require(actor, Action.CHANGE, event)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event() does not change {', '.join(sorted(unknown))}")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    if assign_changed(event, fields):
        _check_unique(event, "name")
        _save(event, actor)
    return event


@transaction.atomic
def add_approach(
    actor: User | None, strategy: Strategy, *, name: str, description: str = ""
) -> Approach:
    """A new cross-cutting value or approach of the strategy, listed after its others;
    a taken name is refused."""
    return _add_named(Approach, actor, strategy, name=name, description=description)


@transaction.atomic
def update_approach(
    actor: User | None, approach: Approach, *, name: str, description: str, order: int
) -> Approach:
    """Rename a value or approach, or change its description or position; a taken name
    is refused."""
    return _update_named(actor, approach, name=name, description=description, order=order)


def _check_objective_text(objective: Objective) -> None:
    """Refuse an objective whose text its priority or value has already (the import
    matches an objective by its text there, so two alike could not be told apart)."""
    if queries.objective_text_taken(objective):
        parent = "priority" if objective.priority_id else "value or approach"
        raise ValidationError({"text": f"This {parent} already has this objective."})


@transaction.atomic
def add_objective(
    actor: User | None,
    *,
    text: str,
    priority: Priority | None = None,
    approach: Approach | None = None,
    measures: str = "",
) -> Objective:
    """A new objective under a priority, or under a value or approach (one of them),
    listed after its others there, with how it is measured in words; text it has
    already is refused."""
    if (priority is None) == (approach is None):
        raise ValidationError("An objective belongs to either a priority or a value, not both")
    parent: Priority | Approach = priority or approach  # type: ignore[assignment]
    new = Objective(
        strategy_id=parent.strategy_id,
        priority=priority,
        approach=approach,
        text=text.strip(),
        partnership_id=parent.partnership_id,
    )
    _require(actor, Action.ADD, new)
    _check_objective_text(new)
    objective, _ = save_objective(
        actor,
        parent.strategy,
        text=new.text,
        priority=priority,
        approach=approach,
        order=queries.next_order(Objective.objects.filter(priority=priority, approach=approach)),
        measures=measures,
    )
    return objective


@transaction.atomic
def update_objective(
    actor: User | None, objective: Objective, *, text: str, order: int, measures: str = ""
) -> Objective:
    """Reword an objective, say how it is measured or change its position under its
    priority or value (listed by position); text another objective there has is refused."""
    _require(actor, Action.CHANGE, objective)
    fields = {"text": text.strip(), "order": order, "measures": measures.strip()}
    if assign_changed(objective, fields):
        _check_objective_text(objective)
        _save(objective, actor)
    return objective


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
    order: int | None = None,
) -> Priority:
    """Add a priority to the strategy with its first revision (Draft, New or Agreed),
    at `order` (after the strategy's other priorities when None)."""
    _require(actor, Action.ADD, Priority(strategy=strategy, partnership_id=strategy.partnership_id))
    _raise_problems(
        check_revision(
            None,
            _proposal(None, status=status, date=date, wording=wording, merged_into=None),
            today=timezone.localdate(),
        )
    )
    if theme is not None and theme.strategy_id != strategy.pk:
        raise ValidationError({"theme": "Choose a theme of this strategy"})
    if event is not None and event.partnership_id != strategy.partnership_id:
        raise ValidationError({"event": "Choose an event of this partnership"})
    priority = Priority(
        strategy=strategy,
        theme=theme,
        ref=ref.strip(),
        wording=wording.strip(),
        status=status,
        order=queries.next_order(strategy.priorities.all()) if order is None else order,
        partnership_id=strategy.partnership_id,
    )
    _check_unique(priority, "ref")
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
    _require(actor, Action.CHANGE, priority)
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
    _require(actor, Action.CHANGE, revision)
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
    actor: User | None,
    priority: Priority,
    *,
    theme: Theme | None,
    order: int,
    ref: str | None = None,
) -> Priority:
    """Move a priority to another theme of its strategy, or reorder it; with `ref`,
    change its reference too (a reference another priority of the strategy has is
    refused). Its wording and status change only by a revision
    (`record_priority_revision`)."""
    _require(actor, Action.CHANGE, priority)
    if theme is not None and theme.strategy_id != priority.strategy_id:
        raise ValidationError({"theme": "Choose a theme of this strategy"})
    fields: dict[str, Any] = {"theme": theme, "order": order}
    if ref is not None:
        fields["ref"] = ref.strip()
    if assign_changed(priority, fields):
        _check_unique(priority, "ref")
        _save(priority, actor)
    return priority


@transaction.atomic
def set_priority_target_areas(
    actor: User | None, priority: Priority, areas: Iterable[Area]
) -> Priority:
    """Say which areas the priority focuses on (replacing the previous list)."""
    _require(actor, Action.CHANGE, priority)
    wanted = {area.pk for area in areas}
    current = set(priority.target_areas.values_list("pk", flat=True))
    if wanted != current:
        priority._history_user = actor
        priority.target_areas.set(wanted)
    return priority
