"""An account's history: the Accounts services record who invited, changed,
deactivated or reactivated it, and its History tab shows that to those who may
manage the account only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.accounts.models import INVITATION_ACCEPTED
from roundtable.core.testing import under
from roundtable.partnership import services
from roundtable.partnership.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/accounts/people/"


@pytest.fixture
def invited(administrator, partnership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_account(
            administrator, partnership, email="new.person@example.org", role=Role.MEMBER
        )


def test_each_change_is_recorded_with_who_made_it(administrator, invited, council):
    services.change_account(
        administrator, invited, role=Role.EDITOR, organisation=council, person=None
    )
    services.set_account_active(administrator, invited, False)
    services.set_account_active(administrator, invited, True)
    services.resend_invitation(administrator, invited)
    rows = list(invited.history.order_by("history_id"))
    assert [(r.history_type, r.history_change_reason or "") for r in rows] == [
        ("+", services.INVITED),
        ("~", ""),
        ("~", ""),
        ("~", ""),
        ("~", services.INVITED_AGAIN),
    ]
    assert {r.history_user for r in rows} == {administrator}
    assert (rows[1].role, rows[1].organisation_id) == (Role.EDITOR, council.pk)
    assert [r.is_active for r in rows[2:4]] == [False, True]


def test_a_refused_change_is_not_recorded(administrator):
    before = administrator.history.count()
    with pytest.raises(ValidationError, match="cannot change your own role"):
        services.change_account(
            administrator, administrator, role=Role.MEMBER, organisation=None, person=None
        )
    assert administrator.history.count() == before


def test_the_invited_owner_choosing_a_password_is_recorded(client, invited):
    before = invited.history.count()
    [message] = mail.outbox
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    confirm = client.get(link, follow=True)
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert response.status_code == 302
    assert invited.history.count() == before + 1
    latest = invited.history.first()
    assert (latest.history_change_reason, latest.history_user) == (INVITATION_ACCEPTED, invited)
    # Signing in afterwards writes nothing.
    client.post(
        reverse("login"), {"username": invited.username, "password": "a-much-better-passphrase"}
    )
    assert invited.history.count() == before + 1


def test_the_history_tab_shows_who_changed_what(client, administrator, partnership, invited):
    services.change_account(
        administrator, invited, role=Role.ADMINISTRATOR, organisation=None, person=None
    )
    services.resend_invitation(administrator, invited)
    client.force_login(administrator)
    detail = client.get(under(partnership, f"{LIST}{invited.pk}/")).text
    assert f'href="/ealing{LIST}{invited.pk}/history/"' in detail
    page = client.get(under(partnership, f"{LIST}{invited.pk}/history/")).text
    assert "Board member" in page
    assert "Partnership administrator" in page
    assert "Reason: Invitation sent again" in page
    assert "Reason: Invited by email" in page
    assert "Saved with no change" not in page
    assert f"by {administrator.display_name}" in page


def test_a_site_administrator_sees_any_accounts_history(client, superuser, invited, partnership):
    client.force_login(superuser)
    assert client.get(under(partnership, f"{LIST}{invited.pk}/history/")).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_partnership_officer", 403),  # another partnership's administrator
        ("officer", 403),  # an organisation editor of the same partnership
        ("board_member", 403),
        (None, 302),
    ],
)
def test_everyone_else_is_refused_an_accounts_history(
    who, status, request, client, partnership, other_partnership, invited
):
    if who:
        client.force_login(request.getfixturevalue(who))
    for where in (partnership, other_partnership):
        response = client.get(under(where, f"{LIST}{invited.pk}/history/"))
        assert response.status_code == status
        assert "new.person@example.org" not in response.text


def test_an_administrator_is_refused_a_superusers_history(client, administrator, partnership):
    superuser = UserFactory(partnership=partnership, is_superuser=True, is_staff=True)
    client.force_login(administrator)
    assert client.get(under(partnership, f"{LIST}{superuser.pk}/history/")).status_code == 403
