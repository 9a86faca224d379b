"""Who is asking and from where, and a log of what was refused to them.

Failed sign-ins, sign-ins refused while locked out (django-axes) and every 401,
403 and 429 answer go to the `roundtable.security` logger at WARNING, with the
user, the client's address and the path, so that guessing and probing show up
in the logs. Each record also carries them as `user`, `address` and `path`
attributes for structured handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("roundtable.security")

REFUSALS = {401: "not signed in", 403: "forbidden", 429: "locked out"}


def client_address(request: HttpRequest) -> str:
    """The client's IP address (django-axes throttles by it, the log names it).

    Behind a TLS proxy (BEHIND_TLS_PROXY) that is the last address in
    X-Forwarded-For, the one the proxy appended; any before it were sent by the
    client and prove nothing. Otherwise it is the connection's own address.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _user_name(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username()
    return "anonymous"


@receiver(user_login_failed, dispatch_uid="roundtable.security.log_failed_sign_in")
def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))
    address = client_address(request) if request is not None else ""
    path = request.path if request is not None else ""
    logger.warning(
        "Sign-in failed for %r from %s at %s",
        username,
        address or "an unknown address",
        path or "no request",
        extra={"user": username, "address": address, "path": path},
    )


class SecurityLogMiddleware:
    """Log every refusal (401, 403, 429) with user, address and path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        reason = REFUSALS.get(response.status_code)
        if reason is not None:
            user = _user_name(request)
            address = client_address(request)
            logger.warning(
                "Refused (%s %s) %s %s to %s from %s",
                response.status_code,
                reason,
                request.method,
                request.path,
                user,
                address,
                extra={"user": user, "address": address, "path": request.path},
            )
        return response
