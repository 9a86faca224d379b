"""GET /api/v1/engagement/stakeholders and /contacts: members only, nothing leaked."""

from __future__ import annotations

import datetime

import pytest

from roundtable.accounts.tokens import issue_token
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
STAKEHOLDERS = "/api/v1/engagement/stakeholders"
CONTACTS = "/api/v1/engagement/contacts"


def _bearer(user):
    _, token = issue_token(user, "Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def zsl(partnership, council):
    stakeholder = StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False),
        modes=";grant;",
        interest=5,
        influence=4,
    )
    ContactFactory(
        stakeholder=stakeholder,
        from_organisation=council,
        topic="Secret zoo funding bid",
        stakeholder_person="Dr Keeper",
        date=datetime.date(2026, 3, 1),
    )
    return stakeholder


def test_member_with_a_token_reads_the_register(client, board_member, zsl):
    response = client.get(STAKEHOLDERS, {"partnership": "ealing"}, **_bearer(board_member))
    assert response.status_code == 200
    [row] = response.json()["items"]
    assert row["organisation"] == "ZSL"
    assert row["is_partner"] is False
    assert row["modes"] == ["grant"]
    assert row["strategy"] == "Manage closely"


def test_member_with_a_session_reads_the_contact_log(client, board_member, zsl):
    client.force_login(board_member)
    response = client.get(CONTACTS, {"partnership": "ealing", "stakeholder": zsl.pk})
    assert response.status_code == 200
    [row] = response.json()["items"]
    assert row["topic"] == "Secret zoo funding bid"
    assert row["stakeholder_person"] == "Dr Keeper"
    assert row["from_organisation"] == "Ealing Council"


@pytest.mark.parametrize("url", [STAKEHOLDERS, CONTACTS])
def test_anonymous_caller_gets_401_and_nothing(client, zsl, url):
    response = client.get(url, {"partnership": "ealing"})
    assert response.status_code == 401
    assert b"ZSL" not in response.content
    assert b"Secret" not in response.content


@pytest.mark.parametrize("url", [STAKEHOLDERS, CONTACTS])
def test_another_partnerships_administrator_gets_403_and_nothing(
    client, other_partnership_officer, zsl, url
):
    response = client.get(url, {"partnership": "ealing"}, **_bearer(other_partnership_officer))
    assert response.status_code == 403
    assert b"ZSL" not in response.content
    assert b"Secret" not in response.content


@pytest.mark.parametrize("n", [2, 20])
def test_contacts_page_costs_the_same_queries_however_many(
    client, board_member, zsl, council, django_assert_num_queries, n
):
    ContactFactory.create_batch(n, stakeholder=zsl, from_organisation=council)
    client.force_login(board_member)
    client.get(CONTACTS, {"partnership": "ealing"})
    # session, user, partnership, count, page of contacts (with their joins), priorities,
    # bodies, meetings (with their bodies), the projects the caller may see
    with django_assert_num_queries(9):
        assert client.get(CONTACTS, {"partnership": "ealing"}).status_code == 200
