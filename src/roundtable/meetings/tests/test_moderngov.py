"""The ModernGov-compatible service, read by the `moderngov` package against a live
server as a civic-tech tool would read a council's committee system."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roundtable.meetings import services
from roundtable.meetings.choices import AttendanceStatus
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import build_agenda
from roundtable.partnership.tests.factories import BodyFactory

SERVICE = "/mgWebService.asmx"
SECRETS = ("Estates disposal", "Depot valuation", "Informant list", "valuation.pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def moderngov(live_server, tmp_path, monkeypatch):
    """The package's client for our live server. It refuses the host name
    `testserver` and keeps a cache in the working directory, so it runs from a
    temporary one with its cache emptied."""
    monkeypatch.chdir(tmp_path)
    from moderngov import api

    api.cache.clear()
    port = live_server.url.rsplit(":", 1)[-1]
    return api.ModerngovApi(f"http://127.0.0.1:{port}")


@pytest.mark.django_db(transaction=True)
def test_tools_read_the_bodies_as_committees(moderngov, board):
    # Two bodies: the package reads a lone <committee> as a dict, not a list.
    forum = BodyFactory(partnership=board.partnership, name="Stakeholder forum")

    committees = moderngov.committees.list()

    assert [c["committeetitle"] for c in committees] == ["LSP Executive", "Stakeholder forum"]
    assert moderngov.committees.by_id(board.pk)["committeetitle"] == "LSP Executive"
    assert moderngov.committees.by_id(forum.pk)["committeeid"] == str(forum.pk)


@pytest.mark.django_db(transaction=True)
def test_tools_read_a_bodys_meetings_between_dates(moderngov, board):
    london = datetime.timezone(datetime.timedelta(0))
    kept = MeetingFactory(body=board, start=datetime.datetime(2012, 1, 16, 17, tzinfo=london))
    MeetingFactory(body=board, start=datetime.datetime(2013, 1, 21, 17, tzinfo=london))
    summer = MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2012, 7, 16, 17))
    )
    services.cancel_meeting(None, summer, "Not quorate")
    MeetingFactory(body=BodyFactory(partnership=board.partnership))

    committee = moderngov.get_meetings(
        committee_id=board.pk, from_date="01/01/2012", to_date="31/12/2012"
    )

    assert committee["committeeid"] == str(board.pk)
    meetings = committee["committeemeetings"]["meeting"]
    assert [m["meetingid"] for m in meetings] == [str(kept.pk), str(summer.pk)]
    assert meetings[0]["meetingdate"] == "16/01/2012"
    assert meetings[0]["meetingtime"] == "17:00"
    assert meetings[0]["meetingstatus"] == "confirmed"
    assert meetings[1]["meetingtime"] == "17:00"  # BST, local time
    assert meetings[1]["meetingstatus"] == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_tools_read_a_meeting_with_restricted_items_marked_and_withheld(moderngov, board):
    meeting = build_agenda(board)

    read = moderngov.meetings.by_meeting_id(meeting.pk)

    assert read["meetingid"] == str(meeting.pk)
    assert read["agendapublished"] == "True"
    items = {i["agendaitemnumber"]: i for i in read["agendaitems"]["agendaitem"]}
    assert list(items) == ["1", "2", "3", "4", "4a"]
    assert items["3"]["agendaitemisrestricted"] == "True"
    assert items["3"]["agendaitemispublic"] == "False"
    assert items["3"]["agendaitemtitle"] == "Restricted item: not for publication"
    assert "linkeddocuments" not in items["3"]
    assert items["2"]["agendaitemisrestricted"] == "False"
    assert items["2"]["agendaitemtitle"] == "Quarterly performance report"
    papers = items["4"]["linkeddocuments"]["linkeddoc"]
    assert [p["title"] for p in papers] == ["Safer Ealing summary"]
    assert papers[0]["url"].endswith(f"/meetings/papers/{papers[0]['linkeddocid']}/")
    assert repr(read).count("Estates") == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "secretary"])
def test_the_service_never_gives_restricted_material_whoever_asks(request, client, board, who):
    meeting = build_agenda(board)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    content = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": meeting.pk}).content.decode()

    assert "Quarterly performance report" in content
    for secret in SECRETS:
        assert secret not in content


@pytest.mark.django_db
def test_a_draft_agenda_gives_no_items(client, board):
    draft = MeetingFactory(body=board)
    services.add_agenda_item(None, draft, title="Draft thoughts")

    content = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": draft.pk}).content.decode()

    assert "<agendapublished>False</agendapublished>" in content
    assert "Draft thoughts" not in content


@pytest.mark.django_db
def test_attendance_is_given_once_the_minutes_are_approved(client, board, member):
    meeting = MeetingFactory(body=board)
    later = MeetingFactory(body=board)
    services.record_attendance(
        None,
        meeting,
        [services.AttendanceEntry(member.person, status=AttendanceStatus.APOLOGIES)],
    )
    before = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": meeting.pk}).content.decode()
    item = services.add_agenda_item(None, meeting, title="Minutes of the last meeting")
    services.save_item_minutes(None, item, "Agreed as a true record.")
    services.circulate_minutes(None, meeting)
    services.approve_minutes(None, meeting, approved_at=later)

    after = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": meeting.pk}).content.decode()

    assert "<attendee " not in before
    assert f'memberid="{member.person_id}"' in after
    assert 'attendance="Apologies"' in after


@pytest.mark.django_db
def test_bad_parameters_are_refused_with_the_fix(client, board):
    response = client.get(f"{SERVICE}/GetMeetings", {"sFromDate": "next tuesday"})

    assert response.status_code == 400
    assert "16/01/2012" in response.content.decode()
    assert client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": "x"}).status_code == 400
    assert client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": 999999}).status_code == 404


@pytest.mark.django_db
def test_responses_are_xml(client, board):
    response = client.get(f"{SERVICE}/GetCommittees")

    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
