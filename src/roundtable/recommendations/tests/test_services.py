"""Services: progress updates, comments, the response workflow and who may do them."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from roundtable.accounts.choices import Role
from roundtable.partnership.tests.factories import BodyFactory, UserFactory
from roundtable.recommendations import permissions, services
from roundtable.recommendations.models import Recommendation
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def recommendation(partnership, council):
    review = ReviewFactory(
        partnership=partnership, published_on=datetime.date(2023, 7, 1), update_every_months=3
    )
    return RecommendationFactory(review=review, lead_organisation=council)


@pytest.fixture
def police_officer(partnership, police):
    return UserFactory(
        username="police", role=Role.EDITOR, partnership=partnership, organisation=police
    )


def test_lead_officer_adds_a_progress_update(officer, recommendation):
    services.add_progress_update(
        officer, recommendation, date=DAY, status="at_risk", rag="amber", narrative="Delayed"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "at_risk"
    assert recommendation.rag == "amber"
    assert recommendation.last_update_on == DAY
    assert recommendation.next_update_due == datetime.date(2024, 6, 1)


def test_an_older_update_does_not_overwrite_the_latest_status(officer, recommendation):
    services.add_progress_update(
        officer, recommendation, date=DAY, status="complete", narrative="x"
    )
    services.add_progress_update(
        officer, recommendation, date=datetime.date(2023, 12, 1), status="on_track", narrative="y"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "complete"
    assert recommendation.next_update_due is None


def test_lead_officer_of_another_organisation_cannot_write_progress(police_officer, recommendation):
    with pytest.raises(PermissionDenied):
        services.add_progress_update(
            police_officer, recommendation, date=DAY, status="on_track", narrative="x"
        )
    assert not recommendation.updates.exists()


def test_board_member_cannot_write_progress(board_member, recommendation):
    with pytest.raises(PermissionDenied):
        services.add_progress_update(
            board_member, recommendation, date=DAY, status="on_track", narrative="x"
        )


def test_other_partnerships_administrator_cannot_write_progress(
    other_partnership_officer, recommendation
):
    with pytest.raises(PermissionDenied):
        services.add_progress_update(
            other_partnership_officer, recommendation, date=DAY, status="on_track", narrative="x"
        )


def test_editor_of_the_lead_organisation_in_another_partnership_cannot_write_progress(
    recommendation, other_partnership, council
):
    stray = UserFactory(role=Role.EDITOR, partnership=other_partnership, organisation=council)
    with pytest.raises(PermissionDenied):
        services.add_progress_update(
            stray, recommendation, date=DAY, status="on_track", narrative="x"
        )


def test_administrator_may_write_progress(administrator, recommendation):
    services.add_progress_update(
        administrator, recommendation, date=DAY, status="on_track", narrative="x"
    )
    assert recommendation.updates.count() == 1


def test_others_in_the_partnership_may_comment(police_officer, board_member, recommendation):
    services.add_comment(police_officer, recommendation, "Police can help here")
    services.add_comment(board_member, recommendation, "Noted")
    assert recommendation.comments.count() == 2


def test_outsiders_cannot_comment(other_partnership_officer, recommendation):
    with pytest.raises(PermissionDenied):
        services.add_comment(other_partnership_officer, recommendation, "Hello")


def test_agreeing_a_response_records_body_date_and_resolution(
    administrator, recommendation, partnership
):
    cabinet = BodyFactory(partnership=partnership, name="Cabinet")
    services.agree_response(
        administrator,
        recommendation,
        body=cabinet,
        date=datetime.date(2023, 9, 18),
        resolution="Cabinet 18 September 2023, item 6",
    )
    recommendation.refresh_from_db()
    assert recommendation.response_state == "agreed"
    assert recommendation.agreed_by == cabinet
    assert recommendation.next_update_due == datetime.date(2023, 12, 18)
    assert recommendation.history.first().history_change_reason == "Response agreed"


def test_response_to_note_expects_no_updates(administrator, recommendation):
    services.set_response(administrator, recommendation, response="note", outline_response="Noted")
    assert recommendation.next_update_due is None


def _fresh(pk: int) -> Recommendation:
    return Recommendation.objects.get(pk=pk)


def test_public_cannot_open_a_recommendation_of_an_unpublished_review(recommendation):
    recommendation.review.is_published = False
    recommendation.review.save()
    with pytest.raises(Http404):
        permissions.get_recommendation_for_user(AnonymousUser(), recommendation.pk)


def test_partnership_people_can_open_unpublished_reviews(board_member, recommendation):
    recommendation.review.is_published = False
    recommendation.review.save()
    found = permissions.get_recommendation_for_user(board_member, recommendation.pk)
    assert found == recommendation


def test_anonymous_visitor_is_refused_progress(recommendation):
    with pytest.raises(PermissionDenied):
        permissions.get_recommendation_for_user(
            AnonymousUser(), recommendation.pk, action=permissions.PROGRESS
        )


def test_editor_cannot_manage_responses(officer, recommendation):
    with pytest.raises(PermissionDenied):
        permissions.get_recommendation_for_user(
            officer, recommendation.pk, action=permissions.MANAGE
        )


def test_visible_to_hides_unpublished_reviews_from_the_public(partnership, board_member):
    RecommendationFactory(review=ReviewFactory(partnership=partnership, is_published=False))
    RecommendationFactory(review=ReviewFactory(partnership=partnership, is_published=True))
    assert Recommendation.objects.visible_to(AnonymousUser(), partnership.pk).count() == 1
    assert Recommendation.objects.visible_to(board_member, partnership.pk).count() == 2


def test_a_progress_update_cannot_contradict_the_response(recommendation):
    from django.core.exceptions import ValidationError

    recommendation.response = "reject"
    with pytest.raises(ValidationError, match="cannot be On track"):
        services.add_progress_update(
            None, recommendation, date=DAY, status="on_track", narrative="Going well", check=False
        )
    assert not recommendation.updates.exists()


def test_setting_work_in_progress_moves_a_not_started_recommendation_on(recommendation):
    services.set_response(
        None, recommendation, response="work_in_progress", outline_response="Under way"
    )
    recommendation.refresh_from_db()
    assert (recommendation.response, recommendation.status) == ("work_in_progress", "in_progress")


def test_rejecting_work_under_way_is_refused(recommendation):
    from django.core.exceptions import ValidationError

    Recommendation.objects.filter(pk=recommendation.pk).update(status="on_track")
    recommendation.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be On track"):
        services.set_response(None, recommendation, response="reject", outline_response="No")
    recommendation.refresh_from_db()
    assert recommendation.response == "agree"
