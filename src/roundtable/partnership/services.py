"""Every write to partnership records goes through these functions.

Each takes the acting user (None for system jobs such as the demo loader),
validates the record, saves it inside a transaction and leaves a history entry
naming who made the change.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeVar

from django.db import models

from roundtable.core.records import save_with_history
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
    Unit,
)
from roundtable.partnership.rules import slugify_name

if TYPE_CHECKING:
    from roundtable.accounts.models import User

M = TypeVar("M", bound=models.Model)


def _save(actor: User | None, obj: M, reason: str = "") -> M:
    return save_with_history(obj, actor, reason, validate=True)


def unique_organisation_slug(partnership: Partnership, name: str) -> str:
    """A slug for a new organisation, unique within its partnership."""
    base = slugify_name(name, 110)
    slug, n = base, 2
    while partnership.organisations.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_body_slug(partnership: Partnership, name: str) -> str:
    """A slug for a new body, unique everywhere (body URLs and feeds use it)."""
    base = slugify_name(f"{partnership.slug}-{name}", 110)
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
