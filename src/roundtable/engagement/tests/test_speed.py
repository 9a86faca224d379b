"""The query counts the speed targets rest on (benchmarks/engagement_*.py time them):
the fatigue check is one query, the dashboard a fixed few, however many rows."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement import queries
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


@pytest.mark.parametrize("n", [2, 20])
def test_fatigue_check_is_one_query(
    board_member, partnership, council, police, django_assert_num_queries, n
):
    stakeholder = StakeholderFactory(partnership=partnership)
    unit = UnitFactory(organisation=council)
    person = PersonFactory(partnership=partnership, organisation=council)
    for i in range(n):
        ContactFactory(
            stakeholder=stakeholder,
            from_organisation=council if i % 2 else police,
            from_unit=unit if i % 2 else None,
            from_person=person if i % 3 else None,
            date=TODAY - datetime.timedelta(days=i % 30),
        )
    # the window's contacts with who made them: one query on the (stakeholder, partnership, date) index
    with django_assert_num_queries(1):
        summary = queries.fatigue_for(
            board_member, stakeholder.pk, on=TODAY, window_days=30, threshold=3
        )
    assert summary.contacts == n
    assert len(summary.lines) == n


@pytest.mark.parametrize("n", [2, 20])
def test_dashboard_costs_the_same_queries_however_many_stakeholders(
    client, board_member, partnership, council, police, django_assert_num_queries, n
):
    manager = PersonFactory(partnership=partnership, organisation=council)
    stakeholders = StakeholderFactory.create_batch(
        n, partnership=partnership, relationship_manager=manager
    )
    for stakeholder in stakeholders:
        for days, organisation in ((0, council), (1, police), (2, council)):
            ContactFactory(
                stakeholder=stakeholder,
                from_organisation=organisation,
                date=TODAY - datetime.timedelta(days=days),
            )
    client.force_login(board_member)
    url = under(partnership, reverse("engagement:dashboard"))
    # partnership (from the address), session, user, settings, the window's
    # contacts (bare ids, no join), the flagged stakeholders' names and managers
    with django_assert_num_queries(6):
        response = client.get(url)
    page = response.content.decode()
    assert all(s.organisation.name in page for s in stakeholders)
    assert all(s.get_absolute_url() in page for s in stakeholders)


def _plan(rows) -> str:
    return rows.explain()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL chooses by its statistics of the tables"
)
def test_sqlite_answers_each_query_from_its_own_index(board_member, partnership):
    """SQLite keeps no statistics (unless ANALYZE is run), so it chooses an index by
    its shape alone: the fatigue check must not fall to the dashboard's index (it
    did, when both began with one equality: 23 ms instead of 1 ms on 200,000 rows)."""
    start, end = datetime.date(2026, 2, 9), TODAY
    fatigue = queries.contacts_of(board_member, partnership.pk).filter(
        stakeholder_id=1, date__gte=start, date__lte=end
    )
    assert "contact_fatigue_window" in _plan(fatigue.values(*queries.LINE_FIELDS))
    window = queries.contacts_of(board_member, partnership.pk).filter(
        date__gte=start, date__lte=end
    )
    assert "contact_partnership_date" in _plan(window.order_by().values_list("stakeholder_id"))
