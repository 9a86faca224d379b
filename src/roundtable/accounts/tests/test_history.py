"""An account's history: what it records (never the password hash or the last
sign-in), and the saves that write no entry (a sign-in, a new password)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.core.records import save_with_history

pytestmark = pytest.mark.django_db


def test_the_history_leaves_out_the_password_hash_and_the_last_sign_in():
    recorded = {f.name for f in User.history.model._meta.get_fields()}
    assert {"role", "organisation", "person", "is_active", "email", "first_name"} <= recorded
    assert {"password", "last_login"}.isdisjoint(recorded)


def test_signing_in_writes_no_history_entry(client, administrator):
    before = administrator.history.count()
    response = client.post(
        reverse("login"), {"username": "admin", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.last_login is not None
    assert administrator.history.count() == before


def test_changing_ones_password_writes_no_history_entry(client, administrator):
    before = administrator.history.count()
    client.force_login(administrator)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
    )
    assert response.status_code == 302
    assert administrator.history.count() == before


def test_a_save_that_changes_a_recorded_field_names_the_actor(administrator, board_member):
    board_member.first_name = "Julian"
    save_with_history(board_member, administrator)
    latest = board_member.history.first()
    assert (latest.history_type, latest.first_name, latest.history_user) == (
        "~",
        "Julian",
        administrator,
    )
    before = board_member.history.count()
    save_with_history(board_member, administrator)  # nothing changed
    board_member.save(update_fields=["last_login"])
    assert board_member.history.count() == before
