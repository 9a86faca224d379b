"""GET /api/v1/projects and /api/v1/projects/{id}: published for anyone, the rest
for the partnership's people; risks for them only."""

from __future__ import annotations

import pytest

from roundtable.accounts.tokens import issue_token
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v1/projects"


def _bearer(user):
    _, token = issue_token(user, "Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def projects(partnership, council):
    shown = ProjectFactory(partnership=partnership, lead_organisation=council, title="Southall")
    MilestoneFactory(project=shown, title="Charter agreed")
    ProjectUpdateFactory(project=shown, rag="amber", narrative="Bid drafted.")
    RiskFactory(project=shown, description="Grant not paid")
    shown.indicators.set(
        [
            IndicatorFactory(partnership=partnership, code="NI 1", is_public=True),
            IndicatorFactory(partnership=partnership, code="HIDDEN 9", is_public=False),
        ]
    )
    hidden = ProjectFactory(
        partnership=partnership, lead_organisation=council, title="Draft plan", is_published=False
    )
    return shown, hidden


def test_the_public_gets_published_projects_only(client, projects):
    response = client.get(PROJECTS, {"partnership": "ealing"})

    assert response.status_code == 200
    [row] = response.json()["items"]
    assert row["title"] == "Southall"
    assert row["latest_rag"] == "amber"
    assert row["next_milestone"]["title"] == "Charter agreed"
    assert row["indicators"] == ["NI 1"]
    assert row["url"].startswith("/ealing/projects/")


def test_a_member_with_a_token_gets_unpublished_projects_too(client, projects, board_member):
    response = client.get(PROJECTS, {"partnership": "ealing"}, **_bearer(board_member))

    titles = [row["title"] for row in response.json()["items"]]
    assert titles == ["Draft plan", "Southall"]
    southall = response.json()["items"][1]
    assert sorted(southall["indicators"]) == ["HIDDEN 9", "NI 1"]


def test_the_detail_gives_risks_to_the_partnerships_people_only(
    client, projects, board_member, other_partnership_officer
):
    shown, hidden = projects
    url = f"{PROJECTS}/{shown.pk}"

    public = client.get(url).json()
    assert public["risks"] == []
    assert public["updates"][0]["narrative"] == "Bid drafted."
    outsider = client.get(url, **_bearer(other_partnership_officer)).json()
    assert outsider["risks"] == []
    member = client.get(url, **_bearer(board_member)).json()
    assert member["risks"][0]["description"] == "Grant not paid"
    assert member["risks"][0]["score"] == 12


def test_an_unpublished_project_is_a_404_for_others(client, projects, other_partnership_officer):
    _, hidden = projects
    assert client.get(f"{PROJECTS}/{hidden.pk}").status_code == 404
    response = client.get(f"{PROJECTS}/{hidden.pk}", **_bearer(other_partnership_officer))
    assert response.status_code == 404


def test_a_bad_status_filter_is_named(client, projects):
    response = client.get(PROJECTS, {"partnership": "ealing", "status": "asleep"})
    assert response.status_code == 422
    assert "status: choose one of" in response.content.decode()


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20(
    client, partnership, council, django_assert_num_queries, n
):
    for _ in range(n):
        project = ProjectFactory(partnership=partnership, lead_organisation=council)
        project.indicators.set([IndicatorFactory(partnership=partnership)])
    # partnership; count; projects; priorities, areas, indicators, recommendations;
    # the partnership's slug for the addresses (once)
    with django_assert_num_queries(8):
        response = client.get(PROJECTS, {"partnership": "ealing", "limit": 100})
    assert len(response.json()["items"]) == n
