"""iCalendar feeds (RFC 5545) of a body's meetings and of a whole partnership's.

Feeds are public: anyone may subscribe without signing in, so each event's
description lists only the open items of a published agenda, read as the
public reads them (`queries.with_published_agendas` for an anonymous user).

Each meeting is one VEVENT whose `UID` is the meeting's `uid`, which never
changes, and whose `SEQUENCE` is the meeting's `sequence`, which rises each time
it moves or is cancelled, so calendar programs update the event in place.
Times are written in Europe/London local time with a `VTIMEZONE` carrying the
UK's daylight-saving rules, so a 5pm meeting stays at 5pm across the clock
change whatever the subscriber's own time zone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from roundtable.meetings.choices import MeetingStatus
from roundtable.meetings.queries import published_agenda

if TYPE_CHECKING:
    from roundtable.meetings.models import Meeting

LONDON = "Europe/London"
PRODID = "-//Roundtable//Meetings//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def london_timezone() -> Timezone:
    """Europe/London as UK law has had it since 1996: BST from 01:00 UTC on the last
    Sunday of March to 01:00 UTC on the last Sunday of October, GMT otherwise."""
    zone = Timezone()
    zone.add("tzid", LONDON)
    zone.add("x-lic-location", LONDON)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=0))
    summer.add("tzoffsetto", datetime.timedelta(hours=1))
    summer.add("dtstart", datetime.datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=1))
    winter.add("tzoffsetto", datetime.timedelta(hours=0))
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _summary(meeting: Meeting) -> str:
    name = meeting.heading
    return f"Cancelled: {name}" if meeting.status == MeetingStatus.CANCELLED else name


def _description(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.status == MeetingStatus.CANCELLED and meeting.status_reason:
        lines += [f"Cancelled: {meeting.status_reason}", ""]
    agenda = published_agenda(meeting)
    if agenda:
        lines.append("Agenda:")
        lines += [f"{entry.number}. {entry.item.title}" for entry in agenda]
        lines.append("")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines.append(f"Details and papers: {url}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, url: str) -> Event:
    """One VEVENT. `meeting` comes from `with_published_agendas` read as the public."""
    london = ZoneInfo(LONDON)
    event = Event()
    event.add("uid", str(meeting.uid))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.start.astimezone(london))
    if meeting.end is not None:
        event.add("dtend", meeting.end.astimezone(london))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", _summary(meeting))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", url)
    event.add("description", _description(meeting, url))
    return event


def published_calendar(name: str, prodid: str) -> Calendar:
    """An empty published feed named `name`, in London time (with its VTIMEZONE):
    the frame of every Roundtable iCalendar feed."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", LONDON)
    calendar.add_component(london_timezone())
    return calendar


def calendar_for(
    name: str, meetings: Iterable[Meeting], url_for: Callable[[Meeting], str]
) -> bytes:
    """The feed: a VCALENDAR named `name` with the London time zone and one VEVENT per
    meeting; `url_for` gives each meeting's absolute page address."""
    calendar = published_calendar(name, PRODID)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url_for(meeting)))
    return calendar.to_ical()
