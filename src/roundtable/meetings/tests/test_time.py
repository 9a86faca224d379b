"""Meetings move with time (#11): a meeting is "held" once it has ended unless it was
cancelled, and "upcoming" means still to come today, on every page and in the API."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from roundtable.meetings import services
from roundtable.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

WEEK_BEFORE = datetime.datetime(2012, 1, 9, 12, 0, tzinfo=datetime.UTC)
DURING = datetime.datetime(2012, 1, 16, 17, 30, tzinfo=datetime.UTC)
TODAY = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def meeting(board):
    start = timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0))
    return MeetingFactory(body=board, start=start, end=start + datetime.timedelta(minutes=90))


def _sections(text: str) -> tuple[str, str]:
    """(the upcoming part of a meetings page, the past part)."""
    upcoming, _, past = text.partition("Past meetings")
    return upcoming, past


@pytest.mark.parametrize("url", ["list", "body"])
def test_a_meeting_is_upcoming_and_scheduled_until_it_ends_then_past_and_held(
    session, meeting, board, url
):
    address = (
        reverse("meetings:meeting-list")
        if url == "list"
        else reverse("meetings:body-meetings", args=[board.slug])
    )
    link = meeting.get_absolute_url()
    for now in (WEEK_BEFORE, DURING):
        with time_machine.travel(now, tick=False):
            upcoming, past = _sections(session.get(address).text)
        assert link in upcoming
        assert link not in past
        assert "Scheduled" in upcoming
        assert "Held" not in upcoming

    with time_machine.travel(TODAY, tick=False):
        upcoming, past = _sections(session.get(address).text)
    assert link not in upcoming
    assert "No meetings are scheduled." in upcoming
    assert link in past
    assert ">Held<" in past


def test_a_cancelled_meeting_in_the_past_stays_cancelled(session, meeting, secretary):
    services.cancel_meeting(secretary, meeting, "Not quorate")
    with time_machine.travel(TODAY, tick=False):
        page = session.get(meeting.get_absolute_url()).text
        listed = session.get(reverse("meetings:meeting-list")).text
    assert ">Cancelled<" in page
    assert ">Held<" not in page
    assert ">Held<" not in listed


def test_the_meeting_page_says_held_after_the_meeting(session, meeting):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        before = session.get(meeting.get_absolute_url()).text
    with time_machine.travel(TODAY, tick=False):
        after = session.get(meeting.get_absolute_url()).text
    assert ">Held<" not in before
    assert ">Held<" in after


def test_the_body_page_shows_only_meetings_still_to_come(session, meeting, board):
    later = MeetingFactory(body=board, start=meeting.start + datetime.timedelta(days=91))
    with time_machine.travel(WEEK_BEFORE, tick=False):
        before = session.get(board.get_absolute_url()).text
    with time_machine.travel(meeting.end + datetime.timedelta(days=1), tick=False):
        after = session.get(board.get_absolute_url()).text
    assert f'href="{meeting.get_absolute_url()}"' in before
    assert f'href="{meeting.get_absolute_url()}"' not in after
    assert f'href="{later.get_absolute_url()}"' in after


def test_the_api_status_is_held_after_the_meeting_and_filters_by_it(client, meeting, board):
    future = MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2027, 1, 18, 17))
    )
    cancelled = MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2011, 7, 25, 17))
    )
    services.cancel_meeting(None, cancelled, "Not quorate")

    with time_machine.travel(TODAY, tick=False):
        listed = client.get("/api/v1/meetings", {"body": board.slug}).json()["items"]
        by_status = {
            status: [
                m["id"]
                for m in client.get(
                    "/api/v1/meetings", {"body": board.slug, "status": status}
                ).json()["items"]
            ]
            for status in ("scheduled", "held", "cancelled")
        }
        wrong = client.get("/api/v1/meetings", {"status": "moved"})

    assert {m["id"]: m["status"] for m in listed} == {
        cancelled.pk: "cancelled",
        meeting.pk: "held",
        future.pk: "scheduled",
    }
    assert by_status == {
        "scheduled": [future.pk],
        "held": [meeting.pk],
        "cancelled": [cancelled.pk],
    }
    assert wrong.status_code == 422

    with time_machine.travel(WEEK_BEFORE, tick=False):
        (before,) = [
            m for m in client.get("/api/v1/meetings").json()["items"] if m["id"] == meeting.pk
        ]
    assert before["status"] == "scheduled"
