"""Which partnership a visitor looked at last is remembered without writing to the
database (a plain cookie, for everyone); it decides where `/` and old addresses go.
What an address shows is the address's (test_addresses.py)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from roundtable.partnership.middleware import COOKIE_NAME

pytestmark = pytest.mark.django_db

PAGES = (
    "/",
    "/partnership/organisations/",
    "/partnership/bodies/",
    "/partnership/people/",
    "/strategy/",
    "/performance/",
    "/meetings/",
    "/search/?q=council",
)


def test_anonymous_browsing_with_a_partnership_writes_no_session(
    client, partnership, other_partnership
):
    for slug in ("ealing", "warwick"):
        for page in PAGES:
            separator = "&" if "?" in page else "?"
            response = client.get(f"{page}{separator}partnership={slug}")
            assert response.status_code == 200, page
        client.get(f"/partnership/partnerships/{slug}/")
    assert Session.objects.count() == 0


def test_an_anonymous_choice_is_remembered_in_a_plain_cookie(
    client, partnership, other_partnership
):
    response = client.get("/", {"partnership": "warwick"})
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "warwick"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert client.get("/partnership/bodies/").wsgi_request.partnership == other_partnership


def test_choosing_a_partnership_from_its_page_is_remembered_for_anonymous_visitors(
    client, partnership, other_partnership
):
    client.get("/partnership/partnerships/warwick/", follow=True)
    # `/` leads to Warwick's home (which may be a kept page, made without a query).
    assert client.get("/").wsgi_request.path == f"/{other_partnership.slug}/"
    assert Session.objects.count() == 0


def test_a_repeated_choice_sets_no_new_cookie(client, partnership):
    client.get("/", {"partnership": "ealing"})
    assert COOKIE_NAME not in client.get("/", {"partnership": "ealing"}).cookies


def test_an_unknown_slug_in_the_cookie_falls_back_to_the_first_partnership(
    client, partnership, other_partnership
):
    client.cookies[COOKIE_NAME] = "no-such-partnership"
    assert client.get("/").wsgi_request.partnership == partnership


def test_a_signed_in_users_choice_is_kept_in_the_same_cookie_not_the_session(
    client, partnership, other_partnership, officer
):
    client.force_login(officer)
    session = Session.objects.get()
    response = client.get("/", {"partnership": "warwick"})
    assert response.cookies[COOKIE_NAME].value == "warwick"
    assert Session.objects.get().session_data == session.session_data
    assert client.get("/").wsgi_request.partnership == other_partnership
