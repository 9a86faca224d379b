"""Contact details and History tabs are for the signed-in people of the record's own
partnership (and superusers): anonymous users and other partnerships' users see
neither, on pages, in the API or in the Popolo export (#10, leak 9)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from roundtable.accounts.tokens import issue_token
from roundtable.core.permissions import Action, can
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from roundtable.performance.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

EMAIL = "zq.contact@example.org"
PHONE = "020 7946 0999"


@pytest.fixture
def person(partnership, council):
    return PersonFactory(
        partnership=partnership,
        organisation=council,
        given_name="Jane",
        family_name="Zqperson",
        email=EMAIL,
        phone=PHONE,
    )


@pytest.fixture
def superuser(other_partnership):
    return UserFactory(username="root", is_superuser=True, partnership=other_partnership)


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def outputs(client, person) -> dict[str, str]:
    """The person's page, the people API (list and one), and the Popolo export."""
    api = "/api/v1"
    texts = {
        "page": client.get(person.get_absolute_url()),
        "api list": client.get(f"{api}/people", {"partnership": "ealing"}),
        "api person": client.get(f"{api}/people/{person.pk}"),
        "popolo": client.get(f"{api}/popolo.json", {"partnership": "ealing"}),
        "popolo, all": client.get(f"{api}/popolo.json"),
    }
    for name, response in texts.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in texts.items()}


def showing_contact(texts: dict[str, str]) -> list[str]:
    return [name for name, text in texts.items() if EMAIL in text or PHONE in text]


EVERY_OUTPUT = ["page", "api list", "api person", "popolo", "popolo, all"]


def test_anonymous_users_see_no_contact_details(client, person):
    assert showing_contact(outputs(client, person)) == []


def test_another_partnerships_users_see_no_contact_details(
    client, person, other_partnership_officer
):
    texts = outputs(_as(client, other_partnership_officer), person)
    assert showing_contact(texts) == []
    assert "Zqperson" in texts["page"]  # names stay public
    assert "Sign in" not in texts["page"]


def test_another_partnerships_token_sees_no_contact_details(
    client, person, other_partnership_officer
):
    _, token = issue_token(other_partnership_officer, "Tests")
    response = client.get(f"/api/v1/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.json()["email"] is None
    assert response.json()["phone"] is None


def test_the_partnerships_own_people_see_contact_details(client, person, board_member):
    assert showing_contact(outputs(_as(client, board_member), person)) == EVERY_OUTPUT


def test_the_partnerships_own_token_sees_contact_details(client, person, board_member):
    _, token = issue_token(board_member, "Tests")
    response = client.get(f"/api/v1/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (response.json()["email"], response.json()["phone"]) == (EMAIL, PHONE)


def test_superusers_see_contact_details(client, person, superuser):
    assert showing_contact(outputs(_as(client, superuser), person)) == EVERY_OUTPUT


def test_popolo_of_every_partnership_gives_each_user_only_their_own_contacts(
    client, person, other_partnership, other_partnership_officer
):
    theirs = PersonFactory(
        partnership=other_partnership,
        organisation=other_partnership_officer.organisation,
        email="warwick.person@example.org",
    )
    persons = json.loads(_as(client, other_partnership_officer).get("/api/v1/popolo.json").content)[
        "persons"
    ]
    emails = {p["id"]: p.get("email") for p in persons}
    assert emails[f"person/{theirs.pk}"] == "warwick.person@example.org"
    assert emails[f"person/{person.pk}"] is None


# History tabs -------------------------------------------------------------------------


@pytest.fixture
def records(partnership, council, person):
    """A record of each kind with a History tab, and its tab's address."""
    body = BodyFactory(partnership=partnership, name="Zq Board")
    membership = MembershipFactory(body=body, person=person, organisation=council)
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council, code="NI 9")
    return {
        "person": reverse("partnership:person-history", args=[person.pk]),
        "organisation": reverse("partnership:organisation-history", args=[council.pk]),
        "body": reverse("partnership:body-history", args=[body.slug]),
        "membership": reverse("partnership:membership-history", args=[membership.pk]),
        "indicator": reverse("performance:indicator-history", args=[indicator.pk]),
    }


def test_another_partnerships_users_cannot_open_history_tabs(
    client, records, other_partnership_officer
):
    _as(client, other_partnership_officer)
    statuses = {kind: client.get(url).status_code for kind, url in records.items()}
    assert statuses == dict.fromkeys(records, 403)


def test_anonymous_users_are_sent_to_sign_in_for_history_tabs(client, records):
    statuses = {kind: client.get(url).status_code for kind, url in records.items()}
    assert statuses == dict.fromkeys(records, 302)


def test_the_partnerships_own_people_open_history_tabs(client, records, board_member):
    _as(client, board_member)
    statuses = {kind: client.get(url).status_code for kind, url in records.items()}
    assert statuses == dict.fromkeys(records, 200)


def test_superusers_open_history_tabs(client, records, superuser):
    _as(client, superuser)
    statuses = {kind: client.get(url).status_code for kind, url in records.items()}
    assert statuses == dict.fromkeys(records, 200)


def test_the_rule_for_contact_details_and_history_names_the_partnership(
    person, board_member, other_partnership_officer
):
    for action in (Action.VIEW_CONTACT, Action.VIEW_HISTORY):
        assert can(board_member, action, person)
        assert not can(other_partnership_officer, action, person)
