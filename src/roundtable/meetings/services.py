"""Every write to meetings: scheduling, the agenda and its papers, attendance,
minutes, resolutions, actions and the forward plan.

Each function takes the acting user and checks, through `core.permissions`,
that they may do it; `actor=None` is the system (the demo loader, imports run by
an administrator's command) and is not checked. Writes are atomic and recorded
in the records' history.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from roundtable.core.files import read_checked_upload
from roundtable.core.permissions import Action as Can
from roundtable.core.permissions import refuse, require
from roundtable.core.records import save_with_history
from roundtable.meetings import notify, rules, subscriptions
from roundtable.meetings.choices import (
    ActionStatus,
    AgendaStatus,
    AttendanceStatus,
    Capacity,
    DecisionType,
    MeetingStatus,
    MinutesStatus,
    Purpose,
)
from roundtable.meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    AgendaLink,
    Attendance,
    ForwardPlanItem,
    Meeting,
    MinutesAmendment,
    Paper,
    PaperVersion,
    Resolution,
)
from roundtable.partnership.access import manages_body

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body, Organisation, Person


def _check(actor: User | None, action: Can, obj: Any) -> None:
    if actor is not None:
        require(actor, action, obj)


def _when(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


# -- Scheduling --------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    actor: User | None,
    body: Body,
    *,
    start: datetime.datetime,
    end: datetime.datetime | None = None,
    venue: str = "",
    online_link: str = "",
    title: str = "",
    number: int | None = None,
    series: uuid.UUID | None = None,
) -> Meeting:
    meeting = Meeting(
        partnership_id=body.partnership_id,
        body=body,
        start=start,
        end=end,
        venue=venue,
        online_link=online_link,
        title=title,
        number=number,
        series=series,
    )
    _check(actor, Can.ADD, meeting)
    return save_with_history(meeting, actor, "Scheduled", validate=True)


@transaction.atomic
def schedule_series(
    actor: User | None,
    body: Body,
    *,
    first: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None,
    repeat: rules.Repeat,
    count: int,
    venue: str = "",
    online_link: str = "",
) -> list[Meeting]:
    """Schedule `count` meetings from `first`; they share a series id."""
    try:
        dates = rules.series_dates(first, rules.Repeat(repeat), count)
    except ValueError as exc:
        raise ValidationError({"count": str(exc)}) from exc
    series = uuid.uuid4()
    return [
        schedule_meeting(
            actor,
            body,
            start=_when(day, start_time),
            end=_when(day, end_time) if end_time else None,
            venue=venue,
            online_link=online_link,
            series=series,
        )
        for day in dates
    ]


@transaction.atomic
def move_meeting(
    actor: User | None,
    meeting: Meeting,
    *,
    start: datetime.datetime,
    end: datetime.datetime | None,
    venue: str,
    online_link: str = "",
    reason: str,
) -> Meeting:
    """Change when or where a meeting is; calendars see the change (SEQUENCE rises)."""
    _check(actor, Can.CHANGE, meeting)
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting cannot be moved; schedule a new one")
    if refused := meeting.move_refusal:
        raise ValidationError(refused)
    if not reason.strip():
        raise ValidationError({"status_reason": "Enter why the meeting is moving"})
    old = (meeting.start, meeting.end, meeting.venue)
    meeting.start, meeting.end, meeting.venue = start, end, venue
    meeting.online_link = online_link
    if rules.has_moved(old, (start, end, venue)):
        meeting.sequence += 1
    meeting.status_reason = reason.strip()
    return save_with_history(meeting, actor, f"Moved: {reason.strip()}", validate=True)


@transaction.atomic
def cancel_meeting(actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    _check(actor, Can.CHANGE, meeting)
    if not reason.strip():
        raise ValidationError({"status_reason": "Enter why the meeting is cancelled"})
    if meeting.is_cancelled:
        return meeting
    if refused := meeting.cancel_refusal:
        raise ValidationError(refused)
    meeting.status = MeetingStatus.CANCELLED
    meeting.status_reason = reason.strip()
    meeting.sequence += 1
    return save_with_history(meeting, actor, f"Cancelled: {reason.strip()}")


# -- Agenda ------------------------------------------------------------------


def _next_position(meeting: Meeting, parent: AgendaItem | None) -> int:
    top = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(Max("position"))
    return (top["position__max"] or 0) + 1


def _report_period(text: str) -> str:
    """A performance report's period, written the standard way ("2011/12 Q2"):
    a quarter or a year; anything else is refused with the forms it may take."""
    if not (text or "").strip():
        return ""
    from roundtable.performance.periods import PeriodKind, parse_period

    try:
        period = parse_period(text)
    except ValueError as exc:
        raise ValidationError({"performance_report": str(exc)}) from exc
    if period.kind not in (PeriodKind.QUARTER, PeriodKind.YEAR):
        raise ValidationError(
            {"performance_report": "A performance report is for a quarter or a year"}
        )
    return str(period)


def _inherit_restriction(item: AgendaItem) -> None:
    """A sub-item of a restricted item is restricted too, for the same reason unless it
    gives its own: the sub-item form cannot leave it open (#10)."""
    parent = item.parent
    if parent is not None and parent.restricted:
        item.restricted = True
        item.restriction_category = item.restriction_category or parent.restriction_category


def _require_agenda_open(meeting: Meeting) -> None:
    """Approved minutes record the agenda's items and papers: refuse to change them
    (`rules.agenda_refusal`)."""
    if refused := meeting.agenda_refusal:
        raise ValidationError(refused)


def _restrict_sub_items(actor: User | None, item: AgendaItem) -> None:
    """Restricting an item restricts its sub-items (and their actions) with it.

    Opening an item does not open its sub-items: each stays restricted until the
    secretariat opens it on its own, so nothing becomes public that nobody chose
    to publish."""
    for sub_item in AgendaItem.objects.filter(parent=item, restricted=False):
        sub_item.parent = item
        _inherit_restriction(sub_item)
        save_with_history(sub_item, actor, f"Restricted with '{item.title[:60]}'", validate=True)
    Action.objects.filter(item__parent=item).update(restricted=True)


@transaction.atomic
def add_agenda_item(
    actor: User | None,
    meeting: Meeting,
    *,
    title: str,
    purpose: str = Purpose.DISCUSSION,
    description: str = "",
    lead_note: str = "",
    lead_people: Iterable[Person] = (),
    lead_organisations: Iterable[Organisation] = (),
    restricted: bool = False,
    restriction_category: str = "",
    parent: AgendaItem | None = None,
    position: int | None = None,
    performance_report: str = "",
) -> AgendaItem:
    _require_agenda_open(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError({"parent": "A sub-item goes under a top-level item of this meeting"})
    item = AgendaItem(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        body_id=meeting.body_id,
        parent=parent,
        position=position or _next_position(meeting, parent),
        title=title,
        purpose=purpose,
        description=description,
        lead_note=lead_note,
        restricted=restricted,
        restriction_category=restriction_category if restricted else "",
        performance_report=_report_period(performance_report),
    )
    _inherit_restriction(item)
    _check(actor, Can.ADD, item)
    save_with_history(item, actor, validate=True)
    item.lead_people.set(lead_people)
    item.lead_organisations.set(lead_organisations)
    return item


@transaction.atomic
def change_agenda_item(actor: User | None, item: AgendaItem, **fields: Any) -> AgendaItem:
    """Change an item's wording, purpose, leads or restriction; refused once the
    minutes are approved (`change_item_restriction` may still open or restrict it).

    A sub-item of a restricted item stays restricted whatever is asked; restricting
    an item restricts its sub-items too (see `_restrict_sub_items`)."""
    _check(actor, Can.CHANGE, item)
    _require_agenda_open(item.meeting)
    people = fields.pop("lead_people", None)
    organisations = fields.pop("lead_organisations", None)
    if "performance_report" in fields:
        fields["performance_report"] = _report_period(fields["performance_report"])
    for name, value in fields.items():
        setattr(item, name, value)
    _settle_restriction(item)
    _save_restriction(actor, item, "")
    if people is not None:
        item.lead_people.set(people)
    if organisations is not None:
        item.lead_organisations.set(organisations)
    return item


@transaction.atomic
def change_item_restriction(
    actor: User | None, item: AgendaItem, *, restricted: bool, restriction_category: str = ""
) -> AgendaItem:
    """Open or restrict an item, at any time: who may see an item is not part of the
    minutes' record, and an exempt item is often opened once the reason has passed.
    The same rules as `change_agenda_item`: a sub-item of a restricted item stays
    restricted, and restricting an item restricts its sub-items and actions."""
    _check(actor, Can.CHANGE, item)
    before = (item.restricted, item.restriction_category)
    item.restricted, item.restriction_category = restricted, restriction_category
    _settle_restriction(item)
    if item.restricted and not item.restriction_category:
        raise ValidationError({"restriction_category": "Select why the item is restricted"})
    if (item.restricted, item.restriction_category) != before:
        _save_restriction(actor, item, "Restricted" if item.restricted else "Opened")
    return item


def _settle_restriction(item: AgendaItem) -> None:
    """Make an item's restriction whole: an open item has no reason, and a sub-item of
    a restricted item is restricted (`_inherit_restriction`)."""
    if not item.restricted:
        item.restriction_category = ""
    _inherit_restriction(item)


def _save_restriction(actor: User | None, item: AgendaItem, note: str) -> None:
    """Save `item`, its restriction settled (`_settle_restriction`), with its actions
    and (when it is restricted) its sub-items following it."""
    save_with_history(item, actor, note, validate=True)
    Action.objects.filter(item=item).update(restricted=item.restricted)
    if item.restricted:
        _restrict_sub_items(actor, item)


@transaction.atomic
def remove_agenda_item(actor: User | None, item: AgendaItem) -> None:
    """Take an item off a draft agenda; a published agenda's items stay on record."""
    _check(actor, Can.DELETE, item)
    _require_agenda_open(item.meeting)
    if item.meeting.agenda_is_published:
        raise ValidationError("The agenda is published: change the item instead of removing it")
    meeting, parent = item.meeting, item.parent
    item.delete()
    renumber(meeting, parent)


def renumber(meeting: Meeting, parent: AgendaItem | None) -> None:
    """Close the gaps in positions at one level after an item leaves or moves."""
    items = list(AgendaItem.objects.filter(meeting=meeting, parent=parent).order_by("position"))
    for n, item in enumerate(items, start=1):
        if item.position != n:
            AgendaItem.objects.filter(pk=item.pk).update(position=n)


@transaction.atomic
def reorder_agenda(
    actor: User | None, meeting: Meeting, order: Sequence[int], parent: AgendaItem | None = None
) -> None:
    """Put one level's items in the order given by their ids."""
    _require_agenda_open(meeting)
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting, parent=parent)}
    if sorted(order) != sorted(items):
        raise ValidationError("The new order must list every item at that level once")
    for item in items.values():
        _check(actor, Can.CHANGE, item)
    # Move out of the way first so the unique (meeting, parent, position) holds throughout.
    offset = len(items) + 1000
    for n, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).update(position=offset + n)
    for n, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).update(position=n)


@transaction.atomic
def publish_agenda(
    actor: User | None, meeting: Meeting, *, at: datetime.datetime | None = None
) -> Meeting:
    """Publish the agenda: its open items and papers become public."""
    _check(actor, Can.CHANGE, meeting)
    if meeting.agenda_is_published:
        return meeting
    if not meeting.items.exists():
        raise ValidationError("Add at least one item before publishing the agenda")
    meeting.agenda_status = AgendaStatus.PUBLISHED
    meeting.agenda_published_at = at or timezone.now()
    notify.agenda_published(meeting)
    subscriptions.agenda_published(meeting)
    return save_with_history(meeting, actor, "Agenda published")


@transaction.atomic
def draft_agenda_from_plan(actor: User | None, meeting: Meeting) -> list[AgendaItem]:
    """Turn the forward plan's items for this meeting into agenda items (once each)."""
    _check(actor, Can.CHANGE, meeting)
    _require_agenda_open(meeting)
    created = []
    for planned in ForwardPlanItem.objects.filter(meeting=meeting, agenda_item__isnull=True):
        item = add_agenda_item(
            actor,
            meeting,
            title=planned.title,
            purpose=planned.purpose,
            lead_note=planned.lead_note,
        )
        planned.agenda_item = item
        save_with_history(planned, actor, "Placed on the agenda")
        created.append(item)
    return created


# -- Papers ------------------------------------------------------------------


def _pdf_pages(content: bytes) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError({"file": "The PDF could not be read: it may be damaged"}) from exc


def _new_version(actor: User | None, paper: Paper, upload: UploadedFile) -> PaperVersion:
    checked = read_checked_upload(upload, check=rules.check_paper_upload, field="file")
    number = (paper.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = PaperVersion(
        paper=paper,
        number=number,
        **checked.stored,
        page_count=_pdf_pages(checked.content) if checked.extension == ".pdf" else None,
        uploaded_by=actor,
    )
    version.file.save(checked.name, checked.as_file(), save=False)
    version.save()
    return version


@transaction.atomic
def add_paper(
    actor: User | None,
    item: AgendaItem,
    *,
    title: str,
    upload: UploadedFile,
    restricted: bool = False,
    restriction_category: str = "",
) -> Paper:
    """Attach a paper to an item. A bad file is refused and nothing is saved."""
    _require_agenda_open(item.meeting)
    if restricted and not restriction_category:
        raise ValidationError({"restriction_category": "Select why the paper is restricted"})
    position = (item.papers.aggregate(Max("position"))["position__max"] or 0) + 1
    paper = Paper(
        partnership_id=item.partnership_id,
        item=item,
        body_id=item.body_id,
        position=position,
        title=title.strip() or rules.paper_title_from_file(upload.name or ""),
        restricted=restricted,
        restriction_category=restriction_category if restricted else "",
    )
    _check(actor, Can.ADD, paper)
    save_with_history(paper, actor, validate=True)
    _new_version(actor, paper, upload)
    return paper


@transaction.atomic
def replace_paper(actor: User | None, paper: Paper, upload: UploadedFile) -> PaperVersion:
    """Upload a new version; earlier versions are kept. Refused once the minutes are
    approved: the meeting took the paper as it was."""
    _check(actor, Can.CHANGE, paper)
    _require_agenda_open(paper.item.meeting)
    return _new_version(actor, paper, upload)


# -- Attendance --------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceEntry:
    person: Person
    status: str = AttendanceStatus.PRESENT
    capacity: str = Capacity.MEMBER
    organisation: Organisation | None = None
    substitute_for: Person | None = None
    note: str = ""


@transaction.atomic
def record_attendance(
    actor: User | None, meeting: Meeting, entries: Sequence[AttendanceEntry]
) -> list[Attendance]:
    """Set who was at the meeting. People not listed are removed from its record.
    Refused before the meeting's day: nobody has attended yet."""
    _check(actor, Can.CHANGE, meeting)
    _require_meeting_day(meeting, "Attendance")
    if meeting.minutes_are_locked:
        raise ValidationError("The minutes are approved: attendance is part of them and locked")
    seen = set()
    for entry in entries:
        if entry.person.pk in seen:
            raise ValidationError(f"{entry.person} is listed twice")
        seen.add(entry.person.pk)
        if entry.substitute_for is not None and entry.capacity != Capacity.SUBSTITUTE:
            raise ValidationError(f"{entry.person} stands in for someone, so is a substitute")
    by_person = {entry.person.pk: entry for entry in entries}
    for entry in entries:
        if entry.substitute_for is not None:
            _check_substitute(entry, by_person.get(entry.substitute_for.pk))
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for person_id, record in existing.items():
        if person_id not in seen:
            record._history_user = actor
            record.delete()
    saved = []
    for entry in entries:
        record = existing.get(entry.person.pk) or Attendance(
            meeting=meeting, person=entry.person, partnership_id=meeting.partnership_id
        )
        record.status, record.capacity = entry.status, entry.capacity
        record.organisation = entry.organisation
        record.substitute_for = entry.substitute_for
        record.note = entry.note
        saved.append(save_with_history(record, actor, validate=True))
    return saved


def _check_substitute(entry: AttendanceEntry, member: AttendanceEntry | None) -> None:
    """A substitute comes from the organisation the member they stand in for represents
    (the member's seat, else the member's own organisation)."""
    represented = (member and member.organisation) or entry.substitute_for.organisation
    if represented is None or entry.person.organisation_id == represented.pk:
        return
    raise ValidationError(
        f"{entry.person} cannot substitute for {entry.substitute_for}: a substitute comes "
        f"from {represented.name}, the organisation {entry.substitute_for} represents. Choose "
        f"someone from {represented.name}, or record {entry.person} as also attending"
    )


# -- Minutes -----------------------------------------------------------------


def _require_meeting_day(meeting: Meeting, what: str) -> None:
    """Refuse to record `what` of a meeting before its day (`rules.may_record`)."""
    if not meeting.may_record:
        raise ValidationError(rules.too_early(what, meeting.date_label))


def _require_minutes_editable(meeting: Meeting) -> None:
    if rules.minutes_editable(meeting.minutes_status):
        return
    if meeting.minutes_status == MinutesStatus.CIRCULATED:
        raise ValidationError("The minutes are circulated: return them to draft to change them")
    raise ValidationError("The minutes are approved and locked")


def _start_minutes(actor: User | None, meeting: Meeting) -> None:
    if meeting.minutes_status == MinutesStatus.NOT_STARTED:
        meeting.minutes_status = MinutesStatus.DRAFT
        save_with_history(meeting, actor, "Minutes started")


@transaction.atomic
def save_item_minutes(actor: User | None, item: AgendaItem, minutes: str) -> AgendaItem:
    _check(actor, Can.CHANGE, item)
    _require_meeting_day(item.meeting, "Minutes")
    _require_minutes_editable(item.meeting)
    _start_minutes(actor, item.meeting)
    item.minutes = minutes
    return save_with_history(item, actor)


@transaction.atomic
def add_resolution(
    actor: User | None, item: AgendaItem, text: str, decision_type: str = DecisionType.AGREED
) -> Resolution:
    _check(actor, Can.CHANGE, item)
    _require_meeting_day(item.meeting, "Minutes")
    _require_minutes_editable(item.meeting)
    _start_minutes(actor, item.meeting)
    position = (item.resolutions.aggregate(Max("position"))["position__max"] or 0) + 1
    resolution = Resolution(
        partnership_id=item.partnership_id,
        item=item,
        position=position,
        text=text.strip(),
        decision_type=decision_type,
    )
    return save_with_history(resolution, actor, validate=True)


@transaction.atomic
def remove_resolution(actor: User | None, resolution: Resolution) -> None:
    _check(actor, Can.CHANGE, resolution.item)
    _require_minutes_editable(resolution.item.meeting)
    item = resolution.item
    resolution._history_user = actor
    resolution.delete()
    for n, r in enumerate(item.resolutions.order_by("position"), start=1):
        if r.position != n:
            Resolution.objects.filter(pk=r.pk).update(position=n)


def _move_minutes(actor: User | None, meeting: Meeting, target: MinutesStatus, note: str) -> None:
    if not rules.minutes_may_move(meeting.minutes_status, target):
        raise ValidationError(
            f"Minutes that are {meeting.get_minutes_status_display().lower()} cannot become "
            f"{target.label.lower()}"
        )
    meeting.minutes_status = target
    save_with_history(meeting, actor, note)


@transaction.atomic
def circulate_minutes(actor: User | None, meeting: Meeting) -> Meeting:
    """Send the draft minutes to the body's members for comment."""
    _check(actor, Can.CHANGE, meeting)
    if refusal := rules.circulation_refusal(meeting.minutes_status):
        raise ValidationError(refusal)
    meeting.minutes_circulated_at = timezone.now()
    _move_minutes(actor, meeting, MinutesStatus.CIRCULATED, "Minutes circulated to members")
    notify.minutes_circulated(meeting)
    return meeting


@transaction.atomic
def return_minutes_to_draft(actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    _check(actor, Can.CHANGE, meeting)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the minutes go back to draft"})
    _move_minutes(actor, meeting, MinutesStatus.DRAFT, f"Minutes returned to draft: {reason}")
    return meeting


@transaction.atomic
def approve_minutes(
    actor: User | None,
    meeting: Meeting,
    *,
    approved_at: Meeting | None,
    amendments: Sequence[str] = (),
    on: datetime.date | None = None,
) -> Meeting:
    """Record that a later meeting agreed these minutes (with any amendments); they lock."""
    _check(actor, Can.CHANGE, meeting)
    if approved_at is not None and (
        approved_at.body_id != meeting.body_id or approved_at.start <= meeting.start
    ):
        raise ValidationError(
            {"approved_at": "Minutes are approved at a later meeting of the same body"}
        )
    if approved_at is not None and approved_at.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            {"approved_at": f"The meeting of {approved_at.date_label} was cancelled"}
        )
    if approved_at is not None and (
        refusal := rules.approval_refusal(
            timezone.localdate(approved_at.start), timezone.localdate(), approved_at.date_label
        )
    ):
        raise ValidationError({"approved_at": refusal})
    for n, text in enumerate((t.strip() for t in amendments if t.strip()), start=1):
        MinutesAmendment.objects.create(
            partnership_id=meeting.partnership_id,
            meeting=meeting,
            position=n,
            text=text,
            agreed_at=approved_at,
        )
    meeting.minutes_approved_at = approved_at
    meeting.minutes_approved_on = on or (
        timezone.localdate(approved_at.start) if approved_at else timezone.localdate()
    )
    _move_minutes(actor, meeting, MinutesStatus.APPROVED, "Minutes approved")
    subscriptions.minutes_approved(meeting)
    return meeting


# -- Actions -----------------------------------------------------------------


@transaction.atomic
def add_action(
    actor: User | None,
    body: Body,
    *,
    description: str,
    meeting: Meeting | None = None,
    item: AgendaItem | None = None,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    due: datetime.date | None = None,
    status: str = ActionStatus.OPEN,
) -> Action:
    if item is not None:
        meeting = item.meeting
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": "The meeting is not one of this body's"})
    if owner_organisation is None and owner_person is not None:
        owner_organisation = owner_person.organisation
    action = Action(
        partnership_id=body.partnership_id,
        body=body,
        meeting=meeting,
        item=item,
        description=description.strip(),
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        due=due,
        status=status,
        restricted=bool(item and (item.restricted or (item.parent and item.parent.restricted))),
    )
    if actor is not None and not manages_body(actor, body.pk):
        raise refuse(actor)
    if item is not None:
        _require_meeting_day(item.meeting, "Actions raised under an item")
    notify.action_assigned(action)
    return save_with_history(action, actor, validate=True)


@transaction.atomic
def update_action(
    actor: User | None,
    action: Action,
    *,
    status: str,
    note: str = "",
    due: datetime.date | None = None,
) -> ActionUpdate:
    """An owner's (or the secretariat's) progress note; it may change the status."""
    _check(actor, Can.CHANGE, action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select a status"})
    if status == action.status and not note.strip() and due in (None, action.due):
        raise ValidationError({"note": "Enter an update or change the status"})
    action.status = status
    if due is not None:
        action.due = due
    save_with_history(action, actor, note.strip()[:100])
    return ActionUpdate.objects.create(
        action=action, author=actor, status=status, note=note.strip()
    )


@transaction.atomic
def reassign_action(
    actor: User | None,
    action: Action,
    *,
    owner_person: Person | None,
    owner_organisation: Organisation | None,
    due: datetime.date | None,
    note: str = "",
) -> ActionUpdate:
    """Give an action to someone else or a new due date (the body's managers only);
    the change is noted in its updates and a new owner is told."""
    if actor is not None and not manages_body(actor, action.body_id):
        raise refuse(actor)
    if owner_organisation is None and owner_person is not None:
        owner_organisation = owner_person.organisation
    if owner_person is None and owner_organisation is None:
        raise ValidationError({"owner_person": "Select who owns the action"})
    before = (action.owner_person, action.owner_organisation, action.due)
    if before == (owner_person, owner_organisation, due):
        raise ValidationError({"owner_person": "Change the owner or the due date"})
    new_owner = owner_person is not None and owner_person != action.owner_person
    changes = []
    if (owner_person, owner_organisation) != before[:2]:
        who = ", ".join(str(x) for x in (owner_person, owner_organisation) if x is not None)
        changes.append(f"Reassigned to {who}")
    if due != action.due:
        changes.append(f"due {due:%-d %B %Y}" if due else "no due date")
    action.owner_person, action.owner_organisation, action.due = (
        owner_person,
        owner_organisation,
        due,
    )
    summary = "; ".join(changes)
    save_with_history(action, actor, summary[:100], validate=True)
    update = ActionUpdate.objects.create(
        action=action,
        author=actor,
        status=action.status,
        note=f"{summary}. {note.strip()}".strip() if note.strip() else f"{summary}.",
    )
    if new_owner:
        notify.action_assigned(action)
    return update


# -- Forward plan ------------------------------------------------------------


@transaction.atomic
def plan_item(
    actor: User | None,
    body: Body,
    *,
    title: str,
    meeting: Meeting | None = None,
    planned_for: datetime.date | None = None,
    purpose: str = Purpose.DISCUSSION,
    lead_note: str = "",
) -> ForwardPlanItem:
    if meeting is None and planned_for is None:
        raise ValidationError({"meeting": "Choose a meeting or say roughly when"})
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": "The meeting is not one of this body's"})
    planned = ForwardPlanItem(
        partnership_id=body.partnership_id,
        body=body,
        meeting=meeting,
        planned_for=planned_for,
        title=title.strip(),
        purpose=purpose,
        lead_note=lead_note,
    )
    _check(actor, Can.ADD, planned)
    return save_with_history(planned, actor, validate=True)


# -- Linked records ----------------------------------------------------------

# What an agenda item may be linked to, as "app_label.model". Apps above meetings
# (recommendations, projects) join the list by name, so meetings imports none of them.
LINKABLE = (
    "strategy.priority",
    "strategy.theme",
    "performance.indicator",
    "recommendations.review",
    "recommendations.recommendation",
)


@transaction.atomic
def link_record(actor: User | None, item: AgendaItem, target: Any) -> AgendaLink:
    """Say that an item concerns another record (a priority, an indicator, a review…)."""
    _check(actor, Can.CHANGE, item)
    if target._meta.label_lower not in LINKABLE:
        raise ValidationError(f"An agenda item cannot be linked to a {target._meta.verbose_name}")
    if getattr(target, "partnership_id", None) != item.partnership_id:
        raise ValidationError("The linked record belongs to another partnership")
    link, _ = AgendaLink.objects.get_or_create(
        item=item,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        defaults={"label": str(target)[:300]},
    )
    return link


@transaction.atomic
def unlink_record(actor: User | None, link: AgendaLink) -> None:
    _check(actor, Can.CHANGE, link.item)
    link.delete()


@transaction.atomic
def set_links(
    actor: User | None, item: AgendaItem, targets: Iterable[Any], kinds: Iterable[str]
) -> None:
    """Make the item's links of these kinds ("strategy.priority"…) exactly `targets`;
    links of other kinds are left alone."""
    _check(actor, Can.CHANGE, item)
    kinds = set(kinds)
    wanted = {(t._meta.label_lower, t.pk) for t in targets}
    for link in item.links.select_related("content_type"):
        kind = f"{link.content_type.app_label}.{link.content_type.model}"
        if kind in kinds and (kind, link.object_id) not in wanted:
            link.delete()
    for target in targets:
        link_record(actor, item, target)


@transaction.atomic
def link_items_to(actor: User | None, target: Any, items: Iterable[AgendaItem]) -> None:
    """Make the agenda items linked to `target` (a recommendation, say) exactly
    `items`: the other side of `link_record`, for apps above meetings."""
    items = list(items)
    content_type = ContentType.objects.get_for_model(target)
    for link in AgendaLink.objects.filter(
        content_type=content_type, object_id=target.pk
    ).select_related("item"):
        if link.item not in items:
            unlink_record(actor, link)
    for item in items:
        link_record(actor, item, target)
