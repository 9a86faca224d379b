"""Importing the funding pipeline from CSV or XLSX: `roundtable projects import-funding`.

Columns: `project,source,kind,organisation,amount,financial_year,status`, plus
optional `decided_on,meeting,notes`. The rules, row by row:

- `project`: a project's title in the partnership (any case and spacing);
- `source`, `kind`, `status`: a choice's name or its label ("reward_grant" or
  "Reward grant");
- `organisation`: a partner's name or short name (an organisation the partnership
  only engages is not a partner, and is refused);
- `amount`: pounds as papers write them ("50000", "£50,000", "£50k", "£1.2m");
  ambiguous ("1,25", "50.000") and negative amounts are refused
  (`rules_money.parse_amount`);
- `financial_year`: "2011/12", "2011-12" or "2011/2012";
- `meeting`: the decision-making meeting, by its date ("2011-10-24": the one
  meeting of the partnership that day), or by body and date ("LSP Executive
  2011-10-24", the body by name or short name) when several bodies met that day.

Every row is checked first and every problem reported with its row and column;
nothing is written unless every row passes, inside one `transaction.atomic()`,
through `services_money.save_fundings` (in bulk). A funding record is its project, source,
partner, financial year and kind: re-importing a file updates those records
instead of adding them again.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from roundtable.core.dates import example_periods
from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    date_example,
)
from roundtable.core.words import listed
from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Body, Organisation
from roundtable.projects import rules_money as rules
from roundtable.projects import services_money as services
from roundtable.projects.models import Project
from roundtable.projects.models_money import Funding, FundingKind, FundingSource, FundingStatus

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

COLUMNS = ("project", "source", "kind", "organisation", "amount", "financial_year", "status")
OPTIONAL = ("decided_on", "meeting", "notes")
_BODY_AND_DATE = re.compile(
    r"^(?P<body>.*?)[\s,:–-]+(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"
)


def _key(text: str) -> str:
    return " ".join(str(text).casefold().split())


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created + self.updated + self.unchanged} funding records "
            f"({self.created} new, {self.updated} updated, {self.unchanged} unchanged)"
        )


class _Lookup:
    """The partnership's projects, partners and meetings, read once per file."""

    def __init__(self, partnership: Partnership) -> None:
        self.projects: dict[str, list[Project]] = defaultdict(list)
        for project in Project.objects.filter(partnership=partnership):
            self.projects[_key(project.title)].append(project)
        self.organisations: dict[str, list[Organisation]] = defaultdict(list)
        for org in Organisation.objects.filter(partnership=partnership):
            for name in {_key(org.name), _key(org.short_name)} - {""}:
                self.organisations[name].append(org)
        self.bodies: dict[str, list[Body]] = defaultdict(list)
        for body in Body.objects.filter(partnership=partnership):
            for name in {_key(body.name), _key(body.short_name)} - {""}:
                self.bodies[name].append(body)
        self.meetings: dict[datetime.date, list[Meeting]] = defaultdict(list)
        for meeting in Meeting.objects.filter(partnership=partnership).select_related("body"):
            self.meetings[timezone.localtime(meeting.start).date()].append(meeting)

    def project(self, reader: RowReader, title: str) -> Project | None:
        found = self.projects.get(_key(title), [])
        if not found:
            reader.error("project", f"no project '{title}' in the partnership; add it first")
        elif len(found) > 1:
            reader.error("project", f"'{title}' is the title of {len(found)} projects; rename one")
        return found[0] if len(found) == 1 else None

    def organisation(self, reader: RowReader, name: str) -> Organisation | None:
        found = self.organisations.get(_key(name), [])
        if not found:
            reader.error(
                "organisation",
                f"no organisation '{name}' in the partnership; add the partner first",
            )
            return None
        if len(found) > 1:
            names = listed(f"'{o.name}'" for o in found)
            reader.error("organisation", f"'{name}' matches {names}; use the full name")
            return None
        if not found[0].is_partner:
            reader.error(
                "organisation",
                f"'{found[0].name}' is not a partner; name the partner who gives or receives it",
            )
            return None
        return found[0]

    def meeting(self, reader: RowReader, text: str) -> Meeting | None:
        from roundtable.core.imports import parse_date

        body_name = ""
        try:
            day = parse_date(text)
        except ValueError:
            match = _BODY_AND_DATE.match(text)
            if match is None:
                example = date_example()
                reader.error(
                    "meeting",
                    f"'{text}' is not a meeting; give its date, like {example}, or its body "
                    f"and date, like 'LSP Executive {example}'",
                )
                return None
            body_name = match["body"]
            try:
                day = parse_date(match["date"])
            except ValueError:
                reader.error(
                    "meeting", f"'{match['date']}' is not a date; write it like {date_example()}"
                )
                return None
        that_day = self.meetings.get(day, [])
        if body_name:
            bodies = self.bodies.get(_key(body_name), [])
            if not bodies:
                reader.error("meeting", f"no board or group '{body_name}' in the partnership")
                return None
            that_day = [m for m in that_day if m.body in bodies]
        if not that_day:
            which = f" of {body_name}" if body_name else ""
            reader.error(
                "meeting", f"no meeting{which} on {day.isoformat()}; add the meeting first"
            )
            return None
        if len(that_day) > 1:
            names = ", ".join(sorted({m.body.name for m in that_day}))
            reader.error(
                "meeting",
                f"{len(that_day)} meetings on {day.isoformat()} ({names}); name the body too, "
                f"like '{that_day[0].body.name} {day.isoformat()}'",
            )
            return None
        return that_day[0]


def _amount(reader: RowReader) -> Any:
    text = reader.row.get("amount")
    try:
        return rules.parse_amount(text)
    except rules.AmountError as error:
        reader.error("amount", str(error))
        return None


def _year(reader: RowReader) -> str:
    text = reader.row.get("financial_year")
    if not text:
        example = example_periods(timezone.localdate()).financial_year
        reader.error("financial_year", f"enter the financial year, like {example}")
        return ""
    try:
        return rules.parse_financial_year(text)
    except rules.YearError as error:
        reader.error("financial_year", str(error))
        return ""


def _plan(
    table: Table, partnership: Partnership, errors: list[RowError]
) -> list[tuple[dict[str, Any], int]]:
    lookup = _Lookup(partnership)
    planned = []
    first: dict[tuple, int] = {}
    for row in table:
        reader = RowReader(row, errors)
        before = len(errors)
        title = reader.text("project", required=True)
        project = lookup.project(reader, title) if title else None
        name = reader.text("organisation", required=True)
        organisation = lookup.organisation(reader, name) if name else None
        fields = {
            "project": project,
            "source": reader.choice("source", FundingSource.choices),
            "kind": reader.choice("kind", FundingKind.choices),
            "organisation": organisation,
            "amount": _amount(reader),
            "financial_year": _year(reader),
            "status": reader.choice("status", FundingStatus.choices),
            "decided_on": reader.date("decided_on"),
            "meeting": lookup.meeting(reader, row.get("meeting")) if row.get("meeting") else None,
            "notes": row.get("notes"),
        }
        if len(errors) > before:
            continue
        key = _match_key(fields)
        if key in first:
            reader.error(
                "kind",
                f"this is the same funding as row {first[key]} (project, source, organisation, "
                "financial year and kind); keep one",
            )
            continue
        first[key] = row.number
        planned.append((fields, row.number))
    return planned


def _match_key(f: dict[str, Any]) -> tuple:
    return (f["project"].pk, f["source"], f["organisation"].pk, f["financial_year"], f["kind"])


def import_funding(table: Table, partnership: Partnership, actor: User | None) -> Imported:
    """Check every row, then add or update every funding record, or none; in bulk
    (`services_money.save_fundings`): a record the file leaves as it is gets no
    write and no history entry."""
    errors = check_headers(table, COLUMNS, OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    planned = _plan(table, partnership, errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    existing = {
        (f.project_id, f.source, f.organisation_id, f.financial_year, f.kind): f
        for f in Funding.objects.filter(project__partnership=partnership)
    }
    rows = [(existing.get(_match_key(fields)), fields) for fields, _ in planned]
    with transaction.atomic():
        saved = services.save_fundings(actor, rows, check=False)
    if saved.errors:
        raise ImportFailed(
            [
                RowError(planned[index][1], name, message.split(": ", 1)[-1])
                for index, error in saved.errors.items()
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        )
    return Imported(created=saved.created, updated=saved.changed, unchanged=saved.unchanged)
