"""Writes for needs assessment pages: create, edit, publish, take back to draft.

Only the partnership's administrators and organisation editors (and superusers)
may write (`needs_models.may_edit_needs`); each write is one history entry naming
them, so every version of a page is kept. A page whose embeds name something that
is not there is refused, with every such line named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from roundtable.core.records import save_with_history
from roundtable.lis.needs_models import NeedsPage, NeedsStatus, may_edit_needs
from roundtable.lis.needs_queries import check_embeds

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

# Addresses under needs/ that a page's slug must not take.
RESERVED = {"add", "preview"}


@dataclass(frozen=True)
class PageText:
    title: str
    theme: str
    summary: str
    body: str


def _require(actor: User, partnership_id: int) -> None:
    if not may_edit_needs(actor, partnership_id):
        raise PermissionDenied("Only the partnership's administrators and editors may do this.")


def _check(body: str, partnership: Partnership) -> None:
    errors = check_embeds(body, partnership)
    if errors:
        raise ValidationError({"body": errors})


def _free_slug(partnership: Partnership, title: str) -> str:
    base = slugify(title)[:90] or "page"
    if base in RESERVED:
        base = f"{base}-page"
    taken = set(
        NeedsPage.objects.filter(partnership=partnership, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_needs_page(actor: User, partnership: Partnership, text: PageText) -> NeedsPage:
    """A new draft page of the partnership's needs assessment."""
    _require(actor, partnership.pk)
    _check(text.body, partnership)
    with transaction.atomic():
        page = NeedsPage(
            partnership=partnership,
            slug=_free_slug(partnership, text.title),
            title=text.title,
            theme=text.theme,
            summary=text.summary,
            body=text.body,
            updated_by=actor,
        )
        return save_with_history(page, actor, "Created", validate=True)


def update_needs_page(actor: User, page: NeedsPage, text: PageText) -> NeedsPage:
    """Save a new version of the page's text (a published page changes as it is shown)."""
    _require(actor, page.partnership_id)
    _check(text.body, page.partnership)
    page.title, page.theme, page.summary, page.body = (
        text.title,
        text.theme,
        text.summary,
        text.body,
    )
    page.updated_by = actor
    return save_with_history(page, actor, "Edited", validate=True)


def publish_needs_page(actor: User, page: NeedsPage) -> NeedsPage:
    """Publish the page: everyone may see it from now."""
    _require(actor, page.partnership_id)
    _check(page.body, page.partnership)
    page.status = NeedsStatus.PUBLISHED
    page.published_at = timezone.now()
    page.updated_by = actor
    return save_with_history(page, actor, "Published")


def unpublish_needs_page(actor: User, page: NeedsPage) -> NeedsPage:
    """Take the page back to draft (to write a new version): only editors see it."""
    _require(actor, page.partnership_id)
    page.status = NeedsStatus.DRAFT
    page.updated_by = actor
    return save_with_history(page, actor, "Taken back to draft")
