"""Access helpers: fetch a partnership record for a user, or refuse.

Every view and API endpoint gets its object through one of these, so the rules
in `roundtable.partnership.access` are applied the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, can, refuse, require
from roundtable.partnership.access import is_administrator, manages_body, sees_everything
from roundtable.partnership.choices import ROLES_WITH_ACCESS, MembershipRole
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person
from roundtable.partnership.rules import AccountFacts
from roundtable.partnership.rules import may_manage_account as rules_may_manage_account

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


class SeatRefused(PermissionDenied):
    """Refused a change to a seat that gives access, with the message saying who may."""

    def __init__(self, body: Body) -> None:
        super().__init__(
            f"Only the partnership's administrators and the secretariat of {body.name} can "
            "add, change or end a seat on it, because every seat gives access to its "
            "restricted and draft papers. Ask one of them to make the change"
        )


def may_grant_seats(user: User | AnonymousUser, body: Body) -> bool:
    """Whether the user may grant, change and end seats on `body` that give access:
    the partnership's administrators and the body's secretariat (its managers)."""
    return manages_body(user, body.pk)


def may_add_membership(user: User | AnonymousUser, body: Body) -> bool:
    """Whether the user may add some seat to `body`: its managers any seat; an
    organisation editor one for their own organisation in a role that gives no access
    (there is none today: see `ROLES_WITH_ACCESS`)."""
    if may_grant_seats(user, body):
        return True
    return any(
        can(user, Action.ADD, _seat(user, body, role)) for role in roles_to_grant(user, body)
    )


def roles_to_grant(user: User | AnonymousUser, body: Body) -> list[str]:
    """The roles the user may give a seat on `body` in: every role for its managers,
    the roles that give no access for everyone else."""
    if may_grant_seats(user, body):
        return list(MembershipRole.values)
    return [role for role in MembershipRole.values if role not in ROLES_WITH_ACCESS]


def _seat(user: User | AnonymousUser, body: Body, role: str) -> Membership:
    return Membership(
        body=body,
        role=role,
        partnership_id=body.partnership_id,
        organisation_id=getattr(user, "organisation_id", None),
    )


def require_add_membership(user: User | AnonymousUser, body: Body) -> None:
    """Refuse anyone who may add no seat to `body`; a signed-in user of its partnership
    is told who may (`SeatRefused`)."""
    if may_add_membership(user, body):
        return
    if getattr(user, "partnership_id", None) == body.partnership_id:
        raise SeatRefused(body)
    raise refuse(user)


def require_seat_change(user: User | AnonymousUser, membership: Membership) -> None:
    """Refuse a change to `membership` (as it is now, with any new values set) by
    anyone but its body's managers, unless the seat gives no access and the user may
    edit it as its organisation's editor; `SeatRefused` says who may."""
    if can(user, Action.CHANGE, membership):
        return
    if user.is_authenticated and getattr(user, "partnership_id", None) == membership.partnership_id:
        raise SeatRefused(membership.body)
    raise refuse(user)


def may_create_partnership(user: User | AnonymousUser) -> bool:
    """Site administrators set up new partnerships. "Site administrator" is an
    active superuser: a partnership's administrators run only their own."""
    return sees_everything(user)


def require_create_partnership(user: User | AnonymousUser) -> None:
    if not may_create_partnership(user):
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
    """The people this user may give a seat on `body`: its managers (administrators,
    secretariat) anyone in the partnership, organisation editors their own
    organisation's people."""
    people = Person.objects.filter(partnership_id=body.partnership_id)
    if may_grant_seats(user, body):
        return people
    return people.filter(organisation_id=getattr(user, "organisation_id", None) or -1)


def organisations_to_represent(user: User | AnonymousUser, body: Body) -> QuerySet[Organisation]:
    """The organisations this user may seat people on `body` for: partners only."""
    organisations = Organisation.objects.partners().filter(partnership_id=body.partnership_id)
    if may_grant_seats(user, body):
        return organisations
    return organisations.filter(pk=getattr(user, "organisation_id", None) or -1)


# -- Accounts ---------------------------------------------------------------------


def account_facts(user: User) -> AccountFacts:
    """What the account rules (`rules.may_manage_account`…) read of an account."""
    return AccountFacts(
        pk=user.pk,
        partnership_id=user.partnership_id,
        role=user.role,
        is_active=user.is_active,
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
    )


def may_manage_accounts(user: User | AnonymousUser, partnership: Partnership | None) -> bool:
    """Whether the user may list, invite and change the accounts of `partnership`: its
    administrators and site administrators."""
    return partnership is not None and is_administrator(user, partnership.pk)


def require_manage_accounts(user: User | AnonymousUser, partnership: Partnership | None) -> None:
    if not may_manage_accounts(user, partnership):
        raise refuse(user)


def may_manage_account(user: User | AnonymousUser, account: User) -> bool:
    """Whether the user may change `account` (`rules.may_manage_account`): never a
    superuser's or staff account, nor another partnership's, unless a site
    administrator."""
    if not user.is_authenticated:
        return False
    return rules_may_manage_account(account_facts(user), account_facts(account))


def require_manage_account(user: User | AnonymousUser, account: User) -> None:
    if not may_manage_account(user, account):
        raise refuse(user)


def get_account_for_user(user: User | AnonymousUser, pk: int) -> User:
    """An account the user may manage, or the refusal (sign in, or 403) every page
    gives; 404 when there is no such account."""
    account = get_object_or_404(
        get_user_model().objects.select_related("partnership", "organisation", "person"),
        pk=pk,
    )
    require_manage_account(user, account)
    return account
