"""Reads for the Fingertips-compatible API (`lis/fingertips.py`): open data only.

Everything starts from what the public may see: published datasets
(`queries.public_datasets`), public indicators on the LIS (`queries.lis_indicators`)
and the observations of published datasets (`Observation.objects.visible_to` with an
anonymous user). A suppressed cell keeps its row, as Fingertips does, with no value,
count, denominator or limits, and the value note "Value suppressed for disclosure
control due to small count". Ids are explained in `fingertips_tables`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from roundtable.geography.models import Area
from roundtable.geography.rules import COUNTRIES, GSS_PREFIXES
from roundtable.lis import fingertips_tables as tables
from roundtable.lis import queries, rules
from roundtable.lis.fingertips_tables import AreaTypeId, FingertipsError
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.profile_figures import Figure, IndicatorInfo, trend_of
from roundtable.performance.models import IndicatorValue

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from roundtable.performance.models import Indicator

# Four levels up from an area: LSOA → MSOA → local authority → region → country.
_UP = tuple("area__" + "parent__" * depth for depth in range(1, 5))


# Indicators --------------------------------------------------------------------------


def indicators(ids: list[int] | None = None) -> list[Indicator]:
    """Public indicators on the LIS, by id; every id in `ids` must be one (404)."""
    found = queries.lis_indicators().order_by("pk")
    if ids is None:
        return list(found)
    chosen = {indicator.pk: indicator for indicator in found.filter(pk__in=ids)}
    for wanted in ids:
        if wanted not in chosen:
            raise FingertipsError(404, f"indicator_ids: no indicator has the id {wanted}")
    return [chosen[wanted] for wanted in ids]


def profile_indicators(dataset: Dataset) -> list[Indicator]:
    """The public indicators on the LIS that a profile (dataset) has data for."""
    used = public_observations().filter(dataset=dataset).values("indicator_id")
    return list(queries.lis_indicators().filter(pk__in=used).order_by("pk"))


def metadata(indicator: Indicator, *, definition: bool = True) -> dict[str, Any]:
    """An indicator's metadata, in Fingertips' shape (`indicator_metadata/...`)."""
    type_id, type_name = tables.VALUE_TYPES.get(indicator.value_type, tables.VALUE_TYPES[""])
    method = tables.ci_method_name(indicator.value_type, indicator.ci_method)
    descriptive = {
        "Name": indicator.name,
        "IndicatorNumber": indicator.code,
        "DataSource": indicator.data_source,
    }
    if definition:
        descriptive["Definition"] = indicator.definition
    return {
        "IndicatorId": indicator.pk,
        "Descriptive": descriptive,
        "Unit": {
            "Value": tables.unit_value(indicator.value_type, indicator.multiplier),
            "Label": indicator.unit,
        },
        "ValueType": {"Id": type_id, "Name": type_name},
        "ConfidenceIntervalMethod": {"Id": tables.CI_METHODS.get(method, 0), "Name": method},
        "ConfidenceLevel": 95.0,
        "DecimalPlaces": indicator.decimals,
        "Polarity": tables.POLARITIES.get(indicator.polarity, ""),
    }


def metadata_row(indicator: Indicator) -> list[Any]:
    """An indicator's row of `indicator_metadata/csv`, in `METADATA_COLUMNS` order."""
    type_name = tables.VALUE_TYPES.get(indicator.value_type, tables.VALUE_TYPES[""])[1]
    known = {
        "Indicator ID": indicator.pk,
        "Indicator": indicator.name,
        "Indicator number": indicator.code,
        "Definition": indicator.definition,
        "Data source": indicator.data_source,
        "Frequency": indicator.get_frequency_display() if indicator.frequency else "",
        "Confidence interval details": tables.ci_method_name(
            indicator.value_type, indicator.ci_method
        ),
        "Disclosure control": "Counts from 1 to 4 (or the dataset's own threshold) are "
        "suppressed, and cells that would give one away",
        "Rounding": f"{indicator.decimals} decimal places",
        "Simple Name": indicator.name,
        "Unit": indicator.unit,
        "Value type": type_name,
        "Polarity": tables.POLARITIES.get(indicator.polarity, ""),
    }
    return [known.get(column, "") for column in tables.METADATA_COLUMNS]


# Profiles (one per published dataset) -------------------------------------------------


def profiles() -> QuerySet[Dataset]:
    return queries.public_datasets().order_by("pk")


def profile(profile_id: int, parameter: str = "profile_id") -> Dataset:
    found = profiles().filter(pk=profile_id).first()
    if found is None:
        raise FingertipsError(404, f"{parameter}: no profile has the id {profile_id}")
    return found


def profile_json(dataset: Dataset, *, detail: bool = False) -> dict[str, Any]:
    """A profile is a published dataset; its one domain (group) has the same id."""
    item: dict[str, Any] = {
        "Id": dataset.pk,
        "Name": dataset.title,
        "Key": dataset.slug,
        "GroupIds": [dataset.pk],
    }
    if detail:
        item["GroupMetadata"] = [
            {"Id": dataset.pk, "ProfileId": dataset.pk, "Name": dataset.title, "Sequence": 1}
        ]
    return item


# Observations --------------------------------------------------------------------------


def public_observations() -> QuerySet[Observation]:
    """Observations of published datasets, of public indicators on the LIS."""
    return Observation.objects.visible_to(AnonymousUser()).filter(
        indicator_id__in=queries.lis_indicators().values("pk")
    )


def area_type_ids_with_data(datasets: list[int]) -> list[int]:
    """The Fingertips ids of the area types the datasets have observations for."""
    found = set(
        public_observations()
        .filter(dataset_id__in=datasets)
        .values_list("area__area_type", flat=True)
        .distinct()
    )
    return [row.id for row in tables.AREA_TYPES if row.area_type in found]


def available_data(
    indicator_id: int | None, area_type: AreaTypeId | None, profile_id: int | None
) -> list[dict[str, int]]:
    """Each indicator and area type with data, as `available_data` lists them."""
    rows = public_observations()
    if indicator_id is not None:
        indicators([indicator_id])
        rows = rows.filter(indicator_id=indicator_id)
    if area_type is not None:
        rows = rows.filter(area__area_type=area_type.area_type)
    if profile_id is not None:
        rows = rows.filter(dataset=profile(profile_id))
    pairs = rows.values_list("indicator_id", "area__area_type").distinct()
    return [
        {"IndicatorId": indicator, "AreaTypeId": tables.AREA_TYPE_BY_TYPE[kind].id}
        for indicator, kind in sorted(set(pairs), key=lambda p: (p[0], _order(p[1])))
        if kind in tables.AREA_TYPE_BY_TYPE
    ]


def _order(area_type: str) -> int:
    return [row.area_type for row in tables.AREA_TYPES].index(area_type)


def areas(area_type: AreaTypeId) -> list[dict[str, Any]]:
    """The areas of a type, as `areas/by_area_type` lists them."""
    found = Area.objects.filter(area_type=area_type.area_type).order_by("code")
    return [
        {"Code": code, "Name": name, "Short": name, "AreaTypeId": area_type.id}
        for code, name in found.values_list("code", "name")
    ]


def area(code: str, parameter: str) -> Area:
    found = Area.objects.filter(code=code.strip()).first()
    if found is None:
        raise FingertipsError(404, f"{parameter}: no area has the code {code.strip()}")
    return found


_FIELDS = (
    "indicator_id",
    "indicator__name",
    "area__code",
    "area__name",
    "sex",
    "age",
    "category",
    "period",
    "period_start",
    "period_end",
    *queries.FIGURES,
    "note",
    "ci_method",
    "suppressed",
    "dataset__suppress_below",
    "indicator__code",
    "indicator__polarity",
    "indicator__value_type",
    "indicator__multiplier",
    "indicator__decimals",
    "indicator__unit",
    *(f"{up}{field}" for up in _UP for field in ("code", "name", "area_type")),
)
ENGLAND = "E92000001"
# A benchmark's cell: indicator, area code, period and breakdown.
Cell = tuple[int, str, str, str, str, str]


def data_rows(
    indicator_ids: list[int] | None,
    child: AreaTypeId,
    parent: AreaTypeId,
    dataset: Dataset | None = None,
    inside: Area | None = None,
) -> Iterator[list[Any]]:
    """The `all_data/csv` rows (after the header): every public observation of the
    indicators (or of the dataset) for areas of the `child` type, inside `inside` when
    given, every breakdown, each with its ancestor of the `parent` type.

    The same queries whatever the number of rows: the benchmarks, each indicator's
    latest period, the goals (two) and the rows, streamed one indicator and area at a
    time (an area's rows are held together to work out their recent trends)."""
    rows = public_observations().filter(area__area_type=child.area_type)
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=indicator_ids)
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    if inside is not None:
        rows = rows.filter(queries.within(inside, "area__"))
    benchmarks = _benchmark_values(indicator_ids, parent, dataset)
    extra = _Extra(
        latest=_latest_periods(rows),
        goals=_goals(indicator_ids),
        # Fingertips says "New data" only when a profile is asked for.
        new_data=tables.new_data(dataset.data_updated, timezone.now()) if dataset else "",
    )
    rows = rows.order_by(
        "indicator_id",
        "area__code",
        "period_start",
        "period_end",
        "sex",
        "age",
        "category",
        "dataset_id",
    )
    found = rows.values(*_FIELDS).iterator(chunk_size=5000)
    for _, block in groupby(found, key=lambda row: (row["indicator_id"], row["area__code"])):
        area_rows = list(block)
        _add_trends(area_rows, extra.latest)
        for row in area_rows:
            yield _data_row(row, child, parent, benchmarks, extra)


@dataclass(frozen=True)
class _Extra:
    """What a data row needs beyond its own figures and the benchmarks: each
    indicator's latest period, the goals by indicator and period, "New data"."""

    latest: dict[int, tuple[date, date]]
    goals: dict[tuple[int, date, date], float]
    new_data: str


def _latest_periods(rows: QuerySet[Observation]) -> dict[int, tuple[date, date]]:
    """Each indicator's latest period among `rows`, as (first day, last day): the one
    period whose rows carry a recent trend, as in Fingertips (one query)."""
    latest: dict[int, tuple[date, date]] = {}
    spans = rows.order_by().values_list("indicator_id", "period_start", "period_end").distinct()
    for indicator_id, start, end in spans:
        if indicator_id not in latest or (start, end) > latest[indicator_id]:
            latest[indicator_id] = (start, end)
    return latest


def _info(row: dict[str, Any]) -> IndicatorInfo:
    return IndicatorInfo(
        row["indicator_id"],
        row["indicator__code"],
        row["indicator__name"],
        row["indicator__polarity"],
        row["indicator__value_type"],
        row["indicator__multiplier"] or 1,
        row["indicator__decimals"],
        row["indicator__unit"],
    )


def _add_trends(area_rows: list[dict[str, Any]], latest: dict[int, tuple[date, date]]) -> None:
    """Set `_trend` on each of one indicator's and one area's rows: the recent trend
    (`profile_figures.trend_of`, the area profile's test and words) for a row of the
    indicator's latest period, over its breakdown's series up to it; blank for the
    rest, as Fingertips writes it. A suppressed point gives "Cannot be calculated"
    (`Figure.of` blanks it), so no trend says anything of a suppressed figure. When
    two datasets hold the same cell, the first dataset's figure is the series'."""
    series: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    order: dict[str, tuple[date, date]] = {}
    info = _info(area_rows[0]) if area_rows else None
    for row in area_rows:
        row["_trend"] = ""
        points = series[(row["sex"], row["age"], row["category"])]
        if not points or points[-1]["period"] != row["period"]:
            points.append(row)
        order[row["period"]] = (row["period_start"], row["period_end"])
        if info is not None and latest.get(row["indicator_id"]) == order[row["period"]]:
            figures = [Figure.of(point, info) for point in points]
            row["_trend"] = str(trend_of(figures, info, order))


def _goals(indicator_ids: list[int] | None) -> dict[tuple[int, date, date], float]:
    """The public goals (performance targets) of the indicators on the LIS, by
    indicator and period (first and last day); an indicator without a target for a
    period has no goal there (two queries: `IndicatorValue.visible_to` reads which
    returns are approved)."""
    values = IndicatorValue.objects.visible_to(AnonymousUser()).filter(
        target__isnull=False, indicator_id__in=queries.lis_indicators().values("pk")
    )
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=indicator_ids)
    fields = ("indicator_id", "period_start", "period_end", "target")
    return {(i, start, end): float(t) for i, start, end, t in values.values_list(*fields)}


def _benchmark_values(
    indicator_ids: list[int] | None, parent: AreaTypeId, dataset: Dataset | None
) -> dict[Cell, float]:
    """The published values of England and of the areas of the `parent` type, the
    benchmarks of the "Compared to" columns, by cell (one query). A suppressed
    benchmark has no value here, so nothing is compared with it."""
    rows = public_observations().filter(
        area__in=Area.objects.filter(code=ENGLAND)
        | Area.objects.filter(area_type=parent.area_type),
        suppressed=False,
        value__isnull=False,
    )
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=indicator_ids)
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    fields = ("indicator_id", "area__code", "period", "sex", "age", "category", "value")
    return {tuple(row[:6]): row[6] for row in rows.values_list(*fields)}


def comparison(row: dict[str, Any], benchmark: float | None) -> str:
    """Fingertips' words for an area against a benchmark's value at 95%: Better,
    Similar, Worse, Higher, Lower or Not compared. A count is not compared (against
    a larger area's count it is only ever lower), nor a suppressed cell."""
    if row["suppressed"] or row["indicator__value_type"] == "count":
        return str(rules.Comparison.NOT_COMPARED)
    polarity = row["indicator__polarity"]
    polarity = polarity if polarity in ("higher", "lower") else "none"
    found = rules.compare(row["value"], row["lower_ci_95"], row["upper_ci_95"], benchmark, polarity)
    return str(found)


def _parent(row: dict[str, Any], parent: AreaTypeId) -> tuple[str, str]:
    for up in _UP:
        if row[f"{up}area_type"] == parent.area_type:
            return row[f"{up}code"], row[f"{up}name"]
    code = row["area__code"]
    if parent.id == tables.ENGLAND and code[:3] in GSS_PREFIXES and code[0] in COUNTRIES:
        return COUNTRIES[code[0]]
    return "", ""


def _number(value: float | None) -> float | int | str:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def to_goal(row: dict[str, Any], goal: float | None) -> str:
    """Fingertips' "Compared to goal": blank when the indicator has no goal for the
    period; "Not compared" for a suppressed cell (its value is nobody's)."""
    if goal is None:
        return ""
    polarity = row["indicator__polarity"]
    polarity = polarity if polarity in ("higher", "lower") else "none"
    value = None if row["suppressed"] else row["value"]
    return str(rules.compare_to_goal(value, goal, polarity))


def _data_row(
    row: dict[str, Any],
    child: AreaTypeId,
    parent: AreaTypeId,
    benchmarks: dict[Cell, float],
    extra: _Extra,
) -> list[Any]:
    parent_code, parent_name = _parent(row, parent)
    cell = (row["indicator_id"], row["period"], row["sex"], row["age"], row["category"])
    indicator_id, *rest = cell
    to_england = comparison(row, benchmarks.get((indicator_id, ENGLAND, *rest)))
    # Against the parent area's value; with England as the parent the column is
    # Fingertips' "Compared to percentiles", which we do not work out.
    to_parent = ""
    if parent.id != tables.ENGLAND and parent_code:
        to_parent = comparison(row, benchmarks.get((indicator_id, parent_code, *rest)))
    figures = [_number(row[name]) for name in queries.FIGURES]
    note = row["note"]
    if row["suppressed"]:
        figures = [""] * len(queries.FIGURES)
        note = tables.SUPPRESSED
    value, count, denominator, *limits = figures
    return [
        row["indicator_id"],
        row["indicator__name"],
        parent_code,
        parent_name,
        row["area__code"],
        row["area__name"],
        child.short_name,
        tables.sex_name(row["sex"]),
        tables.age_name(row["age"]),
        "",  # Category Type: a category of ours has no type
        row["category"],
        row["period"],
        value,
        *limits,
        count,
        denominator,
        note,
        row.get("_trend", ""),
        to_england,
        to_parent,
        tables.period_sortable(row["period_start"]),
        extra.new_data,
        to_goal(
            row,
            extra.goals.get((row["indicator_id"], row["period_start"], row["period_end"])),
        ),
        tables.period_range(row["period_start"], row["period_end"]),
    ]
