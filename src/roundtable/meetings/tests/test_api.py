"""The meetings API: /api/v1/meetings and /api/v1/actions, reads for everyone, filtered."""

from __future__ import annotations

import datetime

import pytest

from roundtable.meetings import services
from roundtable.meetings.choices import ActionStatus, AgendaStatus, MinutesStatus
from roundtable.meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import build_agenda

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(board):
    return build_agenda(board)


def items_by_number(response):
    (meeting,) = response.json()["items"]
    return {item["number"]: item for item in meeting["agenda_items"]}


def test_the_public_gets_the_open_agenda_with_its_papers(client, meeting):
    response = client.get(f"{API}/meetings", {"body": "lsp-executive"})

    assert response.status_code == 200
    (listed,) = response.json()["items"]
    assert listed["id"] == meeting.pk
    assert listed["body"] == {"slug": "lsp-executive", "name": "LSP Executive"}
    assert listed["start"].startswith("2012-01-16T17:00:00")
    assert listed["venue"] == "Perceval House, Room 5.12"
    assert listed["status"] == "held"  # 16 January 2012 is long past
    items = {item["number"]: item for item in listed["agenda_items"]}
    assert list(items) == ["1", "2", "4", "4a"]
    assert items["2"] == {
        "number": "2",
        "title": "Quarterly performance report",
        "purpose": "decision",
        "restricted": False,
        "papers": [
            {
                "title": "Performance report Q2",
                "url": items["2"]["papers"][0]["url"],
                "content_type": "application/pdf",
                "size": items["2"]["papers"][0]["size"],
                "pages": 2,
            }
        ],
    }
    assert items["2"]["papers"][0]["url"].startswith("http://testserver/ealing/meetings/papers/")
    assert [p["title"] for p in items["4"]["papers"]] == ["Safer Ealing summary"]
    assert items["4a"]["papers"][0]["pages"] is None


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_partnership_officer"])
def test_nobody_outside_the_board_sees_restricted_items_or_papers(request, client, meeting, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    body = client.get(f"{API}/meetings/{meeting.pk}").content.decode()

    assert "Estates disposal" not in body
    assert "Depot valuation" not in body
    assert "Informant list" not in body
    assert '"restricted": true' not in body


def test_members_see_restricted_items_marked_restricted(client, meeting, member):
    client.force_login(member)

    items = items_by_number(client.get(f"{API}/meetings", {"body": "lsp-executive"}))

    assert list(items) == ["1", "2", "3", "4", "4a"]
    assert items["3"]["restricted"] is True
    assert items["3"]["papers"][0]["title"] == "Depot valuation"
    assert [p["title"] for p in items["4"]["papers"]] == ["Safer Ealing summary", "Informant list"]


def test_a_draft_agenda_lists_no_items_even_for_its_secretary(client, board, secretary):
    draft = MeetingFactory(body=board)
    AgendaItemFactory(meeting=draft, title="Draft thoughts")
    client.force_login(secretary)

    response = client.get(f"{API}/meetings/{draft.pk}")

    assert response.status_code == 200
    assert response.json()["agenda_items"] == []


def test_cancelled_meetings_are_listed_as_cancelled(client, meeting):
    services.cancel_meeting(None, meeting, "Not quorate")

    assert client.get(f"{API}/meetings/{meeting.pk}").json()["status"] == "cancelled"


def test_meetings_are_filtered_by_body_and_partnership(client, board, other_partnership):
    MeetingFactory(body=board)
    elsewhere = MeetingFactory(body__partnership=other_partnership)

    by_partnership = client.get(f"{API}/meetings", {"partnership": "warwick"}).json()

    assert [m["id"] for m in by_partnership["items"]] == [elsewhere.pk]
    assert client.get(f"{API}/meetings", {"body": "lsp-executive"}).json()["count"] == 1


def test_an_unknown_body_or_meeting_is_404(client, board):
    assert client.get(f"{API}/meetings", {"body": "nowhere"}).status_code == 404
    assert client.get(f"{API}/meetings/999999").status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_meetings_list_uses_constant_queries(client, django_assert_num_queries, board, rows):
    build_agenda(board)
    for meeting in MeetingFactory.create_batch(
        rows, body=board, agenda_status=AgendaStatus.PUBLISHED
    ):
        AgendaItemFactory.create_batch(2, meeting=meeting)

    # count, meetings with body, visible items, their visible papers, the papers'
    # versions, every item's place (for numbers), the partnership's slug (for addresses)
    with django_assert_num_queries(7):
        response = client.get(f"{API}/meetings", {"limit": 100})

    assert response.json()["count"] == rows + 1


@pytest.fixture
def actions(board, police, member):
    approved = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    drafted = MeetingFactory(body=board, minutes_status=MinutesStatus.DRAFT)
    restricted_item = AgendaItemFactory(
        meeting=approved, restricted=True, restriction_category="crime"
    )
    return {
        "public": ActionFactory(meeting=approved, description="Circulate the prospectus"),
        "done": ActionFactory(
            meeting=approved, description="Book the venue", status=ActionStatus.DONE
        ),
        "drafted": ActionFactory(meeting=drafted, description="Write to the ICB"),
        "restricted": ActionFactory(
            meeting=approved,
            item=restricted_item,
            restricted=True,
            description="Brief the borough commander",
            owner_organisation=police,
            due=datetime.date(2012, 2, 1),
        ),
    }


def test_the_public_sees_open_actions_of_approved_minutes_only(client, actions):
    response = client.get(f"{API}/actions", {"status": "open"})

    assert [a["description"] for a in response.json()["items"]] == ["Circulate the prospectus"]


def test_members_see_every_open_action_of_their_body(client, actions, member):
    client.force_login(member)

    listed = client.get(f"{API}/actions", {"status": "open"}).json()["items"]

    assert {a["description"] for a in listed} == {
        "Circulate the prospectus",
        "Write to the ICB",
        "Brief the borough commander",
    }
    brief = next(a for a in listed if a["description"] == "Brief the borough commander")
    assert brief["owner_organisation"]["name"] == "Metropolitan Police Service"
    assert brief["overdue"] is True
    assert brief["body"]["slug"] == "lsp-executive"


def test_signed_in_non_members_do_not_see_restricted_actions(client, actions, outsider):
    client.force_login(outsider)

    listed = client.get(f"{API}/actions").json()["items"]

    assert "Brief the borough commander" not in {a["description"] for a in listed}


@pytest.mark.parametrize("rows", [2, 20])
def test_the_actions_list_uses_constant_queries(client, django_assert_num_queries, board, rows):
    approved = MeetingFactory(
        body=board, agenda_status=AgendaStatus.PUBLISHED, minutes_status=MinutesStatus.APPROVED
    )
    ActionFactory.create_batch(rows, meeting=approved)

    # count, actions with body, owner and owner organisation, the partnership's slug
    with django_assert_num_queries(3):
        response = client.get(f"{API}/actions", {"status": "open"})

    assert response.json()["count"] == rows
