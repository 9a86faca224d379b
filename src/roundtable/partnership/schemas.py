"""API schemas for partnership records: explicit fields, never a whole model.

Output schemas are built straight from model instances; each says in its
docstring which related objects the queryset must select or prefetch, so a list
costs the same number of queries whatever its length. `url` fields are absolute
page addresses, built from the request in the schema's context.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from ninja import Field, Schema

from roundtable.core.permissions import Action, can
from roundtable.partnership import queries
from roundtable.partnership.addresses import owner_of, partnership_reverse
from roundtable.partnership.choices import BodyKind, MembershipRole, Sector

if TYPE_CHECKING:
    from django.db.models import Model

    from roundtable.partnership.models import (
        Body,
        Membership,
        Organisation,
        Person,
        TermsOfReference,
    )


def _absolute(obj: Model, context: dict[str, Any] | None) -> str:
    path = obj.get_absolute_url()
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# References to other records --------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class BodyRef(Schema):
    slug: str
    name: str


class PersonRef(Schema):
    id: int
    name: str


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str] = Field(description='Where the problem is, e.g. ["body", "name"]')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


# Partnerships -----------------------------------------------------------------


class PartnershipOut(Schema):
    slug: str
    name: str
    short_name: str
    place: str


# Organisations ----------------------------------------------------------------


class OrganisationOut(Schema):
    """Needs `partnership` and `parent` selected and `units` prefetched."""

    id: int
    name: str
    short_name: str
    slug: str
    sector: Sector
    type: str
    website: str
    parent: OrganisationRef | None
    partnership: str
    units: list[UnitRef]
    url: str

    @staticmethod
    def resolve_partnership(obj: Organisation) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_units(obj: Organisation) -> list[UnitRef]:
        return [UnitRef(id=u.pk, name=u.name, short_name=u.short_name) for u in obj.units.all()]

    @staticmethod
    def resolve_url(obj: Organisation, context: dict[str, Any]) -> str:
        return _absolute(obj, context)


class OrganisationIn(Schema):
    """A new organisation. `slug` is made from the name when left out."""

    partnership: str = Field(description="The slug of the partnership it belongs to")
    name: str
    short_name: str = ""
    slug: str = ""
    sector: Sector
    type: str = ""
    website: str = ""
    parent_id: int | None = Field(None, description="An organisation in the same partnership")
    description: str = ""


class OrganisationPatch(Schema):
    """Changes to an organisation: send only the fields to change."""

    name: str | None = None
    short_name: str | None = None
    sector: Sector | None = None
    type: str | None = None
    website: str | None = None
    parent_id: int | None = None
    description: str | None = None


# Bodies -------------------------------------------------------------------------


class BodyOut(Schema):
    """Needs `parent` selected. Add fields here to extend every body.

    `ical_url` is the body's meetings calendar and `atom_url` its Atom feed of
    agendas and decisions (the meetings app's feeds, found by their URL names so
    this app does not import meetings).
    """

    id: int
    slug: str
    name: str
    short_name: str
    kind: BodyKind
    parent: BodyRef | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    url: str
    ical_url: str
    atom_url: str

    @staticmethod
    def resolve_url(obj: Body, context: dict[str, Any]) -> str:
        return _absolute(obj, context)

    @staticmethod
    def resolve_ical_url(obj: Body, context: dict[str, Any]) -> str:
        return _feed_url(obj, context, "meetings_outputs:body-calendar")

    @staticmethod
    def resolve_atom_url(obj: Body, context: dict[str, Any]) -> str:
        return _feed_url(obj, context, "meetings_outputs:body-feed")


def _feed_url(obj: Body, context: dict[str, Any], name: str) -> str:
    """The absolute address of one of the body's feeds (the URL name `name`)."""
    path = partnership_reverse(owner_of(obj), name, args=[obj.slug])
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class SeatOut(Schema):
    """A current member of a body, as the body page lists them."""

    id: int
    person: PersonRef
    role: MembershipRole
    organisation: OrganisationRef | None
    title: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class TermsOfReferenceOut(Schema):
    version: int
    agreed_on: datetime.date | None
    agreed_by: str
    purpose: str
    membership: str
    remit: str
    role: str
    meeting_frequency: str
    tasks: str
    members_role: str
    communication: str
    connectivity: str
    source: str
    url: str

    @staticmethod
    def resolve_url(obj: TermsOfReference, context: dict[str, Any]) -> str:
        return _absolute(obj, context)


class BodyDetailOut(BodyOut):
    """Needs `partnership` and `parent` selected.

    Two more queries: the current seats (as the body page lists them) and the
    latest terms of reference.
    """

    description: str
    partnership: str
    members: list[SeatOut]
    terms_of_reference: TermsOfReferenceOut | None

    @staticmethod
    def resolve_partnership(obj: Body) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_members(obj: Body) -> list[Membership]:
        return queries.seats(obj, timezone.localdate()).current

    @staticmethod
    def resolve_terms_of_reference(obj: Body) -> TermsOfReference | None:
        return obj.terms_of_reference.order_by("-version").first()


# Memberships ----------------------------------------------------------------------


class MembershipOut(Schema):
    """Needs `person`, `body` and `organisation` selected."""

    id: int
    person: PersonRef
    body: BodyRef
    role: MembershipRole
    organisation: OrganisationRef | None
    title: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class MembershipIn(Schema):
    """A new seat on a body."""

    body: str = Field(description="The slug of the body")
    person_id: int
    role: MembershipRole
    organisation_id: int | None = Field(
        None, description="The organisation represented; editors must give their own"
    )
    title: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    notes: str = ""


class MembershipPatch(Schema):
    """Changes to a seat: send only the fields to change. `end_date` alone ends it."""

    role: MembershipRole | None = None
    title: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    notes: str | None = None


# People ---------------------------------------------------------------------------


class PersonOut(Schema):
    """Needs `organisation` selected.

    `email` and `phone` are filled only for callers who may see contact details
    (`can(user, Action.VIEW_CONTACT, person)`: signed-in users of the person's own
    partnership); null otherwise.
    """

    id: int
    name: str
    honorific: str
    given_name: str
    family_name: str
    job_title: str
    organisation: OrganisationRef | None
    email: str | None
    phone: str | None
    url: str

    @staticmethod
    def resolve_email(obj: Person, context: dict[str, Any]) -> str | None:
        return (obj.email or None) if may_see_contact(obj, context) else None

    @staticmethod
    def resolve_phone(obj: Person, context: dict[str, Any]) -> str | None:
        return (obj.phone or None) if may_see_contact(obj, context) else None

    @staticmethod
    def resolve_url(obj: Person, context: dict[str, Any]) -> str:
        return _absolute(obj, context)


def may_see_contact(person: Person, context: dict[str, Any] | None) -> bool:
    request = (context or {}).get("request")
    return request is not None and can(request.user, Action.VIEW_CONTACT, person)


# Popolo export ----------------------------------------------------------------------
# Only the Popolo properties Roundtable fills; absent values are left out, not null.


class PopoloContactDetail(Schema):
    type: str
    value: str


class PopoloLink(Schema):
    url: str
    note: str | None = None


class PopoloPerson(Schema):
    id: str
    name: str
    family_name: str | None = None
    given_name: str | None = None
    honorific_prefix: str | None = None
    sort_name: str | None = None
    email: str | None = None
    contact_details: list[PopoloContactDetail] | None = None
    links: list[PopoloLink] | None = None


class PopoloOrganization(Schema):
    id: str
    name: str
    classification: str | None = None
    parent_id: str | None = None
    founding_date: str | None = None
    dissolution_date: str | None = None
    links: list[PopoloLink] | None = None


class PopoloMembership(Schema):
    id: str
    label: str | None = None
    role: str
    person_id: str
    organization_id: str
    post_id: str | None = None
    on_behalf_of_id: str | None = None
    start_date: str | None = None
    end_date: str | None = None


class PopoloPost(Schema):
    id: str
    label: str
    role: str
    organization_id: str


class PopoloOut(Schema):
    persons: list[PopoloPerson]
    organizations: list[PopoloOrganization]
    memberships: list[PopoloMembership]
    posts: list[PopoloPost]
