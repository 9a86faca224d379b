"""A meeting that took place is not cancelled, and one whose minutes are approved is not
moved: the services refuse (`rules.cancel_refusal`, `rules.move_refusal`), the meeting
page offers neither button, and the forms go back to the meeting saying why. A
meeting past its date with nothing recorded may still be cancelled: it may not have
happened."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from roundtable.meetings import rules, services
from roundtable.meetings.choices import MeetingStatus, MinutesStatus
from roundtable.meetings.tests.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TOOK_PLACE = "The meeting took place"
APPROVED = "The minutes are approved and the meeting's date and place are part of them"


# -- The rules ----------------------------------------------------------------------


def test_a_meeting_with_nothing_recorded_may_be_cancelled():
    assert rules.cancel_refusal("not_started", recorded=False) == ""


@pytest.mark.parametrize("minutes", ["draft", "circulated", "approved"])
def test_a_meeting_with_minutes_may_not_be_cancelled(minutes):
    assert rules.cancel_refusal(minutes, recorded=False).startswith(TOOK_PLACE)


def test_a_meeting_with_attendance_or_actions_may_not_be_cancelled():
    assert rules.cancel_refusal("not_started", recorded=True).startswith(TOOK_PLACE)


@pytest.mark.parametrize(
    ("minutes", "refused"),
    [("not_started", False), ("draft", False), ("circulated", False), ("approved", True)],
)
def test_only_approved_minutes_stop_a_move(minutes, refused):
    assert bool(rules.move_refusal(minutes)) is refused


# -- The services -------------------------------------------------------------------


@pytest.fixture
def held(board):
    return MeetingFactory(body=board)  # 16 January 2012: long past


def test_a_held_meeting_with_nothing_recorded_is_cancelled(secretary, held):
    services.cancel_meeting(secretary, held, "It did not take place: not quorate")
    held.refresh_from_db()
    assert held.status == MeetingStatus.CANCELLED


def test_a_meeting_with_attendance_is_not_cancelled(secretary, member, held):
    services.record_attendance(secretary, held, [services.AttendanceEntry(member.person)])
    with pytest.raises(ValidationError, match=TOOK_PLACE):
        services.cancel_meeting(secretary, held, "Wrongly")
    held.refresh_from_db()
    assert held.status == MeetingStatus.SCHEDULED
    assert held.sequence == 0


def test_a_meeting_with_an_action_is_not_cancelled(secretary, held):
    ActionFactory(meeting=held)
    with pytest.raises(ValidationError, match=TOOK_PLACE):
        services.cancel_meeting(secretary, held, "Wrongly")


def test_a_meeting_with_minutes_is_not_cancelled(secretary, board):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    with pytest.raises(ValidationError, match=TOOK_PLACE):
        services.cancel_meeting(secretary, meeting, "Wrongly")


def test_a_meeting_whose_minutes_are_approved_is_not_moved(secretary, board):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)
    with pytest.raises(ValidationError, match=APPROVED):
        services.move_meeting(
            secretary, meeting, start=meeting.start, end=None, venue="Elsewhere", reason="Typo"
        )
    meeting.refresh_from_db()
    assert meeting.venue != "Elsewhere"


def test_a_meeting_with_draft_minutes_may_be_put_right(secretary, board):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    services.move_meeting(
        secretary, meeting, start=meeting.start, end=None, venue="Town Hall", reason="Typo"
    )
    meeting.refresh_from_db()
    assert meeting.venue == "Town Hall"


# -- The pages ----------------------------------------------------------------------


def _buttons(client, meeting) -> tuple[bool, bool]:
    text = client.get(meeting.get_absolute_url()).text
    move = reverse("meetings:meeting-move", args=[meeting.pk])
    cancel = reverse("meetings:meeting-cancel", args=[meeting.pk])
    return (f'{move}"' in text, f'{cancel}"' in text)


def test_the_meeting_page_offers_what_may_be_done(client, secretary, board, held):
    client.force_login(secretary)
    assert _buttons(client, held) == (True, True)
    drafted = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    assert _buttons(client, drafted) == (True, False)
    approved = MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)
    assert _buttons(client, approved) == (False, False)


def test_the_meeting_page_says_why_a_button_is_missing(client, secretary, board, held):
    client.force_login(secretary)
    assert 'id="not-changeable"' not in client.get(held.get_absolute_url()).text
    drafted = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    text = client.get(drafted.get_absolute_url()).text
    assert escape(rules.cancel_refusal("draft", recorded=True)) in text
    assert "cannot be moved" not in text
    approved = MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)
    text = client.get(approved.get_absolute_url()).text
    # Approved minutes: the locked record said once, not three refusals.
    assert escape(rules.why_not_changeable("approved", "", "")) in text
    assert "cannot be moved" not in text


def test_the_forms_go_back_to_the_meeting_saying_why(client, secretary, board):
    meeting = MeetingFactory(body=board, minutes_status=MinutesStatus.APPROVED)
    client.force_login(secretary)
    for name, said in [
        ("meetings:meeting-cancel", TOOK_PLACE),
        ("meetings:meeting-move", APPROVED),
    ]:
        url = reverse(name, args=[meeting.pk])
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].endswith(meeting.get_absolute_url())
        assert escape(said) in response.text
        response = client.post(
            url,
            {
                "reason": "Wrongly",
                "date": "16/01/2012",
                "start_time": "17:00",
                "venue": "Elsewhere",
            },
        )
        assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.venue != "Elsewhere"


def test_members_still_may_not_reach_the_forms(client, member, held):
    client.force_login(member)
    for name in ["meetings:meeting-cancel", "meetings:meeting-move"]:
        assert client.get(reverse(name, args=[held.pk])).status_code == 403
