"""iCalendar feeds: parsed back with the `icalendar` package, as a subscriber's program would."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import build_agenda
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def london(*args: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), LONDON)


def feed(client, path="/meetings/bodies/lsp-executive/calendar.ics", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_winter_meeting_is_at_its_local_time_in_gmt(client, board):
    winter = build_agenda(board, start=london(2012, 1, 16, 17, 0))

    response, calendar = feed(client)

    event = events(calendar)[str(winter.uid)]
    assert b"DTSTART;TZID=Europe/London:20120116T170000" in response.content
    assert event.decoded("dtstart") == london(2012, 1, 16, 17, 0)
    assert event.decoded("dtstart").astimezone(UTC).hour == 17
    assert event.decoded("dtend") == london(2012, 1, 16, 19, 0)


def test_a_summer_meeting_is_at_its_local_time_in_bst(client, board):
    summer = MeetingFactory(body=board, start=london(2012, 7, 16, 17, 0), end=None)

    response, calendar = feed(client)

    event = events(calendar)[str(summer.uid)]
    assert b"DTSTART;TZID=Europe/London:20120716T170000" in response.content
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2012, 7, 16, 16, 0, tzinfo=UTC
    )
    assert "DTEND" not in event


def test_the_feed_carries_a_london_timezone_with_both_clock_changes(client, board):
    MeetingFactory(body=board)

    _, calendar = feed(client)

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "Europe/London"
    tz = vtimezone.to_tz()
    assert datetime.datetime(2012, 7, 16, 17, 0, tzinfo=tz).utcoffset() == datetime.timedelta(
        hours=1
    )
    assert datetime.datetime(2012, 1, 16, 17, 0, tzinfo=tz).utcoffset() == datetime.timedelta(0)
    assert datetime.datetime(2030, 10, 26, 12, 0, tzinfo=tz).utcoffset() == datetime.timedelta(
        hours=1
    )
    assert datetime.datetime(2030, 10, 28, 12, 0, tzinfo=tz).utcoffset() == datetime.timedelta(0)


def test_each_event_has_the_fields_a_calendar_program_needs(client, board):
    meeting = build_agenda(board)

    _, calendar = feed(client)

    event = events(calendar)[str(meeting.uid)]
    assert str(event["status"]) == "CONFIRMED"
    assert event["sequence"] == 0
    assert event.decoded("dtstamp").tzinfo is not None
    assert str(event["summary"]) == "LSP Executive, 16 January 2012"  # as its page is titled
    assert str(event["location"]) == "Perceval House, Room 5.12"
    assert str(event["url"]) == f"http://testserver/ealing/meetings/{meeting.pk}/"
    assert str(calendar["x-wr-calname"]) == "LSP Executive"


def test_the_description_lists_open_items_only_even_for_members(client, board, member):
    meeting = build_agenda(board)
    client.force_login(member)

    response, calendar = feed(client)

    description = str(events(calendar)[str(meeting.uid)]["description"])
    assert "2. Quarterly performance report" in description
    assert "4a. Ward panels" in description
    assert "Estates disposal" not in response.content.decode()
    assert "Informant" not in response.content.decode()


def test_a_draft_agenda_is_not_described(client, board):
    draft = MeetingFactory(body=board)
    AgendaItemFactory(meeting=draft, title="Draft thoughts")

    response, _ = feed(client)

    assert b"Draft thoughts" not in response.content


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, board):
    meeting = MeetingFactory(body=board)
    services.cancel_meeting(None, meeting, "Not enough partners could attend")

    _, calendar = feed(client)

    event = events(calendar)[str(meeting.uid)]
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1
    assert str(event["summary"]).startswith("Cancelled: ")
    assert "Not enough partners could attend" in str(event["description"])


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(client, board):
    meeting = MeetingFactory(body=board, start=london(2012, 3, 19, 17, 0), end=None)
    uid = str(meeting.uid)
    services.move_meeting(
        None,
        meeting,
        start=london(2012, 4, 2, 17, 0),
        end=london(2012, 4, 2, 18, 30),
        venue="Town Hall",
        reason="Clashes with the budget meeting",
    )

    _, calendar = feed(client)

    event = events(calendar)[uid]
    assert event["sequence"] == 1
    # 2 April 2012 is after the clock change: 17:00 BST is 16:00 UTC.
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2012, 4, 2, 16, 0, tzinfo=UTC
    )
    assert str(event["location"]) == "Town Hall"


def test_the_partnership_feed_has_every_body_and_no_other_partnership(
    client, partnership, board, other_partnership
):
    forum = BodyFactory(partnership=partnership, name="Stakeholder forum")
    ours = [MeetingFactory(body=board), MeetingFactory(body=forum)]
    theirs = MeetingFactory(body=BodyFactory(partnership=other_partnership))

    _, calendar = feed(client, "/meetings/calendar.ics", partnership="ealing")
    _, warwick = feed(client, "/meetings/calendar.ics", partnership="warwick")

    assert set(events(calendar)) == {str(m.uid) for m in ours}
    assert set(events(warwick)) == {str(theirs.uid)}


def test_an_unknown_body_has_no_feed(client, board):
    assert client.get("/meetings/bodies/nowhere/calendar.ics").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_feed_uses_constant_queries(client, django_assert_num_queries, board, rows):
    build_agenda(board)
    for meeting in MeetingFactory.create_batch(rows, body=board, agenda_status="published"):
        AgendaItemFactory.create_batch(2, meeting=meeting)

    # the partnership by its slug in the address, body, meetings with body, open items, their papers, the
    # papers' versions, every item's place
    with django_assert_num_queries(7):
        client.get(under(board.partnership, "/meetings/bodies/lsp-executive/calendar.ics"))


def test_bodies_in_the_api_give_their_calendar_address(client, board):
    response = client.get("/api/v1/bodies")

    (body,) = response.json()["items"]
    assert body["ical_url"] == "http://testserver/ealing/meetings/bodies/lsp-executive/calendar.ics"
