"""Importing organisations, units, people, bodies, terms of reference and
memberships from CSV or XLSX.

Each kind has its columns (see docs/partnership.md). A file is checked whole
first: every problem is collected with its row and column, and nothing is
written unless every row passes; then all rows are written in one transaction.
Re-importing the same file changes nothing: rows are matched to existing
records (organisations and bodies by name, people by name, units by
organisation and name, memberships by person, body, role and start date).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import transaction

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
)
from roundtable.core.records import Outcome, upsert, upsert_many
from roundtable.geography.models import Area
from roundtable.partnership import services
from roundtable.partnership.choices import TOR_FIELDS, BodyKind, MembershipRole, Sector
from roundtable.partnership.models import (
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
    TermsOfReference,
    Unit,
)
from roundtable.partnership.rules import body_slug, dates_in_order, name_key, slugify_name

if TYPE_CHECKING:
    from roundtable.accounts.models import User


@dataclass
class ImportSummary:
    kind: str
    rows: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = [f"{self.outcomes[k]} {k}" for k in Outcome]
        return f"{self.kind}: {self.rows} rows ({', '.join(parts)})"


@dataclass
class Planned:
    row: int
    lookup: dict[str, Any]
    values: dict[str, Any]
    after: dict[str, Any] = field(default_factory=dict)


class Importer(ABC):
    kind: ClassVar[str]
    model: ClassVar[type]
    required: ClassVar[tuple[str, ...]]
    optional: ClassVar[tuple[str, ...]] = ()

    def __init__(self, partnership: Partnership, actor: User | None) -> None:
        self.partnership = partnership
        self.actor = actor
        self.errors: list[RowError] = []
        self._organisations: dict[str, Organisation] | None = None

    # Lookups shared by several kinds --------------------------------------
    def organisations(self) -> dict[str, Organisation]:
        if self._organisations is None:
            found: dict[str, Organisation] = {}
            for org in Organisation.objects.filter(partnership=self.partnership):
                found[name_key(org.name)] = org
                if org.short_name:
                    found.setdefault(name_key(org.short_name), org)
            self._organisations = found
        return self._organisations

    def find_organisation(self, reader: RowReader, column: str, *, required: bool) -> Any:
        value = reader.text(column, required=required)
        if not value:
            return None
        org = self.organisations().get(name_key(value))
        if org is None:
            reader.error(
                column,
                f"'{value}' is not an organisation of {self.partnership.name}; "
                "import it in organisations first, or check the spelling",
            )
        return org

    def check_duplicates(self, keys: list[tuple[int, str, str]]) -> None:
        """keys: (row, column, key); report a key seen twice in the file."""
        first: dict[str, int] = {}
        for row, column, key in keys:
            if not key:
                continue
            if key in first:
                self.errors.append(
                    RowError(row, column, f"this is a duplicate of row {first[key]}; keep one")
                )
            else:
                first[key] = row

    # The import itself ----------------------------------------------------
    @abstractmethod
    def plan(self, table: Table) -> list[Planned]:
        """Check every row, recording errors, and return what each row will write."""

    def written(self, objects: list[Any]) -> None:  # noqa: B027 - optional hook, empty by default
        """Hook: the records just written, in row order."""

    def run(self, table: Table) -> ImportSummary:
        self.errors = check_headers(table, self.required, self.optional)
        if self.errors:
            raise ImportFailed(self.errors)
        planned = self.plan(table)
        if self.errors:
            raise ImportFailed(sorted(self.errors, key=lambda e: (e.row or 0, e.column or "")))
        summary = ImportSummary(kind=self.kind, rows=len(planned))
        with transaction.atomic():
            result = upsert_many(
                self.model,
                self.actor,
                [(item.lookup, item.values) for item in planned],
                scope={"partnership": self.partnership},
            )
            self.errors = [
                RowError(planned[index].row, _column(name), message)
                for index, error in sorted(result.errors.items())
                for name, messages in error.message_dict.items()
                for message in messages
            ]
            if self.errors:
                raise ImportFailed(self.errors)
            summary.outcomes.update(result.outcomes)
            self.written(result.objects)
        return summary


def _column(field_name: str) -> str | None:
    return None if field_name == "__all__" else field_name


class OrganisationImporter(Importer):
    kind = "organisations"
    model = Organisation
    required = ("name", "sector")
    optional = ("short_name", "type", "website", "parent", "description", "partner")

    def plan(self, table: Table) -> list[Planned]:
        in_file = {name_key(r.get("name")) for r in table if r.get("name")}
        in_file |= {name_key(r.get("short_name")) for r in table if r.get("short_name")}
        self.check_duplicates([(r.number, "name", name_key(r.get("name"))) for r in table])
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            name = reader.text("name", required=True, max_length=200)
            parent = reader.text("parent")
            if (
                parent
                and name_key(parent) not in in_file
                and name_key(parent) not in self.organisations()
            ):
                reader.error(
                    "parent", f"'{parent}' is not an organisation in this file or already imported"
                )
            if parent and name_key(parent) == name_key(name):
                reader.error("parent", "an organisation cannot be its own parent")
            values = {
                "short_name": reader.text("short_name", max_length=40),
                "sector": reader.choice("sector", Sector.choices),
                "type": reader.text("type", max_length=100),
                "website": reader.text("website", max_length=200),
                "description": reader.text("description"),
            }
            if row.get("partner"):  # blank or absent: a new one is a partner, others keep theirs
                values["is_partner"] = reader.yes_no("partner", default=True)
            planned.append(
                Planned(
                    row.number,
                    {"partnership": self.partnership, "name": name},
                    {**values, "slug": slugify_name(name, 120)},
                    {"parent": parent},
                )
            )
        return planned

    def written(self, objects: list[Any]) -> None:
        for org in objects:
            self.organisations()[name_key(org.name)] = org
            if org.short_name:
                self.organisations().setdefault(name_key(org.short_name), org)

    def run(self, table: Table) -> ImportSummary:
        summary = super().run(table)
        # Parents are set once every organisation in the file exists.
        with transaction.atomic():
            for row in table:
                parent = row.get("parent")
                org = self.organisations()[name_key(row.get("name"))]
                wanted = self.organisations().get(name_key(parent)) if parent else None
                if org.parent_id != (wanted.pk if wanted else None):
                    org.parent = wanted
                    services.save_organisation(self.actor, org)
        return summary


class UnitImporter(Importer):
    kind = "units"
    model = Unit
    required = ("organisation", "name")
    optional = ("short_name", "parent")

    def plan(self, table: Table) -> list[Planned]:
        self.check_duplicates(
            [
                (r.number, "name", f"{name_key(r.get('organisation'))}|{name_key(r.get('name'))}")
                for r in table
            ]
        )
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            org = self.find_organisation(reader, "organisation", required=True)
            name = reader.text("name", required=True, max_length=200)
            planned.append(
                Planned(
                    row.number,
                    {"organisation": org, "name": name},
                    {
                        "short_name": reader.text("short_name", max_length=40),
                        "partnership": self.partnership,
                    },
                    {"parent": reader.text("parent")},
                )
            )
        return planned

    def run(self, table: Table) -> ImportSummary:
        summary = super().run(table)
        with transaction.atomic():
            for row in table:
                if not row.get("parent"):
                    continue
                org = self.organisations()[name_key(row.get("organisation"))]
                unit = Unit.objects.get(organisation=org, name=row.get("name"))
                parent = _find_unit(org, row.get("parent"))
                if parent is None:
                    self.errors.append(
                        RowError(
                            row.number,
                            "parent",
                            f"'{row.get('parent')}' is not a unit of {org.name}",
                        )
                    )
                elif unit.parent_id != parent.pk:
                    unit.parent = parent
                    services.save_unit(self.actor, unit)
            if self.errors:
                transaction.set_rollback(True)
        if self.errors:
            raise ImportFailed(self.errors)
        return summary


def _find_unit(org: Organisation, text: str) -> Unit | None:
    key = name_key(text)
    for unit in org.units.all():
        if key in (name_key(unit.name), name_key(unit.short_name or "")):
            return unit
    return None


class PersonImporter(Importer):
    kind = "people"
    model = Person
    required = ("family_name",)
    optional = ("honorific", "given_name", "job_title", "organisation", "unit", "email", "phone")

    def plan(self, table: Table) -> list[Planned]:
        self.check_duplicates(
            [
                (r.number, "family_name", name_key(f"{r.get('given_name')} {r.get('family_name')}"))
                for r in table
            ]
        )
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            org = self.find_organisation(reader, "organisation", required=False)
            unit = None
            unit_name = reader.text("unit")
            if unit_name and org is not None:
                unit = _find_unit(org, unit_name)
                if unit is None:
                    reader.error(
                        "unit",
                        f"'{unit_name}' is not a unit of {org.name}; import it in units first",
                    )
            elif unit_name:
                reader.error("unit", "give the organisation the unit belongs to")
            email = reader.text("email", max_length=254)
            if email and not services.is_email_address(email):
                reader.error(
                    "email", f"'{email}' is not an email address; enter one like name@example.org"
                )
            planned.append(
                Planned(
                    row.number,
                    {
                        "partnership": self.partnership,
                        "given_name": reader.text("given_name", max_length=100),
                        "family_name": reader.text("family_name", required=True, max_length=100),
                    },
                    {
                        "honorific": reader.text("honorific", max_length=40),
                        "job_title": reader.text("job_title", max_length=200),
                        "organisation": org,
                        "unit": unit,
                        "email": email,
                        "phone": reader.text("phone", max_length=40),
                    },
                )
            )
        return planned


class BodyImporter(Importer):
    kind = "bodies"
    model = Body
    required = ("name", "kind")
    optional = ("short_name", "slug", "parent", "description", "start_date", "end_date")

    def plan(self, table: Table) -> list[Planned]:
        existing = {name_key(b.name): b for b in Body.objects.filter(partnership=self.partnership)}
        self.check_duplicates([(r.number, "name", name_key(r.get("name"))) for r in table])
        self.check_duplicates(
            [
                (r.number, "slug", r.get("slug") or self.slug_for(r.get("name"), existing))
                for r in table
            ]
        )
        in_file = {name_key(r.get("name")) for r in table}
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            name = reader.text("name", required=True, max_length=200)
            slug = reader.text("slug", max_length=120) or self.slug_for(name, existing)
            current = existing.get(name_key(name))
            # A slug made before they had to be lower case is kept while it is not changed.
            if slug != slugify_name(slug, 120) and (current is None or current.slug != slug):
                reader.error(
                    "slug", f"'{slug}' can only have lower-case letters, numbers and hyphens"
                )
            clash = (
                Body.objects.filter(slug=slug)
                .exclude(partnership=self.partnership, name=name)
                .first()
            )
            if clash is not None:
                reader.error(
                    "slug", f"'{slug}' is already used by {clash.name} ({clash.partnership.name})"
                )
            start = reader.date("start_date")
            end = reader.date("end_date")
            if not dates_in_order(start, end):
                reader.error("end_date", "the end date must be the same as or after the start date")
            parent = reader.text("parent")
            if parent and name_key(parent) not in in_file and name_key(parent) not in existing:
                reader.error("parent", f"'{parent}' is not a body in this file or already imported")
            if parent and name_key(parent) == name_key(name):
                reader.error("parent", "a body cannot report to itself")
            planned.append(
                Planned(
                    row.number,
                    {"partnership": self.partnership, "name": name},
                    {
                        "slug": slug,
                        "kind": reader.choice("kind", BodyKind.choices),
                        "short_name": reader.text("short_name", max_length=40),
                        "description": reader.text("description"),
                        "start_date": start,
                        "end_date": end,
                    },
                    {"parent": parent},
                )
            )
        return planned

    def slug_for(self, name: str, existing: dict[str, Body]) -> str:
        """The slug of a row that gives none: an imported body keeps the one it has (it is
        in addresses people keep), a new one is given one (see `rules.body_slug`)."""
        if name_key(name) in existing:
            return existing[name_key(name)].slug
        partnership = self.partnership
        return body_slug(name, partnership.slug, (partnership.name, partnership.short_name))

    def run(self, table: Table) -> ImportSummary:
        summary = super().run(table)
        bodies = {name_key(b.name): b for b in Body.objects.filter(partnership=self.partnership)}
        with transaction.atomic():
            for row in table:
                body = bodies[name_key(row.get("name"))]
                parent = bodies.get(name_key(row.get("parent"))) if row.get("parent") else None
                if body.parent_id != (parent.pk if parent else None):
                    body.parent = parent
                    services.save_body(self.actor, body)
        return summary


def _bodies_by_key(partnership: Partnership) -> dict[str, Body]:
    found = {}
    for body in Body.objects.filter(partnership=partnership):
        found[name_key(body.name)] = body
        found[body.slug] = body
        if body.short_name:
            found.setdefault(name_key(body.short_name), body)
    return found


class TermsOfReferenceImporter(Importer):
    kind = "terms_of_reference"
    model = TermsOfReference
    required = ("body", "version")
    optional = ("agreed_on", "agreed_by", *TOR_FIELDS, "source", "quorum")

    def plan(self, table: Table) -> list[Planned]:
        bodies = _bodies_by_key(self.partnership)
        self.check_duplicates(
            [(r.number, "version", f"{name_key(r.get('body'))}|{r.get('version')}") for r in table]
        )
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            body_name = reader.text("body", required=True)
            body = bodies.get(name_key(body_name)) or bodies.get(body_name)
            if body_name and body is None:
                reader.error(
                    "body",
                    f"'{body_name}' is not a body of {self.partnership.name}; "
                    "import it in bodies first",
                )
            version = reader.integer("version", required=True)
            if version is not None and version < 1:
                reader.error("version", "the version must be 1 or more")
            values = {
                name: reader.text(name)
                for name in self.optional
                if name not in {"agreed_on", "quorum"}
            }
            values["agreed_on"] = reader.date("agreed_on")
            values["quorum"] = reader.integer("quorum")
            if values["quorum"] is not None and values["quorum"] < 1:
                reader.error("quorum", "the quorum must be 1 or more")
            values["partnership"] = self.partnership
            planned.append(Planned(row.number, {"body": body, "version": version}, values))
        return planned


class MembershipImporter(Importer):
    kind = "memberships"
    model = Membership
    required = ("person", "body", "role")
    optional = ("organisation", "title", "start_date", "end_date", "notes")

    def plan(self, table: Table) -> list[Planned]:
        bodies = _bodies_by_key(self.partnership)
        people: dict[str, Person] = {}
        for person in Person.objects.filter(partnership=self.partnership):
            people[name_key(f"{person.given_name} {person.family_name}")] = person
            people.setdefault(name_key(person.name), person)
        self.check_duplicates(
            [
                (
                    r.number,
                    "person",
                    "|".join(name_key(r.get(c)) for c in ("person", "body", "role", "start_date")),
                )
                for r in table
            ]
        )
        planned = []
        for row in table:
            reader = RowReader(row, self.errors)
            person_name = reader.text("person", required=True)
            person = people.get(name_key(person_name))
            if person_name and person is None:
                reader.error(
                    "person",
                    f"'{person_name}' is not a person of {self.partnership.name}; "
                    "import them in people first",
                )
            body_name = reader.text("body", required=True)
            body = bodies.get(name_key(body_name)) or bodies.get(body_name)
            if body_name and body is None:
                reader.error(
                    "body",
                    f"'{body_name}' is not a body of {self.partnership.name}; "
                    "import it in bodies first",
                )
            role = reader.choice("role", MembershipRole.choices)
            org = self.find_organisation(reader, "organisation", required=False)
            start = reader.date("start_date")
            end = reader.date("end_date")
            if not dates_in_order(start, end):
                reader.error("end_date", "the end date must be the same as or after the start date")
            planned.append(
                Planned(
                    row.number,
                    {"person": person, "body": body, "role": role, "start_date": start},
                    {
                        "organisation": org,
                        "title": reader.text("title", max_length=200),
                        "end_date": end,
                        "notes": reader.text("notes", max_length=300),
                        "partnership": self.partnership,
                    },
                )
            )
        return planned


IMPORTERS: dict[str, type[Importer]] = {
    cls.kind: cls
    for cls in (
        OrganisationImporter,
        UnitImporter,
        PersonImporter,
        BodyImporter,
        TermsOfReferenceImporter,
        MembershipImporter,
    )
}
KIND_CHOICES = [
    ("organisations", "Organisations"),
    ("units", "Units (directorates and teams)"),
    ("people", "People"),
    ("bodies", "Bodies"),
    ("terms_of_reference", "Terms of reference"),
    ("memberships", "Memberships"),
]


def detect_kind(table: Table) -> str | None:
    """The kind whose required columns the table has, if exactly one matches best."""
    headers = set(table.headers)
    matches = [k for k, cls in IMPORTERS.items() if set(cls.required) <= headers]
    # Prefer the kind whose known columns cover the most of the headers.
    matches.sort(
        key=lambda k: -len(headers & (set(IMPORTERS[k].required) | set(IMPORTERS[k].optional)))
    )
    return matches[0] if matches else None


def import_table(
    kind: str, table: Table, partnership: Partnership, actor: User | None
) -> ImportSummary:
    """Import one table of `kind` into `partnership`; all rows or none."""
    if kind not in IMPORTERS:
        raise ImportFailed(
            [RowError(None, None, f"'{kind}' is not something that can be imported")]
        )
    return IMPORTERS[kind](partnership, actor).run(table)


def import_partnership_row(table: Table, actor: User | None) -> Partnership:
    """Create or update a partnership from partnership.csv (one row)."""
    errors = check_headers(
        table, ("name", "slug"), ("short_name", "place", "area", "description", "source")
    )
    if not errors and len(table.rows) != 1:
        errors.append(RowError(None, None, "partnership.csv must have exactly one row"))
    if errors:
        raise ImportFailed(errors)
    row = table.rows[0]
    reader = RowReader(row, errors)
    name = reader.text("name", required=True, max_length=200)
    slug = reader.text("slug", required=True, max_length=80)
    values: dict[str, Any] = {
        n: reader.text(n) for n in ("short_name", "place", "description", "source")
    }
    area_code = reader.text("area")
    values["area"] = Area.objects.filter(code=area_code).first() if area_code else None
    if area_code and values["area"] is None:
        reader.error(
            "area",
            f"{area_code} is not a loaded area; load it first with "
            f"roundtable geography load --la {area_code}",
        )
    if errors:
        raise ImportFailed(errors)
    partnership, _ = upsert(
        Partnership, actor, {"slug": slug}, {"name": name, **values}, validate=True
    )
    return partnership
