"""Access helpers: fetch a partnership record for a user, or refuse.

Every view and API endpoint gets its object through one of these, so the rules
in `roundtable.partnership.access` are applied the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, can, refuse, require
from roundtable.partnership.access import is_administrator
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person

if TYPE_CHECKING:
    from roundtable.accounts.models import User


def _check(user: User | AnonymousUser, action: Action, obj: object) -> None:
    require(user, action, obj)


def get_partnership_for_user(
    user: User | AnonymousUser, slug: str, *, action: Action = Action.VIEW
) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    _check(user, action, partnership)
    return partnership


def get_organisation_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("partnership", "parent"), pk=pk
    )
    _check(user, action, organisation)
    return organisation


def get_person_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("partnership", "organisation", "unit"), pk=pk
    )
    _check(user, action, person)
    return person


def get_body_for_user(
    user: User | AnonymousUser, slug: str, *, action: Action = Action.VIEW
) -> Body:
    body = get_object_or_404(Body.objects.select_related("partnership", "parent"), slug=slug)
    _check(user, action, body)
    return body


def get_membership_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("person", "body", "organisation", "partnership"), pk=pk
    )
    _check(user, action, membership)
    return membership


def may_add_membership(user: User | AnonymousUser, body: Body) -> bool:
    """Whether the user may add some seat to `body`: the rule for a seat held for
    their own organisation (editors) or any organisation (administrators)."""
    seat = Membership(
        body=body,
        partnership_id=body.partnership_id,
        organisation_id=getattr(user, "organisation_id", None),
    )
    return is_administrator(user, body.partnership_id) or can(user, Action.ADD, seat)


def require_add_membership(user: User | AnonymousUser, body: Body) -> None:
    if not may_add_membership(user, body):
        raise refuse(user)


def require_administrator(user: User | AnonymousUser, partnership: Partnership | None) -> None:
    if not is_administrator(user, partnership.pk if partnership else None):
        raise refuse(user)


def may_add_person(user: User | AnonymousUser, partnership: Partnership | None) -> bool:
    """Administrators add people anywhere in their partnership; organisation editors
    add them to their own organisation, when it belongs to this partnership."""
    if partnership is None or not user.is_authenticated:
        return False
    if is_administrator(user, partnership.pk):
        return True
    organisation = user.organisation
    return (
        organisation is not None
        and organisation.partnership_id == partnership.pk
        and can(user, Action.CHANGE, organisation)
    )


def require_add_person(user: User | AnonymousUser, partnership: Partnership | None) -> None:
    if not may_add_person(user, partnership):
        raise refuse(user)


def require_add_record(
    user: User | AnonymousUser, record: object, partnership: Partnership
) -> None:
    """The record as filled in may be added: by the rules for it, or by an administrator."""
    if not (can(user, Action.ADD, record) or is_administrator(user, partnership.pk)):
        raise refuse(user)


def may_add_to_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the user may add people and units to this organisation."""
    return can(user, Action.CHANGE, organisation)


def people_to_seat(user: User | AnonymousUser, body: Body) -> QuerySet[Person]:
    """The people this user may give a seat on `body`: administrators anyone in the
    partnership, organisation editors their own organisation's people."""
    people = Person.objects.filter(partnership_id=body.partnership_id)
    if is_administrator(user, body.partnership_id):
        return people
    return people.filter(organisation_id=getattr(user, "organisation_id", None) or -1)


def organisations_to_represent(user: User | AnonymousUser, body: Body) -> QuerySet[Organisation]:
    """The organisations this user may seat people on `body` for."""
    organisations = Organisation.objects.filter(partnership_id=body.partnership_id)
    if is_administrator(user, body.partnership_id):
        return organisations
    return organisations.filter(pk=getattr(user, "organisation_id", None) or -1)
