"""Who may do what: the role policy, and the membership rules other apps build on.

`roundtable.core.permissions.can(user, action, obj)` asks the policy registered at
start-up, and this app registers `role_policy` (`PartnershipConfig.ready`), so
views, API endpoints, commands and templates all get the same answer. The rules,
by role:

- **public** (anonymous): may VIEW public records; nothing else.
- **board member** (any signed-in account): may also see the contact details and
  record history of their own partnership's records (not other partnerships'), its
  records that are internal to it
  (`visible_within_partnership`, such as indicators not marked public), and
  VIEW_RESTRICTED the papers of bodies their linked person currently sits on.
- **organisation editor**: may also ADD, CHANGE and DELETE the records their
  organisation owns (the organisation itself, its units, its people, and
  memberships where it is the organisation represented).
- **secretariat** of a body (a current membership in that role): may also ADD,
  CHANGE and DELETE the records of the body's meetings (records exposing
  `managing_body_id`).
- **owner** of an action (the person it names): may CHANGE it.
- **chair and vice-chair** of a body, with its secretariat and administrators: may
  see its attendance figures per organisation (`may_see_attendance_analytics`).
- **partnership administrator**: may do anything within their partnership.
- **superuser**: may do anything anywhere.

A record takes part by exposing, without a query, `partnership_id` and
`owning_organisation_id` (None where only administrators may edit it), and
optionally `is_public` (default True) and `restricted_body_id`.

Rules that belong to one app live in that app's `permissions.py`
(`performance.permissions.may_sign_off`, `recommendations.permissions.may_comment`);
who may see each record is declared next to its model (`roundtable.core.visibility`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.core.permissions import WRITES, Action
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.models import Body, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from roundtable.accounts.models import User

CHAIR_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)


def _is_admin_for(user: User, partnership_id: int | None) -> bool:
    return user.role == Role.ADMINISTRATOR and (
        partnership_id is not None and user.partnership_id == partnership_id
    )


def _current_memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.current(timezone.localdate()).filter(person_id=user.person_id)


def sits_on(user: User, body_id: int) -> bool:
    """Whether the user's person has a current membership of the body."""
    if user.person_id is None:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_rt_sits_on", {})
    if body_id not in cache:
        cache[body_id] = _current_memberships(user).filter(body_id=body_id).exists()
    return cache[body_id]


def manages_body(user: User | AnonymousUser, body_id: int) -> bool:
    """Administrators of the body's partnership and the body's secretariat run its meetings."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache: dict[int, bool] = user.__dict__.setdefault("_rt_manages", {})
    if body_id not in cache:
        partnership_id = Body.objects.filter(pk=body_id).values_list("partnership_id", flat=True)
        cache[body_id] = (
            user.role == Role.ADMINISTRATOR and user.partnership_id in list(partnership_id)
        ) or (
            user.person_id is not None
            and _current_memberships(user)
            .filter(body_id=body_id, role=MembershipRole.SECRETARIAT)
            .exists()
        )
    return cache[body_id]


def body_ids_sat_on_by(user: User) -> Any:
    """The ids of the bodies the user's person currently sits on, as a subquery."""
    if user.person_id is None:
        return []
    return _current_memberships(user).values("body_id")


def body_ids_managed_by(user: User) -> Any:
    """The ids of the bodies whose meetings the user runs, as a subquery."""
    if user.is_superuser:
        return Body.objects.values("pk")
    if user.role == Role.ADMINISTRATOR and user.partnership_id is not None:
        return Body.objects.filter(partnership_id=user.partnership_id).values("pk")
    if user.person_id is None:
        return []
    return _current_memberships(user).filter(role=MembershipRole.SECRETARIAT).values("body_id")


def role_policy(user: User | AnonymousUser, action: Action, obj: Any) -> bool:
    """Whether `user` may perform `action` on `obj`, by the rules above."""
    if not user.is_active and user.is_authenticated:
        return False
    if user.is_authenticated and user.is_superuser:
        return True
    public = getattr(obj, "is_public", True)
    if action == Action.VIEW and public:
        return True
    if not user.is_authenticated:
        return False
    partnership_id = getattr(obj, "partnership_id", None)
    if _is_admin_for(user, partnership_id):
        return True
    if action in {Action.VIEW_CONTACT, Action.VIEW_HISTORY}:
        # Of their own partnership only (official areas, shared by all, have none).
        return partnership_id is None or partnership_id == user.partnership_id
    if action == Action.VIEW and getattr(obj, "visible_within_partnership", False):
        return partnership_id is not None and partnership_id == user.partnership_id
    restricted_body_id = getattr(obj, "restricted_body_id", None)
    if action in {Action.VIEW, Action.VIEW_RESTRICTED}:
        return restricted_body_id is not None and sits_on(user, restricted_body_id)
    if action in WRITES:
        managing_body_id = getattr(obj, "managing_body_id", None)
        if managing_body_id is not None and manages_body(user, managing_body_id):
            return True
    if action == Action.CHANGE and user.person_id is not None:
        if getattr(obj, "owning_person_id", None) == user.person_id:
            return True
    if action in WRITES and user.role == Role.EDITOR:
        owner = getattr(obj, "owning_organisation_id", None)
        same_partnership = partnership_id is not None and partnership_id == user.partnership_id
        return same_partnership and owner is not None and owner == user.organisation_id
    return False


def is_administrator(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators of a partnership (and superusers) may import and manage it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or _is_admin_for(user, partnership_id))


def sees_internal_figures(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Signed-in people of a partnership see figures before they are approved and
    indicators not marked public; everyone else sees the public version."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or (partnership_id and user.partnership_id == partnership_id))


def sees_everything(user: User | AnonymousUser) -> bool:
    """Superusers (active ones) see every record of every partnership."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def own_partnership(user: User | AnonymousUser) -> Q | None:
    """The rows of the user's own partnership, which its signed-in people see whole;
    None for anyone signed in to no partnership (and the public)."""
    if not user.is_authenticated or not user.is_active or user.partnership_id is None:
        return None
    return Q(partnership_id=user.partnership_id)


def internal_to(user: User | AnonymousUser, path: str = "partnership_id") -> Q:
    """`sees_internal_figures` as a filter on the partnership at `path`: every row for
    superusers, their own partnership's rows for its signed-in people, none for the
    public. (Never `Q()` for "every row": OR-ed with another Q it vanishes.)"""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)
    if user.partnership_id is None:
        return Q(pk__in=[])
    return Q(**{path: user.partnership_id})


def may_see_attendance_analytics(user: User | AnonymousUser, body: Any) -> bool:
    """A body's attendance figures per organisation are for its chair and vice-chair
    (current memberships in those roles), its managers (secretariat, the partnership's
    administrators) and superusers: they are for raising absence, not for publishing."""
    if manages_body(user, body.pk):
        return True
    if not user.is_authenticated or not user.is_active or user.person_id is None:
        return False
    return _current_memberships(user).filter(body_id=body.pk, role__in=CHAIR_ROLES).exists()
