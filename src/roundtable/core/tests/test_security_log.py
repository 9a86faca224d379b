"""Failed sign-ins and refusals go to the roundtable.security log with user, address, path."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from roundtable.accounts.tokens import issue_token
from roundtable.core.security import client_address

pytestmark = pytest.mark.django_db


def security_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "roundtable.security"]


def test_a_failed_sign_in_is_logged_with_username_address_and_path(client, administrator, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    client.post(
        reverse("login"), {"username": "admin", "password": "wrong"}, REMOTE_ADDR="203.0.113.5"
    )
    [record] = security_records(caplog)
    assert (record.user, record.address, record.path) == (
        "admin",
        "203.0.113.5",
        "/accounts/sign-in/",
    )
    assert record.levelno == logging.WARNING
    assert "wrong" not in record.getMessage()


def test_a_successful_sign_in_logs_nothing(client, administrator, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    client.post(reverse("login"), {"username": "admin", "password": "correct-horse-battery"})
    assert security_records(caplog) == []


def test_a_refused_page_is_logged_with_the_user(client, officer, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    client.force_login(officer)
    response = client.get(reverse("partnership:body-add"), REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 403
    [record] = security_records(caplog)
    assert (record.user, record.address, record.path) == (
        "officer",
        "198.51.100.2",
        "/ealing/partnership/bodies/add/",
    )
    assert "403" in record.getMessage()


def test_an_api_write_refused_to_a_token_is_logged_with_its_user(client, officer, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    _, token = issue_token(officer, "Feed")
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"partnership": "ealing", "name": "Not allowed", "sector": "public"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    [record] = security_records(caplog)
    assert (record.user, record.path) == ("officer", "/api/v1/organisations")


def test_an_api_write_without_a_token_is_logged_as_anonymous(client, partnership, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"partnership": "ealing", "name": "Not allowed", "sector": "public"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    [record] = security_records(caplog)
    assert record.user == "anonymous"


def test_a_lockout_is_logged(client, administrator, caplog):
    for attempt in range(10):
        client.post(reverse("login"), {"username": "admin", "password": f"guess-{attempt}"})
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    client.post(reverse("login"), {"username": "admin", "password": "correct-horse-battery"})
    messages = [r.getMessage() for r in security_records(caplog)]
    assert any("429 locked out" in m for m in messages), messages


def test_a_public_page_logs_nothing(client, partnership, caplog):
    caplog.set_level(logging.WARNING, logger="roundtable.security")
    client.get("/")
    assert security_records(caplog) == []


def test_the_address_is_the_connections_own_without_a_proxy(settings):
    settings.BEHIND_TLS_PROXY = False
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert client_address(request) == "192.0.2.10"


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.BEHIND_TLS_PROXY = True
    # The client sent "1.2.3.4" itself; the proxy appended the real address last.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.99"
    )
    assert client_address(request) == "203.0.113.99"
