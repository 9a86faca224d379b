"""The recommendations tracker: reviews, their sections and numbered recommendations,
the response to each, and the progress updates and comments that follow.

A recommendation's current `status`, `last_update_on` and `next_update_due` are kept
in step with its latest progress update by `services.py` (never set elsewhere), so
the tracker can filter and sort thousands of rows without looking at every update.

A response "agreed by the responsible body at a meeting" records the body, the
date and the resolution's text or reference (`agreed_by`, `agreed_on`,
`agreed_resolution`) and, when the meeting's minutes are in Roundtable, the
resolution itself (`agreed_at`). Projects do not exist yet either, so a
recommendation links to priorities, indicators and bodies only.

Who sees what is decided here, by the `visible_to(user)` queryset methods and the
`is_visible_to(user)` / `response_visible_to(user)` object checks that pages, the
API, the one-year-on report (HTML, PDF, XLSX), exports, filters, counts and sort
orders read through. In words:

- a **review** and its recommendations are seen by everyone once published, and
  by the partnership's own signed-in people always;
- a **response** (its category, outline, agreement) and everything that follows
  from it (the progress updates and their evidence, and so the status, RAG, latest
  update, next update due and overdue flag) are seen by everyone once the response
  is published, and by the partnership's own signed-in people always. For anyone
  else a recommendation with an unpublished response is, in every output, filter
  and sort order, one with no response yet and no progress updates: the
  `RecommendationQuerySet` annotates the `shown_*` values to read, filter and sort by;
- **comments** and internal notes are for the partnership's own signed-in people.

Superusers see everything.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, DateField, F, Q, Value, When
from simple_history.models import HistoricalRecords

from roundtable.core.models import StoredFile
from roundtable.core.visibility import visible_through_queryset
from roundtable.core.words import shortened
from roundtable.partnership.access import (
    internal_to,
    own_partnership,
    sees_everything,
    sees_internal_figures,
)
from roundtable.partnership.addresses import partnership_reverse
from roundtable.recommendations.choices import (
    RAG_COLOURS,
    RESPONSE_COLOURS,
    STATUS_COLOURS,
    AuthorKind,
    Rag,
    Response,
    ResponseState,
    Status,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible_to(self, user: User | AnonymousUser) -> ReviewQuerySet:
        """Published reviews; unpublished ones for their partnership's own people."""
        if sees_everything(user):
            return self
        own = own_partnership(user)
        published = Q(is_published=True)
        return self.filter(published | own if own else published)


class Review(models.Model):
    """A review, commission, scrutiny inquiry or audit that makes recommendations."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="reviews"
    )
    title = models.CharField(max_length=300)
    commissioned_by = models.CharField(
        max_length=200, blank=True, help_text="For example, Westminster City Council"
    )
    author = models.CharField(
        max_length=200, blank=True, help_text="For example, Future of Westminster Commission"
    )
    author_kind = models.CharField(
        max_length=20, choices=AuthorKind.choices, default=AuthorKind.OTHER
    )
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField("link", blank=True)
    document = models.CharField(max_length=300, blank=True, help_text="The source document.")
    summary = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_reviews",
        help_text="The overarching review this one is part of.",
    )
    themes = models.ManyToManyField("strategy.Theme", blank=True, related_name="reviews")
    is_published = models.BooleanField(
        default=False, help_text="Published reviews appear on the public tracker."
    )
    update_every_months = models.PositiveSmallIntegerField(
        default=3, help_text="Progress updates older than this are flagged as overdue."
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="review_title_unique_in_partnership",
                violation_error_message="This partnership already has a review with this title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "recommendations:review-detail", args=[self.pk]
        )

    owning_organisation_id = None
    visible_within_partnership = True

    @property
    def is_public(self) -> bool:
        return self.is_published

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """The object check matching `Review.objects.visible_to(user)`."""
        return self.is_published or sees_internal_figures(user, self.partnership_id)


class SectionQuerySet(models.QuerySet["Section"]):
    def visible_to(self, user: User | AnonymousUser) -> SectionQuerySet:
        """A review's sections are seen where the review is."""
        return self.filter(review__in=Review.objects.visible_to(user))


class Section(models.Model):
    """A heading grouping a review's recommendations ("Supporting Communities")."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    objects = SectionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["review", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "title"], name="section_title_unique_in_review"
            )
        ]

    def __str__(self) -> str:
        return self.title


# What a recommendation shows once its response is hidden: no response yet, no
# progress updates (so not started, not rated, never updated, none due).
HIDDEN = {
    "response": Value(Response.NONE),
    "response_as_written": Value(""),
    "status": Value(Status.NOT_STARTED),
    "rag": Value(Rag.NONE),
    "last_update_on": Value(None, output_field=DateField()),
    "next_update_due": Value(None, output_field=DateField()),
}


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def _shown(self, response_shown: Q | None) -> RecommendationQuerySet:
        """Annotate `response_shown` and the `shown_*` values every output reads,
        filters and sorts by: the real ones where `response_shown` holds (None: for
        every row), those of a recommendation with no response elsewhere."""
        if response_shown is None:
            return self.annotate(
                response_shown=Value(True, output_field=BooleanField()),
                **{f"shown_{name}": F(name) for name in HIDDEN},
            )
        return self.annotate(
            response_shown=Case(
                When(response_shown, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            **{
                f"shown_{name}": Case(When(response_shown, then=F(name)), default=blank)
                for name, blank in HIDDEN.items()
            },
        )

    def public(self) -> RecommendationQuerySet:
        """As the public sees them: of published reviews, published responses only."""
        published = Q(response_state=ResponseState.PUBLISHED)
        return self.filter(review__is_published=True)._shown(published)

    def everything(self) -> RecommendationQuerySet:
        """Every recommendation, every response (for the partnership's own exports)."""
        return self._shown(None)

    def visible_to(
        self, user: User | AnonymousUser, partnership_id: int | None = None
    ) -> RecommendationQuerySet:
        """What `user` may see (of one partnership's tracker, with `partnership_id`):
        everything for the partnership's own signed-in people; for everyone else the
        recommendations of published reviews, showing a response, and what follows
        from it, only once it is published (see the module's docstring)."""
        rows = self if partnership_id is None else self.filter(partnership_id=partnership_id)
        if sees_everything(user):
            return rows.everything()
        own = own_partnership(user)
        if own is None:
            return rows.public()
        published = Q(response_state=ResponseState.PUBLISHED)
        return rows.filter(Q(review__is_published=True) | own)._shown(published | own)

    def for_links(self) -> RecommendationQuerySet:
        """As other apps load them to show a link: with the review `is_public` reads."""
        return self.select_related("review")


class Recommendation(models.Model):
    """One numbered recommendation of a review, the response to it and its progress."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    number = models.CharField(max_length=20, help_text='As written: "1", "3.2", "E4"')
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.NONE)
    response_as_written = models.CharField(
        max_length=300,
        blank=True,
        help_text="The response as the source paper puts it, when it says more than the "
        "category (e.g. 'Work in progress Agree'); shown beside the category.",
    )
    outline_response = models.TextField(blank=True)
    response_state = models.CharField(
        max_length=10, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    agreed_by = models.ForeignKey(
        "partnership.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreed_recommendation_responses",
        help_text="The body that agreed the response.",
    )
    agreed_on = models.DateField(null=True, blank=True)
    agreed_resolution = models.TextField(
        blank=True,
        help_text="The resolution's reference or text, e.g. 'Cabinet 17 July 2023, 5(ii)'",
    )
    agreed_at = models.ForeignKey(
        "meetings.Resolution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreed_recommendations",
        help_text="The resolution that agreed the response, when its minutes are in Roundtable.",
    )
    published_on = models.DateField(null=True, blank=True)
    internal_note = models.TextField(blank=True, help_text="Never shown on public pages.")
    lead_organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_recommendations",
    )
    lead_units = models.ManyToManyField(
        "partnership.Unit", blank=True, related_name="led_recommendations"
    )
    supporting_units = models.ManyToManyField(
        "partnership.Unit", blank=True, related_name="supported_recommendations"
    )
    supporting_organisations = models.ManyToManyField(
        "partnership.Organisation", blank=True, related_name="supported_recommendations"
    )
    supported_by_all_units = models.BooleanField(
        default=False, help_text='"All directorates" of the lead organisation support it.'
    )
    target_date = models.DateField(null=True, blank=True)
    priorities = models.ManyToManyField(
        "strategy.Priority", blank=True, related_name="recommendations"
    )
    indicators = models.ManyToManyField(
        "performance.Indicator", blank=True, related_name="recommendations"
    )
    bodies = models.ManyToManyField("partnership.Body", blank=True, related_name="recommendations")
    # Kept in step with the latest progress update by services.py.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField(max_length=5, choices=Rag.choices, default=Rag.NONE, blank=True)
    last_update_on = models.DateField(null=True, blank=True)
    next_update_due = models.DateField(null=True, blank=True)
    # Links (units, organisations, priorities…) are replaced in bulk by imports, so
    # their history is the import's entry on the recommendation, not per link.
    history = HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="recommendation_number_unique_in_review",
                violation_error_message="This review already has a recommendation numbered so.",
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "status"], name="rec_partnership_status"),
            models.Index(fields=["partnership", "next_update_due"], name="rec_partnership_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {shortened(self.text, 80)}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "recommendations:recommendation-detail", args=[self.pk]
        )

    @property
    def owning_organisation_id(self) -> int | None:
        return self.lead_organisation_id

    # Recommendations of unpublished reviews are for the partnership's own people
    # (partnership.access.role_policy); everyone sees those of published reviews.
    visible_within_partnership = True

    @property
    def is_public(self) -> bool:
        """Needs the review loaded (select_related, or `for_links()`)."""
        return self.review.is_published

    @property
    def response_is_public(self) -> bool:
        return self.response_state == ResponseState.PUBLISHED

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """The object check matching `visible_to(user)`; needs the review loaded."""
        return self.review.is_published or sees_internal_figures(user, self.partnership_id)

    def response_visible_to(self, user: User | AnonymousUser) -> bool:
        """Whether `user` sees the response and what follows from it (progress
        updates, evidence, status, RAG and dates): the object check matching the
        `response_shown` annotation of `visible_to(user)`."""
        return self.response_is_public or sees_internal_figures(user, self.partnership_id)

    # The values as the viewer may see them: these read the annotations of
    # `Recommendation.objects.visible_to(user)` (or `public()`, `everything()`).
    @property
    def shown_response_label(self) -> str:
        return Response(self.shown_response).label

    @property
    def shown_status_label(self) -> str:
        return Status(self.shown_status).label

    @property
    def shown_status_colour(self) -> str:
        return STATUS_COLOURS.get(self.shown_status, "grey")

    @property
    def shown_rag_label(self) -> str:
        return Rag(self.shown_rag).label if self.shown_rag else ""

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def response_colour(self) -> str:
        return RESPONSE_COLOURS.get(self.response, "grey")


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def visible_to(self, user: User | AnonymousUser) -> ProgressUpdateQuerySet:
        """Updates are public once the response is published (on a published review);
        the partnership's signed-in people see them always (`permissions.sees_updates`)."""
        published = Q(
            recommendation__response_state=ResponseState.PUBLISHED,
            recommendation__review__is_published=True,
        )
        return self.filter(published | internal_to(user))


class ProgressUpdate(models.Model):
    """A dated update on a recommendation from its lead: status, RAG, narrative, evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField(max_length=5, choices=Rag.choices, default=Rag.NONE, blank=True)
    narrative = models.TextField()
    evidence = models.TextField(
        blank=True, help_text="Links to evidence, one a line (reports, minutes, web pages)."
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Made up for the demo; not from the source documents."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"

    @property
    def evidence_links(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def rag_colour(self) -> str:
        return RAG_COLOURS.get(self.rag, "grey")


def evidence_upload_to(attachment: EvidenceFile, filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in `filename` only."""
    return f"recommendations/evidence/{attachment.partnership_id}/{uuid.uuid4().hex}"


class EvidenceFileQuerySet(models.QuerySet["EvidenceFile"]):
    def visible_to(self, user: User | AnonymousUser) -> EvidenceFileQuerySet:
        """An update's evidence files are seen where the update is."""
        return self.filter(update__in=ProgressUpdate.objects.visible_to(user))


class EvidenceFile(StoredFile):
    """A file attached to a progress update as evidence (PDF, DOCX, XLSX, PNG, JPEG).

    Served by `views.evidence_download` to whoever may see the update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="files")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=300)

    objects = EvidenceFileQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["update", "pk"]

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "recommendations:evidence-download", args=[self.pk]
        )


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible_to(self, user: User | AnonymousUser) -> CommentQuerySet:
        """Comments are internal: for the partnership's signed-in people only."""
        return self.filter(internal_to(user))


class Comment(models.Model):
    """A remark on a recommendation by someone other than its lead; never public."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return shortened(self.text, 60)
