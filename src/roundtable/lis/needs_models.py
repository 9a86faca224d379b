"""Needs assessment pages: the partnership's Strategic (or Joint Strategic) Needs
Assessment published as themed pages on its LIS, instead of a document.

Who sees them, in words:

- a **published** page is seen by everyone;
- a **draft** (a new page, or a published one taken back to draft) is seen only
  by the partnership's people who may edit needs pages: its administrators and
  organisation editors (and superusers);
- a published page being rewritten keeps its **draft of the next edition** in the
  `draft_*` fields (`draft_saved_at` set): the public goes on reading the published
  `title`, `theme`, `summary` and `body` until an editor publishes the draft, which
  makes it a new edition (the one before stays in "Earlier editions"). Only the
  editors see the draft (`working_text` is what they write);
- a page's **history** (every version kept by django-simple-history, drafts
  included) is for those same editors.

Who may change a page is the same rule (`may_edit_needs`), enforced in
`needs_services`. The figures a page embeds are read at view time from public
observations only (`needs_queries`), whoever is looking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from roundtable.accounts.choices import Role
from roundtable.core.visibility import visible_through_queryset
from roundtable.partnership.access import sees_everything
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

EDITING_ROLES = (Role.ADMINISTRATOR, Role.EDITOR)


def may_edit_needs(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators and organisation editors of the partnership (and superusers)
    write its needs assessment, and see its drafts and history."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        partnership_id is not None
        and user.partnership_id == partnership_id
        and user.role in EDITING_ROLES
    )


def editable_by(user: User | AnonymousUser) -> Q:
    """`may_edit_needs` as a filter on the page's partnership (never `Q()`)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q(pk__isnull=False)
    if user.partnership_id is None or user.role not in EDITING_ROLES:
        return Q(pk__in=[])
    return Q(partnership_id=user.partnership_id)


@dataclass(frozen=True)
class PageText:
    """What an editor writes: a page's words, without its figures."""

    title: str
    theme: str
    summary: str
    body: str


TEXT_FIELDS = ("title", "theme", "summary", "body")


def working_text(page: Any) -> PageText:
    """The text an editor works on: the draft of the next edition when there is one,
    else the page's own text. `page` is a page or one of its history versions."""
    if page.draft_saved_at is not None:
        return PageText(page.draft_title, page.draft_theme, page.draft_summary, page.draft_body)
    return published_text(page)


def published_text(page: Any) -> PageText:
    """The page's own text: what the public reads when it is published."""
    return PageText(page.title, page.theme, page.summary, page.body)


class NeedsStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class NeedsPageQuerySet(models.QuerySet["NeedsPage"]):
    def published(self) -> NeedsPageQuerySet:
        return self.filter(status=NeedsStatus.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> NeedsPageQuerySet:
        """Published pages for everyone; drafts for the partnership's editors."""
        if sees_everything(user):
            return self
        return self.filter(Q(status=NeedsStatus.PUBLISHED) | editable_by(user))


class NeedsPage(models.Model):
    """A themed page of the needs assessment: Markdown with live embedded figures."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="needs_pages"
    )
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=100, help_text="For example, Health or Safety")
    summary = models.TextField(blank=True, help_text="One or two sentences for the index")
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NeedsStatus.choices, default=NeedsStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # The draft of the next edition of a published page (editors only): set together,
    # `draft_saved_at` None when there is none.
    draft_title = models.CharField(max_length=200, blank=True)
    draft_theme = models.CharField(max_length=100, blank=True)
    draft_summary = models.TextField(blank=True)
    draft_body = models.TextField(blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = NeedsPageQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["theme", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="one_needs_page_per_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(self.partnership_id, "lis:needs-page", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == NeedsStatus.PUBLISHED

    @property
    def has_draft(self) -> bool:
        """Whether a published page has a draft of its next edition."""
        return self.draft_saved_at is not None

    @property
    def owning_organisation_id(self) -> None:
        return None
