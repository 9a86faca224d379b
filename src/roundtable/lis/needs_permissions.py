"""Access helpers for needs assessment pages: fetch a page among those the user may
see, or for writing, among those they may edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from roundtable.core.permissions import refuse
from roundtable.lis.needs_models import NeedsPage, NeedsStatus, may_edit_needs

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


def get_needs_page_for_user(
    user: User | AnonymousUser, partnership: Partnership, slug: str, *, edit: bool = False
) -> NeedsPage:
    """The partnership's page `slug` if `user` may see it (404 otherwise: a draft is
    not admitted to exist); with `edit`, refused (403, or sign in first) unless they
    may also edit it."""
    page = get_object_or_404(
        NeedsPage.objects.visible_to(user).select_related("partnership", "updated_by__person"),
        partnership=partnership,
        slug=slug,
    )
    if edit and not may_edit_needs(user, page.partnership_id):
        raise refuse(user)
    return page


def require_needs_editor(user: User | AnonymousUser, partnership: Partnership) -> None:
    if not may_edit_needs(user, partnership.pk):
        raise refuse(user)


def get_version_for_user(user: User | AnonymousUser, page: NeedsPage, version_id: int) -> Any:
    """One saved version of `page`: for those who may edit it (drafts are in its history)."""
    if not may_edit_needs(user, page.partnership_id):
        raise refuse(user)
    return get_object_or_404(
        page.history.select_related("history_user__person"), history_id=version_id
    )


def get_edition(page: NeedsPage, version_id: int) -> Any:
    """A version of `page` saved while it was published, for anyone who may see the
    page (a 404 for a draft version: drafts are for editors, `get_version_for_user`)."""
    return get_object_or_404(
        page.history.filter(status=NeedsStatus.PUBLISHED), history_id=version_id
    )
