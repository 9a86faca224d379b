"""Writes for needs assessment pages: create, edit, publish, take back to draft.

Only the partnership's administrators and organisation editors (and superusers)
may write (`needs_models.may_edit_needs`); each write is one history entry naming
them and what they changed, so every version of a page is kept. A page whose
embeds name something that is not there is refused, with every such line named.

Editing a published page never changes what the public reads: the text is saved
as the draft of the next edition (`draft_*`), and the public keeps reading the
published edition until an editor publishes the draft. Publishing makes the draft
the page's text and starts a new edition (a new `published_at`); the edition before
stays readable among the earlier editions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from roundtable.core.records import save_with_history
from roundtable.core.words import listed
from roundtable.lis.needs_models import (
    TEXT_FIELDS,
    NeedsPage,
    NeedsStatus,
    PageText,
    may_edit_needs,
    published_text,
    working_text,
)
from roundtable.lis.needs_queries import check_embeds

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

# Addresses under needs/ that a page's slug must not take.
RESERVED = {"add", "preview"}


__all__ = [
    "RESERVED",
    "PageText",
    "create_needs_page",
    "discard_needs_draft",
    "publish_needs_page",
    "unpublish_needs_page",
    "update_needs_page",
]

# How a change reason names each field.
FIELD_WORDS = {"title": "title", "theme": "theme", "summary": "summary", "body": "text"}


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


def changed(old: PageText, new: PageText) -> str:
    """Which of the page's fields differ, in words: "the title and the text"."""
    names = [FIELD_WORDS[f] for f in TEXT_FIELDS if getattr(old, f) != getattr(new, f)]
    if not names:
        return "nothing"
    return "the " + listed(names)


def _set_text(page: NeedsPage, text: PageText) -> None:
    page.title, page.theme, page.summary, page.body = (
        text.title,
        text.theme,
        text.summary,
        text.body,
    )


def _clear_draft(page: NeedsPage) -> None:
    page.draft_title = page.draft_theme = page.draft_summary = page.draft_body = ""
    page.draft_saved_at = None


def update_needs_page(actor: User, page: NeedsPage, text: PageText) -> NeedsPage:
    """Save what the editor wrote. A draft page changes as it is (only editors see
    it). A published page keeps its text: `text` becomes the draft of its next
    edition, which the public does not see until it is published (and a draft the
    same as the published text is no draft)."""
    _require(actor, page.partnership_id)
    _check(text.body, page.partnership)
    what = changed(working_text(page), text)
    page.updated_by = actor
    if page.status != NeedsStatus.PUBLISHED:
        _set_text(page, text)
        return save_with_history(page, actor, f"Edited: changed {what}", validate=True)
    if text == published_text(page):
        _clear_draft(page)
        reason = f"Draft put back to the published text: changed {what}"
    else:
        page.draft_title, page.draft_theme, page.draft_summary, page.draft_body = (
            text.title,
            text.theme,
            text.summary,
            text.body,
        )
        page.draft_saved_at = timezone.now()
        reason = f"Draft of the next edition saved: changed {what}"
    return save_with_history(page, actor, reason, validate=True)


def publish_needs_page(actor: User, page: NeedsPage) -> NeedsPage:
    """Publish the page, or a published page's draft as its next edition: everyone
    reads it from now. A published page with no draft is left as it is."""
    _require(actor, page.partnership_id)
    if page.status == NeedsStatus.PUBLISHED and not page.has_draft:
        return page
    text = working_text(page)
    _check(text.body, page.partnership)
    again = page.status == NeedsStatus.PUBLISHED
    what = changed(published_text(page), text)
    _set_text(page, text)
    _clear_draft(page)
    page.status = NeedsStatus.PUBLISHED
    page.published_at = timezone.now()
    page.updated_by = actor
    reason = f"Published a new edition: changed {what}" if again else "Published"
    return save_with_history(page, actor, reason)


def discard_needs_draft(actor: User, page: NeedsPage) -> NeedsPage:
    """Drop a published page's draft of its next edition (its text stays in the
    page's history); the page reads as published. Nothing to do without a draft."""
    _require(actor, page.partnership_id)
    if not page.has_draft:
        return page
    _clear_draft(page)
    page.updated_by = actor
    return save_with_history(page, actor, "Draft of the next edition discarded")


def unpublish_needs_page(actor: User, page: NeedsPage) -> NeedsPage:
    """Take the page back to draft: only editors see it. A draft of its next
    edition becomes the page's text (nothing written is lost)."""
    _require(actor, page.partnership_id)
    text = working_text(page)
    _set_text(page, text)
    _clear_draft(page)
    page.status = NeedsStatus.DRAFT
    page.updated_by = actor
    return save_with_history(page, actor, "Taken back to draft")
