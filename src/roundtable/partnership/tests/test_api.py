"""The partnership API at /api/v1/: reads for everyone, writes with a token and permission."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from roundtable.accounts.choices import Role
from roundtable.accounts.models import User
from roundtable.accounts.tokens import issue_token, revoke_token
from roundtable.partnership.choices import BodyKind, MembershipRole, Sector
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TermsOfReferenceFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(user: User) -> dict[str, str]:
    _, token = issue_token(user, "Tests")
    return {"Authorization": f"Bearer {token}"}


def send(client: Client, method: str, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    return getattr(client, method)(
        f"{API}{path}", data=json.dumps(data), content_type="application/json", **kwargs
    )


@pytest.fixture
def board(partnership: Partnership) -> Body:
    return BodyFactory(
        partnership=partnership,
        name="LSP Executive Board",
        slug="ealing-lsp-executive",
        kind=BodyKind.EXECUTIVE_BOARD,
    )


@pytest.fixture
def leader(partnership: Partnership, council: Organisation) -> Person:
    return PersonFactory(
        partnership=partnership,
        organisation=council,
        honorific="Cllr",
        given_name="Julian",
        family_name="Bell",
        job_title="Leader of the Council",
        email="julian.bell@ealing.gov.uk",
        phone="020 8825 5000",
    )


@pytest.fixture
def commander(partnership: Partnership, police: Organisation) -> Person:
    return PersonFactory(
        partnership=partnership, organisation=police, given_name="Kevin", family_name="Hurley"
    )


@pytest.fixture
def police_editor(partnership: Partnership, police: Organisation) -> User:
    """An organisation editor for the police: another organisation than the council's."""
    return UserFactory(
        username="police", role=Role.EDITOR, partnership=partnership, organisation=police
    )


@pytest.fixture
def chair(board: Body, leader: Person, council: Organisation) -> Membership:
    return MembershipFactory(
        body=board,
        person=leader,
        organisation=council,
        role=MembershipRole.CHAIR,
        title="Leader of the Council",
        start_date=datetime.date(2008, 5, 1),
    )


@pytest.fixture
def police_seat(board: Body, commander: Person, police: Organisation) -> Membership:
    return MembershipFactory(
        body=board, person=commander, organisation=police, role=MembershipRole.MEMBER
    )


# Reads --------------------------------------------------------------------------


def test_anyone_can_list_partnerships(client, partnership):
    response = client.get(f"{API}/partnerships")

    assert response.status_code == 200
    assert response.json() == [
        {"slug": "ealing", "name": partnership.name, "short_name": "", "place": ""}
    ]


def test_anonymous_caller_can_list_a_partnerships_organisations(
    client, partnership, council, police, other_partnership_officer
):
    unit = UnitFactory(organisation=council, name="Adult Social Care", short_name="ASC")
    police.parent = council
    police.save()

    response = client.get(f"{API}/organisations", {"partnership": "ealing"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [o["name"] for o in body["items"]] == ["Ealing Council", "Metropolitan Police Service"]
    assert body["items"][0] == {
        "id": council.pk,
        "name": "Ealing Council",
        "short_name": "LBE",
        "slug": council.slug,
        "sector": "public",
        "type": "",
        "website": "",
        "parent": None,
        "partnership": "ealing",
        "units": [{"id": unit.pk, "name": "Adult Social Care", "short_name": "ASC"}],
        "url": f"http://testserver/ealing/partnership/organisations/{council.pk}/",
    }
    assert body["items"][1]["parent"] == {"id": council.pk, "name": "Ealing Council"}


def test_organisation_list_filters_by_sector(client, partnership, council):
    OrganisationFactory(partnership=partnership, name="Ealing CVS", sector=Sector.VOLUNTARY)

    response = client.get(f"{API}/organisations", {"partnership": "ealing", "sector": "voluntary"})

    assert [o["name"] for o in response.json()["items"]] == ["Ealing CVS"]


def test_organisation_list_searches_every_word(client, partnership, council, police):
    response = client.get(f"{API}/organisations", {"q": "metropolitan police"})

    assert [o["name"] for o in response.json()["items"]] == ["Metropolitan Police Service"]


def test_organisation_list_is_paginated(client, partnership):
    OrganisationFactory.create_batch(5, partnership=partnership)

    response = client.get(f"{API}/organisations", {"limit": 2, "offset": 2})

    assert response.json()["count"] == 5
    assert len(response.json()["items"]) == 2


def test_unknown_partnership_filter_is_not_found(client, partnership):
    response = client.get(f"{API}/organisations", {"partnership": "nowhere"})

    assert response.status_code == 404
    assert response.json() == {"detail": "No partnership has the slug 'nowhere'"}


def test_organisation_detail_lists_its_units(client, council):
    UnitFactory(organisation=council, name="Children's Services")

    response = client.get(f"{API}/organisations/{council.pk}")

    assert response.status_code == 200
    assert [u["name"] for u in response.json()["units"]] == ["Children's Services"]


def test_missing_organisation_is_not_found(client, db):
    assert client.get(f"{API}/organisations/999").status_code == 404


def test_body_list_filters_by_kind_and_names_the_parent(client, partnership, board):
    BodyFactory(
        partnership=partnership,
        name="Safer Ealing Partnership",
        slug="safer-ealing",
        kind=BodyKind.THEME_PARTNERSHIP,
        parent=board,
    )

    response = client.get(f"{API}/bodies", {"partnership": "ealing", "kind": "theme_partnership"})

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["slug"] == "safer-ealing"
    assert item["parent"] == {"slug": "ealing-lsp-executive", "name": "LSP Executive Board"}
    assert item["url"] == "http://testserver/ealing/partnership/bodies/safer-ealing/"


def test_body_detail_shows_current_members_and_latest_terms(client, board, chair, commander):
    MembershipFactory(
        body=board,
        person=commander,
        role=MembershipRole.MEMBER,
        start_date=datetime.date(2005, 1, 1),
        end_date=datetime.date(2007, 1, 1),
    )
    TermsOfReferenceFactory(body=board, version=1, purpose="Old purpose")
    TermsOfReferenceFactory(body=board, version=2, purpose="Deliver the strategy")

    response = client.get(f"{API}/bodies/ealing-lsp-executive")

    assert response.status_code == 200
    body = response.json()
    assert [(m["person"]["name"], m["role"]) for m in body["members"]] == [
        ("Cllr Julian Bell", "chair")
    ]
    assert body["terms_of_reference"]["version"] == 2
    assert body["terms_of_reference"]["purpose"] == "Deliver the strategy"
    assert body["partnership"] == "ealing"


def test_missing_body_is_not_found(client, db):
    assert client.get(f"{API}/bodies/no-such-body").status_code == 404


def test_membership_list_filters_by_body(client, chair, police_seat):
    other = MembershipFactory()

    response = client.get(f"{API}/memberships", {"body": "ealing-lsp-executive"})

    ids = [m["id"] for m in response.json()["items"]]
    assert set(ids) == {chair.pk, police_seat.pk}
    assert other.pk not in ids


def test_membership_list_filters_by_person_and_organisation(client, chair, police_seat, police):
    by_person = client.get(f"{API}/memberships", {"person": chair.person_id}).json()
    by_organisation = client.get(f"{API}/memberships", {"organisation": police.pk}).json()

    assert [m["id"] for m in by_person["items"]] == [chair.pk]
    assert [m["id"] for m in by_organisation["items"]] == [police_seat.pk]


def test_membership_list_shows_the_seat(client, chair, council):
    [item] = client.get(f"{API}/memberships", {"person": chair.person_id}).json()["items"]

    assert item == {
        "id": chair.pk,
        "person": {"id": chair.person_id, "name": "Cllr Julian Bell"},
        "body": {"slug": "ealing-lsp-executive", "name": "LSP Executive Board"},
        "role": "chair",
        "organisation": {"id": council.pk, "name": "Ealing Council"},
        "title": "Leader of the Council",
        "start_date": "2008-05-01",
        "end_date": None,
    }


def test_membership_list_separates_current_from_past(client, chair, board, commander):
    ended = MembershipFactory(
        body=board, person=commander, end_date=datetime.date(2001, 3, 31), role="member"
    )

    current = client.get(f"{API}/memberships", {"current": "true"}).json()["items"]
    not_current = client.get(f"{API}/memberships", {"current": "false"}).json()["items"]

    assert [m["id"] for m in current] == [chair.pk]
    assert [m["id"] for m in not_current] == [ended.pk]


def test_anonymous_caller_does_not_see_contact_details(client, leader):
    listed = client.get(f"{API}/people", {"partnership": "ealing"}).json()["items"][0]
    detail = client.get(f"{API}/people/{leader.pk}").json()

    for person in (listed, detail):
        assert person["name"] == "Cllr Julian Bell"
        assert person["job_title"] == "Leader of the Council"
        assert person["email"] is None
        assert person["phone"] is None


def test_signed_in_user_sees_contact_details(client, leader, board_member):
    client.force_login(board_member)

    person = client.get(f"{API}/people/{leader.pk}").json()

    assert person["email"] == "julian.bell@ealing.gov.uk"
    assert person["phone"] == "020 8825 5000"


def test_token_caller_sees_contact_details(client, leader, board_member):
    response = client.get(f"{API}/people", headers=bearer(board_member))

    assert response.json()["items"][0]["email"] == "julian.bell@ealing.gov.uk"


def test_revoked_token_reads_as_the_public(client, leader, board_member):
    record, token = issue_token(board_member, "Old")
    revoke_token(record)

    response = client.get(f"{API}/people/{leader.pk}", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json()["email"] is None


def test_person_list_searches_name_and_organisation(client, leader, commander):
    response = client.get(f"{API}/people", {"q": "police"})

    assert [p["family_name"] for p in response.json()["items"]] == ["Hurley"]


def test_missing_person_is_not_found(client, db):
    assert client.get(f"{API}/people/999").status_code == 404


def test_openapi_document_lists_the_partnership_paths(client, db):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/partnerships",
        "/organisations",
        "/organisations/{organisation_id}",
        "/bodies",
        "/bodies/{slug}",
        "/memberships",
        "/memberships/{membership_id}",
        "/people",
        "/people/{person_id}",
        "/popolo.json",
    ):
        assert f"{API}{path}" in paths
    assert set(paths[f"{API}/organisations"]) == {"get", "post"}
    assert set(paths[f"{API}/memberships/{{membership_id}}"]) == {"patch"}


# Writes: organisations ----------------------------------------------------------

NEW_ORGANISATION = {
    "partnership": "ealing",
    "name": "Ealing Hospital NHS Trust",
    "short_name": "EHT",
    "sector": "public",
    "type": "NHS trust",
    "website": "https://www.ealinghospital.nhs.uk",
}


def test_adding_an_organisation_without_a_token_is_unauthorised(client, partnership):
    response = send(client, "post", "/organisations", NEW_ORGANISATION)

    assert response.status_code == 401
    assert not Organisation.objects.filter(name="Ealing Hospital NHS Trust").exists()


def test_a_signed_in_session_is_not_enough_to_write(client, administrator):
    client.force_login(administrator)

    response = send(client, "post", "/organisations", NEW_ORGANISATION)

    assert response.status_code == 401


def test_adding_an_organisation_with_a_revoked_token_is_unauthorised(client, administrator):
    record, token = issue_token(administrator, "Old")
    revoke_token(record)

    response = send(
        client,
        "post",
        "/organisations",
        NEW_ORGANISATION,
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 401


def test_board_member_cannot_add_an_organisation(client, board_member):
    response = send(
        client, "post", "/organisations", NEW_ORGANISATION, headers=bearer(board_member)
    )

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Ealing Hospital NHS Trust").exists()


def test_organisation_editor_cannot_add_an_organisation(client, officer):
    response = send(client, "post", "/organisations", NEW_ORGANISATION, headers=bearer(officer))

    assert response.status_code == 403


def test_another_partnerships_administrator_cannot_add_an_organisation(
    client, partnership, other_partnership_officer
):
    response = send(
        client,
        "post",
        "/organisations",
        NEW_ORGANISATION,
        headers=bearer(other_partnership_officer),
    )

    assert response.status_code == 403


def test_administrator_adds_an_organisation(client, administrator, council):
    response = send(
        client,
        "post",
        "/organisations",
        {**NEW_ORGANISATION, "parent_id": council.pk},
        headers=bearer(administrator),
    )

    assert response.status_code == 201
    created = Organisation.objects.get(name="Ealing Hospital NHS Trust")
    assert response.json()["id"] == created.pk
    assert response.json()["slug"] == "ealing-hospital-nhs-trust"
    assert response.json()["parent"] == {"id": council.pk, "name": "Ealing Council"}
    assert created.history.get().history_user == administrator


def test_adding_an_organisation_with_a_bad_website_names_the_field(client, administrator):
    response = send(
        client,
        "post",
        "/organisations",
        {**NEW_ORGANISATION, "website": "not a website"},
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "website"]
    assert "URL" in error["msg"]


def test_adding_an_organisation_to_an_unknown_partnership_names_the_field(client, administrator):
    response = send(
        client,
        "post",
        "/organisations",
        {**NEW_ORGANISATION, "partnership": "nowhere"},
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "partnership"]


def test_an_organisation_cannot_have_a_parent_in_another_partnership(
    client, administrator, other_partnership_officer
):
    elsewhere = other_partnership_officer.organisation

    response = send(
        client,
        "post",
        "/organisations",
        {**NEW_ORGANISATION, "parent_id": elsewhere.pk},
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "parent_id"]


def test_changing_an_organisation_without_a_token_is_unauthorised(client, council):
    response = send(client, "patch", f"/organisations/{council.pk}", {"short_name": "EC"})

    assert response.status_code == 401


def test_board_member_cannot_change_an_organisation(client, council, board_member):
    response = send(
        client,
        "patch",
        f"/organisations/{council.pk}",
        {"short_name": "EC"},
        headers=bearer(board_member),
    )

    assert response.status_code == 403


def test_editor_cannot_change_another_organisation(client, council, police_editor):
    response = send(
        client,
        "patch",
        f"/organisations/{council.pk}",
        {"short_name": "EC"},
        headers=bearer(police_editor),
    )

    assert response.status_code == 403
    council.refresh_from_db()
    assert council.short_name == "LBE"


def test_editor_changes_their_own_organisation(client, council, officer):
    response = send(
        client,
        "patch",
        f"/organisations/{council.pk}",
        {"short_name": "EC", "website": "https://www.ealing.gov.uk"},
        headers=bearer(officer),
    )

    assert response.status_code == 200
    assert response.json()["short_name"] == "EC"
    council.refresh_from_db()
    assert council.website == "https://www.ealing.gov.uk"
    assert council.history.first().history_user == officer


def test_administrator_changes_an_organisation(client, police, administrator):
    response = send(
        client,
        "patch",
        f"/organisations/{police.pk}",
        {"sector": "public", "type": "Police"},
        headers=bearer(administrator),
    )

    assert response.status_code == 200
    assert response.json()["type"] == "Police"


def test_changing_a_missing_organisation_is_not_found(client, administrator):
    response = send(
        client, "patch", "/organisations/999", {"short_name": "X"}, headers=bearer(administrator)
    )

    assert response.status_code == 404


def test_renaming_an_organisation_to_a_taken_name_is_refused(client, council, police, officer):
    response = send(
        client,
        "patch",
        f"/organisations/{council.pk}",
        {"name": "Metropolitan Police Service"},
        headers=bearer(officer),
    )

    assert response.status_code == 422
    assert "There is already an organisation with this name." in [
        e["msg"] for e in response.json()["detail"]
    ]


# Writes: memberships ------------------------------------------------------------


def new_seat(person: Person, organisation: Organisation | None, **extra: Any) -> dict[str, Any]:
    return {
        "body": "ealing-lsp-executive",
        "person_id": person.pk,
        "role": "member",
        "organisation_id": organisation.pk if organisation else None,
        **extra,
    }


def test_adding_a_membership_without_a_token_is_unauthorised(client, board, leader, council):
    response = send(client, "post", "/memberships", new_seat(leader, council))

    assert response.status_code == 401
    assert not Membership.objects.exists()


def test_board_member_cannot_add_a_membership(client, board, leader, council, board_member):
    response = send(
        client, "post", "/memberships", new_seat(leader, council), headers=bearer(board_member)
    )

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_editor_cannot_add_a_seat_for_another_organisation(
    client, board, commander, police, officer
):
    response = send(
        client, "post", "/memberships", new_seat(commander, police), headers=bearer(officer)
    )

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_editor_cannot_seat_their_own_person_for_another_organisation(
    client, board, leader, police, officer
):
    response = send(
        client, "post", "/memberships", new_seat(leader, police), headers=bearer(officer)
    )

    assert response.status_code == 403


def test_editor_cannot_seat_another_organisations_person(
    client, board, commander, council, officer
):
    response = send(
        client, "post", "/memberships", new_seat(commander, council), headers=bearer(officer)
    )

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_another_partnerships_administrator_cannot_add_a_membership(
    client, board, leader, council, other_partnership_officer
):
    response = send(
        client,
        "post",
        "/memberships",
        new_seat(leader, council),
        headers=bearer(other_partnership_officer),
    )

    assert response.status_code == 403


def test_editor_cannot_add_a_seat_even_for_their_own_organisation(
    client, board, leader, council, officer
):
    # Every seat gives access to the body's restricted papers (#10).
    response = send(
        client,
        "post",
        "/memberships",
        new_seat(leader, council, title="Leader of the Council", start_date="2010-05-27"),
        headers=bearer(officer),
    )

    assert response.status_code == 403
    assert "secretariat of LSP Executive Board" in response.json()["detail"]
    assert not Membership.objects.exists()


def test_administrator_adds_a_seat_for_any_organisation(
    client, board, commander, police, administrator
):
    response = send(
        client,
        "post",
        "/memberships",
        new_seat(commander, police, role="vice_chair"),
        headers=bearer(administrator),
    )

    assert response.status_code == 201
    assert response.json()["role"] == "vice_chair"


def test_a_membership_cannot_end_before_it_starts(client, board, leader, council, administrator):
    response = send(
        client,
        "post",
        "/memberships",
        new_seat(leader, council, start_date="2010-05-27", end_date="2009-01-01"),
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "end_date"]


def test_a_membership_of_an_unknown_body_names_the_field(client, leader, council, administrator):
    response = send(
        client,
        "post",
        "/memberships",
        new_seat(leader, council, body="no-such-body"),
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "body"]


def test_a_person_from_another_partnership_cannot_be_seated(
    client, board, council, administrator, other_partnership
):
    stranger = PersonFactory(organisation__partnership=other_partnership)

    response = send(
        client, "post", "/memberships", new_seat(stranger, council), headers=bearer(administrator)
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "person_id"]


def test_ending_a_membership_without_a_token_is_unauthorised(client, chair):
    response = send(client, "patch", f"/memberships/{chair.pk}", {"end_date": "2012-05-01"})

    assert response.status_code == 401


def test_editor_cannot_end_another_organisations_membership(client, chair, police_editor):
    response = send(
        client,
        "patch",
        f"/memberships/{chair.pk}",
        {"end_date": "2012-05-01"},
        headers=bearer(police_editor),
    )

    assert response.status_code == 403
    chair.refresh_from_db()
    assert chair.end_date is None


def test_board_member_cannot_end_a_membership(client, chair, board_member):
    response = send(
        client,
        "patch",
        f"/memberships/{chair.pk}",
        {"end_date": "2012-05-01"},
        headers=bearer(board_member),
    )

    assert response.status_code == 403


def test_editor_cannot_end_their_own_organisations_membership(client, chair, officer):
    response = send(
        client,
        "patch",
        f"/memberships/{chair.pk}",
        {"end_date": "2012-05-01"},
        headers=bearer(officer),
    )

    assert response.status_code == 403
    chair.refresh_from_db()
    assert chair.end_date is None


def test_administrator_ends_a_membership_and_history_says_who(client, chair, administrator):
    response = send(
        client,
        "patch",
        f"/memberships/{chair.pk}",
        {"end_date": "2012-05-01"},
        headers=bearer(administrator),
    )

    assert response.status_code == 200
    assert response.json()["end_date"] == "2012-05-01"
    latest = chair.history.first()
    assert latest.end_date == datetime.date(2012, 5, 1)
    assert latest.history_user == administrator
    assert latest.history_change_reason == "Membership ended"


def test_administrator_changes_a_role(client, police_seat, administrator):
    response = send(
        client,
        "patch",
        f"/memberships/{police_seat.pk}",
        {"role": "vice_chair", "title": "Borough Commander"},
        headers=bearer(administrator),
    )

    assert response.status_code == 200
    assert response.json()["role"] == "vice_chair"
    assert response.json()["title"] == "Borough Commander"


def test_ending_a_membership_before_it_started_is_refused(client, chair, administrator):
    response = send(
        client,
        "patch",
        f"/memberships/{chair.pk}",
        {"end_date": "2001-01-01"},
        headers=bearer(administrator),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "end_date"]


def test_changing_a_missing_membership_is_not_found(client, administrator):
    response = send(
        client,
        "patch",
        "/memberships/999",
        {"end_date": "2012-05-01"},
        headers=bearer(administrator),
    )

    assert response.status_code == 404


# Query counts -------------------------------------------------------------------


def make_rows(partnership: Partnership, n: int) -> None:
    """`n` of each record: organisations with a parent and a unit, bodies with a parent,
    people, and memberships."""
    parent_organisation = OrganisationFactory(partnership=partnership)
    parent_body = BodyFactory(partnership=partnership)
    for _ in range(n - 1):
        organisation = OrganisationFactory(partnership=partnership, parent=parent_organisation)
        UnitFactory(organisation=organisation)
        body = BodyFactory(partnership=partnership, parent=parent_body)
        person = PersonFactory(partnership=partnership, organisation=organisation)
        MembershipFactory(body=body, person=person, organisation=organisation)
    MembershipFactory(body=parent_body, person=PersonFactory(organisation=parent_organisation))


# Each anonymous list costs: the count, the page, and any prefetch named below.
# Each list that gives records' addresses also asks once for their partnership's slug
# (`partnership.addresses.partnership_reverse`; once per partnership, not per row).
LIST_QUERIES = [
    ("/organisations", 4),  # count, organisations with partnership and parent, units, slug
    ("/bodies", 3),  # count, bodies with parent, slug
    ("/memberships", 2),  # count, memberships with person, body and organisation
    ("/people", 3),  # count, people with organisation, slug
    ("/popolo.json", 6),  # partnerships, organisations, bodies, people, memberships, slug
]


@pytest.mark.parametrize(("path", "queries"), LIST_QUERIES)
@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, partnership, path, queries, rows
):
    make_rows(partnership, rows)

    with django_assert_num_queries(queries):
        response = client.get(f"{API}{path}")

    assert response.status_code == 200


def test_a_token_read_adds_only_the_token_lookup(
    client, django_assert_num_queries, partnership, board_member
):
    make_rows(partnership, 20)
    headers = bearer(board_member)

    # token with user, token last-used update, count, people with organisation, slug
    with django_assert_num_queries(5):
        client.get(f"{API}/people", headers=headers)


@pytest.mark.parametrize("members", [2, 20])
def test_body_detail_query_count_does_not_grow_with_members(
    client, django_assert_num_queries, board, members
):
    MembershipFactory.create_batch(members, body=board)
    TermsOfReferenceFactory(body=board)

    # body with partnership and parent, current seats with people and organisations,
    # latest terms of reference, the partnership's slug (for the people's addresses)
    with django_assert_num_queries(4):
        response = client.get(f"{API}/bodies/{board.slug}")

    assert len(response.json()["members"]) == members
