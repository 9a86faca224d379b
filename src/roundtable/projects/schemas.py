"""What the projects API returns: explicit fields, never a whole model. The
`resolve_*` methods read the rows `api.py` pages through (with their
`select_related` and `prefetch_related`, each list read through its own
`visible_to`), so a page costs the same queries whatever its size."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema


class MilestoneOut(Schema):
    title: str
    due: datetime.date | None
    done_on: datetime.date | None


class UpdateOut(Schema):
    date: datetime.date
    rag: str
    narrative: str
    author: str | None

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.name if obj.author else None


class RiskOut(Schema):
    description: str
    likelihood: int
    impact: int
    score: int
    band: str
    mitigation: str
    owner: str | None

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.name if obj.owner else None


class ProjectOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    start: datetime.date | None
    end: datetime.date | None
    is_published: bool
    is_illustrative: bool
    lead_organisation: str
    lead_person: str | None
    sponsor_body: str | None
    latest_rag: str | None
    latest_update: datetime.date | None
    next_milestone: MilestoneOut | None
    priorities: list[str]
    indicators: list[str]
    recommendations: list[str]
    areas: list[str]
    url: str

    @staticmethod
    def resolve_lead_organisation(obj: Any) -> str:
        return obj.lead_organisation.name

    @staticmethod
    def resolve_lead_person(obj: Any) -> str | None:
        return obj.lead_person.name if obj.lead_person else None

    @staticmethod
    def resolve_sponsor_body(obj: Any) -> str | None:
        return obj.sponsor_body.name if obj.sponsor_body else None

    @staticmethod
    def resolve_latest_rag(obj: Any) -> str | None:
        return obj.latest_rag if obj.latest_update else None

    @staticmethod
    def resolve_next_milestone(obj: Any) -> dict[str, Any] | None:
        if obj.next_due is None:
            return None
        return {"title": obj.next_milestone, "due": obj.next_due, "done_on": None}

    @staticmethod
    def resolve_priorities(obj: Any) -> list[str]:
        return [p.ref for p in obj.priorities.all()]

    @staticmethod
    def resolve_indicators(obj: Any) -> list[str]:
        return [i.code for i in obj.shown_indicators]

    @staticmethod
    def resolve_recommendations(obj: Any) -> list[str]:
        return [f"{r.review.title}: {r.number}" for r in obj.shown_recommendations]

    @staticmethod
    def resolve_areas(obj: Any) -> list[str]:
        return [a.code for a in obj.areas.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut]
    updates: list[UpdateOut]
    risks: list[RiskOut]

    @staticmethod
    def resolve_milestones(obj: Any) -> list[Any]:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_updates(obj: Any) -> list[Any]:
        return list(obj.updates.all())

    @staticmethod
    def resolve_risks(obj: Any) -> list[Any]:
        return obj.shown_risks
