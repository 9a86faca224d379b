"""Meetings move with time (#11): a meeting is "held" once it has ended unless it was
cancelled, and "upcoming" means still to come today, on every page and in the API."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.choices import MinutesStatus
from roundtable.meetings.models import Action, Attendance, Resolution
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import TermsOfReferenceFactory

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


# Recording a meeting: from its day on (#meet walk-through) ------------------------------

THE_DAY = datetime.datetime(2012, 1, 16, 9, 0, tzinfo=datetime.UTC)  # the morning of it
THE_EVE = datetime.datetime(2012, 1, 15, 23, 30, tzinfo=datetime.UTC)


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, title="Welcome and apologies")


def test_attendance_and_minutes_are_refused_before_the_meetings_day(secretary, member, item):
    meeting = item.meeting
    with time_machine.travel(THE_EVE, tick=False):
        with pytest.raises(ValidationError) as attendance:
            services.record_attendance(
                secretary, meeting, [services.AttendanceEntry(member.person)]
            )
        with pytest.raises(ValidationError) as minutes:
            services.save_item_minutes(secretary, item, "Apologies were received")
        with pytest.raises(ValidationError) as resolution:
            services.add_resolution(secretary, item, "That the Board notes the report")
        with pytest.raises(ValidationError) as action:
            services.add_action(secretary, meeting.body, item=item, description="Write to CVS")
        # An action not raised under an item goes on the actions log at any time.
        services.add_action(secretary, meeting.body, description="Book the room")
    day = "from the day of the meeting, 16 January 2012"
    assert attendance.value.messages == [f"Attendance can be recorded {day}"]
    assert minutes.value.messages == [f"Minutes can be recorded {day}"]
    assert resolution.value.messages == [f"Minutes can be recorded {day}"]
    assert action.value.messages == [f"Actions raised under an item can be recorded {day}"]
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.NOT_STARTED
    assert not Attendance.objects.exists()
    assert not Resolution.objects.exists()
    assert list(Action.objects.values_list("description", flat=True)) == ["Book the room"]


def test_attendance_and_minutes_are_recorded_from_the_morning_of_the_meeting(
    secretary, member, item
):
    with time_machine.travel(THE_DAY, tick=False):
        services.record_attendance(
            secretary, item.meeting, [services.AttendanceEntry(member.person)]
        )
        services.save_item_minutes(secretary, item, "Apologies were received")
        services.add_resolution(secretary, item, "That the Board notes the report")
    assert Attendance.objects.filter(meeting=item.meeting).count() == 1
    assert Resolution.objects.filter(item=item).count() == 1


def test_the_meeting_page_says_when_attendance_and_minutes_can_be_recorded(
    client, secretary, member, item, board
):
    meeting = item.meeting
    TermsOfReferenceFactory(body=board, partnership=board.partnership, quorum=4)
    attendance = reverse("meetings:attendance-edit", args=[meeting.pk])
    take = reverse("meetings:minutes-take", args=[meeting.pk])
    minute_item = reverse("meetings:item-minutes", args=[item.pk])
    client.force_login(secretary)
    with time_machine.travel(WEEK_BEFORE, tick=False):
        before = client.get(meeting.get_absolute_url()).text
        editor = client.get(reverse("meetings:agenda-edit", args=[meeting.pk])).text
    assert (
        "Attendance and minutes can be recorded from the day of the meeting, 16 January 2012."
        in before
    )
    for address in (attendance, take, minute_item):
        assert f'href="{under(meeting.partnership, address)}"' not in before
    assert f'href="{under(meeting.partnership, minute_item)}"' not in editor
    assert 'Quorum</dt><dd class="govuk-summary-list__value">4 members</dd>' in before
    assert "0 members present" not in before
    assert "0 of the 4" not in before

    with time_machine.travel(THE_DAY, tick=False):
        services.record_attendance(secretary, meeting, [services.AttendanceEntry(member.person)])
        on_the_day = client.get(meeting.get_absolute_url()).text
        editor = client.get(reverse("meetings:agenda-edit", args=[meeting.pk])).text
    assert "can be recorded from the day of the meeting" not in on_the_day
    for address in (attendance, take, minute_item):
        assert f'href="{under(meeting.partnership, address)}"' in on_the_day
    assert f'href="{under(meeting.partnership, minute_item)}"' in editor
    assert "1 of the 4 members needed present: not quorate." in on_the_day


@pytest.mark.parametrize("route", ["attendance-edit", "minutes-take", "item-minutes"])
def test_before_the_day_the_recording_pages_go_back_to_the_meeting_saying_when(
    client, secretary, item, route
):
    meeting = item.meeting
    address = reverse(
        f"meetings:{route}", args=[item.pk if route == "item-minutes" else meeting.pk]
    )
    client.force_login(secretary)
    with time_machine.travel(WEEK_BEFORE, tick=False):
        response = client.get(address)
        followed = client.get(address, follow=True).text
        posted = client.post(address, {})
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (
        "Attendance and minutes can be recorded from the day of the meeting, 16 January 2012"
        in followed
    )
    assert posted.status_code in (302, 405)  # minute-taking mode takes no posts
    with time_machine.travel(THE_DAY, tick=False):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    ("route", "data"),
    [
        ("resolution-add", {"text": "That the Board notes the report", "decision_type": "agreed"}),
        ("action-add", {"description": "Write to the CVS"}),  # refused before it is read
        ("item-resolution-take", {}),
        ("item-action-take", {}),
        ("item-minutes-take", {}),
    ],
)
def test_before_the_day_an_items_minutes_are_refused_by_every_form(
    client, secretary, item, route, data
):
    client.force_login(secretary)
    address = reverse(f"meetings:{route}", args=[item.pk])
    if route.endswith("-take"):  # minute-taking mode's forms carry the item's prefix
        part = route.removeprefix("item-").removesuffix("-take")
        fields = {
            "minutes": {"minutes": "Apologies were received"},
            "resolution": {"text": "That the Board notes it", "decision_type": "agreed"},
            "action": {"description": "Write to the CVS", "owner_person": secretary.person_id},
        }[part]
        data = {f"{part}-{item.pk}-{name}": value for name, value in fields.items()}
    with time_machine.travel(WEEK_BEFORE, tick=False):
        response = client.post(address, data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response["Location"] == item.meeting.get_absolute_url()
    else:
        assert "can be recorded from the day of the meeting, 16 January 2012" in response.text
    item.refresh_from_db()
    assert item.minutes == ""
    assert not Resolution.objects.exists()
    assert not Action.objects.exists()


@pytest.mark.parametrize("who", ["member", "outsider", "other_partnership_officer"])
def test_before_the_day_others_are_still_refused_the_recording_pages(client, request, item, who):
    client.force_login(request.getfixturevalue(who))
    with time_machine.travel(WEEK_BEFORE, tick=False):
        response = client.get(reverse("meetings:attendance-edit", args=[item.meeting.pk]))
    assert response.status_code == 403
