"""The iCalendar feed (RFC 5545) of a partnership's consultations: one all-day
VEVENT when each opens and one when it closes.

UIDs are made from the consultation's id ("consultation-12-opens@roundtable"), so
they never change and calendar programs update an event in place when its date
moves. The feed carries the Europe/London VTIMEZONE of the meetings feed; the
events themselves are dates (VALUE=DATE), which have no time zone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from icalendar import Event

from roundtable.meetings.calendars import CONTENT_TYPE, published_calendar

if TYPE_CHECKING:
    from roundtable.engagement.models import Consultation

PRODID = "-//Roundtable//Consultations//EN"
__all__ = ["CONTENT_TYPE", "consultation_calendar"]


def uid(consultation_id: int, which: str) -> str:
    return f"consultation-{consultation_id}-{which}@roundtable"


def _event(consultation: Consultation, which: str, url: str) -> Event:
    day = consultation.opens if which == "opens" else consultation.closes
    label = "opens" if which == "opens" else "closes"
    event = Event()
    event.add("uid", uid(consultation.pk, which))
    event.add("dtstamp", consultation.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", consultation.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    prefix = "Illustrative dates: " if consultation.is_illustrative else ""
    event.add("summary", f"{prefix}Consultation {label}: {consultation.title}")
    lines = [
        f"Led by {consultation.lead_organisation.name}.",
        f"Open from {consultation.opens:%-d %B %Y} to {consultation.closes:%-d %B %Y}.",
    ]
    if consultation.method:
        lines.append(f"How to respond: {consultation.method}")
    if consultation.url:
        lines.append(f"Respond: {consultation.url}")
    lines.append(f"Details: {url}")
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event


def consultation_calendar(
    name: str, consultations: Iterable[Consultation], url_for: Callable[[Consultation], str]
) -> bytes:
    """The feed: a VCALENDAR named `name`, the London time zone and two VEVENTs per
    consultation; `url_for` gives each one's absolute page address."""
    calendar = published_calendar(name, PRODID)
    for consultation in consultations:
        url = url_for(consultation)
        calendar.add_component(_event(consultation, "opens", url))
        calendar.add_component(_event(consultation, "closes", url))
    return calendar.to_ical()
