"""The ModernGov service's XML, drawn from dataclasses without the database: the
element names and formats real ModernGov answers."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import pytest

from roundtable.meetings import moderngov as mg

START = datetime.datetime(2012, 1, 16, 17, 0)
ROW = mg.MeetingRow(7, 3, "LSP Executive", START, False, "Perceval House", "http://x/m/7/")
PAPER = mg.Attachment(
    41, "Safer Ealing summary", "http://x/p/41/", datetime.date(2012, 1, 9), "application/pdf", 900
)


def _tree(content: bytes) -> ElementTree.Element:
    """Our own output, drawn just now: not untrusted XML."""
    return ElementTree.fromstring(content)  # noqa: S314


def _sheet(**changes: object) -> mg.MeetingSheet:
    values = {
        "meeting": ROW,
        "agenda_published": True,
        "minutes_published": True,
        "pack_url": "http://x/pack.pdf",
        "pack_published": datetime.date(2012, 1, 9),
        "items": (
            mg.Item(
                11,
                "1",
                False,
                title="Community safety",
                purpose="Discussion",
                minutes="Members discussed <the> plan.\n\nNext steps agreed.",
                decisions=(mg.Decision("That the Board note the report", "Noted"),),
                minutes_published=True,
                attachments=(PAPER,),
            ),
            mg.Item(12, "2", True),
        ),
        "attendees": (mg.Attendee(5, "Ann Smith", "Member", "Apologies", "Ealing Police"),),
    }
    values.update(changes)
    return mg.MeetingSheet(**values)


@pytest.mark.parametrize(
    ("hour", "minute", "label"),
    [(17, 0, "5.00 pm"), (10, 30, "10.30 am"), (12, 0, "12.00 pm"), (0, 15, "12.15 am")],
)
def test_times_are_written_as_moderngov_writes_them(hour, minute, label):
    assert mg.time_label(datetime.time(hour, minute)) == label


def test_dates_are_day_month_year():
    assert mg.date_label(datetime.date(2012, 1, 6)) == "06/01/2012"
    assert mg.date_label(None) == ""


def test_ids_must_be_whole_numbers():
    assert mg.parse_id(" 42 ") == 42
    for bad in ("", "x", "-1", "4.5"):
        with pytest.raises(ValueError, match="int|id"):
            mg.parse_id(bad)


def test_get_meetings_starts_with_the_counts_and_counts_each_committees_meetings():
    other = mg.MeetingRow(8, 4, "Forum", START, True, "", "http://x/m/8/")
    later = mg.MeetingRow(9, 3, "LSP Executive", START, False, "", "http://x/m/9/")

    root = _tree(mg.meetings_xml([ROW, later, other]))

    assert [child.tag for child in root][:2] == ["meetingscount", "committeescount"]
    assert root.findtext("meetingscount") == "3"
    assert root.findtext("committeescount") == "2"
    committees = root.findall("committee")
    counts = {c.findtext("committeeid"): c.findtext("committeemeetingcount") for c in committees}
    assert counts == {"3": "2", "4": "1"}
    meeting = root.find("committee/committeemeetings/meeting")
    assert meeting.findtext("meetingdate") == "16/01/2012"
    assert meeting.findtext("meetingtime") == "5.00 pm"


def test_an_empty_get_meetings_counts_nothing():
    root = _tree(mg.meetings_xml([]))

    assert [(c.tag, c.text) for c in root] == [("meetingscount", "0"), ("committeescount", "0")]


def test_papers_sit_inside_their_agenda_item_as_linked_documents():
    root = _tree(mg.meeting_xml(_sheet()))

    doc = root.find("agendaitems/agendaitem/linkeddocuments/linkeddoc")
    assert doc.findtext("attachmentid") == "41"
    assert doc.findtext("title") == "Safer Ealing summary"
    assert doc.findtext("url") == "http://x/p/41/"
    assert doc.findtext("isrestricted") == "False"
    assert doc.findtext("publicationdate") == "09/01/2012"


def test_items_and_the_meeting_carry_the_display_flags():
    root = _tree(mg.meeting_xml(_sheet()))

    assert root.findtext("isdisplayallowed") == "True"
    open_item, restricted = root.findall("agendaitems/agendaitem")
    assert open_item.findtext("agendaitemnumber") == "1"
    assert open_item.findtext("isrestricted") == "False"
    assert open_item.findtext("isdisplayallowed") == "True"
    assert restricted.findtext("agendaitemnumber") == "2"
    assert restricted.findtext("isrestricted") == "True"
    assert restricted.findtext("isdisplayallowed") == "False"
    assert restricted.findtext("agendaitemtitle") == mg.RESTRICTED_TITLE
    assert restricted.find("linkeddocuments") is None
    assert restricted.find("minutesnonemptyhtmlbody") is None


def test_minutes_and_resolutions_are_given_as_escaped_html():
    content = mg.meeting_xml(_sheet())
    item = _tree(content).find("agendaitems/agendaitem")

    minutes = item.findtext("minutesnonemptyhtmlbody")
    assert minutes.startswith("<p>Members discussed &lt;the&gt; plan.</p>")
    assert "<li>That the Board note the report (Noted)</li>" in minutes
    decision = item.findtext("decisionnonemptyhtmlbody")
    assert (
        decision
        == '<p>Resolved:</p><ol type="i"><li>That the Board note the report (Noted)</li></ol>'
    )
    assert item.findtext("isdecision") == "True"
    assert b"&lt;p&gt;Members discussed &amp;lt;the&amp;gt; plan.&lt;/p&gt;" in content


def test_an_item_without_a_minute_has_empty_bodies():
    sheet = _sheet(items=(mg.Item(11, "1", False, title="Welcome"),))
    item = _tree(mg.meeting_xml(sheet)).find("agendaitems/agendaitem")

    assert item.findtext("minutesnonemptyhtmlbody") == ""
    assert item.findtext("decisionnonemptyhtmlbody") == ""
    assert item.findtext("isminutepublished") == "False"


def test_attendees_are_attributes():
    attendee = _tree(mg.meeting_xml(_sheet())).find("attendees/attendee")

    assert attendee.attrib == {
        "memberid": "5",
        "name": "Ann Smith",
        "roledescription": "Member",
        "attendance": "Apologies",
        "representing": "Ealing Police",
        "role": "Member",
    }


def test_an_unpublished_agenda_gives_no_pack():
    root = _tree(mg.meeting_xml(_sheet(agenda_published=False, items=())))

    assert root.findtext("agendapublished") == "False"
    assert root.find("linkeddocuments/linkeddoc") is None


def test_get_attachment_gives_the_papers_details():
    paper = mg.Attachment(
        **{**PAPER.__dict__, "meeting_id": 7, "meeting_date": START.date(), "committee_id": 3},
    )
    details = _tree(mg.attachment_xml(paper)).find("attachmentdetails")

    assert details.findtext("attachmentid") == "41"
    assert details.findtext("url") == "http://x/p/41/"
    assert details.findtext("isurl") == "False"
    assert details.findtext("isrestricted") == "False"
    assert details.findtext("publicationdate") == "09/01/2012"
    assert details.findtext("meetingdate") == "16/01/2012"
    assert details.findtext("meetingid") == "7"
