"""Importing an actions log from CSV or XLSX.

The columns are exactly `body,meeting_date,action,owner,owner_organisation,due,status`
(docs/meetings.md, "Importing actions"):

- `body`: the body's name, short name or slug;
- `meeting_date`: the date of the body's meeting that agreed the action;
- `action`: what is to be done;
- `owner`: a person of the partnership, by name (may be empty);
- `owner_organisation`: an organisation's name or short name (may be empty; the
  owner's organisation when only the owner is given);
- `due`: a date (may be empty);
- `status`: open, in progress, done or dropped, in any case (empty means open).

The whole file is checked first and every problem reported with its row, column
and bad value; nothing is written unless every row passes. An action already
recorded (same body, meeting and wording) is not added again: its status and due
date are brought up to date through `update_action` instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from roundtable.core.imports import ImportFailed, RowError, RowReader, Table, check_headers
from roundtable.meetings import services
from roundtable.meetings.choices import ActionStatus
from roundtable.meetings.models import Action, Meeting
from roundtable.partnership.models import Body, Organisation, Partnership, Person
from roundtable.partnership.rules import name_key

if TYPE_CHECKING:
    from roundtable.accounts.models import User

ACTION_COLUMNS = ("body", "meeting_date", "action", "owner", "owner_organisation", "due", "status")


@dataclass
class ActionsImported:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"actions: {self.rows} rows ({self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged)"
        )


@dataclass
class _Planned:
    row: int
    body: Body
    meeting: Meeting
    description: str
    owner: Person | None
    organisation: Organisation | None
    due: datetime.date | None
    status: str


def wording_key(text: str) -> str:
    """Two wordings of an action are the same action when they differ only in case
    and spacing."""
    return " ".join(text.split()).casefold()


class _Lookups:
    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.bodies: dict[str, Body] = {}
        for body in Body.objects.filter(partnership=partnership):
            for name in (body.name, body.short_name, body.slug):
                if name:
                    self.bodies.setdefault(name_key(name), body)
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(partnership=partnership):
            keys = {name_key(f"{person.given_name} {person.family_name}"), name_key(person.name)}
            for key in keys:
                self.people.setdefault(key, []).append(person)
        self.organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(partnership=partnership):
            self.organisations.setdefault(name_key(org.name), org)
            if org.short_name:
                self.organisations.setdefault(name_key(org.short_name), org)
        self.meetings: dict[tuple[int, datetime.date], Meeting] = {}
        for meeting in Meeting.objects.filter(partnership=partnership).order_by("start"):
            self.meetings.setdefault((meeting.body_id, timezone.localdate(meeting.start)), meeting)


def _plan(table: Table, partnership: Partnership, errors: list[RowError]) -> list[_Planned]:
    find = _Lookups(partnership)
    planned = []
    first_seen: dict[tuple[str, str, str], int] = {}
    for row in table:
        reader = RowReader(row, errors)
        body_name = reader.text("body", required=True)
        body = find.bodies.get(name_key(body_name)) if body_name else None
        if body_name and body is None:
            reader.error("body", f"'{body_name}' is not a body of {partnership.name}")
        day = reader.date("meeting_date", required=True)
        meeting = find.meetings.get((body.pk, day)) if body and day else None
        if body and day and meeting is None:
            reader.error("meeting_date", f"{body.name} has no meeting on {day:%-d %B %Y} ('{day}')")
        elif meeting is not None and meeting.is_cancelled:
            reader.error("meeting_date", f"the meeting on {day:%-d %B %Y} was cancelled")
        description = reader.text("action", required=True)
        owner_name = reader.text("owner")
        owner = None
        if owner_name:
            matches = find.people.get(name_key(owner_name), [])
            if not matches:
                reader.error("owner", f"'{owner_name}' is not a person of {partnership.name}")
            elif len(matches) > 1:
                reader.error(
                    "owner", f"'{owner_name}' names {len(matches)} people; say which in the app"
                )
            else:
                owner = matches[0]
        org_name = reader.text("owner_organisation")
        organisation = find.organisations.get(name_key(org_name)) if org_name else None
        if org_name and organisation is None:
            reader.error(
                "owner_organisation",
                f"'{org_name}' is not an organisation of {partnership.name}",
            )
        due = reader.date("due", near_future=True)
        status = reader.choice("status", ActionStatus.choices) if row.get("status") else "open"
        key = (name_key(body_name), row.get("meeting_date"), wording_key(description))
        if body_name and description and key in first_seen:
            reader.error("action", f"this is a duplicate of row {first_seen[key]}; keep one")
        first_seen.setdefault(key, row.number)
        if body and meeting and description:
            planned.append(
                _Planned(row.number, body, meeting, description, owner, organisation, due, status)
            )
    return planned


def _existing(planned: list[_Planned]) -> dict[tuple[int, str], Action]:
    meetings = {p.meeting.pk for p in planned}
    found: dict[tuple[int, str], Action] = {}
    for action in Action.objects.filter(meeting_id__in=meetings):
        found.setdefault((action.meeting_id, wording_key(action.description)), action)
    return found


def import_actions(
    table: Table, partnership: Partnership, actor: User | None, *, source: str = ""
) -> ActionsImported:
    """Check every row, then write them all or none. `source` names the file in the
    progress notes of actions it updates."""
    errors = check_headers(table, ACTION_COLUMNS)
    if errors:
        raise ImportFailed(errors)
    planned = _plan(table, partnership, errors)
    existing = _existing(planned)
    for p in planned:
        action = existing.get((p.meeting.pk, wording_key(p.description)))
        if action is not None and p.owner is not None and action.owner_person_id != p.owner.pk:
            errors.append(
                RowError(
                    p.row,
                    "owner",
                    f"this action is already recorded with another owner, not '{p.owner}'; "
                    "change its owner on the action's page",
                )
            )
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    summary = ActionsImported(rows=len(planned))
    note = f"Updated by the import of {source or table.filename}"
    with transaction.atomic():
        for p in planned:
            action = existing.get((p.meeting.pk, wording_key(p.description)))
            if action is None:
                services.add_action(
                    actor,
                    p.body,
                    description=p.description,
                    meeting=p.meeting,
                    owner_person=p.owner,
                    owner_organisation=p.organisation,
                    due=p.due,
                    status=p.status,
                )
                summary.created += 1
            elif action.status != p.status or (p.due is not None and action.due != p.due):
                services.update_action(actor, action, status=p.status, note=note, due=p.due)
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary
