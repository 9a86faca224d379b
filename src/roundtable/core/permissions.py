"""Every permission rule in Roundtable, in one place.

Views, API endpoints, commands and templates ask `can(user, action, obj)`;
nothing else decides who may do what. The rules, by role:

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
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from roundtable.accounts.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class Action(StrEnum):
    VIEW = "view"
    VIEW_CONTACT = "view_contact"
    VIEW_HISTORY = "view_history"
    VIEW_RESTRICTED = "view_restricted"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    IMPORT = "import"


WRITES = {Action.ADD, Action.CHANGE, Action.DELETE}

# partnership.choices.MembershipRole.SECRETARIAT, named here so core imports no app.
SECRETARIAT_ROLE = "secretariat"
# MembershipRole.CHAIR and VICE_CHAIR, likewise.
CHAIR_ROLES = ("chair", "vice_chair")


class Governed(Protocol):
    partnership_id: int | None
    owning_organisation_id: int | None


def _is_admin_for(user: User, partnership_id: int | None) -> bool:
    return user.role == Role.ADMINISTRATOR and (
        partnership_id is not None and user.partnership_id == partnership_id
    )


def sits_on(user: User, body_id: int) -> bool:
    """Whether the user's person has a current membership of the body."""
    if user.person_id is None:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_rt_sits_on", {})
    if body_id not in cache:
        today = timezone.localdate()
        membership = apps.get_model("partnership", "Membership")
        cache[body_id] = (
            membership.objects.current(today)
            .filter(person_id=user.person_id, body_id=body_id)
            .exists()
        )
    return cache[body_id]


def _current_memberships(user: User) -> Any:
    membership = apps.get_model("partnership", "Membership")
    return membership.objects.current(timezone.localdate()).filter(person_id=user.person_id)


def manages_body(user: User | AnonymousUser, body_id: int) -> bool:
    """Administrators of the body's partnership and the body's secretariat run its meetings."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache: dict[int, bool] = user.__dict__.setdefault("_rt_manages", {})
    if body_id not in cache:
        body = apps.get_model("partnership", "Body")
        partnership_id = body.objects.filter(pk=body_id).values_list("partnership_id", flat=True)
        cache[body_id] = (
            user.role == Role.ADMINISTRATOR and user.partnership_id in list(partnership_id)
        ) or (
            user.person_id is not None
            and _current_memberships(user).filter(body_id=body_id, role=SECRETARIAT_ROLE).exists()
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
        return apps.get_model("partnership", "Body").objects.values("pk")
    if user.role == Role.ADMINISTRATOR and user.partnership_id is not None:
        body = apps.get_model("partnership", "Body")
        return body.objects.filter(partnership_id=user.partnership_id).values("pk")
    if user.person_id is None:
        return []
    return _current_memberships(user).filter(role=SECRETARIAT_ROLE).values("body_id")


def can(user: User | AnonymousUser, action: Action, obj: Any) -> bool:
    """Whether `user` may perform `action` on `obj`."""
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


class SignInRequired(PermissionDenied):
    """Refused because nobody is signed in: the visitor is sent to sign in instead of a 403."""


def refuse(user: User | AnonymousUser) -> PermissionDenied:
    """The refusal to raise: sign in first if anonymous, otherwise 403."""
    return PermissionDenied() if user.is_authenticated else SignInRequired()


def require(user: User | AnonymousUser, action: Action, obj: Any) -> None:
    """Raise a refusal unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise refuse(user)


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


def may_sign_off(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators of the partnership and its performance leads approve, return
    and re-open agencies' figures."""
    if is_administrator(user, partnership_id):
        return True
    if not user.is_authenticated or not user.is_active or user.partnership_id != partnership_id:
        return False
    settings = apps.get_model("performance", "PerformanceSettings")
    return settings.objects.filter(partnership_id=partnership_id, performance_leads=user).exists()


def may_see_attendance_analytics(user: User | AnonymousUser, body: Any) -> bool:
    """A body's attendance figures per organisation are for its chair and vice-chair
    (current memberships in those roles), its managers (secretariat, the partnership's
    administrators) and superusers: they are for raising absence, not for publishing."""
    if manages_body(user, body.pk):
        return True
    if not user.is_authenticated or not user.is_active or user.person_id is None:
        return False
    return _current_memberships(user).filter(body_id=body.pk, role__in=CHAIR_ROLES).exists()


# Recommendations tracker ------------------------------------------------------------


def sees_internal_recommendations(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Signed-in people of a partnership see its unpublished reviews, draft and agreed
    (not yet published) responses, internal notes and comments; everyone else sees
    published reviews and published responses only."""
    return sees_internal_figures(user, partnership_id)


def may_manage_recommendations(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators import reviews, set and publish responses and record agreement."""
    return is_administrator(user, partnership_id)


def may_write_progress(user: User | AnonymousUser, recommendation: Any) -> bool:
    """The lead writes progress updates: an editor of the recommendation's lead
    organisation (same partnership), or the partnership's administrators."""
    if may_manage_recommendations(user, recommendation.partnership_id):
        return True
    if not user.is_authenticated or not user.is_active or user.role != Role.EDITOR:
        return False
    lead = recommendation.lead_organisation_id
    return (
        lead is not None
        and user.partnership_id == recommendation.partnership_id
        and user.organisation_id == lead
    )


def may_comment(user: User | AnonymousUser, recommendation: Any) -> bool:
    """Anyone signed in to the recommendation's partnership may comment on it."""
    return sees_internal_recommendations(user, recommendation.partnership_id)
