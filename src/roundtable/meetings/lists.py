"""The meetings list as a request→rows function, shared by the page and its CSV
and XLSX download (`core.exports.Listing`), so the download keeps the page's
filter. (The actions log has its own, `views_actions.action_log_request`.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.utils import timezone

from roundtable.core.exports import Column, Listing
from roundtable.meetings.choices import MINUTES_NOT_APPROVED
from roundtable.meetings.models import Meeting
from roundtable.partnership.middleware import current_partnership
from roundtable.partnership.models import Body

if TYPE_CHECKING:
    from django.http import HttpRequest

    from roundtable.meetings.models import MeetingQuerySet


@dataclass(frozen=True)
class MeetingList:
    """The meetings page's bodies, the body chosen (if any), whether it is narrowed to
    the meetings held whose minutes are not yet approved, and its meetings."""

    bodies: list[Body]
    body: Body | None
    minutes_not_approved: bool
    meetings: MeetingQuerySet

    @property
    def query(self) -> str:
        """The filters as a query string, for the pagination's links."""
        query = {"body": self.body.slug} if self.body else {}
        if self.minutes_not_approved:
            query["minutes"] = MINUTES_NOT_APPROVED
        return urlencode(query)


def meeting_list(request: HttpRequest) -> MeetingList:
    partnership = current_partnership(request)
    bodies = list(Body.objects.filter(partnership=partnership))
    wanted = request.GET.get("body", "")
    body = next((b for b in bodies if b.slug == wanted), None)
    meetings = (
        Meeting.objects.filter(partnership=partnership)
        .select_related("body")
        .with_record(request.user)
    )
    if body is not None:
        meetings = meetings.filter(body=body)
    not_approved = request.GET.get("minutes", "") == MINUTES_NOT_APPROVED
    if not_approved:
        meetings = meetings.minutes_not_approved(timezone.now())
    return MeetingList(bodies, body, not_approved, meetings)


def _status(meeting: Meeting) -> str:
    if meeting.is_cancelled:
        return "Cancelled"
    if meeting.is_held:
        return "Held"
    return "Agenda published" if meeting.agenda_is_published else "Scheduled"


MEETINGS = Listing(
    name="meetings",
    title="Meetings",
    columns=(
        Column("Date", lambda m: timezone.localtime(m.start).date()),
        Column("Start", lambda m: timezone.localtime(m.start).strftime("%H:%M")),
        Column("End", lambda m: timezone.localtime(m.end).strftime("%H:%M") if m.end else ""),
        Column("Body", lambda m: m.body.name),
        Column("Title", lambda m: m.title),
        Column("Venue", lambda m: m.venue),
        Column("Status", _status),
        Column(
            "Record of the meeting",
            lambda m: m.record_state,
        ),
        Column("Reason for cancelling", lambda m: m.status_reason if m.is_cancelled else ""),
    ),
    rows=lambda request: meeting_list(request).meetings.order_by("start"),
)
