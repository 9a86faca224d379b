"""Access helpers and rules for the recommendations tracker.

The role rules are in `roundtable.partnership.access`; who sees internal
recommendations, writes progress and comments is decided here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import refuse
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.recommendations.models import EvidenceFile, Recommendation, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

VIEW, PROGRESS, COMMENT, MANAGE = "view", "progress", "comment", "manage"


def sees_internal_recommendations(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Signed-in people of a partnership see its unpublished reviews, draft and agreed
    (not yet published) responses, internal notes and comments; everyone else sees
    published reviews and published responses only."""
    return sees_internal_figures(user, partnership_id)


def may_manage_recommendations(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators import reviews, set and publish responses and record agreement."""
    return is_administrator(user, partnership_id)


def require_manage_recommendations(user: User | AnonymousUser, partnership_id: int | None) -> None:
    if not may_manage_recommendations(user, partnership_id):
        raise refuse(user)


def may_write_progress(user: User | AnonymousUser, recommendation: Recommendation) -> bool:
    """The lead writes progress updates: an editor of the recommendation's lead
    organisation (same partnership), or the partnership's administrators."""
    if may_manage_recommendations(user, recommendation.partnership_id):
        return True
    if not user.is_authenticated or not user.is_active or user.role != Role.EDITOR:
        return False
    lead = recommendation.lead_organisation_id
    return (
        lead is not None
        and user.partnership_id == recommendation.partnership_id
        and user.organisation_id == lead
    )


def may_comment(user: User | AnonymousUser, recommendation: Recommendation) -> bool:
    """Anyone signed in to the recommendation's partnership may comment on it."""
    return sees_internal_recommendations(user, recommendation.partnership_id)


def get_review_for_user(user: User | AnonymousUser, pk: int, *, action: str = VIEW) -> Review:
    """The review, if the user may see it: unpublished reviews are for the partnership's
    own signed-in people (others get a 404, not a hint); managing needs an administrator."""
    review = get_object_or_404(Review.objects.select_related("partnership", "parent"), pk=pk)
    if not review.is_visible_to(user):
        raise Http404("No review found")
    if action == MANAGE and not may_manage_recommendations(user, review.partnership_id):
        raise refuse(user)
    return review


def get_recommendation_for_user(
    user: User | AnonymousUser, pk: int, *, action: str = VIEW
) -> Recommendation:
    """The recommendation, if the user may see it and do `action`: `progress` needs the
    lead organisation's editor (or an administrator), `comment` anyone signed in to
    the partnership, `manage` an administrator. Fetched through `visible_to(user)`,
    so it carries the response, status and dates as the user may see them; one the
    user may not see is a 404."""
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(user).select_related(
            "review", "section", "partnership", "lead_organisation", "agreed_by"
        ),
        pk=pk,
    )
    allowed = {
        VIEW: True,
        PROGRESS: may_write_progress(user, recommendation),
        COMMENT: may_comment(user, recommendation),
        MANAGE: may_manage_recommendations(user, recommendation.partnership_id),
    }[action]
    if not allowed:
        raise refuse(user)
    return recommendation


def sees_updates(user: User | AnonymousUser, recommendation: Recommendation) -> bool:
    """Progress updates (and their evidence) are public once the response is published;
    the partnership's own people see them always."""
    return recommendation.response_visible_to(user)


def get_evidence_for_user(user: User | AnonymousUser, pk: int) -> EvidenceFile:
    """An evidence file, if the user may see its update; a 404 for anyone else."""
    attachment = get_object_or_404(EvidenceFile.objects.select_related("update"), pk=pk)
    recommendation = get_recommendation_for_user(user, attachment.update.recommendation_id)
    if not sees_updates(user, recommendation):
        raise Http404("No evidence found")
    return attachment
