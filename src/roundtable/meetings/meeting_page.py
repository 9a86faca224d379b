"""The meeting page, assembled: the agenda with its papers, and, for readers who may
see the minutes, each item's minutes, resolutions and actions, the attendance and
the quorum, and the matters arising. Everything is read through the models'
`visible_to` methods and the access helpers of `permissions.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from roundtable.core.permissions import Action as Can
from roundtable.core.permissions import can
from roundtable.meetings import queries, rules
from roundtable.meetings.attachments import Attachment, attachments_for
from roundtable.meetings.choices import Capacity, MinutesStatus
from roundtable.meetings.models import Action as MeetingAction
from roundtable.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinutesAmendment,
    Paper,
    PaperVersion,
    Resolution,
)
from roundtable.meetings.permissions import may_manage, sees_meeting_minutes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


@dataclass
class PaperView:
    paper: Paper
    version: PaperVersion | None

    @property
    def kind(self) -> str:
        return rules.paper_kind(self.version.filename) if self.version else ""


@dataclass(frozen=True)
class ResolutionView:
    """A resolution with its part, "(ii)", and how it is cited, "3 (ii)"."""

    resolution: Resolution
    part: str
    ref: str


def resolution_views(number: str, resolutions: Any) -> list[ResolutionView]:
    return [
        ResolutionView(r, rules.roman(r.position), rules.resolution_reference(number, r.position))
        for r in resolutions
    ]


@dataclass
class ItemView:
    """An agenda item as the meeting page shows it, with its minutes when visible."""

    item: AgendaItem
    number: str
    papers: list[PaperView]
    is_sub: bool
    show_minutes: bool = False
    links: list[queries.LinkShown] = field(default_factory=list)
    resolutions: list[ResolutionView] = field(default_factory=list)
    actions: list[MeetingAction] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class AttendanceView:
    members: list[Attendance]
    substitutes: list[Attendance]
    also: list[Attendance]
    apologies: list[Attendance]
    absent: list[Attendance]
    quorum: rules.Quorum


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[ItemView]
    matters_arising: list[tuple[MeetingAction, int]]
    attendance: AttendanceView | None
    amendments: list[MinutesAmendment]
    shows_minutes: bool
    can_manage: bool
    minutes_editable: bool = False
    sees_restricted: bool = False
    may_record: bool = True  # its day has come: attendance and minutes may be recorded
    #: Why it cannot be moved or cancelled ("" when it can), for those who manage it.
    move_refusal: str = ""
    cancel_refusal: str = ""
    #: Why buttons are missing, in a paragraph (`rules.why_not_changeable`).
    not_changeable: str = ""
    #: The earlier meetings whose minutes were approved at this one, oldest first.
    approved_here: list[Meeting] = field(default_factory=list)


def _flatten(entries: list[queries.AgendaEntry], is_sub: bool = False) -> list[ItemView]:
    out = []
    for entry in entries:
        papers = [PaperView(p, queries.current_version(p)) for p in entry.papers]
        out.append(ItemView(entry.item, entry.number, papers, is_sub))
        out.extend(_flatten(entry.sub_items, True))
    return out


def _attendance(meeting: Meeting) -> AttendanceView:
    records = list(
        Attendance.objects.filter(meeting=meeting).select_related(
            "person", "organisation", "substitute_for"
        )
    )
    seats = [
        rules.Seat(a.person_id, a.capacity, a.status, a.substitute_for_id, a.organisation_id)
        for a in records
    ]
    terms = meeting.body.terms_of_reference.order_by("-version").first()
    present = [a for a in records if a.status == "present"]
    return AttendanceView(
        members=[a for a in present if a.capacity == Capacity.MEMBER],
        substitutes=[a for a in present if a.capacity == Capacity.SUBSTITUTE],
        also=[a for a in present if a.capacity == Capacity.IN_ATTENDANCE],
        apologies=[a for a in records if a.status == "apologies"],
        absent=[a for a in records if a.status == "absent"],
        quorum=rules.quorum(seats, terms.quorum if terms else None),
    )


def meeting_page(user: User | AnonymousUser, meeting: Meeting) -> MeetingPage:
    """The meeting page as `user` may see it: agenda, papers, and the minutes, decisions,
    actions and attendance where the minutes are visible to them."""
    # Matters arising are overdue as at the meeting (or today, for one still to come).
    today = min(timezone.localdate(), timezone.localdate(meeting.start))
    items = _flatten(queries.agenda_for(meeting, user))
    minuted = set(
        AgendaItem.objects.minutes_visible_to(user)
        .filter(meeting=meeting)
        .values_list("pk", flat=True)
    )
    resolutions = Resolution.objects.visible_to(user).filter(item__meeting=meeting)
    actions = MeetingAction.objects.visible_to(user).filter(item__meeting=meeting)
    by_item: dict[int, ItemView] = {view.item.pk: view for view in items}
    links = queries.links_for([view.item for view in items], user)
    attached = attachments_for(user, [view.item.pk for view in items])
    for view in items:
        view.show_minutes = view.item.pk in minuted
        view.links = links.get(view.item.pk, [])
        view.attachments = attached.get(view.item.pk, [])
    for resolution in resolutions.order_by("item", "position"):
        view = by_item.get(resolution.item_id)
        if view is not None and view.show_minutes:
            view.resolutions.extend(resolution_views(view.number, [resolution]))
    for action in actions.select_related("owner_person", "owner_organisation"):
        view = by_item.get(action.item_id)
        if view is not None and view.show_minutes:
            view.actions.append(action)
    shows_minutes = sees_meeting_minutes(user, meeting)
    can_manage = may_manage(user, meeting.body)
    arising = queries.matters_arising(meeting, user)
    return MeetingPage(
        meeting=meeting,
        items=items,
        matters_arising=[(a, rules.days_overdue(a.due, a.status, today)) for a in arising],
        attendance=_attendance(meeting) if shows_minutes else None,
        amendments=list(meeting.amendments.all()) if shows_minutes else [],
        shows_minutes=shows_minutes,
        can_manage=can_manage,
        minutes_editable=rules.minutes_editable(meeting.minutes_status) and meeting.may_record,
        may_record=meeting.may_record,
        sees_restricted=can(user, Can.VIEW_RESTRICTED, meeting),
        approved_here=_approved_here(meeting),
        **(_changes(meeting) if can_manage else {}),
    )


def _approved_here(meeting: Meeting) -> list[Meeting]:
    """The meetings whose minutes were approved at `meeting`: approved minutes are
    public, and so is when they were approved (each meeting's page says where)."""
    return list(
        Meeting.objects.filter(minutes_approved_at=meeting, minutes_status=MinutesStatus.APPROVED)
        .select_related("body")
        .order_by("start")
    )


def _changes(meeting: Meeting) -> dict[str, str]:
    """Why its manager may not move or cancel it, or change its agenda (only asked for
    a manager's page)."""
    if meeting.is_cancelled:
        return {}
    move, cancel = meeting.move_refusal, meeting.cancel_refusal
    return {
        "move_refusal": move,
        "cancel_refusal": cancel,
        "not_changeable": rules.why_not_changeable(meeting.minutes_status, move, cancel),
    }
