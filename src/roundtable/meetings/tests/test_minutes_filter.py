"""The meetings list narrowed to the meetings held whose minutes are not yet approved
(`?minutes=not-approved`): where My Roundtable's "see all" of its minutes to record
leads. The minutes' status is part of the public schedule, so anyone may filter by it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings.choices import MeetingStatus, MinutesStatus
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2012, 6, 1, 12, 0))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _held(board, days_ago: int, minutes: str = MinutesStatus.NOT_STARTED, **fields):
    start = NOW - datetime.timedelta(days=days_ago)
    return MeetingFactory(body=board, start=start, end=None, minutes_status=minutes, **fields)


def _list(client, partnership, **query) -> str:
    response = client.get(under(partnership, reverse("meetings:meeting-list")), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_narrows_to_meetings_held_whose_minutes_are_not_approved(
    client, partnership, board
):
    not_started = _held(board, 40)
    draft = _held(board, 30, MinutesStatus.DRAFT)
    circulated = _held(board, 20, MinutesStatus.CIRCULATED)
    approved = _held(board, 10, MinutesStatus.APPROVED)
    cancelled = _held(board, 5, status=MeetingStatus.CANCELLED)
    upcoming = _held(board, -7)

    html = _list(client, partnership, minutes="not-approved")

    for meeting in (not_started, draft, circulated):
        assert meeting.get_absolute_url() in html
    for meeting in (approved, cancelled, upcoming):
        assert meeting.get_absolute_url() not in html
    assert "Meetings held whose minutes are not yet approved, latest first" in html
    assert html.index(circulated.get_absolute_url()) < html.index(not_started.get_absolute_url())
    assert "Upcoming meetings" not in html  # none can have minutes to approve
    assert '<option value="not-approved" selected>' in html


def test_the_filter_goes_with_the_body_chosen(client, partnership, board):
    ours = _held(board, 20)
    theirs = _held(BodyFactory(partnership=partnership, name="Safer Ealing"), 20)

    html = _list(client, partnership, minutes="not-approved", body=board.slug)

    assert ours.get_absolute_url() in html
    assert theirs.get_absolute_url() not in html


def test_without_the_filter_every_meeting_is_listed(client, partnership, board):
    approved = _held(board, 10, MinutesStatus.APPROVED)
    upcoming = _held(board, -7)

    html = _list(client, partnership)

    assert approved.get_absolute_url() in html
    assert upcoming.get_absolute_url() in html
    assert '<option value="not-approved">' in html


def test_when_every_meeting_held_has_approved_minutes_the_filtered_list_says_so(
    client, partnership, board
):
    _held(board, 10, MinutesStatus.APPROVED)
    html = _list(client, partnership, minutes="not-approved")
    assert "Every meeting held has its minutes approved." in html


def test_the_pages_of_the_filtered_list_keep_the_filter(client, partnership, board):
    for days in range(1, 52):  # a page holds 50
        _held(board, days)
    html = _list(client, partnership, minutes="not-approved", body=board.slug)
    assert 'href="?body=lsp-executive&amp;minutes=not-approved&amp;page=2"' in html


def test_the_download_keeps_the_filter(client, partnership, board):
    kept = _held(board, 20, MinutesStatus.DRAFT)
    _held(board, 10, MinutesStatus.APPROVED)
    html = _list(client, partnership, minutes="not-approved")
    assert 'href="/ealing/meetings/meetings.csv?minutes=not-approved"' in html

    url = under(partnership, reverse("meetings:meeting-list-download", args=["csv"]))
    response = client.get(url, {"minutes": "not-approved"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Date"] for r in rows] == [f"{timezone.localtime(kept.start).date()}"]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_filtered_list_takes_the_same_queries_whatever_its_length(
    client, partnership, board, rows, django_assert_num_queries
):
    for days in range(1, rows + 1):
        _held(board, days, [MinutesStatus.NOT_STARTED, MinutesStatus.CIRCULATED][days % 2])
    url = under(partnership, reverse("meetings:meeting-list"))
    # the partnership by its slug; its bodies; the upcoming meetings; the count of
    # past ones and the page of them, each with what is recorded of it
    with django_assert_num_queries(5):
        html = client.get(url, {"minutes": "not-approved"}).content.decode()
    assert html.count("Nothing recorded yet") + html.count("Minutes circulated") == rows
