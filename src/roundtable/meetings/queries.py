"""Reads shared by the meetings pages, the API, feeds, the ModernGov service and
board packs. Every one starts from the `visible_to` queryset methods, so what a
user may not see is never loaded for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from roundtable.meetings import rules
from roundtable.meetings.choices import AgendaStatus, MeetingStatus
from roundtable.meetings.models import (
    Action,
    AgendaItem,
    AgendaLink,
    Meeting,
    Paper,
    PaperVersion,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


@dataclass
class AgendaEntry:
    """One agenda item as a reader sees it: its number, its visible papers, its sub-items."""

    item: AgendaItem
    number: str
    papers: list[Paper] = field(default_factory=list)
    sub_items: list[AgendaEntry] = field(default_factory=list)


def current_version(paper: Paper) -> PaperVersion | None:
    """The newest version, from `versions` prefetched newest first."""
    versions = list(paper.versions.all())
    return versions[0] if versions else None


def numbers_for(meeting: Meeting) -> dict[int, str]:
    """Item numbers from every item, restricted or not, so a number means the same
    item for every reader (a restricted item leaves a gap for the public)."""
    places = AgendaItem.objects.filter(meeting=meeting).values_list("pk", "parent_id", "position")
    return rules.item_numbers(rules.ItemPlace(*p) for p in places)


def agenda_for(meeting: Meeting, user: User | AnonymousUser) -> list[AgendaEntry]:
    """The agenda the user may see, in order, numbered; three queries whatever its size."""
    numbers = numbers_for(meeting)
    papers = (
        Paper.objects.visible_to(user)
        .select_related("item")
        .prefetch_related(Prefetch("versions", PaperVersion.objects.order_by("-number")))
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("papers", papers), "lead_people", "lead_organisations")
        .order_by("position")
    )
    entries = {i.pk: AgendaEntry(i, numbers[i.pk], list(i.papers.all())) for i in items}
    top = []
    for entry in sorted(entries.values(), key=lambda e: (e.item.position, e.item.pk)):
        if entry.item.parent_id is None:
            top.append(entry)
        elif entry.item.parent_id in entries:
            entries[entry.item.parent_id].sub_items.append(entry)
    return top


def matters_arising(meeting: Meeting, user: User | AnonymousUser) -> QuerySet[Action]:
    """Actions from the body's earlier meetings still open at this one: carried forward
    automatically as matters arising."""
    return (
        Action.objects.visible_to(user)
        .outstanding()
        .filter(body_id=meeting.body_id, meeting__start__lt=meeting.start)
        .select_related("owner_person", "owner_organisation", "meeting")
        .order_by("meeting__start", "pk")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled: the one
    whose minutes this meeting's pack carries. Meetings are public, so this needs
    no reader; its minutes do."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start", "-pk")
        .first()
    )


def upcoming_meetings(
    body_ids: list[int] | None, today: datetime.date | None = None
) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("body")
    if body_ids is not None:
        qs = qs.filter(body_id__in=body_ids)
    if today is not None:
        qs = qs.filter(start__date__gte=today)
    return qs.order_by("start")


@dataclass(frozen=True)
class LinkShown:
    label: str
    url: str
    kind: str


def _targets(links: list[AgendaLink]) -> dict[tuple[int, int], Any]:
    """The linked records, one query per kind; a kind's queryset may offer
    `for_links()` to load what its `is_public` reads."""
    wanted: dict[int, tuple[Any, set[int]]] = {}
    for link in links:
        wanted.setdefault(link.content_type_id, (link.content_type, set()))[1].add(link.object_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, (content_type, ids) in wanted.items():
        model = content_type.model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if hasattr(queryset, "for_links"):
            queryset = queryset.for_links()
        found.update({(type_id, obj.pk): obj for obj in queryset})
    return found


def items_linked_to(target: Any, user: User | AnonymousUser) -> list[AgendaEntry]:
    """The agenda items (that the user may see) linked to a record, newest meeting
    first, numbered as their agendas number them."""
    from django.contrib.contenttypes.models import ContentType

    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(
            links__content_type=ContentType.objects.get_for_model(target),
            links__object_id=target.pk,
        )
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")
    )
    numbers: dict[int, dict[int, str]] = {}
    for item in items:
        if item.meeting_id not in numbers:
            numbers[item.meeting_id] = numbers_for(item.meeting)
    return [AgendaEntry(item, numbers[item.meeting_id].get(item.pk, "")) for item in items]


def links_for(items: list[AgendaItem], user: User | AnonymousUser) -> dict[int, list[LinkShown]]:
    """The linked records of these items that the user may see, by item id.

    A link to a record the user may not see (an indicator not marked public, say)
    is left out altogether, label included. One query for the links and one per
    kind of record linked.
    """
    from roundtable.core.permissions import Action as Can
    from roundtable.core.permissions import can

    shown: dict[int, list[LinkShown]] = {}
    links = list(
        AgendaLink.objects.filter(item__in=items).select_related("content_type").order_by("pk")
    )
    targets = _targets(links)
    for link in links:
        target = targets.get((link.content_type_id, link.object_id))
        if target is None or not can(user, Can.VIEW, target):
            continue
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
        kind = str(target._meta.verbose_name).capitalize()
        shown.setdefault(link.item_id, []).append(LinkShown(str(target), url, kind))
    return shown


def with_published_agendas(
    meetings: QuerySet[Meeting], user: User | AnonymousUser
) -> QuerySet[Meeting]:
    """Meetings with the items of their *published* agendas the user may see, their
    visible papers (versions newest first), and every item's place, prefetched for
    `published_agenda`: four more queries whatever the number of meetings."""
    papers = Paper.objects.visible_to(user).prefetch_related(
        Prefetch("versions", PaperVersion.objects.order_by("-number"))
    )
    visible = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__agenda_status=AgendaStatus.PUBLISHED)
        .prefetch_related(Prefetch("papers", papers))
    )
    places = AgendaItem.objects.only("pk", "meeting_id", "parent_id", "position")
    return meetings.prefetch_related(
        Prefetch("items", visible, to_attr="visible_items"),
        Prefetch("items", places, to_attr="item_places"),
    )


def published_agenda(meeting: Meeting) -> list[AgendaEntry]:
    """The agenda prefetched by `with_published_agendas`, flat and in order (1, 2, 2a,
    3), numbered from every item so a restricted one leaves a gap. A sub-item of an
    item the reader may not see is left out with it, as `agenda_for` does."""
    numbers = rules.item_numbers(
        rules.ItemPlace(p.pk, p.parent_id, p.position) for p in meeting.item_places
    )
    entries = {
        i.pk: AgendaEntry(i, numbers[i.pk], list(i.papers.all())) for i in meeting.visible_items
    }
    flat: list[AgendaEntry] = []
    ordered = sorted(entries.values(), key=lambda e: (e.item.position, e.item.pk))
    for entry in ordered:
        if entry.item.parent_id is None:
            flat.append(entry)
        elif entry.item.parent_id in entries:
            entries[entry.item.parent_id].sub_items.append(entry)
    return [row for entry in flat for row in (entry, *entry.sub_items)]


def linked_ids(item: AgendaItem, fields: dict[str, type]) -> dict[str, list[int]]:
    """The ids of the item's linked records of each model, keyed by form field name."""
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*fields.values())
    out: dict[str, list[int]] = {}
    for name, model in fields.items():
        out[name] = list(
            item.links.filter(content_type=types[model])
            .order_by("object_id")
            .values_list("object_id", flat=True)
        )
    return out
