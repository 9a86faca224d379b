"""The Popolo export at /api/v1/popolo.json validates against the Popolo JSON Schemas.

The schemas are the Popolo project's own (draft-03), kept in `popolo_schemas/`;
every `http://www.popoloproject.com/schemas/<name>.json#` reference resolves to
the local file, so nothing is fetched from the network.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from roundtable.core.testing import found_in
from roundtable.partnership.choices import BodyKind, MembershipRole, Sector
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person
from roundtable.partnership.popolo import membership_record, post_records
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

SCHEMAS = Path(__file__).parent / "popolo_schemas"
POPOLO = "http://www.popoloproject.com/schemas/"
URL = "/api/v1/popolo.json"


def load_registry() -> Registry:
    resources: list[tuple[str, Resource]] = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((f"{POPOLO}{path.name}", DRAFT3.create_resource(contents)))
    return Registry().with_resources(resources)


REGISTRY = load_registry()


def validator(name: str) -> Draft3Validator:
    schema = REGISTRY.contents(f"{POPOLO}{name}.json")
    return Draft3Validator(schema, registry=REGISTRY, format_checker=Draft3Validator.FORMAT_CHECKER)


VALIDATORS = {
    "persons": validator("person"),
    "organizations": validator("organization"),
    "memberships": validator("membership"),
    "posts": validator("post"),
}


def schema_errors(export: dict[str, Any]) -> list[str]:
    problems = []
    for collection, check in VALIDATORS.items():
        for item in export[collection]:
            for error in check.iter_errors(item):
                problems.append(f"{collection} {item.get('id')}: {error.message}")
    return problems


@pytest.fixture
def structure(partnership: Partnership, council: Organisation, police: Organisation) -> None:
    """A small partnership: a board with a theme partnership under it, and its members."""
    OrganisationFactory(
        partnership=partnership,
        name="Ealing CVS",
        sector=Sector.VOLUNTARY,
        parent=council,
    )
    council.type = "Local authority"
    council.save()
    board = BodyFactory(
        partnership=partnership,
        name="LSP Executive Board",
        slug="ealing-lsp-executive",
        kind=BodyKind.EXECUTIVE_BOARD,
        start_date=datetime.date(2002, 4, 1),
    )
    safer = BodyFactory(
        partnership=partnership,
        name="Safer Ealing Partnership",
        slug="safer-ealing",
        kind=BodyKind.THEME_PARTNERSHIP,
        parent=board,
    )
    leader = PersonFactory(
        partnership=partnership,
        organisation=council,
        honorific="Cllr",
        given_name="Julian",
        family_name="Bell",
        email="julian.bell@ealing.gov.uk",
        phone="020 8825 5000",
    )
    commander = PersonFactory(
        partnership=partnership,
        organisation=police,
        given_name="Kevin",
        family_name="Hurley",
        email="kevin.hurley@met.police.uk",
    )
    MembershipFactory(
        body=board,
        person=leader,
        organisation=council,
        role=MembershipRole.CHAIR,
        title="Leader of the Council",
        start_date=datetime.date(2010, 5, 27),
    )
    MembershipFactory(body=board, person=commander, organisation=police)
    MembershipFactory(
        body=safer,
        person=commander,
        organisation=police,
        role=MembershipRole.CHAIR,
        start_date=datetime.date(2008, 1, 1),
        end_date=datetime.date(2011, 3, 31),
    )
    MembershipFactory(body=safer, person=leader, organisation=None, role=MembershipRole.MEMBER)


def test_anonymous_export_validates_against_the_popolo_schemas(client, structure):
    export = client.get(URL).json()

    assert all(export[collection] for collection in VALIDATORS)
    assert schema_errors(export) == []


def test_signed_in_export_validates_against_the_popolo_schemas(client, structure, board_member):
    client.force_login(board_member)

    export = client.get(URL).json()

    assert schema_errors(export) == []


def test_the_schemas_catch_an_invalid_record():
    errors = list(
        VALIDATORS["memberships"].iter_errors({"id": "membership/1", "start_date": "1 May 2010"})
    )
    contact = list(VALIDATORS["persons"].iter_errors({"contact_details": [{"type": "email"}]}))

    assert [e.validator for e in errors] == ["pattern"]
    assert [e.validator for e in contact] == ["required"]


def test_every_id_a_membership_refers_to_is_in_the_export(client, structure):
    export = client.get(URL).json()
    persons = {p["id"] for p in export["persons"]}
    organizations = {o["id"] for o in export["organizations"]}
    posts = {p["id"] for p in export["posts"]}

    for membership in export["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations
        assert membership["post_id"] in posts
        assert membership.get("on_behalf_of_id", "organization/0") in organizations | {
            "organization/0"
        }
    for post in export["posts"]:
        assert post["organization_id"] in organizations
    for organization in export["organizations"]:
        assert organization.get("parent_id", organization["id"]) in organizations


def test_ids_are_stable_strings(client, structure, council):
    export = client.get(URL).json()

    organization_ids = {o["id"] for o in export["organizations"]}
    assert f"organization/{council.pk}" in organization_ids
    assert {"body/ealing-lsp-executive", "body/safer-ealing"} <= organization_ids
    leader = Person.objects.get(family_name="Bell")
    assert f"person/{leader.pk}" in {p["id"] for p in export["persons"]}
    assert client.get(URL).json() == export


def test_bodies_are_classified_by_kind_under_their_parent(client, structure):
    organizations = {o["id"]: o for o in client.get(URL).json()["organizations"]}

    safer = organizations["body/safer-ealing"]
    assert safer["classification"] == "Theme partnership"
    assert safer["parent_id"] == "body/ealing-lsp-executive"
    board = organizations["body/ealing-lsp-executive"]
    assert "parent_id" not in board
    assert board["founding_date"] == "2002-04-01"


def test_partner_organisations_are_classified_by_type_or_sector(client, structure, council):
    organizations = {o["name"]: o for o in client.get(URL).json()["organizations"]}

    assert organizations["Ealing Council"]["classification"] == "Local authority"
    assert organizations["Ealing CVS"]["classification"] == "Voluntary and community"
    assert organizations["Ealing CVS"]["parent_id"] == f"organization/{council.pk}"


def test_posts_are_one_per_body_and_role_held(client, structure):
    posts = client.get(URL).json()["posts"]

    assert sorted(p["id"] for p in posts) == [
        "post/ealing-lsp-executive/chair",
        "post/ealing-lsp-executive/member",
        "post/safer-ealing/chair",
        "post/safer-ealing/member",
    ]
    chair = next(p for p in posts if p["id"] == "post/ealing-lsp-executive/chair")
    assert chair == {
        "id": "post/ealing-lsp-executive/chair",
        "label": "Chair, LSP Executive Board",
        "role": "Chair",
        "organization_id": "body/ealing-lsp-executive",
    }


def test_a_membership_names_the_post_the_organisation_represented_and_its_dates(
    client, structure, police
):
    commander = Person.objects.get(family_name="Hurley")
    export = client.get(URL).json()

    [past_chair] = [
        m
        for m in export["memberships"]
        if m["person_id"] == f"person/{commander.pk}"
        and m["organization_id"] == "body/safer-ealing"
    ]
    assert past_chair["role"] == "Chair"
    assert past_chair["post_id"] == "post/safer-ealing/chair"
    assert past_chair["on_behalf_of_id"] == f"organization/{police.pk}"
    assert past_chair["start_date"] == "2008-01-01"
    assert past_chair["end_date"] == "2011-03-31"


def test_unknown_dates_and_organisations_are_left_out(client, structure):
    leader = Person.objects.get(family_name="Bell")
    export = client.get(URL).json()

    [seat] = [
        m
        for m in export["memberships"]
        if m["person_id"] == f"person/{leader.pk}" and m["organization_id"] == "body/safer-ealing"
    ]
    assert "start_date" not in seat
    assert "end_date" not in seat
    assert "on_behalf_of_id" not in seat


def test_anonymous_export_contains_no_email_addresses(client, structure):
    response = client.get(URL)

    assert response.status_code == 200
    assert "@" not in response.content.decode()
    assert not found_in(response.content, "8825")  # "person/8825" is an id
    for person in response.json()["persons"]:
        assert "email" not in person
        assert "contact_details" not in person


def test_signed_in_export_includes_contact_details(client, structure, board_member):
    client.force_login(board_member)

    persons = {p["family_name"]: p for p in client.get(URL).json()["persons"]}

    assert persons["Bell"]["email"] == "julian.bell@ealing.gov.uk"
    assert persons["Bell"]["contact_details"] == [
        {"type": "email", "value": "julian.bell@ealing.gov.uk"},
        {"type": "voice", "value": "020 8825 5000"},
    ]


def test_export_can_be_limited_to_one_partnership(client, structure, other_partnership_officer):
    elsewhere = other_partnership_officer.organisation

    everything = client.get(URL).json()
    ealing = client.get(URL, {"partnership": "ealing"}).json()

    assert f"organization/{elsewhere.pk}" in {o["id"] for o in everything["organizations"]}
    assert f"organization/{elsewhere.pk}" not in {o["id"] for o in ealing["organizations"]}


def test_export_of_an_unknown_partnership_is_not_found(client, db):
    assert client.get(URL, {"partnership": "nowhere"}).status_code == 404


# The record builders, without the database ----------------------------------------


def unsaved_seat(role: str, **fields: Any) -> Membership:
    body = Body(pk=1, name="LSP Executive Board", slug="ealing-lsp-executive")
    return Membership(pk=7, body=body, person_id=3, role=role, **fields)


def test_a_membership_record_gives_only_known_dates():
    record = membership_record(unsaved_seat("chair", start_date=datetime.date(2010, 5, 27)))

    assert record == {
        "id": "membership/7",
        "role": "Chair",
        "person_id": "person/3",
        "organization_id": "body/ealing-lsp-executive",
        "post_id": "post/ealing-lsp-executive/chair",
        "start_date": "2010-05-27",
    }


def test_two_members_in_the_same_role_share_one_post():
    posts = post_records([unsaved_seat("member"), unsaved_seat("member"), unsaved_seat("chair")])

    assert [p["id"] for p in posts] == [
        "post/ealing-lsp-executive/member",
        "post/ealing-lsp-executive/chair",
    ]
    assert posts[0]["label"] == "Member, LSP Executive Board"
