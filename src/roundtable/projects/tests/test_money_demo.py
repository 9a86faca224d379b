"""Ealing's demo money: the Southall Charter bid, decided at the board of 24 October 2011."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory
from roundtable.projects.demo_money import load_demo_money
from roundtable.projects.models import Project
from roundtable.projects.models_money import Funding
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_meeting(partnership):
    start = timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0))
    return MeetingFactory(
        body=BodyFactory(partnership=partnership, name="LSP Executive Board"),
        start=start,
        end=start + datetime.timedelta(minutes=100),
    )


def test_the_southall_bid_is_loaded_with_the_boards_decision_once(
    partnership, council, board_meeting
):
    assert load_demo_money(partnership)
    history = Funding.history.count()
    assert load_demo_money(partnership) == []
    funding = Funding.objects.get()
    assert Funding.history.count() == history
    assert funding.project.title == "Southall"
    assert funding.amount == Decimal("50000.00")
    assert (funding.source, funding.kind, funding.status) == ("reward_grant", "bid", "awarded")
    assert funding.meeting == board_meeting
    assert funding.decided_on == datetime.date(2011, 10, 24)
    assert "apportioned differently" in funding.notes
    assert "Andy Roper" in funding.notes


def test_the_bid_joins_the_southall_project_another_loader_made(partnership, council):
    made = ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)
    load_demo_money(partnership)
    assert Project.objects.get() == made
    assert Funding.objects.get().project == made
    assert Funding.objects.get().meeting is None  # no board meeting in this demo


def test_other_partnerships_get_no_southall_bid(other_partnership):
    assert load_demo_money(other_partnership) == []
    assert not Funding.objects.exists()
