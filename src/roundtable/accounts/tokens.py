"""API bearer tokens: issue, look up, revoke. Only a SHA-256 of each token is kept."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from roundtable.accounts.models import ApiToken, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the record and the token (shown once)."""
    token = "rt_" + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, key_hash=_hash(token), prefix=token[:8])
    return record, token


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(token), revoked__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used=timezone.now())
    return record.user


def revoke_token(record: ApiToken) -> None:
    ApiToken.objects.filter(pk=record.pk, revoked__isnull=True).update(revoked=timezone.now())
