"""API schemas for the recommendations tracker: explicit fields, never whole models."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from roundtable.recommendations.choices import Rag, Status


class ReviewOut(Schema):
    id: int
    title: str
    author: str
    author_kind: str
    commissioned_by: str
    published_on: datetime.date | None
    parent_id: int | None
    recommendations: int
    url: str


class EvidenceFileOut(Schema):
    filename: str
    content_type: str
    size: int
    url: str


class ProgressUpdateOut(Schema):
    date: datetime.date
    status: str
    rag: str
    narrative: str
    evidence: list[str]
    illustrative: bool = Field(description="Made up for the demo; not from the source documents")
    files: list[EvidenceFileOut] = Field(description="Evidence files, served to whoever sees it")


class RecommendationOut(Schema):
    id: int
    review: str
    review_id: int
    section: str
    number: str
    text: str
    response: str = Field(description="The response category; 'No response yet' until published")
    response_as_written: str = Field(
        "",
        description="The response as the source paper words it, where it says more than "
        "its category ('Work in progress Agree'); blank otherwise and while the "
        "response is not shown",
    )
    response_state: str | None = Field(description="Only for the partnership's own people")
    outline_response: str
    lead: str
    lead_organisation: str | None
    supporting: list[str]
    status: str
    last_update: datetime.date | None
    next_update_due: datetime.date | None
    overdue: bool
    url: str


class PriorityLinkOut(Schema):
    id: int
    ref: str
    wording: str


class IndicatorLinkOut(Schema):
    id: int
    code: str
    name: str


class BodyLinkOut(Schema):
    id: int
    name: str
    short_name: str


class RecommendationDetailOut(RecommendationOut):
    agreed_on: datetime.date | None
    agreed_by: str | None
    agreed_resolution: str
    priorities: list[PriorityLinkOut] = Field(description="Strategy priorities it concerns")
    indicators: list[IndicatorLinkOut] = Field(
        description="Indicators it concerns (for the public: those marked public)"
    )
    bodies: list[BodyLinkOut] = Field(description="Bodies it concerns")
    updates: list[ProgressUpdateOut]


class ProgressUpdateIn(Schema):
    date: datetime.date
    status: Status
    narrative: str = Field(min_length=1)
    rag: Rag = Rag.NONE
    evidence: list[str] = []
