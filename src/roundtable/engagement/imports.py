"""Importing the register and the contact log from CSV or XLSX.

The importers check every row first and collect every problem with its row and
column (`core.imports`); they write nothing unless every row passes, inside one
`transaction.atomic()`, through the services. Re-importing a file updates what it
imported instead of adding it again: a stakeholder is its organisation, an
assessment its stakeholder and date, a contact its stakeholder, date, organisation
and topic, a consultation its title, lead organisation and opening date. The
optional link columns (a contact's `bodies`, `meetings` and `projects`, a
consultation's `projects`) replace the record's links when the file has them and
leave them alone when it does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    date_example,
    duplicate_rows,
)
from roundtable.core.words import listed
from roundtable.engagement import rules, services
from roundtable.engagement.choices import Audience, ConsultationStatus, Method, Mode
from roundtable.engagement.models import Assessment, Consultation, Contact, Stakeholder
from roundtable.geography.models import Area
from roundtable.meetings.models import Meeting
from roundtable.partnership.choices import Sector
from roundtable.partnership.models import Body, Organisation, Person, Unit
from roundtable.projects.models import Project
from roundtable.strategy.models import Priority

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

STAKEHOLDER_COLUMNS = (
    "organisation",
    "sector",
    "interest",
    "influence",
    "modes",
    "relationship_manager",
    "relationship_manager_organisation",
    "assessed_on",
)
CONTACT_COLUMNS = ("date", "from_organisation", "from_unit", "stakeholder", "method", "topic")
CONTACT_OPTIONAL = (
    "from_person",
    "stakeholder_person",
    "outcome",
    "follow_up",
    "planned",
    "priorities",
    "bodies",
    "meetings",
    "projects",
)
# The links a file may give (each `;`-separated); a column left out keeps the links
# a record has, so re-importing an older file never clears them.
CONTACT_LINKS = ("bodies", "meetings", "projects")
YES = {"yes", "y", "true", "1", "planned"}
NO = {"", "no", "n", "false", "0", "done"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


class Organisations:
    """The partnership's organisations by name or short name, any case."""

    def __init__(self, partnership: Partnership) -> None:
        self.by_key: dict[str, list[Organisation]] = {}
        for org in Organisation.objects.filter(partnership=partnership):
            for name in {_key(org.name), _key(org.short_name)} - {""}:
                self.by_key.setdefault(name, []).append(org)

    def find(self, reader: RowReader, column: str, name: str) -> Organisation | None:
        """The one organisation `name` names; an error when it names two. None (and no
        error) when it names none: the caller decides."""
        found = self.by_key.get(_key(name), [])
        if len(found) > 1:
            names = listed(f"'{o.name}'" for o in found)
            reader.error(
                column,
                f"'{name}' matches {names}; use the organisation's full name",
            )
            return None
        return found[0] if found else None


def _people(partnership: Partnership) -> dict[tuple[str, int | None], list[Person]]:
    found: dict[tuple[str, int | None], list[Person]] = {}
    for p in Person.objects.filter(partnership=partnership):
        for name in {_key(p.name), _key(f"{p.given_name} {p.family_name}")}:
            found.setdefault((name, p.organisation_id), []).append(p)
            found.setdefault((name, None), []).append(p)
    return found


def _person(
    reader: RowReader,
    people: dict[tuple[str, int | None], list[Person]],
    column: str,
    name: str,
    organisation: Organisation | None,
) -> Person | None:
    if not name:
        return None
    matches = people.get((_key(name), organisation.pk if organisation else None), [])
    where = f" at {organisation}" if organisation else ""
    if not matches:
        reader.error(column, f"no person '{name}'{where}; add them to the partnership first")
        return None
    if len(matches) > 1:
        reader.error(column, f"'{name}' names {len(matches)} people{where}; name the organisation")
        return None
    return matches[0]


def _score(reader: RowReader, column: str) -> int | None:
    value = reader.row.get(column)
    if not value:
        return None
    try:
        return rules.check_score(value, column)
    except ValueError as error:
        reader.error(column, str(error).split(": ", 1)[1])
        return None


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    what: str = "stakeholders"

    def __str__(self) -> str:
        return (
            f"{self.created + self.updated + self.unchanged} {self.what} "
            f"({self.created} new, {self.updated} updated, {self.unchanged} unchanged)"
        )


@dataclass
class _StakeholderRow:
    row: int
    name: str
    organisation: Organisation | None
    sector: str
    modes: list[str]
    manager: Person | None
    interest: int | None
    influence: int | None
    assessed_on: datetime.date | None


def _plan_stakeholders(
    table: Table, partnership: Partnership, errors: list[RowError]
) -> list[_StakeholderRow]:
    organisations = Organisations(partnership)
    people = _people(partnership)
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        name = reader.text("organisation", required=True, max_length=200)
        organisation = organisations.find(reader, "organisation", name) if name else None
        sector = reader.choice("sector", Sector.choices, required=False)
        if (
            name
            and organisation is None
            and not sector
            and not any(e.row == row.number and e.column == "organisation" for e in errors)
        ):
            reader.error("sector", f"'{name}' is new; enter its sector so it can be added")
        modes: list[str] = []
        try:
            modes = rules.parse_modes(row.get("modes"), dict(Mode.choices))
        except ValueError as error:
            reader.error("modes", str(error).split(": ", 1)[1])
        manager_org = None
        manager_org_name = reader.text("relationship_manager_organisation")
        if manager_org_name:
            manager_org = organisations.find(
                reader, "relationship_manager_organisation", manager_org_name
            )
            if manager_org is None and not any(
                e.row == row.number and e.column == "relationship_manager_organisation"
                for e in errors
            ):
                reader.error(
                    "relationship_manager_organisation",
                    f"no organisation '{manager_org_name}' in the partnership",
                )
        manager = _person(
            reader, people, "relationship_manager", reader.text("relationship_manager"), manager_org
        )
        interest, influence = _score(reader, "interest"), _score(reader, "influence")
        assessed_on = reader.date("assessed_on")
        given = [row.get(c) for c in ("interest", "influence")]
        if any(given) and not all(given):
            column = "influence" if given[0] else "interest"
            reader.error(column, "enter both interest and influence, or neither")
        if any(given) and assessed_on is None and not row.get("assessed_on"):
            reader.error("assessed_on", f"enter the date of the assessment, like {date_example()}")
        planned.append(
            _StakeholderRow(
                row.number,
                name,
                organisation,
                sector,
                modes,
                manager,
                interest,
                influence,
                assessed_on,
            )
        )
    return planned


def import_stakeholders(table: Table, partnership: Partnership, actor: User | None) -> Imported:
    """Check every row, then add or update every stakeholder (and its assessment of
    that date), or none. Organisations named but absent are added as non-partners."""
    errors = check_headers(table, STAKEHOLDER_COLUMNS)
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ["organisation"])
    planned = _plan_stakeholders(table, partnership, errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    existing = {s.organisation_id: s for s in Stakeholder.objects.filter(partnership=partnership)}
    scores = {
        (a.stakeholder_id, a.assessed_on): (a.interest, a.influence)
        for a in Assessment.objects.filter(stakeholder__partnership=partnership)
    }
    summary = Imported()
    with transaction.atomic():
        for p in planned:
            organisation = p.organisation or services.add_stakeholder_organisation(
                actor, partnership, name=p.name, sector=p.sector, check=False
            )
            stakeholder = existing.get(organisation.pk)
            new = stakeholder is None
            wanted = (
                f";{';'.join(p.modes)};" if p.modes else "",
                p.manager.pk if p.manager else None,
            )
            changed = new or wanted != (stakeholder.modes, stakeholder.relationship_manager_id)
            if changed:
                stakeholder = services.save_stakeholder(
                    actor,
                    stakeholder or Stakeholder(partnership=partnership),
                    organisation=organisation,
                    modes=p.modes,
                    relationship_manager=p.manager,
                    notes=stakeholder.notes if stakeholder else "",
                    check=False,
                )
            if p.interest is not None and p.influence is not None and p.assessed_on:
                known = scores.get((stakeholder.pk, p.assessed_on))
                if known != (p.interest, p.influence):
                    services.record_assessment(
                        actor,
                        stakeholder,
                        interest=p.interest,
                        influence=p.influence,
                        assessed_on=p.assessed_on,
                        check=False,
                    )
                    changed = True
            if new:
                summary.created += 1
            elif changed:
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary


class Links:
    """The partnership's boards and groups (by name or short name), meetings (by
    their London date and body: "2026-03-12 LSP Executive", or the date alone when
    one meeting fell on it) and projects (by title), any case, for the `bodies`,
    `meetings` and `projects` columns."""

    def __init__(self, partnership: Partnership) -> None:
        self.bodies: dict[str, list[Body]] = {}
        for body in Body.objects.filter(partnership=partnership):
            for name in {_key(body.name), _key(body.short_name)} - {""}:
                self.bodies.setdefault(name, []).append(body)
        self.meetings: dict[str, list[Meeting]] = {}
        for meeting in Meeting.objects.filter(partnership=partnership).select_related("body"):
            day = timezone.localdate(meeting.start).isoformat()
            self.meetings.setdefault(day, []).append(meeting)
        self.projects: dict[str, list[Project]] = {}
        for project in Project.objects.filter(partnership=partnership):
            self.projects.setdefault(_key(project.title), []).append(project)

    def _one(self, reader: RowReader, column: str, ref: str, found: list, how: str) -> Any:
        if len(found) == 1:
            return found[0]
        if found:
            reader.error(column, f"'{ref}' names {len(found)} {column}; {how}")
        else:
            noun = {"bodies": "board or group", "meetings": "meeting", "projects": "project"}
            reader.error(column, f"no {noun[column]} '{ref}' in the partnership; {how}")
        return None

    def _meeting(self, reader: RowReader, ref: str) -> Meeting | None:
        how = f"write its date and body, like {date_example()} LSP Executive"
        day, _, body = ref.partition(" ")
        try:
            datetime.date.fromisoformat(day)
        except ValueError:
            reader.error("meetings", f"'{ref}' does not start with a date; {how}")
            return None
        found = self.meetings.get(day, [])
        if body.strip():
            found = [m for m in found if _key(body) in {_key(m.body.name), _key(m.body.short_name)}]
        return self._one(reader, "meetings", ref, found, how)

    def read(self, reader: RowReader, column: str) -> list[Any]:
        """The records the column names, each once; an error for any unknown or
        ambiguous name (the row is then not written)."""
        found: list[Any] = []
        for part in reader.row.get(column).split(";"):
            ref = " ".join(part.split())
            if not ref:
                continue
            if column == "meetings":
                record = self._meeting(reader, ref)
            elif column == "bodies":
                record = self._one(
                    reader, column, ref, self.bodies.get(_key(ref), []), "use its full name"
                )
            else:
                record = self._one(
                    reader, column, ref, self.projects.get(_key(ref), []), "use its exact title"
                )
            if record is not None and record not in found:
                found.append(record)
        return found


def _read_links(
    table: Table, reader: RowReader, links: Links, columns: tuple[str, ...]
) -> dict[str, list[Any]]:
    """The links of the columns the file has (a column left out keeps the record's)."""
    return {c: links.read(reader, c) for c in columns if c in table.headers}


def _link_ids(record: Any, names: Iterable[str]) -> tuple:
    return tuple(frozenset(getattr(record, n).values_list("pk", flat=True)) for n in names)


@dataclass
class _ContactRow:
    row: int
    fields: dict[str, Any]
    priorities: list[Priority]
    links: dict[str, list[Any]] = field(default_factory=dict)


def _yes_no(reader: RowReader, column: str) -> bool:
    value = reader.row.get(column).casefold()
    if value in YES:
        return True
    if value not in NO:
        reader.error(column, f"'{reader.row.get(column)}' is not yes or no; enter yes or no")
    return False


def _priorities(reader: RowReader, partnership: Partnership, text: str) -> list[Priority]:
    wanted = [part.strip() for part in text.split(";") if part.strip()]
    if not wanted:
        return []
    found = []
    candidates = list(Priority.objects.filter(partnership=partnership))
    for ref in wanted:
        matches = [p for p in candidates if _key(ref) in {_key(p.ref), _key(p.wording)}]
        if len(matches) != 1:
            reader.error(
                "priorities",
                f"'{ref}' is {'no' if not matches else 'more than one'} priority of the "
                "partnership; use its reference, like 1.2",
            )
        else:
            found.append(matches[0])
    return found


def _plan_contacts(
    table: Table, partnership: Partnership, errors: list[RowError], today: datetime.date
) -> list[_ContactRow]:
    organisations = Organisations(partnership)
    people = _people(partnership)
    stakeholders = {
        s.organisation_id: s
        for s in Stakeholder.objects.filter(partnership=partnership).select_related("organisation")
    }
    units = {
        (u.organisation_id, _key(n)): u
        for u in Unit.objects.filter(partnership=partnership)
        for n in {u.name, u.short_name} - {""}
    }
    links = Links(partnership)
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        date = reader.date("date", required=True)
        org_name = reader.text("from_organisation", required=True)
        organisation = (
            organisations.find(reader, "from_organisation", org_name) if org_name else None
        )
        if (
            org_name
            and organisation is None
            and not any(e.row == row.number and e.column == "from_organisation" for e in errors)
        ):
            reader.error("from_organisation", f"no organisation '{org_name}' in the partnership")
        unit = None
        unit_name = reader.text("from_unit")
        if unit_name and organisation is not None:
            unit = units.get((organisation.pk, _key(unit_name)))
            if unit is None:
                reader.error("from_unit", f"'{organisation}' has no unit '{unit_name}'")
        name = reader.text("stakeholder", required=True)
        stakeholder = None
        if name:
            found = organisations.find(reader, "stakeholder", name)
            stakeholder = stakeholders.get(found.pk) if found else None
            if stakeholder is None and not any(
                e.row == row.number and e.column == "stakeholder" for e in errors
            ):
                reader.error(
                    "stakeholder",
                    f"'{name}' is not in the register; import it with "
                    "roundtable engagement import-stakeholders first",
                )
        method = reader.choice("method", Method.choices)
        topic = reader.text("topic", required=True, max_length=300)
        follow_up = reader.date("follow_up", near_future=True)
        is_planned = _yes_no(reader, "planned")
        if date is not None:
            for column, message in rules.check_contact_dates(
                date, planned=is_planned, today=today, follow_up=follow_up
            ).items():
                reader.error(column, message.split(": ", 1)[1])
        fields = {
            "stakeholder": stakeholder,
            "date": date,
            "from_organisation": organisation,
            "from_unit": unit,
            "from_person": _person(
                reader, people, "from_person", reader.text("from_person"), organisation
            ),
            "stakeholder_person": reader.text("stakeholder_person", max_length=200),
            "method": method,
            "topic": topic,
            "outcome": reader.text("outcome"),
            "follow_up": follow_up,
            "planned": is_planned,
        }
        planned.append(
            _ContactRow(
                row.number,
                fields,
                _priorities(reader, partnership, row.get("priorities")),
                _read_links(table, reader, links, CONTACT_LINKS),
            )
        )
    return planned


def _contact_key(
    stakeholder_id: int, date: datetime.date, organisation_id: int, topic: str
) -> tuple:
    return (stakeholder_id, date, organisation_id, _key(topic))


def import_contacts(
    table: Table, partnership: Partnership, actor: User | None, *, today: datetime.date
) -> Imported:
    """Check every row, then log or update every contact, or none."""
    errors = check_headers(table, CONTACT_COLUMNS, CONTACT_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ["stakeholder", "date", "from_organisation", "topic"])
    planned = _plan_contacts(table, partnership, errors, today)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    existing = {
        _contact_key(c.stakeholder_id, c.date, c.from_organisation_id, c.topic): c
        for c in Contact.objects.filter(partnership=partnership)
    }
    summary = Imported(what="contacts")
    with transaction.atomic():
        for p in planned:
            f = p.fields
            found = existing.get(
                _contact_key(f["stakeholder"].pk, f["date"], f["from_organisation"].pk, f["topic"])
            )
            if found is not None and _snapshot(found, p.links) == _wanted(p):
                summary.unchanged += 1
                continue
            services.log_contact(
                actor,
                found or Contact(),
                today=today,
                priorities=p.priorities,
                check=False,
                **f,
                **p.links,
            )
            if found is None:
                summary.created += 1
            else:
                summary.updated += 1
    return summary


SNAPSHOT = (
    "from_unit_id",
    "from_person_id",
    "stakeholder_person",
    "method",
    "outcome",
    "follow_up",
    "planned",
)


def _snapshot(contact: Contact, links: dict[str, list[Any]]) -> tuple:
    return (
        *(getattr(contact, name) for name in SNAPSHOT),
        frozenset(contact.priorities.values_list("pk", flat=True)),
        *_link_ids(contact, links),
    )


def _wanted(p: _ContactRow) -> tuple:
    f = p.fields
    return (
        f["from_unit"].pk if f["from_unit"] else None,
        f["from_person"].pk if f["from_person"] else None,
        f["stakeholder_person"],
        f["method"],
        f["outcome"],
        f["follow_up"],
        f["planned"],
        frozenset(x.pk for x in p.priorities),
        *(frozenset(x.pk for x in records) for records in p.links.values()),
    )


CONSULTATION_COLUMNS = ("title", "lead_organisation", "opens", "closes", "status")
CONSULTATION_OPTIONAL = ("audience", "areas", "url", "method", "projects")
CONSULTATION_LINKS = ("projects",)


class Areas:
    """The areas a partnership's file may name: official ones and its own custom
    areas, by code (GSS or custom) or by name, any case."""

    def __init__(self, partnership: Partnership) -> None:
        self.by_code: dict[str, Area] = {}
        self.by_name: dict[str, list[Area]] = {}
        for area in Area.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership)):
            self.by_code[_key(area.code)] = area
            self.by_name.setdefault(_key(area.name), []).append(area)

    def find(self, reader: RowReader, name: str) -> Area | None:
        found = self.by_code.get(_key(name))
        if found is not None:
            return found
        named = self.by_name.get(_key(name), [])
        if len(named) > 1:
            codes = ", ".join(a.code for a in named)
            reader.error("areas", f"'{name}' names {len(named)} areas ({codes}); use its code")
            return None
        if not named:
            reader.error(
                "areas",
                f"no area '{name}'; use a GSS code (like E05013521), a custom area's "
                "code or an area's name",
            )
            return None
        return named[0]


@dataclass
class _ConsultationRow:
    row: int
    fields: dict[str, Any]
    links: dict[str, list[Any]] = field(default_factory=dict)


def _audience(
    reader: RowReader, organisations: Organisations, text: str
) -> tuple[list[str], list[str], list[Organisation]]:
    """Each `;`-separated part of `audience`: a stakeholder type (by value or label),
    else one of the partnership's organisations (by name), else a group."""
    types = {_key(v): v for v in Audience.values}
    types.update({_key(label): value for value, label in Audience.choices})
    audience: list[str] = []
    groups: list[str] = []
    named: list[Organisation] = []
    for part in text.split(";"):
        word = " ".join(part.split())
        if not word:
            continue
        if _key(word) in types:
            audience.append(types[_key(word)])
        elif (organisation := organisations.find(reader, "audience", word)) is not None:
            named.append(organisation)
        elif not organisations.by_key.get(_key(word)):
            groups.append(word)
    return audience, groups, named


def _plan_consultations(
    table: Table, partnership: Partnership, errors: list[RowError]
) -> list[_ConsultationRow]:
    from roundtable.recommendations.rules import is_web_link

    organisations = Organisations(partnership)
    areas = Areas(partnership)
    links = Links(partnership)
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        title = reader.text("title", required=True, max_length=300)
        lead_name = reader.text("lead_organisation", required=True)
        lead = organisations.find(reader, "lead_organisation", lead_name) if lead_name else None
        if (
            lead_name
            and lead is None
            and not any(e.row == row.number and e.column == "lead_organisation" for e in errors)
        ):
            reader.error(
                "lead_organisation",
                f"no organisation '{lead_name}' in the partnership; add it first",
            )
        if lead is not None and not lead.is_partner:
            reader.error(
                "lead_organisation",
                f"'{lead.name}' is not a partner; a consultation is public, so name the "
                "partner that leads it",
            )
        opens = reader.date("opens", required=True, near_future=True)
        closes = reader.date("closes", required=True, near_future=True)
        if opens and closes:
            for column, message in rules.check_consultation_dates(opens, closes).items():
                reader.error(column, message.split(": ", 1)[1])
        status = reader.choice("status", ConsultationStatus.choices)
        audience, groups, named = _audience(reader, organisations, row.get("audience"))
        found_areas = []
        for part in row.get("areas").split(";"):
            if part.strip():
                area = areas.find(reader, part.strip())
                if area is not None:
                    found_areas.append(area)
        url = reader.text("url", max_length=500)
        if url and not is_web_link(url):
            reader.error("url", f"'{url}' is not a web address; start it http:// or https://")
        fields = {
            "title": title,
            "lead_organisation": lead,
            "opens": opens,
            "closes": closes,
            "status": status,
            "audience": audience,
            "groups": groups,
            "organisations": named,
            "areas": found_areas,
            "url": url,
            "method": reader.text("method", max_length=200),
        }
        planned.append(
            _ConsultationRow(
                row.number, fields, _read_links(table, reader, links, CONSULTATION_LINKS)
            )
        )
    return planned


def _consultation_key(title: str, lead_id: int, opens: datetime.date) -> tuple:
    return (_key(title), lead_id, opens)


def _consultation_snapshot(c: Consultation) -> tuple:
    return (
        c.title,
        c.closes,
        c.status,
        c.audience,
        c.groups,
        c.url,
        c.method,
        frozenset(o.pk for o in c.organisations.all()),
        frozenset(a.pk for a in c.areas.all()),
    )


def _consultation_wanted(f: dict[str, Any]) -> tuple:
    return (
        " ".join(f["title"].split()),
        f["closes"],
        f["status"],
        f";{';'.join(f['audience'])};" if f["audience"] else "",
        "\n".join(f["groups"]),
        f["url"],
        f["method"],
        frozenset(o.pk for o in f["organisations"]),
        frozenset(a.pk for a in f["areas"]),
    )


def import_consultations(table: Table, partnership: Partnership, actor: User | None) -> Imported:
    """Check every row, then add or update every consultation, or none."""
    errors = check_headers(table, CONSULTATION_COLUMNS, CONSULTATION_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    errors += duplicate_rows(table, ["title", "lead_organisation", "opens"])
    planned = _plan_consultations(table, partnership, errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    existing = {
        _consultation_key(c.title, c.lead_organisation_id, c.opens): c
        for c in Consultation.objects.filter(partnership=partnership).prefetch_related(
            "organisations", "areas"
        )
    }
    summary = Imported(what="consultations")
    with transaction.atomic():
        for p in planned:
            f = p.fields
            found = existing.get(
                _consultation_key(f["title"], f["lead_organisation"].pk, f["opens"])
            )
            if found is not None and (
                _consultation_snapshot(found),
                _link_ids(found, p.links),
            ) == (
                _consultation_wanted(f),
                tuple(frozenset(x.pk for x in records) for records in p.links.values()),
            ):
                summary.unchanged += 1
                continue
            services.save_consultation(
                actor,
                found or Consultation(),
                partnership=partnership,
                check=False,
                **f,
                **p.links,
            )
            if found is None:
                summary.created += 1
            else:
                summary.updated += 1
    return summary
