"""Reusable reads for partnership pages and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Prefetch, Q, QuerySet

from roundtable.partnership.choices import KIND_ORDER, ROLE_ORDER, MembershipRole
from roundtable.partnership.models import Body, Membership, Organisation, Partnership, Person
from roundtable.partnership.rules import AccountFilters, build_tree


def any_partnership() -> bool:
    """Whether any partnership has been set up (a new installation has none)."""
    return Partnership.objects.exists()


def organisations_for(partnership: Partnership) -> QuerySet[Organisation]:
    """The partners (not the organisations the partnership only engages)."""
    return partnership.organisations.filter(is_partner=True).select_related("parent")


def organisations_to_act_for(
    user: Any, partnership_id: int, *, any_of_them: bool, partners_only: bool = True
) -> QuerySet[Organisation]:
    """The organisations a form offers `user` to act for (lead, log, sign, own).

    Every partner of the partnership (every organisation, with `partners_only`
    false) when `any_of_them` (the caller's permission rule says so: administrators,
    a record's owners); otherwise the user's own organisation only. Services check
    the choice again when they save.
    """
    organisations = Organisation.objects.filter(partnership_id=partnership_id)
    if partners_only:
        organisations = organisations.filter(is_partner=True)
    if not any_of_them:
        organisations = organisations.filter(pk=user.organisation_id)
    return organisations


def people_for(partnership: Partnership) -> QuerySet[Person]:
    return partnership.people.select_related("organisation", "unit")


def bodies_for(partnership: Partnership) -> QuerySet[Body]:
    return partnership.bodies.select_related("parent")


def search_filter(query: str, fields: list[str]) -> Q:
    """Every word must appear in one of the fields."""
    condition = Q()
    for word in query.split():
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def in_partnership(partnership_id: int | None, path: str = "partnership_id") -> Q:
    """One partnership's records (`path` leads from the record to its partnership's
    id), or every partnership's when `partnership_id` is None: the site search's
    choice of where to search."""
    return Q() if partnership_id is None else Q(**{path: partnership_id})


ORGANISATION_SEARCH = ["name", "short_name", "type"]
PERSON_SEARCH = ["honorific", "given_name", "family_name", "job_title", "organisation__name"]


def filter_organisations(
    organisations: QuerySet[Organisation], q: str = "", sector: str = ""
) -> QuerySet[Organisation]:
    """The organisation list's filters, shared by the web page and the API."""
    if q.strip():
        organisations = organisations.filter(search_filter(q.strip()[:100], ORGANISATION_SEARCH))
    if sector:
        organisations = organisations.filter(sector=sector)
    return organisations


def filter_people(people: QuerySet[Person], q: str = "") -> QuerySet[Person]:
    """The people list's search, shared by the web page and the API."""
    if q.strip():
        people = people.filter(search_filter(q.strip()[:100], PERSON_SEARCH))
    return people


def filter_bodies(bodies: QuerySet[Body], kind: str = "") -> QuerySet[Body]:
    return bodies.filter(kind=kind) if kind else bodies


def memberships_of_body(body: Body) -> QuerySet[Membership]:
    return body.memberships.select_related("person", "organisation", "person__organisation")


def sort_by_role(memberships: list[Membership]) -> list[Membership]:
    order = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(
        memberships,
        key=lambda m: (order.get(m.role, 99), m.person.family_name, m.person.given_name),
    )


@dataclass
class BodySeats:
    """A body's memberships split into current and past on a given day."""

    current: list[Membership]
    past: list[Membership]
    future: list[Membership]


def seats(body: Body, day: datetime.date) -> BodySeats:
    current, past, future = [], [], []
    for membership in memberships_of_body(body):
        if membership.end_date is not None and membership.end_date < day:
            past.append(membership)
        elif membership.start_date is not None and membership.start_date > day:
            future.append(membership)
        else:
            current.append(membership)
    past.sort(key=lambda m: m.end_date, reverse=True)
    return BodySeats(sort_by_role(current), past, sort_by_role(future))


@dataclass
class ChartNode:
    body: Body
    chairs: list[Membership]
    children: list[ChartNode] = field(default_factory=list)


def structure_chart(partnership: Partnership, day: datetime.date) -> list[ChartNode]:
    """The partnership's bodies as a tree of reporting lines, with current chairs.

    Two queries whatever the number of bodies: bodies, then their current chairs.
    """
    chairs = (
        Membership.objects.current(day)
        .filter(role__in=[MembershipRole.CHAIR, MembershipRole.VICE_CHAIR])
        .select_related("person", "organisation")
    )
    bodies = list(
        partnership.bodies.order_by("name").prefetch_related(
            Prefetch("memberships", queryset=chairs.order_by("role"), to_attr="chair_memberships")
        )
    )
    rank = {kind: index for index, kind in enumerate(KIND_ORDER)}
    bodies.sort(key=lambda b: (rank.get(b.kind, len(rank)), b.name))
    by_id = {body.pk: body for body in bodies}
    roots, children = build_tree([(b.pk, b.parent_id) for b in bodies])

    def node(body_id: int) -> ChartNode:
        body = by_id[body_id]
        return ChartNode(body, body.chair_memberships, [node(c) for c in children[body_id]])

    return [node(root) for root in roots]


def partnership_for_command(slug: str | None) -> Partnership:
    """The partnership a command works on: `slug`, or the only one there is.

    Raises ValueError with a message saying what to do otherwise.
    """
    if slug:
        found = Partnership.objects.filter(slug=slug).first()
        if found is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise ValueError(f"No partnership '{slug}' (known: {known})")
        return found
    partnerships = list(Partnership.objects.all()[:2])
    if len(partnerships) == 1:
        return partnerships[0]
    if not partnerships:
        raise ValueError("There is no partnership yet; load one first, e.g. roundtable demo load")
    known = ", ".join(Partnership.objects.values_list("slug", flat=True))
    raise ValueError(f"There are several partnerships; say which with --partnership ({known})")


def accounts_of(partnership: Partnership, filters: AccountFilters | None = None) -> QuerySet[Any]:
    """The partnership's accounts for its Accounts page, those `filters` ask for:
    active first, then by username; each row's person and organisation in the same
    query."""
    accounts = get_user_model().objects.filter(partnership=partnership)
    filters = filters or AccountFilters()
    for word in filters.words:
        accounts = accounts.filter(
            Q(username__icontains=word)
            | Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(person__family_name__icontains=word)
        )
    site = Q(is_superuser=True) | Q(is_staff=True)
    if filters.role == "site":
        accounts = accounts.filter(site)
    elif filters.role:
        accounts = accounts.filter(role=filters.role).exclude(site)
    invited = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if filters.status == "deactivated":
        accounts = accounts.filter(is_active=False)
    elif filters.status == "invited":
        accounts = accounts.filter(invited, is_active=True)
    elif filters.status == "active":
        accounts = accounts.filter(is_active=True).exclude(invited)
    return accounts.select_related("person", "organisation").order_by("-is_active", "username")
