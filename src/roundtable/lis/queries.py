"""Reads for the LIS: what the public may see, filtered as the API and pages ask.

Everything public starts from `Dataset.objects.visible_to` / `Observation.objects.
visible_to` with an anonymous user: the API and public pages publish open data only,
whoever calls them, and never a suppressed cell's figures (`public_observation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from roundtable.geography.models import Area
from roundtable.lis.models import Dataset, Observation
from roundtable.performance.models import Indicator

# LSOA → MSOA → local authority → region → country: enough levels for any area.
DEPTH = 5
FIGURES = (
    "value",
    "count",
    "denominator",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
)


def public_datasets() -> QuerySet[Dataset]:
    return (
        Dataset.objects.visible_to(AnonymousUser())
        .select_related("publisher", "partnership")
        .order_by("title", "slug")
    )


def lis_indicators(partnership_slug: str = "") -> QuerySet[Indicator]:
    """Public indicators published on the LIS."""
    indicators = Indicator.objects.public().filter(on_lis=True)
    if partnership_slug:
        indicators = indicators.filter(partnership__slug=partnership_slug)
    return indicators.select_related("partnership").order_by("code", "partnership__slug")


def within(area: Area, path: str = "") -> Q:
    """Rows whose area (at `path`, e.g. "area__") lies inside `area` at any depth:
    one subquery per level, so no list of ids however many areas there are."""
    level = Area.objects.filter(parent=area).values("pk")
    found = Q(**{f"{path}pk__in": level}) if path else Q(pk__in=level)
    for _ in range(DEPTH - 1):
        level = Area.objects.filter(parent__in=level).values("pk")
        found |= Q(**{f"{path}pk__in": level})
    return found


def lis_areas(area_type: str = "", inside: Area | None = None) -> QuerySet[Area]:
    """Official areas (custom ones too), by type and inside an area."""
    areas = Area.objects.select_related("parent").order_by("area_type", "code")
    if area_type:
        areas = areas.filter(area_type=area_type)
    if inside is not None:
        areas = areas.filter(within(inside))
    return areas


@dataclass(frozen=True)
class ObservationFilter:
    indicators: list[int]
    area_type: str = ""
    inside: Area | None = None
    period: str = ""
    sex: str = ""
    age: str = ""
    category: str = ""


def public_observations(chosen: ObservationFilter) -> QuerySet[Observation]:
    """The public observations `chosen` names, by area code then period; the total
    for everyone (blank sex, age and category) unless a breakdown is named."""
    rows = Observation.objects.visible_to(AnonymousUser()).filter(
        indicator_id__in=chosen.indicators,
        sex=chosen.sex,
        age=chosen.age,
        category=chosen.category,
    )
    if chosen.period:
        rows = rows.filter(period=chosen.period)
    if chosen.area_type:
        rows = rows.filter(area__area_type=chosen.area_type)
    if chosen.inside is not None:
        rows = rows.filter(within(chosen.inside, "area__"))
    return rows.order_by("area__code", "period_start", "period_end", "indicator__code")


OBSERVATION_FIELDS = (
    "indicator__code",
    "area__code",
    "area__name",
    "period",
    *FIGURES,
    "note",
    "suppressed",
    "dataset__suppress_below",
)


def suppression_note(threshold: int) -> str:
    return f"Suppressed to protect confidentiality: the count is between 1 and {threshold - 1}"


def public_observation(row: dict[str, Any]) -> dict[str, Any]:
    """An observation as published: a suppressed cell keeps no figure, only a note."""
    item = {
        "indicator": row["indicator__code"],
        "area_code": row["area__code"],
        "area_name": row["area__name"],
        "period": row["period"],
        **{name: row[name] for name in FIGURES},
        "note": row["note"] or None,
    }
    if row["suppressed"]:
        item.update(dict.fromkeys(FIGURES))
        item["note"] = suppression_note(row["dataset__suppress_below"])
    return item
