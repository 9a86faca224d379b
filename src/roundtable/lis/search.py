"""The LIS's part of the site search (`core.search`): datasets of the catalogue and
needs assessment pages, through their `visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q

from roundtable.core.search import Hit, Section, register
from roundtable.lis.models import Dataset
from roundtable.lis.needs_models import NeedsPage, NeedsStatus, editable_by
from roundtable.partnership.addresses import partnership_reverse
from roundtable.partnership.queries import in_partnership, search_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

#: A needs page's own text: what the public reads of a published page (and what
#: its editors write on a page not published yet).
NEEDS_TEXT = ["title", "theme", "summary", "body"]
#: A published page's draft of its next edition: its editors' words only.
NEEDS_DRAFT_TEXT = ["draft_title", "draft_theme", "draft_summary", "draft_body"]


def find_datasets(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Dataset.objects.visible_to(user)
        .filter(
            in_partnership(partnership_id), search_filter(query, ["title", "description", "source"])
        )
        .select_related("partnership")
        .order_by("title", "pk")[:limit]
    )
    return [Hit(d.title, d.get_absolute_url(), f"Dataset, {d.partnership.name}") for d in found]


def find_needs_pages(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    """The needs pages `user` may see whose text they may see has every word: a
    page's own text (a published page's, and a draft page's for its editors), and,
    for those who may edit it only (`needs_models.editable_by`), a published page's
    draft of its next edition, found at that draft's address. Nobody else matches a
    draft's words (`needs_models`: only its editors see it)."""
    in_text = search_filter(query, NEEDS_TEXT)
    in_draft = (
        editable_by(user) & Q(draft_saved_at__isnull=False) & search_filter(query, NEEDS_DRAFT_TEXT)
    )
    found = (
        NeedsPage.objects.visible_to(user)
        .filter(in_partnership(partnership_id), in_text | in_draft)
        .annotate(by_text=ExpressionWrapper(in_text, output_field=BooleanField()))
        .select_related("partnership")
        .order_by("theme", "title", "pk")[:limit]
    )
    return [_needs_hit(page) for page in found]


def _needs_hit(page: NeedsPage) -> Hit:
    where = page.partnership.name
    if not page.by_text:  # found by its draft of the next edition: an editor's hit
        return Hit(
            page.draft_title or page.title,
            partnership_reverse(page.partnership_id, "lis:needs-draft", args=[page.slug]),
            f"Needs assessment, draft of the next edition: {page.draft_theme}, {where}",
        )
    if page.status == NeedsStatus.DRAFT:
        return Hit(
            page.title, page.get_absolute_url(), f"Needs assessment, draft: {page.theme}, {where}"
        )
    return Hit(page.title, page.get_absolute_url(), f"Needs assessment: {page.theme}, {where}")


def register_sections() -> None:
    register(Section("datasets", "Data", 60, find_datasets))
    register(Section("needs", "Needs assessment", 61, find_needs_pages))
