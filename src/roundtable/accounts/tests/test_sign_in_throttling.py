"""Password guessing is throttled per account and per address (django-axes).

The demo settings allow 10 wrong passwords (ROUNDTABLE_LOGIN_FAILURE_LIMIT),
then refuse every sign-in, even with the right password, for 15 minutes
(ROUNDTABLE_LOGIN_COOLOFF_MINUTES).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"  # the password UserFactory gives


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def is_signed_in(client) -> bool:
    return client.get(reverse("account")).status_code == 200


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, administrator):
    for attempt in range(30):
        sign_in(client, "admin", f"guess-{attempt}")
    response = sign_in(client, "admin", RIGHT)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_lockout_page_says_so_and_for_how_long(client, administrator):
    for attempt in range(10):
        sign_in(client, "admin", f"guess-{attempt}")
    response = sign_in(client, "admin", RIGHT)
    assert response.status_code == 429
    assert "You cannot sign in for 15 minutes" in response.text
    assert "Wait 15 minutes, then try again" in response.text


def test_fewer_wrong_passwords_than_the_limit_still_sign_in(client, administrator):
    for attempt in range(9):
        sign_in(client, "admin", f"guess-{attempt}")
    assert sign_in(client, "admin", RIGHT).status_code == 302
    assert is_signed_in(client)


def test_a_locked_account_is_locked_from_every_address(client, administrator):
    for attempt in range(10):
        sign_in(client, "admin", f"guess-{attempt}", address=f"198.51.100.{attempt}")
    assert sign_in(client, "admin", RIGHT, address="192.0.2.1").status_code == 429
    assert not is_signed_in(client)


def test_an_address_guessing_many_accounts_is_locked_out(client, administrator):
    for attempt in range(10):
        sign_in(client, f"someone-{attempt}", "guess", address="203.0.113.9")
    assert sign_in(client, "admin", RIGHT, address="203.0.113.9").status_code == 429
    assert not is_signed_in(client)
    # The account itself is not locked: from elsewhere its owner signs in.
    assert sign_in(client, "admin", RIGHT, address="192.0.2.1").status_code == 302


def test_the_lock_lifts_after_the_wait(client, administrator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(10):
            sign_in(client, "admin", f"guess-{attempt}")
        assert sign_in(client, "admin", RIGHT).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert sign_in(client, "admin", RIGHT).status_code == 302


def test_the_admin_site_sign_in_is_throttled_too(client, administrator):
    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save()
    for attempt in range(10):
        client.post("/admin/login/", {"username": "admin", "password": f"guess-{attempt}"})
    response = client.post("/admin/login/", {"username": "admin", "password": RIGHT})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_limit_and_the_wait_come_from_the_environment():
    env = {
        **os.environ,
        "ROUNDTABLE_LOGIN_FAILURE_LIMIT": "3",
        "ROUNDTABLE_LOGIN_COOLOFF_MINUTES": "60",
    }
    shown = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "roundtable.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["3", "1:00:00"]


def test_wrong_current_passwords_on_the_change_form_count_towards_the_lockout(
    client, administrator
):
    """A borrowed session must not be a way to try passwords without limit."""
    client.force_login(administrator)
    for attempt in range(10):
        response = client.post(
            reverse("password_change"),
            {"old_password": f"guess-{attempt}", "new_password1": "x", "new_password2": "x"},
            REMOTE_ADDR="203.0.113.7",
        )
        if attempt == 0:
            assert "Your current password is not right" in response.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": RIGHT,
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    administrator.refresh_from_db()
    assert administrator.check_password(RIGHT)
    # and the sign-in page, from anywhere, is locked for the account too
    assert sign_in(type(client)(), "admin", RIGHT, address="198.51.100.9").status_code == 429
