"""API schemas for geography: explicit fields, never a whole model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja import Schema

if TYPE_CHECKING:
    from roundtable.geography.models import Area


class AreaRef(Schema):
    code: str
    name: str


class AreaSummary(Schema):
    """An area in a list; built straight from an Area with its parent selected."""

    code: str
    name: str
    type: str
    parent: AreaRef | None = None
    url: str

    @staticmethod
    def resolve_type(obj: Area) -> str:
        return obj.area_type

    @staticmethod
    def resolve_url(obj: Area) -> str:
        return obj.get_absolute_url()


class ChildArea(Schema):
    code: str
    name: str
    type: str


class AreaDetail(Schema):
    code: str
    name: str
    type: str
    parent: AreaRef | None = None
    population: int | None = None
    population_source: str = ""
    description: str = ""
    partnership: str | None = None
    children: list[ChildArea]
    components: list[ChildArea]
    url: str


class PostcodeOut(Schema):
    postcode: str
    local_authority: AreaRef
    ward: AreaRef | None = None
    msoa: AreaRef | None = None
    lsoa: AreaRef | None = None
    eastings: int | None = None
    northings: int | None = None


class ErrorOut(Schema):
    detail: str
