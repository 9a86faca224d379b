"""An action owned by a person with no organisation shows like any other (issue #10,
fault 16): the meeting page and the item's minutes page used to answer 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roundtable.meetings import services
from roundtable.meetings.choices import AgendaStatus
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, agenda_status=AgendaStatus.PUBLISHED)


@pytest.fixture
def published(meeting):
    return AgendaItemFactory(meeting=meeting, position=1, title="Performance report")


@pytest.fixture
def action_of_a_person_without_organisation(secretary, board, published):
    person = PersonFactory(partnership=board.partnership, organisation=None)
    services.add_action(
        secretary, board, item=published, description="Write to the minister", owner_person=person
    )
    return person


def test_the_meeting_page_shows_the_action_and_its_owner(
    client,
    secretary,
    meeting,
    action_of_a_person_without_organisation,
):
    client.force_login(secretary)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Write to the minister" in response.text
    assert action_of_a_person_without_organisation.name in response.text


def test_the_item_minutes_page_shows_the_action(
    client,
    secretary,
    published,
    action_of_a_person_without_organisation,
):
    client.force_login(secretary)
    response = client.get(reverse("meetings:item-minutes", args=[published.pk]))
    assert response.status_code == 200
    assert "Write to the minister" in response.text
