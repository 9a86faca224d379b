from __future__ import annotations

import pytest
from django.test import RequestFactory

from roundtable.core.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_pages_get_the_gov_uk_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-template" in response.text


def test_a_refused_signed_in_user_gets_the_403_page(client, board_member):
    client.force_login(board_member)
    response = client.get("/partnership/import/?partnership=ealing")
    assert response.status_code == 403
    assert "You do not have permission to do this" in response.text


def test_a_page_of_another_partnership_says_whose_it_is_and_where_to_go(
    client, partnership, other_partnership_officer
):
    client.force_login(other_partnership_officer)
    response = client.get("/ealing/partnership/import/")
    assert response.status_code == 403
    text = response.text
    assert f"This page of {partnership.name} is for its own people." in text
    assert f"Your account is with {other_partnership_officer.partnership.name}." in text
    assert f'href="/{partnership.slug}/">Go to {partnership.name}\'s home page<' in text
    assert "Change partnership</a> to go back to" in text


def test_a_refusal_in_ones_own_partnership_says_to_ask_the_administrator(client, board_member):
    client.force_login(board_member)
    text = client.get("/ealing/partnership/import/").text
    assert "contact your partnership administrator" in text
    assert "is for its own people" not in text


def test_the_500_page_renders_without_the_database_or_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_admin_lists_partnership_and_performance_records(admin_client):
    for url in (
        "/admin/partnership/partnership/",
        "/admin/partnership/body/",
        "/admin/partnership/membership/",
        "/admin/performance/indicator/",
        "/admin/performance/performancesettings/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_the_admin_is_for_superusers_only(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/partnership/partnership/")
    assert response.status_code == 302
