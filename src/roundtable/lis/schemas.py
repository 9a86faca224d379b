"""API schemas for the LIS: explicit fields, never a whole model."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic reads the annotations at run time
from typing import TYPE_CHECKING

from ninja import Field, Schema
from pydantic import BaseModel

if TYPE_CHECKING:
    from roundtable.geography.models import Area
    from roundtable.lis.models import Dataset
    from roundtable.performance.models import Indicator


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    partnership: str
    publisher: str | None = None
    source: str
    licence: str = Field(description="An SPDX licence identifier")
    update_frequency: str
    next_update_due: date | None = None
    themes: list[str]
    area_types: list[str]
    time_covered: str
    contact: str
    method_notes: str

    @staticmethod
    def resolve_partnership(obj: Dataset) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_publisher(obj: Dataset) -> str | None:
        return obj.publisher.name if obj.publisher else None


class IndicatorOut(Schema):
    code: str
    name: str
    partnership: str
    value_type: str
    polarity: str
    unit: str
    multiplier: int
    decimals: int
    definition: str
    source: str
    ci_method: str

    @staticmethod
    def resolve_partnership(obj: Indicator) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_source(obj: Indicator) -> str:
        return obj.data_source


class AreaOut(Schema):
    code: str
    name: str
    area_type: str
    parent: str | None = Field(None, description="The code of the area it lies in")

    @staticmethod
    def resolve_parent(obj: Area) -> str | None:
        return obj.parent.code if obj.parent else None


# Observations are plain pydantic models, not ninja Schemas: their items are dicts
# already (`queries.public_observation`), and ninja's per-field attribute resolver
# cost more than the query itself on a page of 1,000 (benchmarks/RESULTS.md).
class ObservationOut(BaseModel):
    indicator: str
    area_code: str
    area_name: str
    period: str
    value: float | None = None
    count: float | None = None
    denominator: float | None = None
    lower_ci_95: float | None = None
    upper_ci_95: float | None = None
    lower_ci_99_8: float | None = None
    upper_ci_99_8: float | None = None
    ci_method: str | None = Field(
        None,
        description="How the confidence limits were made: Wilson score, Byar's method, "
        "Exact Poisson, or the source's method ('Given with the data'); null without limits",
    )
    note: str | None = Field(None, description="Why a value is missing or how to read it")


class ObservationPage(BaseModel):
    count: int
    items: list[ObservationOut]


class ErrorOut(Schema):
    detail: str
