"""The partnership's list pages (organisations, people, bodies) as a request→rows
function each, shared by the page and its CSV and XLSX download
(`core.exports.Listing`), so a download keeps the page's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roundtable.core.exports import Column, Listing
from roundtable.partnership import queries
from roundtable.partnership.choices import BodyKind, Sector
from roundtable.partnership.middleware import current_partnership

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from roundtable.partnership.models import Body, Organisation, Person


@dataclass(frozen=True)
class OrganisationList:
    """The organisations page's filters and the organisations they leave."""

    query: str
    sector: str
    organisations: QuerySet[Organisation]


def organisation_list(request: HttpRequest) -> OrganisationList:
    organisations = queries.organisations_for(current_partnership(request))
    query = request.GET.get("q", "").strip()[:100]
    sector = request.GET.get("sector", "")
    if query:
        organisations = organisations.filter(
            queries.search_filter(query, ["name", "short_name", "type"])
        )
    if sector in Sector.values:
        organisations = organisations.filter(sector=sector)
    else:
        sector = ""
    return OrganisationList(query, sector, organisations)


@dataclass(frozen=True)
class PersonList:
    """The people page's search and the people it finds."""

    query: str
    people: QuerySet[Person]


def person_list(request: HttpRequest) -> PersonList:
    people = queries.people_for(current_partnership(request))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        people = people.filter(
            queries.search_filter(
                query, ["given_name", "family_name", "job_title", "organisation__name"]
            )
        )
    return PersonList(query, people)


@dataclass(frozen=True)
class BodyList:
    """The bodies page's filter (a kind of body) and the bodies it leaves."""

    kind: str
    bodies: QuerySet[Body]


def body_list(request: HttpRequest) -> BodyList:
    kind = request.GET.get("kind", "")
    kind = kind if kind in BodyKind.values else ""
    return BodyList(
        kind, queries.filter_bodies(queries.bodies_for(current_partnership(request)), kind)
    )


ORGANISATIONS = Listing(
    name="organisations",
    title="Organisations",
    columns=(
        Column("Name", lambda o: o.name),
        Column("Short name", lambda o: o.short_name),
        Column("Sector", lambda o: o.get_sector_display()),
        Column("Type", lambda o: o.type),
        Column("Part of", lambda o: o.parent.name if o.parent else ""),
        Column("Website", lambda o: o.website),
    ),
    rows=lambda request: organisation_list(request).organisations,
)

# Only what the list page shows: a person's email and phone are not in it.
PEOPLE = Listing(
    name="people",
    title="People",
    columns=(
        Column("Name", lambda p: p.name),
        Column("Job title", lambda p: p.job_title),
        Column("Organisation", lambda p: p.organisation.name if p.organisation else ""),
        Column("Unit", lambda p: p.unit.name if p.unit else ""),
    ),
    rows=lambda request: person_list(request).people,
)

BODIES = Listing(
    name="bodies",
    title="Boards and groups",
    columns=(
        Column("Name", lambda b: b.name),
        Column("Short name", lambda b: b.short_name),
        Column("Type", lambda b: b.get_kind_display()),
        Column("Reports to", lambda b: b.parent.name if b.parent else ""),
        Column("Started", lambda b: b.start_date),
        Column("Ended", lambda b: b.end_date),
    ),
    rows=lambda request: body_list(request).bodies,
)
