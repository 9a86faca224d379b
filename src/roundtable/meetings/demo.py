"""Load a demo partnership's meetings from the `meetings-*.csv` files in its data folder.

The files (see `demo/data/ealing/README-meetings.md`) hold the meetings, their
agenda items with the minuted discussion, papers (written out as PDFs with
WeasyPrint when loaded), attendance, resolutions, amendments to earlier minutes,
actions and the forward plan. Every record is written through
`meetings.services` with the system as the actor, and each step first looks for
what is already there, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from roundtable.core.imports import ImportFailed, RowError, Table, parse_date, read_table
from roundtable.meetings import services
from roundtable.meetings.choices import AgendaStatus, MinutesStatus
from roundtable.meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    ForwardPlanItem,
    Meeting,
)
from roundtable.partnership.models import Body, Organisation, Person
from roundtable.partnership.rules import name_key

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

FILES = (
    "meetings-meetings.csv",
    "meetings-items.csv",
    "meetings-papers.csv",
    "meetings-attendance.csv",
    "meetings-resolutions.csv",
    "meetings-amendments.csv",
    "meetings-actions.csv",
    "meetings-forward-plan.csv",
)
_NUMBER = re.compile(r"^(\d+)([a-z]?)$")
# The agendas were sent out a week before the meeting (illustrative: the pack gives no date).
PUBLISHED_BEFORE = datetime.timedelta(days=7)
# Minutes went to members a fortnight after the meeting (illustrative).
CIRCULATED_AFTER = datetime.timedelta(days=14)


def item_place(number: str) -> tuple[int, int | None]:
    """'5' -> (5, None); '5b' -> (5, 2): the top-level position and the sub-item's."""
    match = _NUMBER.match(number.strip().lower())
    if match is None:
        raise ValueError(number)
    top, letter = match.groups()
    return int(top), (ord(letter) - ord("a") + 1 if letter else None)


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "y", "true", "1"}


def _time(value: str) -> datetime.time:
    return datetime.datetime.strptime(value, "%H:%M").time()  # noqa: DTZ007 - a time of day


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class Lookups:
    """The partnership's bodies, people, organisations and (as loaded) meetings, by name."""

    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.errors: list[RowError] = []
        self.bodies: dict[str, Body] = {}
        for body in Body.objects.filter(partnership=partnership):
            self.bodies[name_key(body.name)] = body
            if body.short_name:
                self.bodies.setdefault(name_key(body.short_name), body)
        self.people: dict[str, Person] = {}
        for person in Person.objects.filter(partnership=partnership):
            self.people[name_key(f"{person.given_name} {person.family_name}")] = person
            self.people.setdefault(name_key(person.name), person)
        self.organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(partnership=partnership):
            self.organisations[name_key(org.name)] = org
            if org.short_name:
                self.organisations.setdefault(name_key(org.short_name), org)

    def _find(self, found: dict[str, Any], what: str, file: str, row: int, column: str, value: str):
        record = found.get(name_key(value))
        if record is None:
            self.errors.append(RowError(row, column, f"no {what} called '{value}'", file=file))
        return record

    def body(self, file: str, row: Any) -> Body | None:
        return self._find(self.bodies, "body", file, row.number, "body", row.get("body"))

    def person(self, file: str, row: Any, column: str) -> Person | None:
        value = row.get(column)
        return self._find(self.people, "person", file, row.number, column, value) if value else None

    def organisation(self, file: str, row: Any, column: str) -> Organisation | None:
        value = row.get(column)
        if not value:
            return None
        return self._find(self.organisations, "organisation", file, row.number, column, value)

    def meeting(self, file: str, row: Any, column: str = "meeting_date") -> Meeting | None:
        body = self.body(file, row)
        if body is None:
            return None
        day = parse_date(row.get(column))
        meeting = Meeting.objects.filter(body=body, start__date=day).first()
        if meeting is None:
            self.errors.append(
                RowError(row.number, column, f"{body} has no meeting on {day}", file=file)
            )
        return meeting

    def item(self, file: str, row: Any, column: str = "item") -> AgendaItem | None:
        meeting = self.meeting(file, row)
        if meeting is None:
            return None
        found = find_item(meeting, row.get(column))
        if found is None:
            self.errors.append(
                RowError(row.number, column, f"no item {row.get(column)} on {meeting}", file=file)
            )
        return found

    def check(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors)


def find_item(meeting: Meeting, number: str) -> AgendaItem | None:
    top, sub = item_place(number)
    parent = AgendaItem.objects.filter(meeting=meeting, parent=None, position=top).first()
    if sub is None or parent is None:
        return parent
    return AgendaItem.objects.filter(meeting=meeting, parent=parent, position=sub).first()


def _paper_pdf(title: str, text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    document = (
        "<html><head><style>@page { size: A4; margin: 2cm } body { font-family: sans-serif;"
        " font-size: 11pt }</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{paragraphs}</body></html>"
    )
    return HTML(string=document).write_pdf()


def load_meetings(
    directory: Path, partnership: Partnership, actor: User | None = None
) -> list[str]:
    """Load every `meetings-*.csv` in `directory`; returns one line per kind of record."""
    if not (directory / FILES[0]).exists():
        return []
    tables = {name: read_table(directory / name) for name in FILES if (directory / name).exists()}
    lines: list[str] = []
    with transaction.atomic():
        for name, step in STEPS:
            table = tables.get(name)
            if table is not None and table.rows:
                count = step(table, Lookups(partnership), actor)
                lines.append(f"{partnership.name}: {count} new {name[9:-4].replace('-', ' ')}")
        lines.append(f"{partnership.name}: {_settle_minutes(tables, partnership, actor)}")
    return lines


def _meetings(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        body = find.body(table.filename, row)
        find.check()
        day = parse_date(row.get("date"))
        if Meeting.objects.filter(body=body, start__date=day).exists():
            continue
        end = row.get("end")
        services.schedule_meeting(
            actor,
            body,
            start=_at(day, _time(row.get("start"))),
            end=_at(day, _time(end)) if end else None,
            venue=row.get("venue"),
            title=row.get("title"),
            number=int(row.get("number")) if row.get("number") else None,
        )
        created += 1
    return created


def _items(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        meeting = find.meeting(table.filename, row)
        leads = [
            find._find(find.people, "person", table.filename, row.number, "lead_people", name)
            for name in (n.strip() for n in row.get("lead_people").split(";"))
            if name
        ]
        find.check()
        if find_item(meeting, row.get("number")) is not None:
            continue
        top, sub = item_place(row.get("number"))
        parent = find_item(meeting, str(top)) if sub is not None else None
        item = services.add_agenda_item(
            actor,
            meeting,
            title=row.get("title"),
            purpose=row.get("purpose"),
            description=row.get("description"),
            lead_note=row.get("lead_note"),
            lead_people=leads,
            restricted=_yes(row.get("restricted")),
            restriction_category=row.get("restriction_category"),
            parent=parent,
            position=sub if sub is not None else top,
            performance_report=row.get("performance_report"),
        )
        if row.get("minutes"):
            services.save_item_minutes(actor, item, row.get("minutes"))
        created += 1
    return created


def _papers(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        item = find.item(table.filename, row)
        find.check()
        title = row.get("title")
        if item.papers.filter(title=title).exists():
            continue
        filename = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] + ".pdf"
        upload = SimpleUploadedFile(
            filename, _paper_pdf(title, row.get("text")), content_type="application/pdf"
        )
        services.add_paper(
            actor,
            item,
            title=title,
            upload=upload,
            restricted=_yes(row.get("restricted")),
            restriction_category=row.get("restriction_category"),
        )
        created += 1
    return created


def _attendance(table: Table, find: Lookups, actor: User | None) -> int:
    by_meeting: dict[Meeting, list[services.AttendanceEntry]] = {}
    for row in table:
        meeting = find.meeting(table.filename, row)
        person = find.person(table.filename, row, "person")
        organisation = find.organisation(table.filename, row, "organisation")
        substitute_for = find.person(table.filename, row, "substitute_for")
        find.check()
        by_meeting.setdefault(meeting, []).append(
            services.AttendanceEntry(
                person=person,
                status=row.get("status"),
                capacity=row.get("capacity"),
                organisation=organisation,
                substitute_for=substitute_for,
                note=row.get("note"),
            )
        )
    created = 0
    for meeting, entries in by_meeting.items():
        if meeting.minutes_are_locked or meeting.attendance.exists():
            continue
        created += len(services.record_attendance(actor, meeting, entries))
    return created


def _resolutions(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        item = find.item(table.filename, row)
        find.check()
        if (
            item.meeting.minutes_are_locked
            or item.resolutions.filter(text=row.get("text")).exists()
        ):
            continue
        services.add_resolution(actor, item, row.get("text"), row.get("decision_type"))
        created += 1
    return created


def _amendments(table: Table, find: Lookups, actor: User | None) -> int:
    """Checked here, written when the minutes they amend are approved (`_settle_minutes`);
    returns how many will be."""
    waiting = 0
    for row in table:
        meeting = find.meeting(table.filename, row)
        find.meeting(table.filename, row, "agreed_at")
        find.check()
        waiting += not meeting.minutes_are_locked
    return waiting


def _actions(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        item = find.item(table.filename, row)
        owner = find.person(table.filename, row, "owner")
        organisation = find.organisation(table.filename, row, "owner_organisation")
        find.check()
        description = row.get("action")
        if Action.objects.filter(
            body_id=item.body_id, meeting=item.meeting, description=description
        ).exists():
            continue
        action = services.add_action(
            actor,
            item.meeting.body,
            description=description,
            item=item,
            owner_person=owner,
            owner_organisation=organisation,
            due=parse_date(row.get("due")) if row.get("due") else None,
            status=row.get("status"),
        )
        _note(action, row, actor)
        created += 1
    return created


def _note(action: Action, row: Any, actor: User | None) -> None:
    """Say, on the action itself, what is illustrative and where it comes from; an
    action the papers show done (or dropped) is dated the day they give (`status_on`),
    so the log shows it as of then, not as of the day the demo was loaded."""
    source = row.get("source")
    note = f"Demo data. {source}" if row.get("illustrative") else source
    if not (row.get("illustrative") or row.get("status_on")):
        return
    update = services.update_action(actor, action, status=action.status, note=note)
    if row.get("status_on"):
        on = datetime.datetime.combine(parse_date(row.get("status_on")), datetime.time(12))
        ActionUpdate.objects.filter(pk=update.pk).update(created_at=timezone.make_aware(on))


def _forward_plan(table: Table, find: Lookups, actor: User | None) -> int:
    created = 0
    for row in table:
        meeting = find.meeting(table.filename, row)
        find.check()
        title = row.get("title")
        if ForwardPlanItem.objects.filter(body_id=meeting.body_id, title=title).exists():
            continue
        services.plan_item(
            actor, meeting.body, title=title, meeting=meeting, purpose=row.get("purpose")
        )
        created += 1
    return created


STEPS: tuple[tuple[str, Callable[[Table, Lookups, Any], int]], ...] = (
    ("meetings-meetings.csv", _meetings),
    ("meetings-items.csv", _items),
    ("meetings-papers.csv", _papers),
    ("meetings-attendance.csv", _attendance),
    ("meetings-resolutions.csv", _resolutions),
    ("meetings-amendments.csv", _amendments),
    ("meetings-actions.csv", _actions),
    ("meetings-forward-plan.csv", _forward_plan),
)


def _settle_minutes(tables: dict[str, Table], partnership: Partnership, actor: User | None) -> str:
    """Publish agendas and move minutes to the state the meetings file gives, oldest first,
    so minutes approved at a meeting are approved before that meeting's own."""
    find = Lookups(partnership)
    amendments: dict[int, list[str]] = {}
    if "meetings-amendments.csv" in tables:
        for row in tables["meetings-amendments.csv"]:
            meeting = find.meeting("meetings-amendments.csv", row)
            amendments.setdefault(meeting.pk, []).append(row.get("text"))
    moved = 0
    for row in sorted(tables["meetings-meetings.csv"], key=lambda r: r.get("date")):
        meeting = find.meeting("meetings-meetings.csv", row, "date")
        find.check()
        if row.get("agenda") == AgendaStatus.PUBLISHED and not meeting.agenda_is_published:
            services.publish_agenda(actor, meeting, at=meeting.start - PUBLISHED_BEFORE)
            moved += 1
        if row.get("minutes") == MinutesStatus.APPROVED and not meeting.minutes_are_locked:
            _approve(meeting, find, row, amendments.get(meeting.pk, []), actor)
            moved += 1
    return f"{moved} agendas published or minutes approved"


def _approve(
    meeting: Meeting, find: Lookups, row: Any, amendments: list[str], actor: User | None
) -> None:
    if meeting.minutes_status == MinutesStatus.NOT_STARTED:
        # A meeting whose minutes the pack does not give (only their amendments).
        services._start_minutes(actor, meeting)  # private: no public way without items
    if meeting.minutes_status == MinutesStatus.DRAFT:
        services.circulate_minutes(actor, meeting)
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_circulated_at=meeting.start + CIRCULATED_AFTER
        )
    approved_at = find.meeting("meetings-meetings.csv", row, "minutes_approved_at")
    find.check()
    services.approve_minutes(actor, meeting, approved_at=approved_at, amendments=amendments)
