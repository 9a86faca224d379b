"""The ModernGov-compatible service, read by the `moderngov` package against a live
server as a civic-tech tool would read a council's committee system."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from roundtable.meetings import services
from roundtable.meetings.choices import AttendanceStatus
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import build_agenda, pdf_with_text, upload
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
    assert meetings[0]["meetingtime"] == "5.00 pm"
    assert meetings[0]["meetingstatus"] == "confirmed"
    assert meetings[1]["meetingtime"] == "5.00 pm"  # BST, local time
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
    assert papers[0]["url"].endswith(f"/meetings/papers/{papers[0]['attachmentid']}/")
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
@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_bad_parameters_are_refused_with_the_fix(client, board):
    """The example date is worked out today, the 16th of last month, as ModernGov
    writes dates (it was 16/01/2012 whatever the day)."""
    response = client.get(f"{SERVICE}/GetMeetings", {"sFromDate": "next tuesday"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "'next tuesday' is not a date." in content
    assert "sFromDate and sToDate are dates like 16/11/2026." in content
    assert client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": "x"}).status_code == 400
    assert client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": 999999}).status_code == 404


@pytest.mark.django_db
def test_responses_are_xml(client, board):
    response = client.get(f"{SERVICE}/GetCommittees")

    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def _minuted(board, member, police):
    """The Ealing agenda, minuted and approved, with the member's apologies."""
    meeting = build_agenda(board)
    items = {i.title: i for i in meeting.items.all()}
    report = items["Quarterly performance report"]
    services.save_item_minutes(None, report, "The Board discussed <red> indicators.")
    services.add_resolution(None, report, "That the Board note the report")
    estates = items["Estates disposal of Acton depot"]
    services.save_item_minutes(None, estates, "Estates disposal minuted in private.")
    services.add_resolution(None, estates, "Estates disposal agreed in private")
    services.record_attendance(
        None,
        meeting,
        [
            services.AttendanceEntry(
                member.person, status=AttendanceStatus.APOLOGIES, organisation=police
            )
        ],
    )
    services.circulate_minutes(None, meeting)
    services.approve_minutes(None, meeting, approved_at=MeetingFactory(body=board))
    return meeting


@pytest.mark.django_db(transaction=True)
def test_tools_read_the_element_names_real_moderngov_answers(moderngov, board, member, police):
    meeting = _minuted(board, member, police)

    listing = moderngov.get("GetMeetings", {"lCommitteeId": board.pk})["getmeetings"]
    read = moderngov.meetings.by_meeting_id(meeting.pk)

    assert list(listing)[:2] == ["meetingscount", "committeescount"]
    # The meeting and the later one that approved its minutes, under one committee.
    assert (listing["meetingscount"], listing["committeescount"]) == ("2", "1")
    assert listing["committee"]["committeemeetingcount"] == "2"
    assert read["isdisplayallowed"] == "True"
    assert read["meetingtime"] == "5.00 pm"
    items = {i["agendaitemnumber"]: i for i in read["agendaitems"]["agendaitem"]}
    for item in items.values():
        assert {"agendaitemid", "agendaitemnumber", "isrestricted", "isdisplayallowed"} <= set(item)
    assert (items["3"]["isrestricted"], items["3"]["isdisplayallowed"]) == ("True", "False")
    report = items["2"]
    assert (report["isrestricted"], report["isdisplayallowed"]) == ("False", "True")
    assert report["minutesnonemptyhtmlbody"].startswith(
        "<p>The Board discussed &lt;red&gt; indicators.</p>"
    )
    assert "That the Board note the report (Agreed)" in report["decisionnonemptyhtmlbody"]
    paper = report["linkeddocuments"]["linkeddoc"][0]
    assert {"attachmentid", "title", "url", "isrestricted", "publicationdate"} <= set(paper)
    assert paper["publicationdate"] == f"{timezone.localdate():%d/%m/%Y}"
    (attendee,) = read["attendees"]["attendee"]
    assert attendee == {
        "@memberid": str(member.person_id),
        "@name": member.person.name,
        "@roledescription": "Member",
        "@attendance": "Apologies",
        "@representing": "Metropolitan Police Service",
        "@role": "Member",
    }
    details = moderngov.get("GetAttachment", {"lAttachmentId": paper["attachmentid"]})
    assert details["attachment"]["attachmentdetails"]["title"] == "Performance report Q2"
    assert "Estates" not in repr(read)


def _paper(meeting, title):
    return meeting.items.get(papers__title=title).papers.get(title=title)


@pytest.mark.django_db
def test_get_attachment_gives_an_open_papers_details(client, board):
    meeting = build_agenda(board)
    paper = _paper(meeting, "Safer Ealing summary")

    response = client.get(f"{SERVICE}/GetAttachment", {"lAttachmentId": paper.pk})

    content = response.content.decode()
    assert response.status_code == 200
    assert f"<attachmentid>{paper.pk}</attachmentid>" in content
    assert "<title>Safer Ealing summary</title>" in content
    assert f"/ealing/meetings/papers/{paper.pk}/</url>" in content
    assert "<meetingdate>16/01/2012</meetingdate>" in content
    assert "<committeetitle>LSP Executive</committeetitle>" in content


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "secretary"])
@pytest.mark.parametrize("title", ["Depot valuation", "Informant list"])
def test_get_attachment_never_gives_a_restricted_paper_whoever_asks(
    request, client, board, who, title
):
    paper = _paper(build_agenda(board), title)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(f"{SERVICE}/GetAttachment", {"lAttachmentId": paper.pk})

    assert response.status_code == 404
    assert title not in response.content.decode()


@pytest.mark.django_db
def test_get_attachment_gives_no_paper_of_a_draft_agenda(client, board):
    draft = MeetingFactory(body=board)
    item = services.add_agenda_item(None, draft, title="Draft thoughts")
    paper = services.add_paper(
        None, item, title="Early draft", upload=upload("d.pdf", pdf_with_text("Draft"))
    )

    response = client.get(f"{SERVICE}/GetAttachment", {"lAttachmentId": paper.pk})

    assert response.status_code == 404


@pytest.mark.django_db
def test_minutes_and_attendance_wait_for_approval(client, board, member, police):
    meeting = build_agenda(board)
    report = meeting.items.get(title="Quarterly performance report")
    services.save_item_minutes(None, report, "Draft discussion of indicators.")
    services.add_resolution(None, report, "Draft resolution on indicators")
    services.circulate_minutes(None, meeting)

    content = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": meeting.pk}).content.decode()

    assert "<minutesnonemptyhtmlbody />" in content
    assert "Draft discussion" not in content
    assert "Draft resolution" not in content
    assert "<isminutepublished>False</isminutepublished>" in content


@pytest.mark.django_db
def test_a_partnerships_service_answers_for_its_own_papers_only(client, board, other_partnership):
    paper = _paper(build_agenda(board), "Safer Ealing summary")
    query = {"lAttachmentId": paper.pk}

    assert client.get(f"/ealing{SERVICE}/GetAttachment", query).status_code == 200
    assert client.get(f"/warwick{SERVICE}/GetAttachment", query).status_code == 404
    meeting = {"lMeetingId": paper.item.meeting_id}
    assert client.get(f"/warwick{SERVICE}/GetMeeting", meeting).status_code == 404


@pytest.mark.django_db
def test_get_attachment_refuses_a_bad_id_with_the_fix(client, board):
    response = client.get(f"{SERVICE}/GetAttachment", {"lAttachmentId": "paper"})

    assert response.status_code == 400
    assert "lAttachmentId must be an attachment id, like 42." in response.content.decode()
    assert client.get(f"{SERVICE}/GetAttachment", {"lAttachmentId": 999999}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_get_meeting_reads_in_constant_queries(client, board, django_assert_num_queries, rows):
    meeting = MeetingFactory(body=board)
    for n in range(rows):
        item = services.add_agenda_item(None, meeting, title=f"Item {n}")
        services.add_paper(
            None, item, title=f"Paper {n}", upload=upload(f"{n}.pdf", pdf_with_text("Text"))
        )
        services.add_resolution(None, item, f"Resolution {n}")
        services.save_item_minutes(None, item, f"Minute {n}")
    services.publish_agenda(None, meeting)
    services.circulate_minutes(None, meeting)
    services.approve_minutes(None, meeting, approved_at=None)

    # meeting; its open items; their papers; the papers' versions; every item's place;
    # the minutes the public may read; resolutions; attendance; the partnership's slug
    with django_assert_num_queries(9):
        response = client.get(f"{SERVICE}/GetMeeting", {"lMeetingId": meeting.pk})

    assert response.content.decode().count("<linkeddoc>") == rows + 1
    assert response.content.decode().count("Resolution ") == 2 * rows
