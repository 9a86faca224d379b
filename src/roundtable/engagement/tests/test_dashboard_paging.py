"""The most-contacted dashboard, a page at a time (issue 13, item 3)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement import views
from roundtable.engagement.tests.factories import (
    ContactFactory,
    EngagementSettingsFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


def _flagged(partnership, council, n):
    """`n` stakeholders over a threshold of one contact; the first most contacted."""
    EngagementSettingsFactory(partnership=partnership, fatigue_threshold=1)
    for i in range(n):
        stakeholder = StakeholderFactory(
            partnership=partnership, organisation__name=f"Stakeholder {i:03d}"
        )
        for _ in range(2 if i == 0 else 1):
            ContactFactory(stakeholder=stakeholder, from_organisation=council, date=TODAY)


def test_the_dashboard_shows_fifty_a_page(client, board_member, partnership, council):
    _flagged(partnership, council, 53)
    client.force_login(board_member)
    first = client.get(reverse("engagement:dashboard")).content.decode()
    assert "Showing 1 to 50 of 53 stakeholders" in first
    assert "Page 1 of 2" in first
    assert "Stakeholder 000" in first
    assert "Stakeholder 052" not in first
    assert 'class="govuk-pagination"' in first
    second = client.get(reverse("engagement:dashboard"), {"page": 2}).content.decode()
    assert "Stakeholder 052" in second
    assert "Stakeholder 000" not in second
    assert "Page 2 of 2" in second


def test_one_page_has_no_pagination(client, board_member, partnership, council):
    _flagged(partnership, council, 3)
    client.force_login(board_member)
    page = client.get(reverse("engagement:dashboard")).content.decode()
    assert "Stakeholder 002" in page
    assert 'class="govuk-pagination"' not in page


def test_the_public_gets_no_dashboard(client, partnership, council):
    _flagged(partnership, council, 3)
    response = client.get(under(partnership, reverse("engagement:dashboard")))
    assert response.status_code in (302, 403, 404)
    assert b"Stakeholder 000" not in response.content


@pytest.mark.parametrize("n", [2, 20])
def test_the_dashboard_costs_the_same_queries_however_many_pages(
    client, board_member, partnership, council, django_assert_num_queries, monkeypatch, n
):
    monkeypatch.setattr(views, "DASHBOARD_PAGE", 5)
    _flagged(partnership, council, n)
    client.force_login(board_member)
    url = under(partnership, reverse("engagement:dashboard"))
    client.get(url)
    # partnership (from the address), session, user, settings, the window's
    # contacts as ids, the flagged stakeholders' names and managers
    with django_assert_num_queries(6):
        response = client.get(url, {"page": 2 if n > 5 else 1})
    assert response.status_code == 200
