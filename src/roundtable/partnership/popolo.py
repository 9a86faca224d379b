"""Partnership records as Popolo JSON (http://www.popoloproject.com/).

`popolo_export()` gives persons, organizations, memberships and posts:

- organizations: the partner organisations (`organization/<id>`, classified by
  type, or by sector when the type is blank) and the partnership's bodies
  (`body/<slug>`, classified by kind, `parent_id` the body they report to);
- persons (`person/<id>`): names always; email and phone only for callers who
  may see contact details (signed-in users of the person's own partnership), so
  anonymous exports, and other partnerships', carry no contact details;
- memberships (`membership/<id>`): a person's seat on a body, with the role,
  the post held, the organisation represented (`on_behalf_of_id`) and the dates
  when known, as YYYY-MM-DD;
- posts (`post/<body-slug>/<role>`): one per body and role somebody holds or
  held, e.g. "Chair, LSP Executive Board".

Ids are stable strings made from primary keys and slugs. Four queries whatever
the number of records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NotRequired, TypedDict

from roundtable.core.permissions import Action, can
from roundtable.partnership.choices import MembershipRole, Sector
from roundtable.partnership.models import Body, Membership, Organisation, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership


class ContactDetail(TypedDict):
    type: str
    value: str


class Link(TypedDict):
    url: str
    note: str


class PopoloPerson(TypedDict):
    id: str
    name: str
    family_name: str
    given_name: NotRequired[str]
    honorific_prefix: NotRequired[str]
    sort_name: str
    email: NotRequired[str]
    contact_details: NotRequired[list[ContactDetail]]
    links: list[Link]


class PopoloOrganization(TypedDict):
    id: str
    name: str
    classification: str
    parent_id: NotRequired[str]
    founding_date: NotRequired[str]
    dissolution_date: NotRequired[str]
    links: list[Link]


class PopoloMembership(TypedDict):
    id: str
    label: NotRequired[str]
    role: str
    person_id: str
    organization_id: str
    post_id: str
    on_behalf_of_id: NotRequired[str]
    start_date: NotRequired[str]
    end_date: NotRequired[str]


class PopoloPost(TypedDict):
    id: str
    label: str
    role: str
    organization_id: str


class PopoloExport(TypedDict):
    persons: list[PopoloPerson]
    organizations: list[PopoloOrganization]
    memberships: list[PopoloMembership]
    posts: list[PopoloPost]


# Ids ------------------------------------------------------------------------------


def person_id(pk: int) -> str:
    return f"person/{pk}"


def organisation_id(pk: int) -> str:
    return f"organization/{pk}"


def body_id(slug: str) -> str:
    return f"body/{slug}"


def post_id(body_slug: str, role: str) -> str:
    return f"post/{body_slug}/{role}"


def membership_id(pk: int) -> str:
    return f"membership/{pk}"


# Records --------------------------------------------------------------------------


def _page(url: str) -> list[Link]:
    return [{"url": url, "note": "Roundtable page"}]


def person_record(person: Person, page_url: str, show_contact: bool) -> PopoloPerson:
    record: PopoloPerson = {
        "id": person_id(person.pk),
        "name": person.name,
        "family_name": person.family_name,
        "sort_name": ", ".join(p for p in (person.family_name, person.given_name) if p),
        "links": _page(page_url),
    }
    if person.given_name:
        record["given_name"] = person.given_name
    if person.honorific:
        record["honorific_prefix"] = person.honorific
    if show_contact:
        details: list[ContactDetail] = []
        if person.email:
            record["email"] = person.email
            details.append({"type": "email", "value": person.email})
        if person.phone:
            details.append({"type": "voice", "value": person.phone})
        if details:
            record["contact_details"] = details
    return record


def organisation_record(organisation: Organisation, page_url: str) -> PopoloOrganization:
    record: PopoloOrganization = {
        "id": organisation_id(organisation.pk),
        "name": organisation.name,
        "classification": organisation.type or Sector(organisation.sector).label,
        "links": _page(page_url),
    }
    if organisation.parent_id is not None:
        record["parent_id"] = organisation_id(organisation.parent_id)
    return record


def body_record(body: Body, page_url: str) -> PopoloOrganization:
    """Needs `parent` selected (for its slug)."""
    record: PopoloOrganization = {
        "id": body_id(body.slug),
        "name": body.name,
        "classification": body.get_kind_display(),
        "links": _page(page_url),
    }
    if body.parent is not None:
        record["parent_id"] = body_id(body.parent.slug)
    if body.start_date is not None:
        record["founding_date"] = body.start_date.isoformat()
    if body.end_date is not None:
        record["dissolution_date"] = body.end_date.isoformat()
    return record


def membership_record(membership: Membership) -> PopoloMembership:
    """Needs `body` selected (for its slug)."""
    slug = membership.body.slug
    record: PopoloMembership = {
        "id": membership_id(membership.pk),
        "role": membership.get_role_display(),
        "person_id": person_id(membership.person_id),
        "organization_id": body_id(slug),
        "post_id": post_id(slug, membership.role),
    }
    if membership.title:
        record["label"] = membership.title
    if membership.organisation_id is not None:
        record["on_behalf_of_id"] = organisation_id(membership.organisation_id)
    if membership.start_date is not None:
        record["start_date"] = membership.start_date.isoformat()
    if membership.end_date is not None:
        record["end_date"] = membership.end_date.isoformat()
    return record


def post_records(memberships: Iterable[Membership]) -> list[PopoloPost]:
    """One post per body and role held, in the order first seen."""
    posts: dict[str, PopoloPost] = {}
    for membership in memberships:
        body = membership.body
        key = post_id(body.slug, membership.role)
        if key not in posts:
            role = MembershipRole(membership.role).label
            posts[key] = {
                "id": key,
                "label": f"{role}, {body.name}",
                "role": role,
                "organization_id": body_id(body.slug),
            }
    return list(posts.values())


# The export -----------------------------------------------------------------------


def popolo_export(
    partnerships: Iterable[Partnership],
    user: User | AnonymousUser,
    absolute_url: Callable[[str], str] = str,
) -> PopoloExport:
    """Everything public about the partnerships' structure, as Popolo.

    `absolute_url` turns a page path into the address printed in `links`.
    Contact details are included only where `can(user, VIEW_CONTACT, person)`.
    """
    ids = [p.pk for p in partnerships]
    # 1 query: partner organisations.
    organisations = Organisation.objects.filter(partnership_id__in=ids, is_partner=True).order_by(
        "pk"
    )
    # 1 query: bodies, with the body each reports to.
    bodies = Body.objects.filter(partnership_id__in=ids).select_related("parent").order_by("slug")
    # 1 query: people.
    people = Person.objects.filter(partnership_id__in=ids).order_by("pk")
    # 1 query: memberships, with their body (slug and name for ids and post labels).
    memberships = list(
        Membership.objects.filter(partnership_id__in=ids)
        .select_related("body")
        .order_by("body__slug", "pk")
    )
    return {
        "persons": [
            person_record(p, absolute_url(p.get_absolute_url()), can(user, Action.VIEW_CONTACT, p))
            for p in people
        ],
        "organizations": [
            *(organisation_record(o, absolute_url(o.get_absolute_url())) for o in organisations),
            *(body_record(b, absolute_url(b.get_absolute_url())) for b in bodies),
        ],
        "memberships": [membership_record(m) for m in memberships],
        "posts": post_records(memberships),
    }
