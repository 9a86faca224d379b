"""Recommendations and the agenda items that took them, linked from either side."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.forms import checkbox_groups
from roundtable.meetings.choices import AgendaStatus
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory
from roundtable.recommendations.tests.factories import RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(partnership):
    body = BodyFactory(partnership=partnership, name="LSP Executive", short_name="LSP")
    meeting = MeetingFactory(
        body=body,
        partnership=partnership,
        start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17)),
        agenda_status=AgendaStatus.PUBLISHED,
    )
    return AgendaItemFactory(meeting=meeting, position=1, title="Commission response")


def recommendation(partnership, *, published: bool):
    review = ReviewFactory(
        partnership=partnership, title=f"Commission {published}", is_published=published
    )
    return RecommendationFactory(review=review, number="4", text="Create a civic fund")


def test_an_administrator_links_a_recommendation_to_the_agenda_item_that_took_it(
    client, administrator, partnership, item
):
    rec = recommendation(partnership, published=True)
    client.force_login(administrator)
    url = reverse("recommendations:links-edit", args=[rec.pk])
    # The items come by meeting, a details component each, newest meeting first.
    [group] = checkbox_groups(client.get(url).context["form"]["agenda_items"])
    assert group.name == "LSP Executive, 16 January 2012"
    assert [option["label"] for option in group.options] == ["Commission response"]
    assert client.post(url, {"agenda_items": [item.pk]}).status_code == 302
    assert client.get(url).context["form"].initial["agenda_items"] == [item.pk]
    client.logout()
    page = client.get(rec.get_absolute_url()).text
    assert "LSP Executive, 16 January 2012: item 1, Commission response" in page
    meeting_page = client.get(item.meeting.get_absolute_url()).text
    assert "Recommendation: 4. Create a civic fund" in meeting_page
    client.force_login(administrator)
    client.post(url, {"csrfmiddlewaretoken": "as a browser sends it"})
    assert not item.links.exists()


def test_the_public_never_sees_a_link_to_an_unpublished_reviews_recommendation(
    client, administrator, board_member, partnership, item
):
    from roundtable.meetings import services

    rec = recommendation(partnership, published=False)
    services.link_record(administrator, item, rec)
    assert "Create a civic fund" not in client.get(item.meeting.get_absolute_url()).text
    client.force_login(board_member)
    assert "Create a civic fund" in client.get(item.meeting.get_absolute_url()).text


def test_only_administrators_link_recommendations_to_meetings(client, officer, partnership, item):
    rec = recommendation(partnership, published=True)
    client.force_login(officer)
    url = reverse("recommendations:links-edit", args=[rec.pk])
    assert client.post(url, {"agenda_items": [item.pk]}).status_code == 403
    assert not item.links.exists()
