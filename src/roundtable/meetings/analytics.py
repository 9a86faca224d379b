"""Attendance over the last twelve months, per organisation and per body.

The counting rules are `rules.organisation_rates` and `rules.fatigue`; this module
gathers their inputs in a fixed number of queries, however many meetings there
are:

- a meeting counts when it was held (not cancelled) and its attendance was
  recorded (at least one person on its record), and fell in the window;
- an organisation is expected at a meeting when it held a seat on the body that
  day: a membership current at the meeting's date, in a seat-holding role (chair,
  vice-chair, member, theme lead, community representative), for that
  organisation (two seats of one organisation are expected once);
- a seat counts as filled when anyone of the organisation was present, a
  substitute included; as apologies when someone sent apologies and nobody came;
  otherwise nobody came;
- an organisation is flagged (fatigue) when, over at least three meetings, it
  filled fewer than half its seats: the chair's concern in the Ealing minutes
  about "the non-attendance of meetings by representatives of some of the bigger
  agencies".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404
from django.utils import timezone

from roundtable.core.permissions import refuse
from roundtable.meetings import rules
from roundtable.meetings.choices import Capacity, MeetingStatus
from roundtable.meetings.models import Attendance, Meeting
from roundtable.partnership.access import may_see_attendance_analytics
from roundtable.partnership.choices import MembershipRole
from roundtable.partnership.models import Body, Membership, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

# Roles that hold a seat an organisation is expected to fill.
SEAT_ROLES = (
    MembershipRole.CHAIR,
    MembershipRole.VICE_CHAIR,
    MembershipRole.MEMBER,
    MembershipRole.THEME_LEAD,
    MembershipRole.COMMUNITY_REP,
)


@dataclass
class OrganisationRow:
    organisation: Organisation
    rate: rules.Rate
    fatigued: bool


@dataclass
class BodyAttendance:
    """What the attendance page shows for one body over one window."""

    body: Body
    since: datetime.date  # exclusive
    until: datetime.date  # inclusive
    counted: list[Meeting] = field(default_factory=list)
    cancelled: int = 0
    unrecorded: int = 0
    rows: list[OrganisationRow] = field(default_factory=list)

    @property
    def overall(self) -> rules.Rate:
        totals = [0, 0, 0, 0]
        for row in self.rows:
            for i, n in enumerate(
                (row.rate.expected, row.rate.attended, row.rate.apologies, row.rate.no_one)
            ):
                totals[i] += n
        return rules.Rate(*totals)

    @property
    def fatigued(self) -> list[OrganisationRow]:
        return [row for row in self.rows if row.fatigued]


def _seat_holder(memberships: list[dict], person_id: int, day: datetime.date) -> int | None:
    """The organisation a person sat for on the body that day, if any."""
    for m in memberships:
        if m["person_id"] == person_id and _current(m, day) and m["organisation_id"]:
            return m["organisation_id"]
    return None


def _current(membership: dict, day: datetime.date) -> bool:
    start, end = membership["start_date"], membership["end_date"]
    return (start is None or start <= day) and (end is None or end >= day)


def body_attendance(body: Body, until: datetime.date | None = None) -> BodyAttendance:
    """Attendance per organisation over the twelve months to `until` (default today).

    Four queries: meetings, attendance records, memberships, organisations.
    """
    until = until or timezone.localdate()
    since = rules.a_year_before(until)
    result = BodyAttendance(body=body, since=since, until=until)
    meetings = list(
        Meeting.objects.filter(
            body=body,
            start__date__gt=since,
            start__date__lte=until,
        ).order_by("start")
    )
    records = list(
        Attendance.objects.filter(meeting__in=[m.pk for m in meetings]).values(
            "meeting_id", "person_id", "capacity", "status", "substitute_for_id", "organisation_id"
        )
    )
    recorded = {r["meeting_id"] for r in records}
    held: list[tuple[int, bool]] = []
    days: dict[int, datetime.date] = {}
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED:
            result.cancelled += 1
        elif meeting.pk not in recorded:
            result.unrecorded += 1
        else:
            result.counted.append(meeting)
            held.append((meeting.pk, False))
            days[meeting.pk] = timezone.localdate(meeting.start)
    memberships = list(
        Membership.objects.filter(body=body).values(
            "person_id", "organisation_id", "role", "start_date", "end_date"
        )
    )
    seats = [
        (mid, m["organisation_id"])
        for mid, day in days.items()
        for m in memberships
        if m["role"] in SEAT_ROLES and m["organisation_id"] and _current(m, day)
    ]
    seats_records = []
    for r in records:
        if r["meeting_id"] not in days:
            continue
        organisation_id = r["organisation_id"]
        if organisation_id is None and r["capacity"] != Capacity.IN_ATTENDANCE:
            # Whom they sat for: their own seat, or the seat of the member they stood in for.
            seat_person = r["substitute_for_id"] or r["person_id"]
            organisation_id = _seat_holder(memberships, seat_person, days[r["meeting_id"]])
        seats_records.append(
            (
                r["meeting_id"],
                rules.Seat(
                    person_id=r["person_id"],
                    capacity=r["capacity"],
                    status=r["status"],
                    substitute_for_id=r["substitute_for_id"],
                    organisation_id=organisation_id,
                ),
            )
        )
    rates = rules.organisation_rates(held, seats, seats_records)
    organisations = Organisation.objects.in_bulk(list(rates))
    result.rows = sorted(
        (
            OrganisationRow(organisations[org_id], rate, rules.fatigue(rate))
            for org_id, rate in rates.items()
        ),
        key=lambda row: (row.rate.rate if row.rate.rate is not None else 1, row.organisation.name),
    )
    return result


def get_body_for_attendance(user: User | AnonymousUser, slug: str) -> Body:
    """The body whose attendance figures the user asked for, if they may see them."""
    body = get_object_or_404(Body.objects.select_related("partnership"), slug=slug)
    if not may_see_attendance_analytics(user, body):
        raise refuse(user)
    return body
