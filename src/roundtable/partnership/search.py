"""The partnership's part of the site search (`core.search`): organisations,
boards and groups, and people, through their `visible_to`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.core.search import Hit, Section, register
from roundtable.partnership.models import Body, Organisation, Person
from roundtable.partnership.queries import in_partnership, search_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def find_organisations(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Organisation.objects.visible_to(user)
        .filter(in_partnership(partnership_id), search_filter(query, ["name", "short_name"]))
        .select_related("partnership")
        .order_by("name", "pk")[:limit]
    )
    return [
        Hit(o.name, o.get_absolute_url(), _whose(o.type or o.get_sector_display(), o))
        for o in found
    ]


def find_bodies(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Body.objects.filter(
            in_partnership(partnership_id), search_filter(query, ["name", "short_name"])
        )
        .select_related("partnership")
        .order_by("name", "pk")[:limit]
    )
    return [Hit(b.name, b.get_absolute_url(), _whose(b.get_kind_display(), b)) for b in found]


def find_people(
    query: str, user: User | AnonymousUser, limit: int, partnership_id: int | None
) -> list[Hit]:
    found = (
        Person.objects.filter(
            in_partnership(partnership_id),
            search_filter(query, ["honorific", "given_name", "family_name", "job_title"]),
        )
        .select_related("partnership", "organisation")
        .order_by("family_name", "given_name", "pk")[:limit]
    )
    return [
        Hit(str(p), p.get_absolute_url(), _whose(p.organisation.name if p.organisation else "", p))
        for p in found
    ]


def _whose(what: str, record: Organisation | Body | Person) -> str:
    return ", ".join(part for part in (what, record.partnership.name) if part)


def register_sections() -> None:
    register(Section("organisations", "Organisations", 10, find_organisations))
    register(Section("bodies", "Boards and groups", 11, find_bodies))
    register(Section("people", "People", 12, find_people))
