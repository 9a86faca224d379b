"""A held meeting nobody has written up does not look done: beside "Held", the lists
and the meeting page say "Nothing recorded yet" or "Minutes not started", and offer
the secretariat the links to record it. The API's `status` keeps its three values."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.choices import MinutesStatus
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

NOTHING = "Nothing recorded yet"
NO_MINUTES = "Minutes not started"


@pytest.fixture
def held(board):
    return MeetingFactory(body=board)  # 16 January 2012: long past


def _pages(client, partnership, board) -> list[str]:
    return [
        client.get(under(partnership, reverse("meetings:meeting-list"))).text,
        client.get(reverse("meetings:body-meetings", args=[board.slug])).text,
    ]


def test_a_held_meeting_with_nothing_recorded_says_so_everywhere(session, partnership, board, held):
    for text in [*_pages(session, partnership, board), session.get(held.get_absolute_url()).text]:
        assert ">Held<" in text
        assert f'govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{NOTHING}<' in text


def test_attendance_alone_leaves_the_minutes_to_start(
    session, partnership, board, held, member, secretary
):
    services.record_attendance(secretary, held, [services.AttendanceEntry(member.person)])
    session.force_login(secretary)  # who may see the attendance recorded
    for text in _pages(session, partnership, board):
        assert NO_MINUTES in text
        assert NOTHING not in text
    # The meeting page's own "Minutes: Not started" row says it; the status does not repeat it.
    page = session.get(held.get_absolute_url()).text
    assert NO_MINUTES not in page
    assert NOTHING not in page


def test_an_action_alone_leaves_the_minutes_to_start(session, partnership, board, held, secretary):
    ActionFactory(meeting=held, restricted=True)
    session.force_login(secretary)  # who may see the restricted action
    for text in _pages(session, partnership, board):
        assert NO_MINUTES in text


def test_minutes_under_way_leave_only_held(session, partnership, board, held, secretary):
    item = AgendaItemFactory(meeting=held)
    services.add_resolution(secretary, item, "That the Board notes the report")
    for text in [*_pages(session, partnership, board), session.get(held.get_absolute_url()).text]:
        assert ">Held<" in text
        assert NOTHING not in text
        assert NO_MINUTES not in text


def test_the_lists_say_how_far_the_minutes_have_got(client, partnership, board, held):
    held.minutes_status = MinutesStatus.APPROVED
    held.save(update_fields=["minutes_status"])
    for text in _pages(client, partnership, board):
        assert "Minutes approved" in text
        assert NOTHING not in text
    # The meeting page's own minutes section says it; the status does not repeat it.
    assert "Minutes approved" not in client.get(held.get_absolute_url()).text


def test_a_meeting_to_come_or_cancelled_says_nothing_of_its_record(
    session, partnership, board, secretary
):
    MeetingFactory(body=board, start=timezone.now() + datetime.timedelta(days=7))
    services.cancel_meeting(secretary, MeetingFactory(body=board), "Not quorate")
    for text in _pages(session, partnership, board):
        assert NOTHING not in text
        assert NO_MINUTES not in text


def test_the_secretariat_is_offered_the_links_to_record_it(
    client, partnership, board, held, secretary, member
):
    attendance = under(partnership, reverse("meetings:attendance-edit", args=[held.pk]))
    minutes = under(partnership, reverse("meetings:minutes-take", args=[held.pk]))
    client.force_login(secretary)
    for text in _pages(client, partnership, board):
        assert f'href="{attendance}"' in text
        assert f'href="{minutes}"' in text
        assert "Record attendance" in text

    services.record_attendance(secretary, held, [services.AttendanceEntry(member.person)])
    for text in _pages(client, partnership, board):
        assert f'href="{attendance}"' not in text
        assert f'href="{minutes}"' in text
        assert "Take the minutes" in text


@pytest.mark.parametrize("who", ["member", None])
def test_others_see_the_note_but_not_the_links(request, client, partnership, board, held, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    for text in _pages(client, partnership, board):
        assert NOTHING in text
        assert f"/meetings/{held.pk}/attendance/" not in text
        assert f"/meetings/{held.pk}/minutes/take/" not in text


def test_the_download_keeps_held_and_adds_what_is_still_to_record(client, partnership, board):
    MeetingFactory(body=board)
    MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    MeetingFactory(body=board, start=timezone.now() + datetime.timedelta(days=7))
    response = client.get(
        under(partnership, reverse("meetings:meeting-list-download", args=["csv"]))
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["Status"], r["Record of the meeting"]) for r in rows] == [
        ("Held", NOTHING),
        ("Held", "Minutes being drafted"),
        ("Scheduled", ""),
    ]


def test_the_api_status_stays_held(client, held):
    [listed] = client.get("/api/v1/meetings").json()["items"]
    assert listed["status"] == "held"


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("who", ["secretary", None])
def test_the_lists_read_what_is_recorded_in_constant_queries(
    request, client, partnership, board, secretary, member, rows, who, django_assert_num_queries
):
    meetings = MeetingFactory.create_batch(rows, body=board)
    services.record_attendance(secretary, meetings[0], [services.AttendanceEntry(member.person)])
    ActionFactory(meeting=meetings[1])
    if who:
        client.force_login(request.getfixturevalue(who))
    list_url = under(partnership, reverse("meetings:meeting-list"))
    body_url = under(partnership, reverse("meetings:body-meetings", args=[board.slug]))
    client.get(under(partnership, reverse("meetings:action-list")))  # warm the session
    # Each page: the partnership by its slug; the list its bodies, the body's page
    # its body; the upcoming meetings, the count of past ones and the page of them,
    # each with what is recorded and whether the user manages the body. Signed in,
    # the session and the user, and on the body's page whether they manage it; on the
    # list, with no meeting to come, which bodies they schedule meetings of; on the
    # body's page, to its managers, how many addresses get its emails.
    signed_in = 2 if who else 0
    with django_assert_num_queries(5 + signed_in + (1 if who else 0)):
        listed = client.get(list_url).text
    with django_assert_num_queries(5 + signed_in + (2 if who else 0)):
        on_body = client.get(body_url).text
    # The public may not see the draft's attendance nor the action (its minutes are
    # not approved): to them nothing is recorded of any meeting yet.
    seen = 2 if who else 0
    for text in (listed, on_body):
        assert text.count(NOTHING) == rows - seen
        assert text.count(NO_MINUTES) == seen


def test_what_a_reader_may_not_see_is_not_counted_for_them(
    client, partnership, board, held, member, secretary
):
    """The draft's attendance and a restricted action exist, but to the public they
    are not yet recorded: the note says nothing of records they may not see."""
    services.record_attendance(secretary, held, [services.AttendanceEntry(member.person)])
    ActionFactory(meeting=held, restricted=True)
    for text in _pages(client, partnership, board):
        assert NOTHING in text
        assert NO_MINUTES not in text
    client.force_login(secretary)
    for text in _pages(client, partnership, board):
        assert NO_MINUTES in text


def test_the_meeting_page_counts_only_what_the_reader_may_see(
    client, partnership, board, held, member, secretary
):
    services.record_attendance(secretary, held, [services.AttendanceEntry(member.person)])
    assert NOTHING in client.get(held.get_absolute_url()).text
    client.force_login(secretary)
    assert NOTHING not in client.get(held.get_absolute_url()).text
