"""The recommendations API: public reads hide drafts; progress writes need the lead."""

from __future__ import annotations

import json

import pytest

from roundtable.accounts.choices import Role
from roundtable.accounts.tokens import issue_token
from roundtable.partnership.tests.factories import UserFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _, token = issue_token(user, "Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def review(partnership):
    return ReviewFactory(partnership=partnership, title="Housing Review")


@pytest.fixture
def published(review, council):
    return RecommendationFactory(review=review, number="1", lead_organisation=council)


@pytest.fixture
def draft(review, council):
    return RecommendationFactory(
        review=review,
        number="2",
        response="reject",
        outline_response="Secret",
        response_state="draft",
        lead_organisation=council,
    )


def test_public_list_hides_draft_responses(client, partnership, published, draft):
    data = client.get("/api/v1/recommendations", {"partnership": partnership.slug}).json()
    assert data["count"] == 2
    by_number = {item["number"]: item for item in data["items"]}
    assert by_number["1"]["response"] == "Agree"
    assert by_number["2"]["response"] == "No response yet"
    assert by_number["2"]["outline_response"] == ""
    assert by_number["2"]["response_state"] is None


def test_the_source_wording_shows_only_with_its_response(client, partnership, published, draft):
    type(published).objects.filter(pk=published.pk).update(response_as_written="Agree in part")
    type(draft).objects.filter(pk=draft.pk).update(response_as_written="Rejected outright")
    data = client.get("/api/v1/recommendations", {"partnership": partnership.slug}).json()
    by_number = {item["number"]: item for item in data["items"]}
    assert by_number["1"]["response_as_written"] == "Agree in part"
    assert by_number["2"]["response_as_written"] == ""
    detail = client.get(f"/api/v1/recommendations/{draft.pk}").json()
    assert "Rejected outright" not in json.dumps(detail)


def test_public_list_hides_unpublished_reviews(client, partnership, published):
    RecommendationFactory(review=ReviewFactory(partnership=partnership, is_published=False))
    data = client.get("/api/v1/recommendations", {"partnership": partnership.slug}).json()
    assert data["count"] == 1
    reviews = client.get("/api/v1/reviews", {"partnership": partnership.slug}).json()
    assert [r["title"] for r in reviews] == ["Housing Review"]


def test_token_caller_of_the_partnership_sees_drafts(client, partnership, board_member, draft):
    data = client.get(
        "/api/v1/recommendations", {"partnership": partnership.slug}, **bearer(board_member)
    ).json()
    assert data["items"][0]["response"] == "Reject"
    assert data["items"][0]["response_state"] == "draft"


def test_list_filters_like_the_page(client, partnership, published, draft):
    data = client.get(
        "/api/v1/recommendations", {"partnership": partnership.slug, "response": "agree"}
    ).json()
    assert [i["number"] for i in data["items"]] == ["1"]


def test_unknown_partnership_is_not_found(client, db):
    assert client.get("/api/v1/recommendations", {"partnership": "nowhere"}).status_code == 404


def test_detail_of_a_draft_hides_the_response(client, draft):
    data = client.get(f"/api/v1/recommendations/{draft.pk}").json()
    assert data["response"] == "No response yet"
    assert data["updates"] == []


def _post(client, rec, user=None, **extra):
    body = {"date": "2024-03-01", "status": "on_track", "narrative": "Going well"}
    headers = bearer(user) if user else {}
    return client.post(
        f"/api/v1/recommendations/{rec.pk}/updates",
        json.dumps(body),
        content_type="application/json",
        **headers,
        **extra,
    )


def test_lead_officer_adds_an_update(client, officer, published):
    response = _post(client, published, officer)
    assert response.status_code == 201
    assert response.json()["status"] == "on_track"
    assert response.json()["updates"][0]["narrative"] == "Going well"


def test_update_needs_a_token(client, published):
    assert _post(client, published).status_code == 401


def test_other_organisations_officer_cannot_add_an_update(client, partnership, police, published):
    other = UserFactory(role=Role.EDITOR, partnership=partnership, organisation=police)
    assert _post(client, published, other).status_code == 403
    assert not published.updates.exists()


def test_other_partnership_cannot_add_an_update(client, other_partnership_officer, published):
    assert _post(client, published, other_partnership_officer).status_code == 403


def test_update_with_a_bad_status_is_rejected(client, officer, published):
    response = client.post(
        f"/api/v1/recommendations/{published.pk}/updates",
        json.dumps({"date": "2024-03-01", "status": "fine", "narrative": "x"}),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 422
