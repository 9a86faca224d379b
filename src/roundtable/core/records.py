"""Saving records so that their history says who changed them, and only when they changed.

Every app's services use these, so imports and commands that run twice write
nothing the second time, and every history entry names the acting user.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

if TYPE_CHECKING:
    from roundtable.accounts.models import User

M = TypeVar("M", bound=models.Model)


class Outcome(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def save_with_history(obj: M, actor: User | None, reason: str = "", *, validate: bool = False) -> M:
    """Save `obj`, recording `actor` (None for system jobs) and `reason` in its history.

    With `validate`, run the model's validation (fields and constraints) first, so a
    bad value is a ValidationError naming the field rather than a database error.
    """
    if validate:
        obj.full_clean()
    obj._history_user = actor  # read by django-simple-history
    if reason:
        obj._change_reason = reason
    with transaction.atomic():
        obj.save()
    return obj


def assign_changed(obj: models.Model, fields: dict[str, Any]) -> bool:
    """Set the fields whose values differ; whether anything changed."""
    changed = False
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert(
    model: type[M],
    actor: User | None,
    lookup: dict[str, Any],
    fields: dict[str, Any],
    *,
    validate: bool = False,
) -> tuple[M, Outcome]:
    """Create the record matching `lookup`, or update it only where `fields` differ.

    A record whose values already match is left alone: no save, no history entry.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **fields)
        save_with_history(obj, actor, validate=validate)
        return obj, Outcome.CREATED
    if assign_changed(obj, fields):
        save_with_history(obj, actor, validate=validate)
        return obj, Outcome.CHANGED
    return obj, Outcome.UNCHANGED
