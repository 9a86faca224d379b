"""The meetings list, with nothing to come, says where its meetings are scheduled, to
those who schedule them: a new partnership's administrator found no way from it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(partnership):
    return (
        BodyFactory(partnership=partnership, name="Hounslow Together Board", slug="htb"),
        BodyFactory(partnership=partnership, name="Safer Hounslow", slug="safer"),
    )


def listed(client, partnership) -> str:
    return client.get(under(partnership, reverse("meetings:meeting-list"))).text


def test_an_administrator_is_offered_each_body_to_schedule_a_meeting_of(
    client, partnership, administrator, bodies
):
    client.force_login(administrator)
    page = listed(client, partnership)
    assert "No meetings are scheduled." in page
    assert "Schedule a meeting of:" in page
    for body in bodies:
        assert f'href="/ealing/meetings/bodies/{body.slug}/schedule/">{body.name}' in page


def test_a_secretariat_is_offered_its_own_body_only(client, partnership, bodies):
    person = PersonFactory(partnership=partnership)
    MembershipFactory(body=bodies[1], person=person, role=MembershipRole.SECRETARIAT)
    secretary = UserFactory(partnership=partnership, person=person)
    client.force_login(secretary)
    page = listed(client, partnership)
    assert 'href="/ealing/meetings/bodies/safer/schedule/"' in page
    assert "/meetings/bodies/htb/schedule/" not in page


def test_nobody_else_is_offered_it(client, partnership, board_member, bodies):
    assert "Schedule a meeting of:" not in listed(client, partnership)
    client.force_login(board_member)
    assert "Schedule a meeting of:" not in listed(client, partnership)


def test_with_meetings_to_come_the_list_is_as_it_was(client, partnership, administrator, bodies):
    MeetingFactory(body=bodies[0], start=timezone.now() + datetime.timedelta(days=7))
    client.force_login(administrator)
    assert "Schedule a meeting of:" not in listed(client, partnership)


def test_with_no_body_at_all_an_administrator_is_told_to_add_one_first(
    client, partnership, administrator, board_member
):
    client.force_login(administrator)
    page = listed(client, partnership)
    assert 'href="/ealing/partnership/bodies/add/">Add a board or group</a> first' in page
    client.force_login(board_member)
    assert "Add a board or group" not in listed(client, partnership)
