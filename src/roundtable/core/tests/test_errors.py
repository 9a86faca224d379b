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
