"""Every write to the recommendations tracker goes through a function here.

Each takes the acting user, writes inside `transaction.atomic()` with history
(`save_with_history`) and returns the changed record. Views, the API, commands,
imports and the demo loader all call these.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from roundtable.core import uploads
from roundtable.core.files import CheckedUpload, read_checked_upload
from roundtable.core.records import save_with_history
from roundtable.recommendations import rules
from roundtable.recommendations.choices import Rag, ResponseState, Status
from roundtable.recommendations.models import (
    Comment,
    EvidenceFile,
    ProgressUpdate,
    Recommendation,
    Review,
    Section,
)
from roundtable.recommendations.permissions import may_comment, may_write_progress

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile

    from roundtable.accounts.models import User
    from roundtable.meetings.models import Resolution
    from roundtable.partnership.models import Body
    from roundtable.performance.models import Indicator
    from roundtable.strategy.models import Priority


def _since(recommendation: Recommendation, review: Review) -> datetime.date | None:
    """When the clock for progress updates starts: agreement, publication of the
    response, or of the review."""
    return recommendation.agreed_on or recommendation.published_on or review.published_on


def due_date_for(recommendation: Recommendation, review: Review) -> datetime.date | None:
    return rules.next_update_due(
        response=recommendation.response,
        status=recommendation.status,
        last_update=recommendation.last_update_on,
        since=_since(recommendation, review),
        every_months=review.update_every_months,
    )


def add_progress_update(
    actor: User | None,
    recommendation: Recommendation,
    *,
    date: datetime.date,
    status: str,
    narrative: str,
    rag: str = Rag.NONE,
    evidence: str = "",
    is_illustrative: bool = False,
    attachment: UploadedFile | None = None,
    check: bool = True,
) -> ProgressUpdate:
    """Record a progress update and bring the recommendation's status up to date.

    With `check` (the default) the actor must be the lead (see
    `recommendations.permissions.may_write_progress`); the demo loader passes check=False.
    An `attachment` (evidence file) is checked first (`core.uploads`): a bad file
    is a ValidationError on `attachment` and nothing is saved.
    """
    if check and (actor is None or not may_write_progress(actor, recommendation)):
        raise PermissionDenied("Only the lead organisation's editors write progress updates")
    problem = rules.status_problem(recommendation.response, status)
    if problem:
        raise ValidationError({"status": problem})
    try:
        links = rules.evidence_links(evidence.splitlines())
    except ValueError as error:
        raise ValidationError({"evidence": str(error)}) from None
    evidence_file = _evidence_file(actor, recommendation, attachment) if attachment else None
    with transaction.atomic():
        update = save_with_history(
            ProgressUpdate(
                recommendation=recommendation,
                partnership_id=recommendation.partnership_id,
                date=date,
                status=status,
                rag=rag,
                narrative=narrative.strip(),
                evidence="\n".join(links),
                is_illustrative=is_illustrative,
                author=actor,
            ),
            actor,
        )
        if evidence_file is not None:
            attached, checked = evidence_file
            attached.update = update
            attached.file.save(attached.filename, checked.as_file(), save=False)
            attached.save()
        latest = recommendation.updates.order_by("-date", "-created_at", "-pk").first()
        if latest is not None:
            recommendation.status = latest.status
            recommendation.rag = latest.rag
            recommendation.last_update_on = latest.date
        recommendation.next_update_due = due_date_for(recommendation, recommendation.review)
        save_with_history(recommendation, actor, "Progress update")
    return update


def check_evidence(filename: str, size: int, content: bytes, limit: int) -> list[str]:
    """Problems with an evidence file: a document or an image (`core.uploads`)."""
    return uploads.check_upload(
        filename,
        size,
        content,
        limit,
        allowed=uploads.DOCUMENTS_AND_IMAGES,
        noun="The evidence file",
    )


def _evidence_file(
    actor: User | None, recommendation: Recommendation, upload: UploadedFile
) -> tuple[EvidenceFile, CheckedUpload]:
    """A checked, unsaved evidence file for `upload` and its contents; refused with
    the reasons."""
    checked = read_checked_upload(upload, check=check_evidence, field="attachment")
    pending = EvidenceFile(
        partnership_id=recommendation.partnership_id,
        **checked.stored,
        uploaded_by=actor,
    )
    return pending, checked


def add_comment(actor: User, recommendation: Recommendation, text: str) -> Comment:
    """A comment from anyone signed in to the partnership."""
    if not may_comment(actor, recommendation):
        raise PermissionDenied("Sign in to this partnership to comment")
    with transaction.atomic():
        comment = Comment(
            recommendation=recommendation,
            partnership_id=recommendation.partnership_id,
            author=actor,
            text=text.strip(),
        )
        comment.save()
    return comment


def set_response(
    actor: User | None,
    recommendation: Recommendation,
    *,
    response: str,
    outline_response: str,
    internal_note: str = "",
    target_date: datetime.date | None = None,
) -> Recommendation:
    """Change the (draft) response; the due date follows the new category, and the
    status stays consistent with it (`rules.consistent_status`; a contradiction the
    response cannot resolve, such as Reject for work under way, is refused)."""
    problem = rules.status_problem(
        response, rules.consistent_status(response, recommendation.status)
    )
    if problem:
        raise ValidationError({"response": problem})
    with transaction.atomic():
        recommendation.status = rules.consistent_status(response, recommendation.status)
        recommendation.response = response
        recommendation.outline_response = outline_response.strip()
        recommendation.internal_note = internal_note.strip()
        recommendation.target_date = target_date
        recommendation.next_update_due = due_date_for(recommendation, recommendation.review)
        save_with_history(recommendation, actor, "Response changed")
    return recommendation


def agree_response(
    actor: User | None,
    recommendation: Recommendation,
    *,
    body: Body | None,
    date: datetime.date,
    resolution: str,
    agreed_at: Resolution | None = None,
) -> Recommendation:
    """Record that the responsible body agreed the response at a meeting (body, date
    and the resolution's reference or text; and the resolution itself when the
    meeting's minutes are in Roundtable)."""
    if agreed_at is not None and agreed_at.partnership_id != recommendation.partnership_id:
        raise ValidationError({"agreed_at": "The resolution belongs to another partnership"})
    with transaction.atomic():
        recommendation.response_state = ResponseState.AGREED
        recommendation.agreed_by = body
        recommendation.agreed_on = date
        recommendation.agreed_resolution = resolution.strip()
        recommendation.agreed_at = agreed_at
        recommendation.next_update_due = due_date_for(recommendation, recommendation.review)
        save_with_history(recommendation, actor, "Response agreed")
    return recommendation


def publish_response(
    actor: User | None, recommendation: Recommendation, *, date: datetime.date | None
) -> Recommendation:
    """Publish the response: from now on the public tracker shows it."""
    with transaction.atomic():
        recommendation.response_state = ResponseState.PUBLISHED
        recommendation.published_on = date
        recommendation.next_update_due = due_date_for(recommendation, recommendation.review)
        save_with_history(recommendation, actor, "Response published")
    return recommendation


def set_links(
    actor: User | None,
    recommendation: Recommendation,
    *,
    priorities: Iterable[Priority],
    indicators: Iterable[Indicator],
    bodies: Iterable[Body],
) -> Recommendation:
    """Replace the priorities, indicators and bodies a recommendation concerns; all
    must belong to its partnership."""
    priorities, indicators, bodies = list(priorities), list(indicators), list(bodies)
    chosen = {"priorities": priorities, "indicators": indicators, "bodies": bodies}
    for name, targets in chosen.items():
        if any(t.partnership_id != recommendation.partnership_id for t in targets):
            raise ValidationError({name: f"The {name} must belong to this partnership"})
    with transaction.atomic():
        recommendation.priorities.set(priorities)
        recommendation.indicators.set(indicators)
        recommendation.bodies.set(bodies)
        save_with_history(recommendation, actor, "Links changed")
    return recommendation


def publish_review(actor: User | None, review: Review, *, published: bool = True) -> Review:
    """Show (or hide) a review on the public tracker."""
    with transaction.atomic():
        review.is_published = published
        save_with_history(review, actor, "Published" if published else "Unpublished")
    return review


REVIEW_FIELDS = (
    "title",
    "commissioned_by",
    "author",
    "author_kind",
    "published_on",
    "url",
    "document",
    "summary",
    "parent",
    "is_published",
    "update_every_months",
)


def save_review(actor: User | None, review: Review, data: dict[str, Any]) -> Review:
    """Create or change a review from the review form's data (its fields, `themes`).

    The parent and themes must be the partnership's own, a review cannot sit inside
    itself, and changing how often updates are expected moves every due date."""
    parent = data.get("parent")
    if parent is not None:
        if parent.partnership_id != review.partnership_id:
            raise ValidationError({"parent": "Choose a review of this partnership"})
        parents = dict(
            Review.objects.filter(partnership_id=review.partnership_id).values_list(
                "pk", "parent_id"
            )
        )
        if rules.parent_makes_a_loop(review.pk, parent.pk, parents):
            raise ValidationError(
                {"parent": "A review cannot be part of itself or of its own parts"}
            )
    themes = list(data.get("themes") or [])
    if any(theme.partnership_id != review.partnership_id for theme in themes):
        raise ValidationError({"themes": "Choose themes of this partnership"})
    interval_before = review.update_every_months if review.pk else None
    with transaction.atomic():
        for name in REVIEW_FIELDS:
            if name in data:
                value = data[name]
                setattr(review, name, value.strip() if isinstance(value, str) else value)
        created = review.pk is None
        save_with_history(review, actor, "Created" if created else "Changed", validate=True)
        review.themes.set(themes)
        if not created and interval_before != review.update_every_months:
            refresh_due_dates(review)
    return review


def save_section(actor: User | None, section: Section, *, title: str, order: int) -> Section:
    """Create or rename (and reorder) a section of a review."""
    section.title = title.strip()
    section.order = order
    with transaction.atomic():
        section.full_clean()
        section.save()
    return section


def refresh_due_dates(review: Review) -> int:
    """Work out every recommendation's next update due date again (after an import or
    a change to the review's interval); returns how many changed."""
    changed = []
    for recommendation in review.recommendations.all():
        due = due_date_for(recommendation, review)
        if due != recommendation.next_update_due:
            recommendation.next_update_due = due
            changed.append(recommendation)
    Recommendation.objects.bulk_update(changed, ["next_update_due"], batch_size=500)
    return len(changed)


CLOSED = {Status.COMPLETE, Status.SUPERSEDED}


def save_response(actor: User | None, recommendation: Recommendation, data: dict) -> Recommendation:
    """Save the response form: the response itself, then the stage it has reached
    (agreed by a body at a meeting, or published)."""
    with transaction.atomic():
        set_response(
            actor,
            recommendation,
            response=data["response"],
            outline_response=data.get("outline_response", ""),
            internal_note=data.get("internal_note", ""),
            target_date=data.get("target_date"),
        )
        state = data["response_state"]
        if data.get("agreed_on") and (
            data.get("agreed_on") != recommendation.agreed_on
            or data.get("agreed_by") != recommendation.agreed_by
            or data.get("agreed_resolution", "") != recommendation.agreed_resolution
            or data.get("agreed_at") != recommendation.agreed_at
        ):
            agree_response(
                actor,
                recommendation,
                body=data.get("agreed_by"),
                date=data["agreed_on"],
                resolution=data.get("agreed_resolution", ""),
                agreed_at=data.get("agreed_at"),
            )
        if state == ResponseState.PUBLISHED and recommendation.response_state != state:
            from django.utils import timezone

            publish_response(actor, recommendation, date=timezone.localdate())
        elif state != recommendation.response_state:
            recommendation.response_state = state
            save_with_history(recommendation, actor, f"Response stage: {state}")
    return recommendation
