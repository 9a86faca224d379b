"""What the assets API returns: explicit fields, never a model dumped whole. The
figures are null where the caller may not see them (the queryset is annotated
with `figures_shown`, see `api.py`); notes are never in the API."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema

#: The figure fields, null where hidden.
FIGURES = (
    "landlord",
    "lease_start",
    "lease_end",
    "utilisation",
    "market_value",
    "rateable_value",
    "operating_cost",
)


def _figure(obj: Any, name: str) -> Any:
    if not getattr(obj, "figures_shown", False):
        return None
    value = getattr(obj, name)
    if name in ("utilisation", "market_value", "rateable_value", "operating_cost"):
        return None if value is None else float(value)
    if name == "landlord":
        return value or None
    return value


class AssetOut(Schema):
    id: int
    name: str
    owner: str
    owner_id: int
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    current_use: str
    public_access: str
    tenure: str
    condition: str
    capacity: int | None
    is_public: bool
    is_illustrative: bool
    landlord: str | None = None
    lease_start: datetime.date | None = None
    lease_end: datetime.date | None = None
    utilisation: float | None = None
    market_value: float | None = None
    rateable_value: float | None = None
    operating_cost: float | None = None
    page: str

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_page(obj: Any) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_landlord(obj: Any) -> str | None:
        return _figure(obj, "landlord")

    @staticmethod
    def resolve_lease_start(obj: Any) -> datetime.date | None:
        return _figure(obj, "lease_start")

    @staticmethod
    def resolve_lease_end(obj: Any) -> datetime.date | None:
        return _figure(obj, "lease_end")

    @staticmethod
    def resolve_utilisation(obj: Any) -> float | None:
        return _figure(obj, "utilisation")

    @staticmethod
    def resolve_market_value(obj: Any) -> float | None:
        return _figure(obj, "market_value")

    @staticmethod
    def resolve_rateable_value(obj: Any) -> float | None:
        return _figure(obj, "rateable_value")

    @staticmethod
    def resolve_operating_cost(obj: Any) -> float | None:
        return _figure(obj, "operating_cost")
