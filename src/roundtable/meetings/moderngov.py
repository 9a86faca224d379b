"""A read-only web service shaped like ModernGov's `mgWebService.asmx`.

Councils' committee systems (ModernGov) publish their committees and meetings
at `/mgWebService.asmx/GetCommittees`, `GetMeetings` and `GetMeeting`, and
civic-tech tools read them there (for example the `moderngov` package on the
package index). Roundtable answers the same three calls with bodies as
committees, so those tools read a partnership's meetings unchanged.

The shapes follow what those readers parse: element names in lower case, no
namespaces, dates as dd/mm/yyyy and times as HH:MM in UK local time, yes/no as
"True"/"False", and the wrappers `committees/committee`,
`getmeetings/committee/committeemeetings/meeting` and `meeting/agendaitems/
agendaitem/linkeddocuments/linkeddoc`.

The service is public and reads as the public: only published agendas' open
items and papers are given. A restricted item keeps its place and number, marked
`<agendaitemisrestricted>True</agendaitemisrestricted>` and
`<agendaitemispublic>False</agendaitemispublic>`, with neither its title nor its
papers, as councils list exempt items.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.utils import timezone

from roundtable.meetings import rules
from roundtable.meetings.choices import AttendanceStatus, MeetingStatus
from roundtable.meetings.queries import current_version, published_agenda

if TYPE_CHECKING:
    from roundtable.meetings.models import Attendance, Meeting
    from roundtable.partnership.models import Body

CONTENT_TYPE = "text/xml; charset=utf-8"
RESTRICTED_TITLE = "Restricted item: not for publication"
ATTENDANCE = {
    AttendanceStatus.PRESENT: "Present",
    AttendanceStatus.APOLOGIES: "Apologies",
    AttendanceStatus.ABSENT: "Absent",
}


def parse_date(value: str) -> datetime.date | None:
    """A ModernGov date parameter: dd/mm/yyyy (also yyyy-mm-dd); "0" or blank for none.
    Raises ValueError for anything else."""
    value = (value or "").strip()
    if value in {"", "0"}:
        return None
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date like 16/01/2012")


def _yes(value: bool) -> str:
    return "True" if value else "False"


def _add(parent: ElementTree.Element, tag: str, text: object = "") -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = "" if text is None else str(text)
    return element


def _document(root: ElementTree.Element) -> bytes:
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def committees_xml(bodies: Iterable[Body], url_for: Callable[[Body], str]) -> bytes:
    root = ElementTree.Element("committees")
    today = timezone.localdate()
    for body in bodies:
        committee = ElementTree.SubElement(root, "committee")
        _add(committee, "committeeid", body.pk)
        _add(committee, "committeetitle", body.name)
        _add(committee, "committeedeleted", "False")
        _add(
            committee, "committeeexpired", _yes(body.end_date is not None and body.end_date < today)
        )
        _add(committee, "committeecategory", body.get_kind_display())
        _add(committee, "linktolist", url_for(body))
    return _document(root)


def _meeting_fields(element: ElementTree.Element, meeting: Meeting) -> None:
    start = timezone.localtime(meeting.start)
    _add(element, "meetingid", meeting.pk)
    _add(element, "meetingdate", f"{start:%d/%m/%Y}")
    _add(element, "meetingtime", f"{start:%H:%M}")
    _add(
        element,
        "meetingstatus",
        "cancelled" if meeting.status == MeetingStatus.CANCELLED else "confirmed",
    )
    _add(element, "meetinglocation", meeting.venue)


def meetings_xml(meetings: Iterable[Meeting], url_for: Callable[[Meeting], str]) -> bytes:
    """`meetings` in order, grouped under their body as ModernGov groups them."""
    root = ElementTree.Element("getmeetings")
    committees: dict[int, ElementTree.Element] = {}
    for meeting in meetings:
        if meeting.body_id not in committees:
            committee = ElementTree.SubElement(root, "committee")
            _add(committee, "committeeid", meeting.body_id)
            _add(committee, "committeetitle", meeting.body.name)
            committees[meeting.body_id] = ElementTree.SubElement(committee, "committeemeetings")
        element = ElementTree.SubElement(committees[meeting.body_id], "meeting")
        _meeting_fields(element, meeting)
        _add(element, "meetingurl", url_for(meeting))
    return _document(root)


def meeting_xml(
    meeting: Meeting,
    attendance: Iterable[Attendance],
    *,
    meeting_url: str,
    pack_url: str,
    paper_url: Callable[[object], str],
) -> bytes:
    """One meeting, from `queries.with_published_agendas` read as the public."""
    root = ElementTree.Element("meeting")
    _meeting_fields(root, meeting)
    _add(root, "committeeid", meeting.body_id)
    _add(root, "committeetitle", meeting.body.name)
    _add(root, "meetingurl", meeting_url)
    _add(root, "agendaid", meeting.pk)
    _add(root, "agendapublished", _yes(meeting.agenda_is_published))
    _add(root, "decisionpublished", _yes(meeting.minutes_are_locked))
    _add(root, "minutepublished", _yes(meeting.minutes_are_locked))
    documents = ElementTree.SubElement(root, "linkeddocuments")
    if meeting.agenda_is_published:
        pack = ElementTree.SubElement(documents, "linkeddoc")
        _add(pack, "title", "Public reports pack")
        _add(pack, "url", pack_url)
        _add(pack, "isrestricted", "False")

    items = ElementTree.SubElement(root, "agendaitems")
    if meeting.agenda_is_published:
        _agenda_items(items, meeting, paper_url)

    attendees = ElementTree.SubElement(root, "attendees")
    if meeting.minutes_are_locked:
        for record in attendance:
            ElementTree.SubElement(
                attendees,
                "attendee",
                memberid=str(record.person_id),
                name=record.person.name,
                attendance=ATTENDANCE.get(record.status, record.status),
                role=record.get_capacity_display(),
            )
    return _document(root)


def _agenda_items(
    parent: ElementTree.Element, meeting: Meeting, paper_url: Callable[[object], str]
) -> None:
    numbers = rules.item_numbers(
        rules.ItemPlace(p.pk, p.parent_id, p.position) for p in meeting.item_places
    )
    open_items = {entry.item.pk: entry for entry in published_agenda(meeting)}
    ordered = sorted(meeting.item_places, key=lambda p: _number_key(numbers[p.pk]))
    for place in ordered:
        element = ElementTree.SubElement(parent, "agendaitem")
        _add(element, "agendaitemid", place.pk)
        _add(element, "agendaitemnumber", numbers[place.pk])
        entry = open_items.get(place.pk)
        if entry is None:
            _add(element, "agendaitemtitle", RESTRICTED_TITLE)
            _add(element, "agendaitemisrestricted", "True")
            _add(element, "agendaitemispublic", "False")
            continue
        _add(element, "agendaitemtitle", entry.item.title)
        _add(element, "agendaitemisrestricted", "False")
        _add(element, "agendaitemispublic", "True")
        _add(element, "agendaitempurpose", entry.item.get_purpose_display())
        documents = ElementTree.SubElement(element, "linkeddocuments")
        for paper in entry.papers:
            version = current_version(paper)
            if version is None:
                continue
            doc = ElementTree.SubElement(documents, "linkeddoc")
            _add(doc, "linkeddocid", paper.pk)
            _add(doc, "title", paper.title)
            _add(doc, "url", paper_url(paper))
            _add(doc, "contenttype", version.content_type)
            _add(doc, "filesize", version.size)
            _add(doc, "isrestricted", "False")


def _number_key(number: str) -> tuple[int, str]:
    digits = "".join(c for c in number if c.isdigit())
    return int(digits or 0), number[len(digits) :]
