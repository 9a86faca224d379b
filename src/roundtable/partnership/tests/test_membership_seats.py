"""Seats give access to a body's restricted and draft papers, so only the partnership's
administrators and the body's secretariat grant, change or end them; every change is in
the history and emailed to the secretariat and the administrators (#10, leak 2)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.accounts.tokens import issue_token
from roundtable.partnership import services
from roundtable.partnership.choices import ROLES_WITH_ACCESS, MembershipRole
from roundtable.partnership.models import Membership
from roundtable.partnership.permissions import SeatRefused
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
REFUSAL = "can add, change or end a seat on it"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what would run on commit (the emails) when the block ends: the test's own
    transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")


@pytest.fixture
def secretary(partnership, board, council):
    """The board's secretariat, written to at their person's email."""
    person = PersonFactory(
        partnership=partnership, organisation=council, email="secretary@ealing.example"
    )
    MembershipFactory(
        body=board, person=person, organisation=council, role=MembershipRole.SECRETARIAT
    )
    return UserFactory(
        username="secretary", partnership=partnership, organisation=council, person=person
    )


@pytest.fixture
def administrator(partnership):
    return UserFactory(
        username="admin",
        role=Role.ADMINISTRATOR,
        partnership=partnership,
        email="admin@ealing.example",
    )


@pytest.fixture
def editor(partnership, council):
    """An organisation editor for Ealing Council, with a person of their own to seat."""
    person = PersonFactory(
        partnership=partnership, organisation=council, email="editor@ealing.example"
    )
    return UserFactory(
        username="editor",
        role=Role.EDITOR,
        partnership=partnership,
        organisation=council,
        person=person,
        email="editor@ealing.example",
    )


@pytest.fixture
def bystanders(partnership, board, police, other_partnership):
    """A member of the board, an administrator of another partnership and the
    secretariat of another body: none of them is told of a change to this board."""
    member = PersonFactory(partnership=partnership, organisation=police, email="member@x.example")
    MembershipFactory(body=board, person=member, organisation=police)
    UserFactory(
        username="warwick-admin",
        role=Role.ADMINISTRATOR,
        partnership=other_partnership,
        email="warwick@x.example",
    )
    forum = BodyFactory(partnership=partnership, name="Forum")
    other = PersonFactory(partnership=partnership, organisation=police, email="forum@x.example")
    MembershipFactory(body=forum, person=other, organisation=police, role="secretariat")
    return {"member@x.example", "warwick@x.example", "forum@x.example"}


def seat_data(person, organisation, role: str = "member") -> dict[str, Any]:
    return {
        "person": person.pk,
        "role": role,
        "organisation": organisation.pk,
        "title": "",
        "start_date": "",
        "end_date": "",
        "notes": "",
    }


def api(client, method: str, path: str, user, data: dict[str, Any]):
    _, token = issue_token(user, "Tests")
    return getattr(client, method)(
        f"{API}{path}",
        data=json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def recipients() -> set[str]:
    return {address.split("<")[-1].rstrip(">") for m in mail.outbox for address in m.to}


def test_every_role_gives_access_to_the_bodys_papers():
    # `sits_on` counts a current membership in any role: if that changes, so may this.
    assert set(MembershipRole.values) == ROLES_WITH_ACCESS


# -- Denials: an organisation editor ----------------------------------------------------


def test_an_editor_cannot_make_themselves_secretariat_on_the_web(
    client, editor, board, council, committed
):
    client.force_login(editor)
    url = reverse("partnership:membership-add", args=[board.slug])

    form = client.get(url)
    with committed():
        response = client.post(url, seat_data(editor.person, council, role="secretariat"))

    assert form.status_code == 403
    assert REFUSAL in form.text
    assert response.status_code == 403
    assert "secretariat of LSP Executive" in response.text
    assert not Membership.objects.filter(person=editor.person).exists()
    assert mail.outbox == []


def test_an_editor_cannot_make_themselves_secretariat_through_the_api(
    client, editor, board, council, committed
):
    seat = {
        "body": board.slug,
        "person_id": editor.person.pk,
        "role": "secretariat",
        "organisation_id": council.pk,
    }

    with committed():
        response = api(client, "post", "/memberships", editor, seat)

    assert response.status_code == 403
    assert REFUSAL in response.json()["detail"]
    assert not Membership.objects.filter(person=editor.person).exists()
    assert mail.outbox == []


def test_an_editor_is_told_who_adds_members_instead_of_an_add_button(client, editor, board):
    client.force_login(editor)

    page = client.get(board.get_absolute_url()).text

    assert reverse("partnership:membership-add", args=[board.slug]) not in page
    assert "added, changed and ended by the partnership" in page


def test_an_editor_cannot_change_or_end_their_organisations_seat(
    client, editor, board, council, secretary, committed
):
    seat = MembershipFactory(body=board, organisation=council, person__organisation=council)
    client.force_login(editor)

    with committed():
        web = client.post(
            reverse("partnership:membership-edit", args=[seat.pk]),
            seat_data(seat.person, council, role="chair"),
        )
        ended = api(client, "patch", f"/memberships/{seat.pk}", editor, {"end_date": "2012-05-01"})
        changed = api(client, "patch", f"/memberships/{seat.pk}", editor, {"role": "chair"})

    assert web.status_code == 403
    assert REFUSAL in web.text
    assert (ended.status_code, changed.status_code) == (403, 403)
    seat.refresh_from_db()
    assert (seat.role, seat.end_date) == ("member", None)
    assert seat.history.count() == 1
    assert mail.outbox == []


def test_the_service_refuses_an_editor_whichever_way_it_is_called(
    editor, board, council, secretary, committed
):
    seat = Membership(body=board, person=editor.person, organisation=council, role="secretariat")

    with committed(), pytest.raises(SeatRefused):
        services.add_membership(editor, seat)

    assert not Membership.objects.filter(person=editor.person).exists()
    assert mail.outbox == []


def test_the_secretariat_of_another_body_cannot_seat_anyone_here(
    client, partnership, board, police, council
):
    forum = BodyFactory(partnership=partnership, name="Forum")
    person = PersonFactory(partnership=partnership, organisation=police)
    MembershipFactory(body=forum, person=person, organisation=police, role="secretariat")
    other_secretary = UserFactory(partnership=partnership, organisation=police, person=person)
    client.force_login(other_secretary)

    response = client.post(
        reverse("partnership:membership-add", args=[board.slug]), seat_data(person, police)
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(body=board).exists()


def test_an_administrator_of_another_partnership_cannot_seat_anyone(
    client, other_partnership, board, council
):
    stranger = UserFactory(role=Role.ADMINISTRATOR, partnership=other_partnership)
    person = PersonFactory(partnership=board.partnership, organisation=council)

    response = api(
        client,
        "post",
        "/memberships",
        stranger,
        {"body": board.slug, "person_id": person.pk, "role": "member"},
    )

    assert response.status_code == 403
    assert REFUSAL not in response.json()["detail"]
    assert not Membership.objects.exists()


# -- Grants: the body's secretariat and the partnership's administrators -----------------


def test_the_secretariat_seats_anyone_and_the_right_people_are_told(
    client,
    secretary,
    administrator,
    editor,
    bystanders,
    board,
    police,
    django_capture_on_commit_callbacks,
):
    commander = PersonFactory(partnership=board.partnership, organisation=police)
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnership:membership-add", args=[board.slug]),
            seat_data(commander, police, role="vice_chair"),
        )

    assert response.status_code == 302
    seat = Membership.objects.get(person=commander)
    assert seat.role == "vice_chair"
    assert seat.history.get().history_user == secretary
    assert recipients() == {"secretary@ealing.example", "admin@ealing.example"}
    assert not recipients() & (bystanders | {"editor@ealing.example"})
    message = mail.outbox[0]
    assert message.subject == f"Seat on LSP Executive added: {commander.name}, vice-chair"
    assert f"{secretary.person.name} added the seat" in message.body  # the person, not "secretary"
    assert reverse("partnership:membership-history", args=[seat.pk]) in message.body


def test_an_administrator_adds_a_seat_through_the_api_and_it_is_emailed(
    client, administrator, secretary, board, police, django_capture_on_commit_callbacks
):
    commander = PersonFactory(partnership=board.partnership, organisation=police)

    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            client,
            "post",
            "/memberships",
            administrator,
            {
                "body": board.slug,
                "person_id": commander.pk,
                "role": "secretariat",
                "organisation_id": police.pk,
            },
        )

    assert response.status_code == 201
    seat = Membership.objects.get(person=commander)
    assert seat.history.get().history_user == administrator
    assert recipients() == {"secretary@ealing.example", "admin@ealing.example"}


def test_the_secretariat_ends_a_seat_and_it_is_emailed(
    client, secretary, administrator, board, police, django_capture_on_commit_callbacks
):
    seat = MembershipFactory(body=board, organisation=police, person__organisation=police)

    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            client, "patch", f"/memberships/{seat.pk}", secretary, {"end_date": "2012-05-01"}
        )

    assert response.status_code == 200
    seat.refresh_from_db()
    assert seat.end_date == datetime.date(2012, 5, 1)
    latest = seat.history.first()
    assert (latest.history_user, latest.history_change_reason) == (secretary, "Membership ended")
    assert [m.subject for m in mail.outbox] == [
        f"Seat on LSP Executive ended: {seat.person.name}, member"
    ] * 2


def test_the_secretariat_changes_a_seat_on_the_web(
    client, secretary, administrator, board, police, django_capture_on_commit_callbacks
):
    seat = MembershipFactory(body=board, organisation=police, person__organisation=police)
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnership:membership-edit", args=[seat.pk]),
            seat_data(seat.person, police, role="chair"),
        )

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == "chair"
    assert seat.history.first().history_user == secretary
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Seat on LSP Executive changed"}
    assert recipients() == {"secretary@ealing.example", "admin@ealing.example"}


def test_a_secretary_without_an_email_is_written_to_at_their_accounts(
    partnership, board, council, administrator
):
    person = PersonFactory(partnership=partnership, organisation=council)
    MembershipFactory(body=board, person=person, organisation=council, role="secretariat")
    UserFactory(person=person, partnership=partnership, email="account@ealing.example")

    assert services.seat_change_recipients(board) == {
        "account@ealing.example": person.name,
        "admin@ealing.example": "admin",
    }


def test_an_administrator_is_named_by_the_person_their_account_is_linked_to(
    partnership, board, administrator
):
    administrator.person = PersonFactory(
        partnership=partnership, given_name="Ann", family_name="Ode"
    )
    administrator.save()

    assert services.seat_change_recipients(board) == {"admin@ealing.example": "Ann Ode"}
