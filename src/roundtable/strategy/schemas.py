"""API schemas for strategy records: explicit fields, never a whole model."""

from __future__ import annotations

import datetime

from ninja import Schema


class StrategySummary(Schema):
    slug: str
    title: str
    short_title: str
    kind: str
    status: str
    start_year: int | None
    end_year: int | None
    period: str
    partnership: str
    url: str


class PriorityOut(Schema):
    id: int
    ref: str
    wording: str
    status: str
    theme: str | None
    target_areas: list[str]
    objectives: list[str]
    url: str


class ThemeOut(Schema):
    name: str
    description: str
    priorities: list[PriorityOut]


class ValueOut(Schema):
    name: str
    description: str
    objectives: list[str]


class StrategyDetail(StrategySummary):
    description: str
    source: str
    themes: list[ThemeOut]
    unthemed_priorities: list[PriorityOut]
    values: list[ValueOut]


class EventOut(Schema):
    id: int
    name: str
    date: datetime.date
    kind: str


class RevisionOut(Schema):
    sequence: int
    date: datetime.date
    status: str
    wording: str
    note: str
    event: EventOut | None
    merged_into: str | None


class AreaOut(Schema):
    code: str
    name: str


class PriorityDetail(Schema):
    id: int
    ref: str
    wording: str
    status: str
    strategy: str
    theme: str | None
    target_areas: list[AreaOut]
    objectives: list[str]
    revisions: list[RevisionOut]
    url: str
