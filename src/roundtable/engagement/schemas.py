"""What the engagement API returns: explicit fields, never a whole model. The
`resolve_*` methods read a row of the querysets `api.py` pages through (with
their `select_related`), so a page costs the same queries whatever its size."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema


class PersonRef(Schema):
    name: str
    organisation: str | None
    unit: str | None


def _person(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "name": person.name,
        "organisation": person.organisation.name if person.organisation else None,
        "unit": person.unit.name if person.unit else None,
    }


class StakeholderOut(Schema):
    id: int
    organisation: str
    is_partner: bool
    sector: str
    modes: list[str]
    interest: int | None
    influence: int | None
    assessed_on: datetime.date | None
    strategy: str | None
    relationship_manager: PersonRef | None
    url: str

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_is_partner(obj: Any) -> bool:
        return obj.organisation.is_partner

    @staticmethod
    def resolve_sector(obj: Any) -> str:
        return obj.organisation.sector

    @staticmethod
    def resolve_modes(obj: Any) -> list[str]:
        return obj.mode_list

    @staticmethod
    def resolve_strategy(obj: Any) -> str | None:
        return obj.quadrant.label if obj.quadrant else None

    @staticmethod
    def resolve_relationship_manager(obj: Any) -> dict[str, Any] | None:
        return _person(obj.relationship_manager)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ContactOut(Schema):
    id: int
    stakeholder_id: int
    stakeholder: str
    date: datetime.date
    planned: bool
    from_organisation: str
    from_unit: str | None
    from_person: str | None
    stakeholder_person: str
    method: str
    topic: str
    priorities: list[str]
    bodies: list[str]
    meetings: list[str]
    projects: list[str]
    outcome: str
    follow_up: datetime.date | None
    is_illustrative: bool

    @staticmethod
    def resolve_stakeholder(obj: Any) -> str:
        return obj.stakeholder.organisation.name

    @staticmethod
    def resolve_from_organisation(obj: Any) -> str:
        return obj.from_organisation.name

    @staticmethod
    def resolve_from_unit(obj: Any) -> str | None:
        return obj.from_unit.name if obj.from_unit else None

    @staticmethod
    def resolve_from_person(obj: Any) -> str | None:
        return obj.from_person.name if obj.from_person else None

    @staticmethod
    def resolve_priorities(obj: Any) -> list[str]:
        return [p.ref or str(p) for p in obj.priorities.all()]

    @staticmethod
    def resolve_bodies(obj: Any) -> list[str]:
        return [b.name for b in obj.bodies.all()]

    @staticmethod
    def resolve_meetings(obj: Any) -> list[str]:
        """As `import-contacts` reads them: "2026-03-12 LSP Executive"."""
        return [meeting_ref(m) for m in obj.meetings.all()]

    @staticmethod
    def resolve_projects(obj: Any) -> list[str]:
        """The titles of the linked projects the caller may see (prefetched)."""
        return [p.title for p in obj.projects.all()]


def meeting_ref(meeting: Any) -> str:
    """A meeting as the imports name it: its London date, then its body's name."""
    return f"{timezone.localdate(meeting.start).isoformat()} {meeting.body.name}"


class AreaRef(Schema):
    code: str
    name: str


class ConsultationOut(Schema):
    id: int
    title: str
    lead_organisation: str
    status: str
    opens: datetime.date
    closes: datetime.date
    audience: list[str]
    groups: list[str]
    organisations: list[str]
    areas: list[AreaRef]
    method: str
    link: str
    results_summary: str
    results_link: str
    projects: list[str]
    is_illustrative: bool
    page: str

    @staticmethod
    def resolve_lead_organisation(obj: Any) -> str:
        return obj.lead_organisation.name

    @staticmethod
    def resolve_audience(obj: Any) -> list[str]:
        return obj.audience_list

    @staticmethod
    def resolve_groups(obj: Any) -> list[str]:
        return obj.group_list

    @staticmethod
    def resolve_organisations(obj: Any) -> list[str]:
        return [o.name for o in obj.organisations.all()]

    @staticmethod
    def resolve_areas(obj: Any) -> list[dict[str, str]]:
        return [{"code": a.code, "name": a.name} for a in obj.areas.all()]

    @staticmethod
    def resolve_link(obj: Any) -> str:
        return obj.url

    @staticmethod
    def resolve_projects(obj: Any) -> list[str]:
        """The titles of the projects it serves that the caller may see (prefetched)."""
        return [p.title for p in obj.projects.all()]

    @staticmethod
    def resolve_results_link(obj: Any) -> str:
        return obj.results_url

    @staticmethod
    def resolve_page(obj: Any) -> str:
        return obj.get_absolute_url()


class AgreementOut(Schema):
    id: int
    title: str
    lead_organisation: str
    parties: list[str]
    purpose: str
    lawful_bases: list[str] = Field(description="The codes: art6_e, art9_h, gateway_cda1998_s115…")
    lawful_basis_labels: list[str]
    data_categories: list[str]
    special_category: bool
    criminal_offence: bool
    retention: str
    start_date: datetime.date | None
    review_date: datetime.date | None
    status: str
    is_public: bool
    owner_body: str | None
    signed_document: str | None = Field(description="The newest signed copy's address, if any")
    is_illustrative: bool
    page: str

    @staticmethod
    def resolve_lead_organisation(obj: Any) -> str:
        return obj.lead_organisation.name

    @staticmethod
    def resolve_parties(obj: Any) -> list[str]:
        return [o.name for o in obj.parties.all()]

    @staticmethod
    def resolve_lawful_bases(obj: Any) -> list[str]:
        return obj.basis_list

    @staticmethod
    def resolve_lawful_basis_labels(obj: Any) -> list[str]:
        return obj.basis_labels

    @staticmethod
    def resolve_data_categories(obj: Any) -> list[str]:
        return obj.category_list

    @staticmethod
    def resolve_owner_body(obj: Any) -> str | None:
        return obj.owner_body.name if obj.owner_body else None

    @staticmethod
    def resolve_signed_document(obj: Any) -> str | None:
        documents = list(obj.documents.all())
        return documents[0].get_absolute_url() if documents else None

    @staticmethod
    def resolve_page(obj: Any) -> str:
        return obj.get_absolute_url()
