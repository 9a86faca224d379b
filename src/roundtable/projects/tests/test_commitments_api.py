"""GET /api/v1/commitments[/{id}]: published ones for anyone, all for members."""

from __future__ import annotations

import datetime

import pytest

from roundtable.accounts.tokens import issue_token
from roundtable.projects import services_commitments as services
from roundtable.projects.tests.factories_commitments import (
    CommitmentActionFactory,
    CommitmentFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/commitments"


@pytest.fixture
def published(partnership, council):
    commitment = CommitmentFactory(partnership=partnership, owners=[council], title="Open one")
    CommitmentActionFactory(commitment=commitment, action="Publish data", due=D(2012, 1, 31))
    SignatoryFactory(commitment=commitment, organisation=council, signed_by="Martin Smith")
    services.add_evidence(
        None, commitment, title="Data", link="https://example.org/data", check=False
    )
    return commitment


@pytest.fixture
def draft(partnership, council):
    commitment = CommitmentFactory(
        partnership=partnership, owners=[council], title="Hidden draft", status="draft"
    )
    CommitmentActionFactory(commitment=commitment, action="Hidden action")
    return commitment


def _titles(client, **query):
    response = client.get(API, {"partnership": "ealing", **query})
    assert response.status_code == 200
    return [row["title"] for row in response.json()["items"]]


def test_anyone_gets_published_commitments_with_actions_and_signatories(client, published, draft):
    response = client.get(API, {"partnership": "ealing"})
    [row] = response.json()["items"]
    assert row["title"] == "Open one"
    assert row["owner_organisations"] == ["Ealing Council"]
    assert row["actions"] == [
        {
            "action": "Publish data",
            "due": "2012-01-31",
            "done": None,
            "owner_organisation": None,
            "overdue": True,
        }
    ]
    assert row["signatories"][0]["signed_by"] == "Martin Smith"
    assert row["evidence"][0]["url"] == "https://example.org/data"
    assert row["page"] == f"/ealing/projects/commitments/{published.pk}/"


def test_a_draft_is_a_404_for_the_public_and_other_partnerships(
    client, draft, other_partnership_officer
):
    assert client.get(f"{API}/{draft.pk}").status_code == 404
    client.force_login(other_partnership_officer)
    assert client.get(f"{API}/{draft.pk}").status_code == 404
    assert _titles(client) == []


def test_members_get_drafts_too_with_a_token(client, board_member, published, draft):
    _, token = issue_token(board_member, "test")
    response = client.get(API, {"partnership": "ealing"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    titles = [row["title"] for row in response.json()["items"]]
    assert sorted(titles) == ["Hidden draft", "Open one"]
    one = client.get(f"{API}/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert one["actions"][0]["action"] == "Hidden action"


def test_the_list_filters_by_kind_and_status_and_refuses_unknown_ones(client, published):
    assert _titles(client, kind="equality_objective") == ["Open one"]
    assert _titles(client, kind="charter") == []
    assert _titles(client, status="achieved") == []
    response = client.get(API, {"partnership": "ealing", "kind": "pledge"})
    assert response.status_code == 422
    assert client.get(API, {"partnership": "nowhere"}).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_uses_constant_queries(
    client, django_assert_num_queries, partnership, council, count
):
    for _ in range(count):
        commitment = CommitmentFactory(partnership=partnership, owners=[council])
        CommitmentActionFactory(commitment=commitment)
        SignatoryFactory(commitment=commitment)
    client.get(API, {"partnership": "ealing"})
    # partnership, commitments (+ meeting), owners, leads, actions, evidence,
    # signatories (+ organisation), the partnership's slug for the addresses, count
    with django_assert_num_queries(9):
        client.get(API, {"partnership": "ealing"})
