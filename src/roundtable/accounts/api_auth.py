"""Who is calling the API.

- Writes use `token_auth`: a live bearer token (`Authorization: Bearer <token>`,
  issued on the "Your account" page) or 401. The endpoint then applies the same
  permission rules as the web pages, and a refusal becomes 403.
- Reads use `optional_auth`: a valid bearer token or a signed-in session makes the
  request that user's; anyone else reads as the public. Reads never answer 401
  just because nobody signed in.

`checked()` calls an access helper from an app's `permissions.py` and turns its
refusal (`PermissionDenied`) into the API's JSON 401/403 instead of the HTML
error page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from roundtable.accounts.tokens import user_for_token
from roundtable.core.permissions import SignInRequired

if TYPE_CHECKING:
    from django.http import HttpRequest

    from roundtable.accounts.models import User

P = ParamSpec("P")
T = TypeVar("T")


class TokenAuth(HttpBearer):
    """A live bearer token, or the request is refused with 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class OptionalAuth(TokenAuth):
    """For reads: the token's user, else the signed-in user, else the public.

    Never refuses: it always returns a user (an `AnonymousUser` for the public),
    which django-ninja takes as "authenticated" and stores in `request.auth`.
    A missing, malformed or revoked token reads as the public too.
    """

    def __call__(self, request: HttpRequest) -> User | AnonymousUser:
        user = super().__call__(request)
        if user is None:
            session_user = getattr(request, "user", None)
            user = (
                session_user
                if session_user is not None and session_user.is_authenticated
                else AnonymousUser()
            )
            request.user = user
        return user


token_auth = TokenAuth()
optional_auth = OptionalAuth()


def checked(helper: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call an access helper; its refusal becomes 401 (nobody signed in) or 403."""
    try:
        return helper(*args, **kwargs)
    except SignInRequired as exc:
        raise AuthenticationError() from exc
    except PermissionDenied as exc:
        raise AuthorizationError(message="You do not have permission to do this") from exc
