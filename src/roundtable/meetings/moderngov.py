"""A read-only web service shaped like ModernGov's `mgWebService.asmx`.

Councils' committee systems (ModernGov) publish their committees and meetings
at `/mgWebService.asmx/GetCommittees`, `GetMeetings`, `GetMeeting` and
`GetAttachment`, and civic-tech tools read them there (for example the
`moderngov` package on the package index). Roundtable answers the same calls
with bodies as committees, so those tools read a partnership's meetings
unchanged.

The shapes follow what real ModernGov answers (captured responses of councils'
services, 2025): element names in lower case, no namespaces, dates dd/mm/yyyy
and times like "5.00 pm" in UK local time, yes/no as "True"/"False", papers
inside each agenda item as `agendaitems/agendaitem/linkeddocuments/linkeddoc`
(`attachmentid`, `title`, `url`, `isrestricted`, `publicationdate`), attendees
as attributes (`memberid`, `name`, `roledescription`, `attendance`,
`representing`), minutes and resolutions as escaped HTML
(`minutesnonemptyhtmlbody`, `decisionnonemptyhtmlbody`), and `GetMeetings`
counting its meetings and committees. Elements Roundtable gave before these
(`agendaitemisrestricted`, `linkeddocid`, the attendee's `role`...) are kept.

This module is pure: the reads in `queries.moderngov_*` build the dataclasses
below, as the public sees the records, and the functions here draw them. The
service is public and reads as the public: only published agendas' open items
and papers are given. A restricted item keeps its place and number, marked
`<isrestricted>True</isrestricted>` and `<isdisplayallowed>False</isdisplayallowed>`,
with neither its title nor its papers nor its minutes, as councils list exempt
items; a restricted paper is not listed at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

from django.utils.html import escape, linebreaks

from roundtable.core.dates import past_example_date

CONTENT_TYPE = "text/xml; charset=utf-8"
RESTRICTED_TITLE = "Restricted item: not for publication"


@dataclass(frozen=True)
class Committee:
    """A body, as `GetCommittees` lists it."""

    id: int
    title: str
    expired: bool
    category: str
    url: str


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as `GetMeetings` lists it; `start` in UK local time."""

    id: int
    committee_id: int
    committee_title: str
    start: datetime.datetime
    cancelled: bool
    location: str
    url: str


@dataclass(frozen=True)
class Attachment:
    """An open paper's current file; the meeting's fields for `GetAttachment`."""

    id: int
    title: str
    url: str
    published: datetime.date | None
    content_type: str
    size: int
    meeting_id: int = 0
    meeting_date: datetime.date | None = None
    committee_id: int = 0
    committee_title: str = ""


@dataclass(frozen=True)
class Decision:
    """One resolution under an item: "(i) That the Board note…" (Noted)."""

    text: str
    kind: str


@dataclass(frozen=True)
class Item:
    """An agenda item as the public sees it. A restricted one carries only its id
    and number; `minutes` and `decisions` only once the minutes are approved."""

    id: int
    number: str
    restricted: bool
    title: str = ""
    purpose: str = ""
    minutes: str = ""
    decisions: tuple[Decision, ...] = ()
    minutes_published: bool = False
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Attendee:
    """Who was at the meeting, given once the minutes are approved."""

    member_id: int
    name: str
    role: str
    attendance: str
    representing: str


@dataclass(frozen=True)
class MeetingSheet:
    """One meeting for `GetMeeting`: its agenda, minutes and attendance as the public sees them."""

    meeting: MeetingRow
    agenda_published: bool
    minutes_published: bool
    pack_url: str
    pack_published: datetime.date | None
    items: tuple[Item, ...]
    attendees: tuple[Attendee, ...]


def parse_date(value: str) -> datetime.date | None:
    """A ModernGov date parameter: dd/mm/yyyy (also yyyy-mm-dd); "0" or blank for none.
    Raises ValueError for anything else (the service's refusal gives an example:
    `date_example`)."""
    value = (value or "").strip()
    if value in {"", "0"}:
        return None
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date")


def date_example(today: datetime.date) -> str:
    """A date as ModernGov writes it, worked out from today for the service's refusal:
    the 16th of last month (`core.dates.past_example_date`), "16/11/2026"."""
    return date_label(past_example_date(today))


def parse_id(value: str) -> int:
    """An id parameter (`lMeetingId`, `lAttachmentId`): a whole number. Raises ValueError."""
    number = int((value or "").strip())
    if number < 0:
        raise ValueError(f"{value!r} is not an id")
    return number


def date_label(day: datetime.date | None) -> str:
    """16/01/2012, as ModernGov writes dates; blank for none."""
    return f"{day:%d/%m/%Y}" if day else ""


def time_label(moment: datetime.time) -> str:
    """5.00 pm, 10.30 am, 12.00 pm (noon), as ModernGov writes times."""
    hour = moment.hour % 12 or 12
    return f"{hour}.{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def decisions_html(decisions: Sequence[Decision]) -> str:
    """The resolutions as the minutes print them: "Resolved:" and a list (i), (ii)…"""
    if not decisions:
        return ""
    parts = "".join(f"<li>{escape(d.text)} ({escape(d.kind)})</li>" for d in decisions)
    return f'<p>Resolved:</p><ol type="i">{parts}</ol>'


def minutes_html(minutes: str, decisions: Sequence[Decision]) -> str:
    """The item's minute, its discussion then its resolutions, as HTML (the text escaped)."""
    discussion = linebreaks(minutes.strip(), autoescape=True) if minutes.strip() else ""
    return discussion + decisions_html(decisions)


def _yes(value: bool) -> str:
    return "True" if value else "False"


def _add(parent: ElementTree.Element, tag: str, text: object = "") -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = "" if text is None else str(text)
    return element


def _document(root: ElementTree.Element) -> bytes:
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def committees_xml(committees: Iterable[Committee]) -> bytes:
    root = ElementTree.Element("committees")
    for body in committees:
        committee = ElementTree.SubElement(root, "committee")
        _add(committee, "committeeid", body.id)
        _add(committee, "committeetitle", body.title)
        _add(committee, "committeedeleted", "False")
        _add(committee, "committeeexpired", _yes(body.expired))
        _add(committee, "committeecategory", body.category)
        _add(committee, "linktolist", body.url)
    return _document(root)


def _meeting_fields(element: ElementTree.Element, meeting: MeetingRow) -> None:
    _add(element, "meetingid", meeting.id)
    _add(element, "meetingdate", date_label(meeting.start.date()))
    _add(element, "meetingtime", time_label(meeting.start.time()))
    _add(element, "meetingstatus", "cancelled" if meeting.cancelled else "confirmed")
    _add(element, "meetinglocation", meeting.location)


def meetings_xml(meetings: Sequence[MeetingRow]) -> bytes:
    """`meetings` in order, grouped under their body as ModernGov groups them, after
    the counts of meetings and of committees."""
    root = ElementTree.Element("getmeetings")
    groups: dict[int, list[MeetingRow]] = {}
    for meeting in meetings:
        groups.setdefault(meeting.committee_id, []).append(meeting)
    _add(root, "meetingscount", len(meetings))
    _add(root, "committeescount", len(groups))
    for rows in groups.values():
        committee = ElementTree.SubElement(root, "committee")
        _add(committee, "committeeid", rows[0].committee_id)
        _add(committee, "committeetitle", rows[0].committee_title)
        _add(committee, "committeemeetingcount", len(rows))
        listed = ElementTree.SubElement(committee, "committeemeetings")
        for meeting in rows:
            element = ElementTree.SubElement(listed, "meeting")
            _meeting_fields(element, meeting)
            _add(element, "meetingurl", meeting.url)
    return _document(root)


def meeting_xml(sheet: MeetingSheet) -> bytes:
    """One meeting: its fields, the public pack, its agenda items with their papers
    and (once approved) minutes, and (once approved) who attended."""
    meeting = sheet.meeting
    root = ElementTree.Element("meeting")
    _meeting_fields(root, meeting)
    _add(root, "committeeid", meeting.committee_id)
    _add(root, "committeetitle", meeting.committee_title)
    _add(root, "meetingurl", meeting.url)
    _add(root, "isdisplayallowed", "True")
    _add(root, "agendaid", meeting.id)
    _add(root, "agendapublished", _yes(sheet.agenda_published))
    _add(root, "decisionpublished", _yes(sheet.minutes_published))
    _add(root, "minutepublished", _yes(sheet.minutes_published))
    documents = ElementTree.SubElement(root, "linkeddocuments")
    if sheet.agenda_published:
        pack = ElementTree.SubElement(documents, "linkeddoc")
        _add(pack, "title", "Public reports pack")
        _add(pack, "url", sheet.pack_url)
        _add(pack, "isrestricted", "False")
        _add(pack, "publicationdate", date_label(sheet.pack_published))

    items = ElementTree.SubElement(root, "agendaitems")
    for item in sheet.items:
        _agenda_item(ElementTree.SubElement(items, "agendaitem"), item)

    attendees = ElementTree.SubElement(root, "attendees")
    for person in sheet.attendees:
        ElementTree.SubElement(
            attendees,
            "attendee",
            memberid=str(person.member_id),
            name=person.name,
            roledescription=person.role,
            attendance=person.attendance,
            representing=person.representing,
            role=person.role,
        )
    return _document(root)


def _agenda_item(element: ElementTree.Element, item: Item) -> None:
    _add(element, "agendaitemid", item.id)
    _add(element, "agendaitemnumber", item.number)
    if item.restricted:
        _add(element, "agendaitemtitle", RESTRICTED_TITLE)
        _add(element, "isrestricted", "True")
        _add(element, "isdisplayallowed", "False")
        _add(element, "agendaitemisrestricted", "True")
        _add(element, "agendaitemispublic", "False")
        return
    _add(element, "agendaitemtitle", item.title)
    _add(element, "isrestricted", "False")
    _add(element, "isdisplayallowed", "True")
    _add(element, "agendaitemisrestricted", "False")
    _add(element, "agendaitemispublic", "True")
    _add(element, "agendaitempurpose", item.purpose)
    _add(element, "isdecision", _yes(bool(item.decisions)))
    _add(element, "isminutepublished", _yes(item.minutes_published))
    _add(element, "isdecisionpublished", _yes(item.minutes_published and bool(item.decisions)))
    # ElementTree escapes the HTML, as ModernGov sends it.
    _add(element, "minutesnonemptyhtmlbody", minutes_html(item.minutes, item.decisions))
    _add(element, "decisionnonemptyhtmlbody", decisions_html(item.decisions))
    documents = ElementTree.SubElement(element, "linkeddocuments")
    for paper in item.attachments:
        doc = ElementTree.SubElement(documents, "linkeddoc")
        _add(doc, "attachmentid", paper.id)
        _add(doc, "linkeddocid", paper.id)
        _add(doc, "title", paper.title)
        _add(doc, "url", paper.url)
        _add(doc, "isrestricted", "False")
        _add(doc, "publicationdate", date_label(paper.published))
        _add(doc, "contenttype", paper.content_type)
        _add(doc, "filesize", paper.size)


def attachment_xml(paper: Attachment) -> bytes:
    """One open paper, as `GetAttachment` gives it: `attachment/attachmentdetails`."""
    root = ElementTree.Element("attachment")
    details = ElementTree.SubElement(root, "attachmentdetails")
    _add(details, "attachmentid", paper.id)
    _add(details, "title", paper.title)
    _add(details, "url", paper.url)
    _add(details, "isurl", "False")
    _add(details, "isrestricted", "False")
    _add(details, "publicationdate", date_label(paper.published))
    _add(details, "meetingdate", date_label(paper.meeting_date))
    _add(details, "decisiondate", "")
    _add(details, "committeetitle", paper.committee_title)
    _add(details, "ownertitle", "")
    _add(details, "meetingid", paper.meeting_id)
    _add(details, "committeeid", paper.committee_id)
    _add(details, "contenttype", paper.content_type)
    _add(details, "filesize", paper.size)
    return _document(root)
