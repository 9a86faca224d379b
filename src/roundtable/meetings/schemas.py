"""API schemas for meetings and actions: explicit fields, never a whole model.

The field names of `MeetingOut`, `AgendaItemOut` and `PaperOut` are a published
contract (docs/meetings.md, "API"): add fields, never rename them. Meetings must
come from `queries.with_published_agendas` (the schema reads the prefetched
agenda); actions need `body`, `owner_person` and `owner_organisation` selected.
`url` fields are absolute, built from the request in the schema's context.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from ninja import Schema

from roundtable.meetings import rules
from roundtable.meetings.choices import ActionStatus, Purpose
from roundtable.meetings.queries import AgendaEntry, current_version, published_agenda
from roundtable.partnership.schemas import BodyRef, OrganisationRef, PersonRef

if TYPE_CHECKING:
    from roundtable.meetings.models import Action, Meeting, Paper


def absolute(path: str, context: dict[str, Any] | None) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ErrorOut(Schema):
    detail: str


class PaperOut(Schema):
    """A paper's current version. `pages` is given for PDFs only."""

    title: str
    url: str
    content_type: str
    size: int
    pages: int | None


class AgendaItemOut(Schema):
    """`restricted` is true only for callers allowed to see restricted items."""

    number: str
    title: str
    purpose: Purpose
    restricted: bool
    papers: list[PaperOut]


class MeetingOut(Schema):
    id: int
    body: BodyRef
    start: datetime.datetime
    end: datetime.datetime | None
    venue: str
    status: rules.Shown
    agenda_items: list[AgendaItemOut]
    url: str

    @staticmethod
    def resolve_body(obj: Meeting) -> BodyRef:
        return BodyRef(slug=obj.body.slug, name=obj.body.name)

    @staticmethod
    def resolve_status(obj: Meeting) -> rules.Shown:
        # "held" joins "scheduled" and "cancelled" once the meeting has ended (#11).
        return obj.shown_status

    @staticmethod
    def resolve_agenda_items(obj: Meeting, context: dict[str, Any]) -> list[AgendaItemOut]:
        return [_item_out(entry, context) for entry in published_agenda(obj)]

    @staticmethod
    def resolve_url(obj: Meeting, context: dict[str, Any]) -> str:
        return absolute(obj.get_absolute_url(), context)


def _item_out(entry: AgendaEntry, context: dict[str, Any]) -> AgendaItemOut:
    item = entry.item
    return AgendaItemOut(
        number=entry.number,
        title=item.title,
        purpose=item.purpose,
        restricted=item.restricted,
        papers=[out for paper in entry.papers if (out := _paper_out(paper, context))],
    )


def _paper_out(paper: Paper, context: dict[str, Any]) -> PaperOut | None:
    version = current_version(paper)
    if version is None:
        return None
    return PaperOut(
        title=paper.title,
        url=absolute(paper.get_absolute_url(), context),
        content_type=version.content_type,
        size=version.size,
        pages=version.page_count,
    )


class ActionOut(Schema):
    """Needs `body`, `owner_person` and `owner_organisation` selected."""

    id: int
    body: BodyRef
    meeting: int | None
    description: str
    owner: PersonRef | None
    owner_organisation: OrganisationRef | None
    due: datetime.date | None
    status: ActionStatus
    overdue: bool
    url: str

    @staticmethod
    def resolve_body(obj: Action) -> BodyRef:
        return BodyRef(slug=obj.body.slug, name=obj.body.name)

    @staticmethod
    def resolve_meeting(obj: Action) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_owner(obj: Action) -> PersonRef | None:
        person = obj.owner_person
        return PersonRef(id=person.pk, name=str(person)) if person is not None else None

    @staticmethod
    def resolve_owner_organisation(obj: Action) -> OrganisationRef | None:
        org = obj.owner_organisation
        return OrganisationRef(id=org.pk, name=org.name) if org is not None else None

    @staticmethod
    def resolve_overdue(obj: Action) -> bool:
        return rules.is_overdue(obj.due, obj.status, timezone.localdate())

    @staticmethod
    def resolve_url(obj: Action, context: dict[str, Any]) -> str:
        return absolute(obj.get_absolute_url(), context)
