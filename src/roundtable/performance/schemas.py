"""The performance API's schemas: explicit fields, never a model dumped whole."""

import datetime

from ninja import Schema


class MissingFigureOut(Schema):
    indicator: str
    period: str
    reason: str
    reason_label: str
    explanation: str


class ReturnOut(Schema):
    organisation: str
    organisation_id: int
    period: str
    state: str
    state_label: str
    submitted_at: datetime.datetime | None
    missing_figures: list[MissingFigureOut]


class ErrorOut(Schema):
    detail: str
