"""Every write to partnership records goes through these functions.

Each takes the acting user (None for system jobs such as the demo loader),
validates the record, saves it inside a transaction and leaves a history entry
naming who made the change.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.db import models, transaction

from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
    Unit,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User

Outcome = Literal["created", "updated", "unchanged"]


def _save(actor: User | None, obj: models.Model, reason: str = "") -> models.Model:
    obj.full_clean()
    obj._history_user = actor
    if reason:
        obj._change_reason = reason
    with transaction.atomic():
        obj.save()
    return obj


def upsert(
    actor: User | None,
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    reason: str = "",
) -> tuple[models.Model, Outcome]:
    """Create the record matching `lookup`, or update it only where `values` differ.

    A record whose values already match is left alone, so re-running an import
    writes nothing and adds no history.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        _save(actor, obj, reason)
        return obj, "created"
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if not changed:
        return obj, "unchanged"
    _save(actor, obj, reason)
    return obj, "updated"


def save_partnership(actor: User | None, partnership: Partnership) -> Partnership:
    return _save(actor, partnership)


def save_organisation(actor: User | None, organisation: Organisation) -> Organisation:
    return _save(actor, organisation)


def save_unit(actor: User | None, unit: Unit) -> Unit:
    unit.partnership_id = unit.organisation.partnership_id
    return _save(actor, unit)


def save_person(actor: User | None, person: Person) -> Person:
    return _save(actor, person)


def save_body(actor: User | None, body: Body) -> Body:
    return _save(actor, body)


def save_terms_of_reference(actor: User | None, tor: TermsOfReference) -> TermsOfReference:
    tor.partnership_id = tor.body.partnership_id
    return _save(actor, tor)


def next_terms_of_reference_version(body: Body) -> int:
    latest = body.terms_of_reference.aggregate(models.Max("version"))["version__max"]
    return (latest or 0) + 1


def add_membership(actor: User | None, membership: Membership) -> Membership:
    membership.partnership_id = membership.body.partnership_id
    return _save(actor, membership, "Membership added")


def update_membership(actor: User | None, membership: Membership) -> Membership:
    return _save(actor, membership)


def end_membership(
    actor: User | None, membership: Membership, end_date: datetime.date
) -> Membership:
    """Close a membership; it stays on the body page as past membership."""
    membership.end_date = end_date
    return _save(actor, membership, "Membership ended")
