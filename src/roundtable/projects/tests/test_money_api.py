"""GET /api/v1/funding: the rows the caller may see, and nothing of the rest."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from roundtable.accounts.tokens import issue_token
from roundtable.core.testing import found_in
from roundtable.projects.tests.factories import ProjectFactory
from roundtable.projects.tests.factories_money import FundingFactory, ProjectsSettingsFactory

pytestmark = pytest.mark.django_db
FUNDING = "/api/v1/funding"


def _bearer(user):
    _, token = issue_token(user, "Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def money(partnership, council):
    published = ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)
    hidden = ProjectFactory(
        partnership=partnership, title="Unpublished", lead_organisation=council, is_published=False
    )
    FundingFactory(project=published, organisation=council, amount=Decimal("50000"), notes="Bid")
    FundingFactory(project=hidden, organisation=council, amount=Decimal("777.25"))
    return published


def test_the_partnerships_people_get_all_its_funding(client, board_member, money):
    response = client.get(FUNDING, {"partnership": "ealing"}, **_bearer(board_member))
    items = response.json()["items"]
    assert [i["project"] for i in items] == ["Southall", "Unpublished"]
    first = items[0]
    assert first["amount"] == "50000.00"
    assert first["source"] == "reward_grant"
    assert first["financial_year"] == "2011/12"
    assert first["notes"] == "Bid"
    assert first["url"].endswith(f"/ealing/projects/{money.pk}/money/")


def test_the_public_gets_nothing_while_money_is_not_public(client, money):
    response = client.get(FUNDING, {"partnership": "ealing"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_another_partnerships_people_get_nothing(client, other_partnership_officer, money):
    response = client.get(FUNDING, **_bearer(other_partnership_officer))
    assert response.json()["count"] == 0


def test_when_money_is_public_the_public_gets_published_projects_funding_only(
    client, partnership, money
):
    ProjectsSettingsFactory(partnership=partnership, money_is_public=True)
    body = client.get(FUNDING).json()
    assert body["count"] == 1
    assert body["items"][0]["project"] == "Southall"
    assert not found_in(json.dumps(body), "777")  # nor as an "id" or in a "url"


def test_filters_narrow_the_funding_and_bad_ones_are_refused(client, board_member, money):
    auth = _bearer(board_member)
    assert client.get(FUNDING, {"status": "awarded"}, **auth).json()["count"] == 0
    assert client.get(FUNDING, {"year": "2011-12"}, **auth).json()["count"] == 2
    assert client.get(FUNDING, {"status": "won"}, **auth).status_code == 422
    assert client.get(FUNDING, {"year": "2011/13"}, **auth).status_code == 422
    assert client.get(FUNDING, {"partnership": "nowhere"}, **auth).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20(
    client, board_member, partnership, council, django_assert_num_queries, n
):
    for _ in range(n):
        FundingFactory(project=ProjectFactory(partnership=partnership, lead_organisation=council))
    auth = _bearer(board_member)
    # the token, its user, the token's last use, the partnership, the count, the
    # funding with its projects, partners and meetings
    with django_assert_num_queries(6):
        assert client.get(FUNDING, {"partnership": "ealing"}, **auth).json()["count"] == n
