"""The actions log as CSV and XLSX (issue 11, item 7): the page's filters kept,
every matching action, only those the reader may see."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roundtable.core.testing import under
from roundtable.meetings.choices import ActionStatus
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive", slug="lsp-executive")


@pytest.fixture
def meeting(board):
    return MeetingFactory(body=board, agenda_status="published", minutes_status="approved")


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_actions_log_downloads_what_its_filters_choose(client, partnership, meeting):
    ActionFactory(meeting=meeting, description="Circulate the prospectus", status="open")
    ActionFactory(meeting=meeting, description="Book the room", status=ActionStatus.DONE)
    url = under(partnership, reverse("meetings:action-list-download", args=["csv"]))
    rows = _rows(client.get(url, {"status": "open"}))
    assert [r["Action"] for r in rows] == ["Circulate the prospectus"]
    assert rows[0]["Body"] == "LSP Executive"
    assert rows[0]["Address"].startswith("http://testserver/ealing/meetings/actions/")


def test_a_bodys_actions_download_and_the_page_links_it(client, partnership, meeting, board):
    ActionFactory(meeting=meeting, description="Circulate the prospectus", status="open")
    page = client.get(under(partnership, reverse("meetings:body-actions", args=[board.slug])))
    assert 'href="/ealing/meetings/bodies/lsp-executive/actions.xlsx"' in page.content.decode()
    url = under(partnership, reverse("meetings:body-actions-download", args=[board.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert [c.value for c in sheet[1]][0] == "Action"
    assert sheet["A2"].value == "Circulate the prospectus"


def test_a_restricted_action_is_not_in_the_public_download(client, partnership, meeting):
    item = AgendaItemFactory(meeting=meeting, restricted=True, restriction_category="financial")
    ActionFactory(meeting=meeting, item=item, description="Zqrestrictedaction", status="open")
    url = under(partnership, reverse("meetings:action-list-download", args=["csv"]))
    assert "Zqrestrictedaction" not in client.get(url, {"status": "all"}).content.decode()


def test_an_overdue_action_says_how_many_days(client, partnership, meeting):
    ActionFactory(
        meeting=meeting,
        description="Late",
        status="open",
        due=datetime.date.today() - datetime.timedelta(days=3),
    )
    url = under(partnership, reverse("meetings:action-list-download", args=["csv"]))
    [row] = _rows(client.get(url, {"overdue": "on"}))
    assert row["Days overdue"] == "3"


@pytest.mark.parametrize("rows", [2, 20])
def test_the_download_uses_constant_queries(
    client, partnership, meeting, rows, django_assert_num_queries
):
    ActionFactory.create_batch(rows, meeting=meeting, status="open")
    url = under(partnership, reverse("meetings:action-list-download", args=["csv"]))
    # the partnership by its slug, the actions with body, meeting and owners
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
