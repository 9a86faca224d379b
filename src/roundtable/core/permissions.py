"""How Roundtable asks who may do what; the rules themselves live with the apps.

Views, API endpoints, commands and templates ask `can(user, action, obj)`; nothing
else decides who may do what. `can` asks the one policy registered at start-up:
the partnership app registers its role policy in `PartnershipConfig.ready()`
(the rules by role are written at the top of `roundtable.partnership.access`).
Core knows no app, so it names no role, membership or model here.

Who may *see* each record is declared next to its model (`roundtable.core.visibility`).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


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

Policy = Callable[[Any, Action, Any], bool]

_policy: Policy | None = None


def register_policy(policy: Policy, *, replace: bool = False) -> Policy | None:
    """Make `policy` the one `can` asks; returns the policy it replaces.

    Registering the same policy again (a second `ready()`) is harmless; registering
    a different one is refused unless `replace`, so two apps cannot both claim the rules.
    """
    global _policy
    previous = _policy
    if previous is not None and previous is not policy and not replace:
        raise ImproperlyConfigured(
            f"A permission policy is already registered ({previous.__module__}."
            f"{previous.__qualname__}); pass replace=True to swap it"
        )
    _policy = policy
    return previous


def can(user: AnyUser, action: Action, obj: Any) -> bool:
    """Whether `user` may perform `action` on `obj`, by the registered policy."""
    if _policy is None:
        raise ImproperlyConfigured(
            "No permission policy is registered: add roundtable.partnership (whose "
            "ready() registers it) to INSTALLED_APPS, or call register_policy()"
        )
    return _policy(user, action, obj)


class SignInRequired(PermissionDenied):
    """Refused because nobody is signed in: the visitor is sent to sign in instead of a 403."""


def refuse(user: AnyUser) -> PermissionDenied:
    """The refusal to raise: sign in first if anonymous, otherwise 403."""
    return PermissionDenied() if user.is_authenticated else SignInRequired()


def require(user: AnyUser, action: Action, obj: Any) -> None:
    """Raise a refusal unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise refuse(user)


# -- Who may open a page of a partnership -------------------------------------------

#: Whether `user` may open a page in `partnership`: `rule(user, partnership)`.
PageRule = Callable[[Any, Any], bool]
_View = TypeVar("_View", bound=Callable[..., Any])


def opens_for(rule: PageRule) -> Callable[[_View], _View]:
    """Declare who may open a page that names no record (a list, a dashboard, an
    import, a settings page) in a partnership, as the view's own check refuses
    everyone else (its `require_*` helper):

        @opens_for(by_pk(is_administrator))
        def performance_import(request): ...

    The partnership switcher reads it (`may_open`) to link the same page of another
    partnership only where it opens for the user; the leak matrix checks that every
    declaration agrees with what the view answers (tests/leakmatrix/test_switcher.py).
    A page with no declaration opens for everyone."""

    def declare(view: _View) -> _View:
        view.opens_for = rule  # type: ignore[attr-defined]
        return view

    return declare


def by_pk(predicate: Callable[[Any, int], bool]) -> PageRule:
    """An `opens_for` rule from a predicate that takes the partnership's id, as most
    do: `@opens_for(by_pk(is_administrator))`."""

    def rule(user: AnyUser, partnership: Any) -> bool:
        return predicate(user, partnership.pk)

    rule.__doc__ = predicate.__doc__
    return rule


def signed_in(user: AnyUser, partnership: Any) -> bool:
    """An `opens_for` rule: anyone signed in (a page under `login_required`)."""
    return bool(user.is_authenticated)


def may_open(view: Callable[..., Any], user: AnyUser, partnership: Any) -> bool:
    """Whether `user` may open `view`'s page in `partnership` (`opens_for`)."""
    rule = getattr(view, "opens_for", None)
    return True if rule is None else bool(rule(user, partnership))
