"""The meetings list as CSV and XLSX (issue 11, item 7): the body chosen kept,
every meeting (not one page), only the partnership's own, dates in ISO."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _url(partnership, fmt: str = "csv") -> str:
    return under(partnership, reverse("meetings:meeting-list-download", args=[fmt]))


def test_the_meetings_download_keeps_the_body_chosen(client, partnership, board):
    other = BodyFactory(partnership=partnership, name="Safer Ealing", slug="safer-ealing")
    MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2012, 1, 16, 17, 0)), end=None
    )
    MeetingFactory(body=other)

    rows = _csv(client.get(_url(partnership), {"body": board.slug}))

    assert [(r["Date"], r["Start"], r["End"], r["Body"]) for r in rows] == [
        ("2012-01-16", "17:00", "", "LSP Executive")
    ]
    assert rows[0]["Venue"] == "Perceval House, Room 5.12"
    assert rows[0]["Address"].startswith("http://testserver/ealing/meetings/")


def test_a_cancelled_meeting_says_so_and_why(client, partnership, board):
    meeting = MeetingFactory(body=board)
    services.cancel_meeting(None, meeting, reason="=Not quorate")

    [row] = _csv(client.get(_url(partnership)))

    assert row["Status"] == "Cancelled"
    assert row["Reason for cancelling"] == "'=Not quorate"


def test_another_partnerships_meetings_are_not_in_the_download(
    client, partnership, other_partnership, board
):
    MeetingFactory(body=board)
    MeetingFactory(body=BodyFactory(partnership=other_partnership, name="Warwick Board"))

    rows = _csv(client.get(_url(partnership)))

    assert [r["Body"] for r in rows] == ["LSP Executive"]


def test_the_meetings_page_links_its_downloads_with_the_body(client, partnership, board):
    MeetingFactory(body=board)
    page = client.get(under(partnership, reverse("meetings:meeting-list")), {"body": board.slug})
    assert 'href="/ealing/meetings/meetings.xlsx?body=lsp-executive"' in page.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_download_uses_constant_queries(
    client, partnership, board, count, django_assert_num_queries
):
    MeetingFactory.create_batch(count, body=board)
    # the partnership by its slug, its bodies, the meetings with their body
    with django_assert_num_queries(3):
        response = client.get(_url(partnership, "xlsx"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == count + 1
