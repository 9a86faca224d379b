"""Template context about performance on every page: the "My returns" link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.functional import lazy

from roundtable.partnership.access import is_administrator
from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance.permissions import may_enter_figures, may_sign_off

if TYPE_CHECKING:
    from roundtable.accounts.models import User

SESSION_KEY = "performance_lead"


def remember_returns_role(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """At sign-in, note whether the person approves figures as a performance lead
    (one query), so the navigation need not ask on every page. A lead added later
    sees "My returns" from their next sign-in; the page itself checks every time."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = bool(
            user.partnership_id and may_sign_off(user, user.partnership_id)
        )


def _my_returns_url(request: HttpRequest) -> str:
    user = request.user
    partnership_id = getattr(user, "partnership_id", None)
    if partnership_id is None or not user.is_active:
        return ""
    # Administrators and editors need no query; performance leads were noted at sign-in.
    shown = may_enter_figures(user, partnership_id) or may_sign_off_without_query(user)
    if not shown and not request.session.get(SESSION_KEY, False):
        return ""
    return partnership_reverse(partnership_id, "performance_entry:my-returns")


def may_sign_off_without_query(user: User) -> bool:
    """Administrators approve figures: known from the account alone."""
    return is_administrator(user, user.partnership_id)


def returns(request: HttpRequest) -> dict[str, object]:
    """`my_returns_url`: the person's "My returns" page in their own partnership,
    for those who enter or approve figures; "" for everyone else. Worked out only
    when a template shows it, with no query."""
    return {"my_returns_url": lazy(_my_returns_url, str)(request)}
