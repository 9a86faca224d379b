from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from roundtable.accounts.models import ApiToken
from roundtable.accounts.tokens import issue_token, revoke_token, user_for_token

pytestmark = pytest.mark.django_db


def test_sign_in_with_a_wrong_password_says_so_without_saying_which(client, administrator):
    response = client.post(reverse("login"), {"username": "admin", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert "There is a problem" in response.text


def test_sign_in_with_empty_fields_names_each_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "Enter your username" in response.text
    assert "Enter your password" in response.text


def test_sign_in_and_out(client, administrator):
    response = client.post(
        reverse("login"), {"username": "admin", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("account")).status_code == 302


def test_password_reset_sends_a_working_link_by_email(client, administrator):
    administrator.email = "admin@example.org"
    administrator.save()
    client.post(reverse("password_reset"), {"email": "admin@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", mail.outbox[0].body)
    confirm = client.get(link.group(1), follow=True)
    assert "Choose a new password" in confirm.text
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    signed_in = client.post(
        reverse("login"), {"username": "admin", "password": "a-much-better-passphrase"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("account")).status_code == 200


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.text
    assert mail.outbox == []


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, officer):
    client.force_login(officer)
    response = client.post(reverse("account-token-create"), {"name": "Data feed"})
    token = re.search(r'<code id="token">(rt_[^<]+)</code>', response.text).group(1)
    record = ApiToken.objects.get()
    assert token not in record.key_hash
    assert user_for_token(token) == officer
    assert token not in client.get(reverse("account")).text


def test_a_token_needs_a_name(client, officer):
    client.force_login(officer)
    response = client.post(reverse("account-token-create"), {"name": ""})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.text


def test_a_revoked_token_stops_working(officer):
    record, token = issue_token(officer, "Feed")
    revoke_token(record)
    assert user_for_token(token) is None


def test_a_token_of_a_deactivated_account_stops_working(officer):
    _, token = issue_token(officer, "Feed")
    officer.is_active = False
    officer.save()
    assert user_for_token(token) is None


def test_nobody_can_revoke_another_users_token(client, officer, administrator):
    record, token = issue_token(administrator, "Admin feed")
    client.force_login(officer)
    response = client.post(reverse("account-token-revoke", args=[record.pk]))
    assert response.status_code == 404
    assert user_for_token(token) == administrator


def test_the_account_page_needs_a_signed_in_user(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_editor_account_must_belong_to_its_organisations_partnership(officer, other_partnership):
    from django.core.exceptions import ValidationError

    officer.partnership = other_partnership
    with pytest.raises(ValidationError, match="organisation of the account's partnership"):
        officer.full_clean()


def test_an_editor_account_takes_its_organisations_partnership(council):
    from roundtable.accounts.models import User

    user = User(username="new-editor", role="editor", organisation=council)
    user.set_password("a-long-enough-passphrase")
    user.full_clean()
    assert user.partnership_id == council.partnership_id


def test_a_signed_in_user_changes_their_password_knowing_the_current_one(client, administrator):
    other_device = type(client)()
    other_device.force_login(administrator)
    client.post(reverse("login"), {"username": "admin", "password": "correct-horse-battery"})
    assert (
        'href="/accounts/password-change/">Change your password</a>'
        in client.get(reverse("account")).text
    )

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
        follow=True,
    )

    assert "Your password has been changed" in response.text
    assert client.get(reverse("account")).status_code == 200  # still signed in here
    assert other_device.get(reverse("account")).status_code == 302  # signed out there
    client.post(reverse("logout"))
    assert (
        client.post(
            reverse("login"), {"username": "admin", "password": "a-much-better-passphrase"}
        ).status_code
        == 302
    )


def test_a_password_change_names_each_problem_and_changes_nothing(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-much-better", "new_password2": "different"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Your current password is not right. Enter it again." in response.text
    assert "The two new passwords do not match" in response.text
    administrator.refresh_from_db()
    assert administrator.check_password("correct-horse-battery")
    empty = client.post(reverse("password_change"), {}).text
    assert "Enter your current password" in empty
    assert "Enter a new password" in empty


def test_changing_a_password_needs_a_signed_in_user(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_an_account_is_named_by_its_person_else_its_name_else_its_username(officer, council):
    """Action updates named the account ("Demo Board member") rather than the person
    it is linked to ("Cllr Julian Bell")."""
    from roundtable.partnership.tests.factories import PersonFactory

    assert officer.display_name == "officer"
    officer.first_name, officer.last_name = "Demo", "Officer"
    assert officer.display_name == "Demo Officer"
    officer.person = PersonFactory(
        partnership=council.partnership, honorific="Cllr", given_name="Julian", family_name="Bell"
    )
    assert officer.display_name == "Cllr Julian Bell"
