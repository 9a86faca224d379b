"""`roundtable projects import`: projects from CSV or XLSX.

Columns: `title,lead_organisation,status,start,end`, and optionally
`sponsor_body,lead_person,priorities,indicators,recommendations,areas,summary,published`.
Lists are separated by `;`. Everything is named by its **reference**, never by
its wording:

- `lead_organisation`: a partner's name or short name ("Ealing Council", "LBE");
- `sponsor_body`: a body's name, short name or slug ("LSP Executive Board");
- `lead_person`: a person of the partnership by name (at the lead organisation
  when two share it);
- `priorities`: priority references ("1.2"), unique in the partnership;
- `indicators`: indicator codes ("NI 116"); a code of another partnership only is
  refused;
- `recommendations`: recommendation numbers ("3.2"); when two reviews share a
  number, write the review's title first: "Southall review: 3.2";
- `areas`: GSS codes or custom area codes ("E09000009", "ealing-southall");
- `status`: a status or its label ("active", "On hold");
- `published`: yes or no (a new project is unpublished unless it says yes; a
  re-import leaves it as it is when blank).

A list whose column the file does not have is left as it is on a re-import; an
empty cell in a column the file has empties it.

The import checks every row first and collects every problem with its row and
column (`core.imports`); it writes nothing unless every row passes, inside one
`transaction.atomic()`, through `services.save_projects` (bulk writes; a project
the file leaves as it is gets no write and no history entry). Re-importing updates
the project of the same title in the partnership (any case and spacing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.functions import Lower

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    duplicate_rows,
)
from roundtable.geography.models import Area
from roundtable.partnership.models import Body, Organisation, Person
from roundtable.performance.models import Indicator
from roundtable.projects import rules, services
from roundtable.projects.choices import ProjectStatus
from roundtable.projects.models import Project
from roundtable.recommendations.models import Recommendation
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

COLUMNS = ("title", "lead_organisation", "status", "start", "end")
OPTIONAL = (
    "sponsor_body",
    "lead_person",
    "priorities",
    "indicators",
    "recommendations",
    "areas",
    "summary",
    "published",
)
LISTS = (
    ("priorities", "priority"),
    ("indicators", "indicator"),
    ("recommendations", "recommendation"),
    ("areas", "area"),
)
YES = {"yes", "y", "true", "1", "published"}
NO = {"no", "n", "false", "0", "unpublished"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class _Lookup:
    """Records by their keys, any case; one key may name several."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Any]] = {}

    def add(self, record: Any, *keys: str) -> None:
        for key in {_key(k) for k in keys if k}:
            self.by_key.setdefault(key, []).append(record)

    def get(self, key: str) -> list[Any]:
        return self.by_key.get(_key(key), [])


@dataclass
class _Reference:
    """What the partnership's references name, loaded once per import."""

    partnership: Partnership
    organisations: _Lookup = field(default_factory=_Lookup)
    bodies: _Lookup = field(default_factory=_Lookup)
    people: _Lookup = field(default_factory=_Lookup)
    priorities: _Lookup = field(default_factory=_Lookup)
    indicators: _Lookup = field(default_factory=_Lookup)
    foreign_indicators: _Lookup = field(default_factory=_Lookup)
    recommendations: _Lookup = field(default_factory=_Lookup)
    areas: _Lookup = field(default_factory=_Lookup)

    def load(self, indicator_codes: Iterable[str] = ()) -> _Reference:
        """Read the partnership's references, and of the indicators only those whose
        code is one of `indicator_codes` (the file's), in any partnership: another
        partnership's code is then named as such. One query each."""
        p = self.partnership
        for org in Organisation.objects.filter(partnership=p, is_partner=True):
            self.organisations.add(org, org.name, org.short_name)
        for body in Body.objects.filter(partnership=p):
            self.bodies.add(body, body.name, body.short_name, body.slug)
        for person in Person.objects.filter(partnership=p):
            self.people.add(person, person.name, f"{person.given_name} {person.family_name}")
        for priority in Priority.objects.filter(partnership=p):
            self.priorities.add(priority, priority.ref)
        keys = sorted({_key(code) for code in indicator_codes})
        for indicator in Indicator.objects.annotate(key=Lower("code")).filter(key__in=keys):
            target = (
                self.indicators if indicator.partnership_id == p.pk else self.foreign_indicators
            )
            target.add(indicator, indicator.code)
        for rec in Recommendation.objects.filter(partnership=p).select_related("review"):
            self.recommendations.add(rec, rec.number, f"{rec.review.title}: {rec.number}")
        for area in Area.objects.filter(partnership__in=[p]) | Area.objects.filter(
            partnership__isnull=True
        ).exclude(area_type__in=["lsoa", "msoa"]):
            self.areas.add(area, area.code)
        return self


@dataclass
class _Row:
    number: int
    fields: dict[str, Any]
    published: bool | None
    links: dict[str, list[Any]]


def _one(reader: RowReader, column: str, found: list[Any], text: str, what: str) -> Any:
    if len(found) == 1:
        return found[0]
    if not found:
        reader.error(column, f"no {what} '{text}' in the partnership; {FIXES[column]}")
    else:
        reader.error(column, f"'{text}' names {len(found)} {what}s; {AMBIGUOUS[column]}")
    return None


FIXES = {
    "lead_organisation": "use a partner's name or short name, like Ealing Council",
    "sponsor_body": "use a body's name, like LSP Executive Board",
    "lead_person": "add them to the partnership first, or leave it blank",
    "priorities": "use the priority's reference, like 1.2",
    "indicators": "use the indicator's code, like NI 116",
    "recommendations": "use the recommendation's number, like 3.2",
    "areas": "use the area's GSS code, like E09000009, or a custom area's code",
}
AMBIGUOUS = {
    "lead_organisation": "use the organisation's full name",
    "sponsor_body": "use the body's slug",
    "lead_person": "name the lead organisation, or leave it blank",
    "priorities": "priority references must be unique to import by them",
    "indicators": "indicator codes must be unique to import by them",
    "recommendations": "write the review's title first, like 'Southall review: 3.2'",
    "areas": "use the GSS code",
}


def _list(reader: RowReader, ref: _Reference, column: str, what: str) -> list[Any]:
    found = []
    for text in _split(reader.row.get(column)):
        matches = getattr(ref, column).get(text)
        if column == "indicators" and not matches and ref.foreign_indicators.get(text):
            reader.error(
                column,
                f"'{text}' is an indicator of another partnership; a project may serve "
                "this partnership's indicators only",
            )
            continue
        record = _one(reader, column, matches, text, what)
        if record is not None:
            found.append(record)
    return found


def _published(reader: RowReader) -> bool | None:
    value = reader.row.get("published").casefold()
    if not value:
        return None
    if value in YES:
        return True
    if value not in NO:
        reader.error(
            "published", f"'{reader.row.get('published')}' is not yes or no; enter yes or no"
        )
    return False


def _plan(table: Table, ref: _Reference, errors: list[RowError]) -> list[_Row]:
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        title = reader.text("title", required=True, max_length=300)
        org_name = reader.text("lead_organisation", required=True)
        organisation = (
            _one(reader, "lead_organisation", ref.organisations.get(org_name), org_name, "partner")
            if org_name
            else None
        )
        status = reader.choice("status", ProjectStatus.choices)
        start, end = reader.date("start"), reader.date("end", near_future=True)
        try:
            rules.check_dates(start, end)
        except ValueError as error:
            reader.error("end", str(error).split(": ", 1)[1])
        body_name = reader.text("sponsor_body")
        body = (
            _one(reader, "sponsor_body", ref.bodies.get(body_name), body_name, "body")
            if body_name
            else None
        )
        person = None
        person_name = reader.text("lead_person")
        if person_name:
            people = ref.people.get(person_name)
            if len(people) > 1 and organisation is not None:
                people = [p for p in people if p.organisation_id == organisation.pk] or people
            person = _one(reader, "lead_person", people, person_name, "person")
        # A list the file has no column for is left as it is (None), not emptied.
        links = {
            column: _list(reader, ref, column, what)
            for column, what in LISTS
            if column in table.headers
        }
        fields = {
            "title": title,
            "lead_organisation": organisation,
            "status": status,
            "start": start,
            "end": end,
            "sponsor_body": body,
            "lead_person": person,
            "summary": reader.text("summary"),
        }
        planned.append(_Row(row.number, fields, _published(reader), links))
    return planned


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        plural = "" if total == 1 else "s"
        said = f"{total} project{plural} ({self.created} new, {self.updated} updated"
        if self.unchanged:
            said += f", {self.unchanged} unchanged"
        return said + ")"


def import_projects(table: Table, partnership: Partnership, actor: User | None) -> Imported:
    """Check every row, then add or update every project (matched on its title), or none.

    The writes are in bulk (`services.save_projects`): a file of 5,000 projects
    takes a few queries, and re-importing an unchanged file writes nothing."""
    errors = check_headers(table, COLUMNS, OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ["title"])
    codes = [code for row in table for code in _split(row.get("indicators"))]
    planned = _plan(table, _Reference(partnership).load(codes), errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    existing = {_key(p.title): p for p in Project.objects.filter(partnership=partnership)}
    rows = []
    for row in planned:
        project = existing.get(_key(row.fields["title"]))
        published = row.published
        if published is None:
            published = False if project is None else project.is_published
        fields = {**row.fields, "is_published": published}
        rows.append(services.ProjectRow(project, fields, row.links))
    with transaction.atomic():
        saved = services.save_projects(actor, partnership, rows, check=False)
    if saved.errors:
        problems = [
            RowError(planned[index].number, name, message.split(": ", 1)[-1])
            for index, error in saved.errors.items()
            for name, messages in error.message_dict.items()
            for message in messages
        ]
        raise ImportFailed(problems)
    return Imported(
        created=len(saved.created), updated=len(saved.changed), unchanged=saved.unchanged
    )
