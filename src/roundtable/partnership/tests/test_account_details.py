"""A partnership's administrators change an account's email and names, with the
refusals every account change has, and an email another account uses refused by name."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from roundtable.accounts.choices import Role
from roundtable.core.testing import under
from roundtable.partnership import services
from roundtable.partnership.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/accounts/people/"


def change(actor, account, **details):
    return services.change_account(
        actor,
        account,
        role=account.role,
        organisation=account.organisation,
        person=account.person,
        **details,
    )


@pytest.fixture
def invited(administrator, partnership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account = services.invite_account(
            administrator, partnership, email="old@example.org", role=Role.MEMBER
        )
    mail.outbox.clear()
    return account


def form(account, **changes):
    data = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "organisation": account.organisation_id or "",
        "person": account.person_id or "",
    }
    return {**data, **changes}


def test_an_administrator_changes_an_accounts_email_and_names(administrator, board_member):
    change(
        administrator,
        board_member,
        email=" Julian.Bell@Example.org ",
        first_name=" Julian ",
        last_name="Bell",
    )
    board_member.refresh_from_db()
    assert (board_member.email, board_member.first_name, board_member.last_name) == (
        "julian.bell@example.org",
        "Julian",
        "Bell",
    )
    latest = board_member.history.first()
    assert (latest.email, latest.history_user) == ("julian.bell@example.org", administrator)


def test_an_email_another_account_uses_is_refused_by_name(
    administrator, board_member, other_partnership_officer
):
    other_partnership_officer.email = "taken@example.org"
    other_partnership_officer.username = "signs.in@example.org"
    other_partnership_officer.save()
    before = board_member.history.count()
    for address in ("TAKEN@example.org", "signs.in@example.org"):
        with pytest.raises(ValidationError) as excinfo:
            change(administrator, board_member, email=address, first_name="Changed")
        [message] = excinfo.value.message_dict["email"]
        assert message.startswith("email: another account already uses")
    board_member.refresh_from_db()
    assert board_member.first_name != "Changed"
    assert board_member.history.count() == before


def test_an_account_keeps_its_own_email_in_another_case(administrator, board_member):
    board_member.email = "member@example.org"
    board_member.save()
    change(administrator, board_member, email="Member@Example.org", first_name="M")
    board_member.refresh_from_db()
    assert (board_member.email, board_member.first_name) == ("member@example.org", "M")


def test_an_invited_account_needs_an_email(administrator, invited):
    with pytest.raises(ValidationError) as excinfo:
        change(administrator, invited, email="")
    assert "their invitation is sent there" in excinfo.value.message_dict["email"][0]


@pytest.mark.parametrize("who", ["officer", "board_member", "other_partnership_officer"])
def test_only_the_partnerships_administrators_change_an_email(who, request, invited):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        change(actor, invited, email="new@example.org", first_name="Mallory")
    invited.refresh_from_db()
    assert (invited.email, invited.first_name) == ("old@example.org", "")


def test_a_superuser_or_staff_accounts_email_is_never_changed(administrator, partnership):
    for account in (
        UserFactory(partnership=partnership, is_superuser=True, is_staff=True),
        UserFactory(partnership=partnership, is_staff=True),
    ):
        with pytest.raises(PermissionDenied):
            change(administrator, account, email="mine@example.org")
        account.refresh_from_db()
        assert account.email != "mine@example.org"


def test_a_refused_actor_learns_nothing_of_who_uses_an_email(
    other_partnership_officer, invited, administrator
):
    administrator.email = "admin@example.org"
    administrator.save()
    with pytest.raises(PermissionDenied):
        change(other_partnership_officer, invited, email="admin@example.org")


# -- The page --------------------------------------------------------------------------


def test_the_page_changes_the_names_and_email(client, administrator, partnership, board_member):
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}{board_member.pk}/"),
        form(board_member, first_name="Julian", last_name="Bell", email="jb@example.org"),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(LIST)
    board_member.refresh_from_db()
    assert (board_member.get_full_name(), board_member.email) == ("Julian Bell", "jb@example.org")


def test_the_page_names_an_email_already_used(client, administrator, partnership, board_member):
    administrator.email = "admin@example.org"
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}{board_member.pk}/"),
        form(board_member, email="admin@example.org"),
    )
    assert response.status_code == 400
    assert (
        "Email address: another account already uses admin@example.org; enter a different "
        "email address" in response.text
    )
    # The summary shows the account as stored; the form, what was typed.
    summary = response.text.split('<dl class="govuk-summary-list">')[1].split("</dl>")[0]
    assert "admin@example.org" not in summary
    assert 'value="admin@example.org"' in response.text
    board_member.refresh_from_db()
    assert board_member.email != "admin@example.org"


def test_the_page_refuses_a_malformed_email(client, administrator, partnership, board_member):
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}{board_member.pk}/"), form(board_member, email="not an email")
    )
    assert response.status_code == 400
    assert "Enter an email address in the correct format, like name@example.org" in response.text


def test_an_invited_accounts_new_email_is_offered_the_invitation_again(
    client, administrator, partnership, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(administrator, invited)
    [old] = mail.outbox
    old_link = re.search(r"https?://[^/]+(/\S+)", old.body).group(1)
    client.force_login(administrator)
    response = client.post(
        under(partnership, f"{LIST}{invited.pk}/"),
        form(invited, email="new@example.org"),
        follow=True,
    )
    page = response.text
    assert response.redirect_chain[-1][0].endswith(f"{LIST}{invited.pk}/")
    assert "email changed to new@example.org" in page
    assert "Send the invitation again" in page
    client.post(under(partnership, f"{LIST}{invited.pk}/invitation/"))
    assert mail.outbox[-1].to == ["new@example.org"]
    # The link sent to the old address no longer works.
    client.logout()
    confirm = client.get(old_link, follow=True)
    assert "This link has expired or been used" in confirm.text


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 403), ("board_member", 403), ("other_partnership_officer", 403), (None, 302)],
)
def test_everyone_else_is_refused_a_change_of_email_on_the_page(
    who, status, request, client, partnership, invited
):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(
        under(partnership, f"{LIST}{invited.pk}/"), form(invited, email="mallory@example.org")
    )
    assert response.status_code == status
    invited.refresh_from_db()
    assert invited.email == "old@example.org"
