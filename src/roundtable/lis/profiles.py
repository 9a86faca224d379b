"""Area profiles, comparisons, the tartan rug and statistical neighbours: reads.

One module of reads returning frozen dataclasses (the quarterly report's pattern);
the views render them as pages (with `profile_charts` SVGs) and as CSV/XLSX.

Every read starts from `Observation.objects.visible_to(user)` and the indicators
the user may see on the LIS, of the partnership whose address is being read, and
only the totals for everyone (no sex, age or category breakdown). A suppressed
cell keeps no figure here: `Figure.of` blanks it, and it is left out of every
range, trend, neighbour distance and group sum, so no page or download can show
or give it away.

The number of queries does not depend on the number of indicators or areas: an
area's hierarchy is one query (`select_related` up the levels), its observations,
its parent's and England's one more, the ranges for the spine chart one, the child
areas one, and statistical neighbours two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404

from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.lis import rules
from roundtable.lis.models import Observation
from roundtable.lis.queries import suppression_note, within
from roundtable.performance.choices import ValueType
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

ENGLAND = "E92000001"
#: Enough `parent__` hops for LSOA → MSOA → local authority → region → country.
ANCESTRY = "parent__parent__parent__parent__parent"
BENCHMARKS = ("england", "parent", "neighbours")
BENCHMARK_LABELS = {
    "england": "England",
    "parent": "Parent area",
    "neighbours": "Statistical neighbours",
}
MAX_NEIGHBOURS = 50
NOT_AVAILABLE = "Not available"

_INDICATOR_FIELDS = (
    "pk",
    "code",
    "name",
    "polarity",
    "value_type",
    "multiplier",
    "decimals",
    "unit",
)
_ROW_FIELDS = (
    "indicator_id",
    "area_id",
    "period",
    "period_start",
    "period_end",
    "value",
    "count",
    "denominator",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
    "ci_method",
    "note",
    "suppressed",
    "dataset__suppress_below",
)


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message names it and the fix."""


# Values -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    code: str
    name: str
    polarity: str
    value_type: str
    multiplier: int
    decimals: int
    unit: str

    @property
    def polarity_label(self) -> str:
        return {"higher": "Higher is better", "lower": "Lower is better"}.get(
            self.polarity, "No judgement"
        )

    @property
    def judged(self) -> bool:
        return self.polarity in ("higher", "lower")


def number(value: float | None, decimals: int, percent: bool = False) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if percent else text


@dataclass(frozen=True)
class Figure:
    """One published figure: never a suppressed cell's (`of` blanks it)."""

    period: str = ""
    value: float | None = None
    count: float | None = None
    denominator: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None
    lower_99_8: float | None = None
    upper_99_8: float | None = None
    ci_method: str = ""
    note: str = ""
    suppressed: bool = False
    decimals: int = 1
    percent: bool = False

    @classmethod
    def of(cls, row: dict[str, Any], info: IndicatorInfo) -> Figure:
        shape = {"decimals": info.decimals, "percent": info.value_type == ValueType.PROPORTION}
        if row["suppressed"]:
            note = suppression_note(row["dataset__suppress_below"])
            return cls(period=row["period"], note=note, suppressed=True, **shape)
        return cls(
            period=row["period"],
            value=row["value"],
            count=row["count"],
            denominator=row["denominator"],
            lower_95=row["lower_ci_95"],
            upper_95=row["upper_ci_95"],
            lower_99_8=row["lower_ci_99_8"],
            upper_99_8=row["upper_ci_99_8"],
            ci_method=row["ci_method"],
            note=row["note"],
            **shape,
        )

    @classmethod
    def missing(cls, note: str = NOT_AVAILABLE) -> Figure:
        return cls(note=note)

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def value_text(self) -> str:
        if self.value is None:
            return self.note or NOT_AVAILABLE
        return number(self.value, self.decimals, self.percent)

    @property
    def ci_text(self) -> str:
        if self.value is None or self.lower_95 is None or self.upper_95 is None:
            return ""
        low = number(self.lower_95, self.decimals, self.percent)
        return f"{low} to {number(self.upper_95, self.decimals, self.percent)}"

    @property
    def count_text(self) -> str:
        return number(self.count, 0) if self.count is not None else ""


@dataclass(frozen=True)
class Spread:
    """The lowest and highest value among the comparator areas (for the spine)."""

    lowest: float
    highest: float
    areas: str


@dataclass(frozen=True)
class ProfileRow:
    indicator: IndicatorInfo
    period: str
    area: Figure
    parent: Figure
    england: Figure
    neighbours: Figure | None
    benchmark: Figure
    comparison_95: rules.Comparison
    comparison_99_8: rules.Comparison
    spread: Spread | None
    trend: rules.Trend
    series: list[Figure]
    benchmark_series: list[Figure]


@dataclass(frozen=True)
class NeighbourGroup:
    """Statistical neighbours of an area over chosen indicators."""

    target: Area
    indicators: list[IndicatorInfo]
    neighbours: list[tuple[Area, float]]
    n: int
    left_out: int  # areas of the type without a value for every indicator
    method: str = (
        "Standardised Euclidean distance: each indicator's latest values for all areas "
        "of the same type become z-scores (mean 0, standard deviation 1), and the "
        "distance is the Euclidean distance between areas' z-scores."
    )


@dataclass(frozen=True)
class AreaProfile:
    area: Area
    ancestors: list[Area]  # root first, the area's parent last
    children: list[Area]
    england: Area | None
    benchmark: str
    benchmark_label: str
    rows: list[ProfileRow]
    group: NeighbourGroup | None = None
    choices: tuple[tuple[str, str, bool], ...] = field(default=())

    @property
    def parent(self) -> Area | None:
        return self.ancestors[-1] if self.ancestors else None


# Reads ------------------------------------------------------------------------


def lis_indicators_for(user: User | AnonymousUser, partnership: Partnership) -> QuerySet[Indicator]:
    return Indicator.objects.visible_to(user).filter(on_lis=True, partnership=partnership)


def observations_for(
    user: User | AnonymousUser,
    partnership: Partnership,
    known: dict[int, IndicatorInfo] | None = None,
) -> QuerySet[Observation]:
    """The partnership's observations `user` may see: totals for everyone only, of
    the LIS indicators `user` may see (`known`, when the caller has read them)."""
    indicators = (
        list(known) if known is not None else lis_indicators_for(user, partnership).values("pk")
    )
    return Observation.objects.visible_to(user).filter(
        dataset__partnership=partnership,
        indicator_id__in=indicators,
        sex="",
        age="",
        category="",
    )


def get_area(code: str) -> Area:
    """The area with `code` and its ancestors (one query); 404 if there is none."""
    area = Area.objects.select_related(ANCESTRY).filter(code=code).first()
    if area is None:
        raise Http404(f"No area has the code {code}")
    return area


def ancestors_of(area: Area) -> list[Area]:
    chain = []
    seen = {area.pk}
    node = area.parent
    while node is not None and node.pk not in seen and len(chain) < 6:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return list(reversed(chain))


def indicator_infos(
    user: User | AnonymousUser, partnership: Partnership
) -> dict[int, IndicatorInfo]:
    """The LIS indicators `user` may see, by id: one query, whatever the page shows."""
    rows = lis_indicators_for(user, partnership).values_list(*_INDICATOR_FIELDS)
    return {
        pk: IndicatorInfo(pk, code, name, polarity, value_type, multiplier or 1, decimals, unit)
        for pk, code, name, polarity, value_type, multiplier, decimals, unit in rows
    }


@dataclass
class _Found:
    """Observations read in one query, by indicator then area then period."""

    known: dict[int, IndicatorInfo]
    infos: dict[int, IndicatorInfo] = field(default_factory=dict)
    cells: dict[int, dict[int, dict[str, dict[str, Any]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )
    order: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # period: (start, end)

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            info = self.infos.get(row["indicator_id"])
            if info is None:
                info = self.infos[row["indicator_id"]] = self.known[row["indicator_id"]]
            # The first dataset's figure wins when two datasets hold the same cell.
            self.cells[info.id][row["area_id"]].setdefault(row["period"], row)
            self.order[row["period"]] = (row["period_start"], row["period_end"])

    def latest(self, indicator_id: int, area_ids: Sequence[int]) -> str | None:
        periods = {p for a in area_ids for p in self.cells[indicator_id].get(a, {})}
        return max(periods, key=lambda p: self.order[p]) if periods else None

    def figure(self, indicator_id: int, area_id: int | None, period: str | None) -> Figure:
        if area_id is None or period is None:
            return Figure.missing()
        row = self.cells[indicator_id].get(area_id, {}).get(period)
        if row is None:
            return Figure.missing()
        return Figure.of(row, self.infos[indicator_id])

    def series(self, indicator_id: int, area_id: int | None) -> list[Figure]:
        if area_id is None:
            return []
        rows = self.cells[indicator_id].get(area_id, {})
        info = self.infos[indicator_id]
        ordered = sorted(rows, key=lambda p: self.order[p])
        return [Figure.of(rows[p], info) for p in ordered]


def _read(queryset: QuerySet[Observation], known: dict[int, IndicatorInfo]) -> _Found:
    found = _Found(known)
    found.add(
        queryset.filter(indicator_id__in=list(known))
        .order_by("indicator_id", "period_start", "period_end", "dataset_id")
        .values(*_ROW_FIELDS)
    )
    return found


def _consecutive(series: Sequence[Figure], order: dict[str, tuple[Any, Any]]) -> bool:
    """Whether the periods follow one another with no gap and no overlap."""
    spans = [order[f.period] for f in series]
    return all(
        (later[0] - earlier[1]).days == 1 for earlier, later in zip(spans, spans[1:], strict=False)
    )


def trend_of(series: Sequence[Figure], info: IndicatorInfo, order: dict) -> rules.Trend:
    """Fingertips' recent trend over the last five consecutive periods; a suppressed
    point makes it "Cannot be calculated" (its figures are not used)."""
    recent = list(series)[-rules.TREND_POINTS :]
    if len(recent) < rules.TREND_POINTS or not _consecutive(recent, order):
        return rules.Trend.CANNOT_BE_CALCULATED
    polarity = info.polarity if info.polarity in ("higher", "lower") else "none"
    points = [
        rules.TrendPoint(
            count=f.count,
            denominator=f.denominator,
            value=f.value,
            lower_95=f.lower_95,
            upper_95=f.upper_95,
        )
        for f in recent
    ]
    return rules.recent_trend(
        points,
        polarity,
        proportion=info.value_type == ValueType.PROPORTION,
        multiplier=info.multiplier,
    )


def compare_figures(
    area: Figure, benchmark: Figure, info: IndicatorInfo
) -> tuple[rules.Comparison, rules.Comparison]:
    """The area against the benchmark at 95% and 99.8%. A count is never compared:
    an area's count against a larger area's says only that it is smaller (Fingertips
    compares rates, proportions and means, not counts)."""
    if info.value_type == "count":
        return rules.Comparison.NOT_COMPARED, rules.Comparison.NOT_COMPARED
    polarity = info.polarity if info.polarity in ("higher", "lower") else "none"
    return (
        rules.compare(area.value, area.lower_95, area.upper_95, benchmark.value, polarity),
        rules.compare(area.value, area.lower_99_8, area.upper_99_8, benchmark.value, polarity),
    )


def _spreads(
    base: QuerySet[Observation], area: Area, scope: Q | None, wanted: dict[int, str]
) -> dict[tuple[int, str], tuple[float, float]]:
    """Lowest and highest published value among areas of `area`'s type (in `scope`,
    a filter of areas), for each (indicator, period) wanted: one query, suppressed
    cells left out. The areas are a subquery, so each cell is one index seek."""
    if not wanted:
        return {}
    areas = Area.objects.filter(area_type=area.area_type)
    if scope is not None:
        areas = areas.filter(scope)
    rows = base.filter(
        indicator_id__in=list(wanted),
        period__in=set(wanted.values()),
        suppressed=False,
        value__isnull=False,
        area_id__in=areas.values("pk"),
    )
    found = (
        rows.order_by()
        .values("indicator_id", "period")
        .annotate(lowest=Min("value"), highest=Max("value"))
    )
    return {
        (r["indicator_id"], r["period"]): (r["lowest"], r["highest"])
        for r in found
        if wanted.get(r["indicator_id"]) == r["period"]
    }


def area_profile(
    user: User | AnonymousUser,
    partnership: Partnership,
    area: Area,
    benchmark: str = "",
    by: Sequence[str] = (),
    n: int = 10,
) -> AreaProfile:
    """Every indicator with data for `area`: its latest figure beside its parent's,
    England's and (when chosen) its statistical neighbours', compared with the
    chosen benchmark at 95% and 99.8%, with its series and recent trend."""
    ancestors = ancestors_of(area)
    parent = ancestors[-1] if ancestors else None
    england = next((a for a in ancestors if a.code == ENGLAND), None)
    if area.code == ENGLAND:
        england = area
    if benchmark and benchmark not in BENCHMARKS:
        raise BadParameter("benchmark: choose england, parent or neighbours")
    if benchmark == "neighbours" and not by:
        raise BadParameter("by: choose at least one indicator to find statistical neighbours")
    known = indicator_infos(user, partnership)
    base = observations_for(user, partnership, known)
    ids = [a.pk for a in (area, parent, england) if a is not None]
    found = _read(base.filter(area_id__in=ids), known)
    if not benchmark:
        # England when there are figures for England, else the parent area: a
        # benchmark with no figures would leave every indicator "Not compared".
        for_england = england is not None and any(found.series(i, england.pk) for i in found.infos)
        benchmark = "england" if for_england else "parent"
    group = None
    neighbour_figures: dict[int, Figure] = {}
    if benchmark == "neighbours":
        group = statistical_neighbours(user, partnership, area, by, n)
        neighbour_figures = _group_figures(base, found, area, [a for a, _ in group.neighbours])
    wanted = {i: found.latest(i, [area.pk]) for i in found.infos}
    wanted = {i: p for i, p in wanted.items() if p is not None}
    scope = None
    spread_label = "Areas of this type in England"
    if benchmark == "parent" and parent is not None:
        scope = within(parent)
        spread_label = f"Areas of this type in {parent.name}"
    elif benchmark == "neighbours" and group is not None:
        scope = Q(pk__in=[area.pk, *(a.pk for a, _ in group.neighbours)])
        spread_label = "This area and its statistical neighbours"
    spreads = _spreads(base, area, scope, wanted)
    rows = []
    for indicator_id, info in sorted(found.infos.items(), key=lambda kv: kv[1].code):
        period = wanted.get(indicator_id)
        if period is None:
            continue  # data for the parent or England only
        mine = found.figure(indicator_id, area.pk, period)
        parent_figure = found.figure(indicator_id, parent.pk if parent else None, period)
        england_figure = found.figure(indicator_id, england.pk if england else None, period)
        group_figure = neighbour_figures.get(indicator_id) if group is not None else None
        chosen = {"england": england_figure, "parent": parent_figure}.get(
            benchmark, group_figure or Figure.missing()
        )
        c95, c998 = compare_figures(mine, chosen, info)
        series = found.series(indicator_id, area.pk)
        span = spreads.get((indicator_id, period))
        benchmark_area = {"england": england, "parent": parent}.get(benchmark)
        rows.append(
            ProfileRow(
                indicator=info,
                period=period,
                area=mine,
                parent=parent_figure,
                england=england_figure,
                neighbours=group_figure,
                benchmark=chosen,
                comparison_95=c95,
                comparison_99_8=c998,
                spread=Spread(span[0], span[1], spread_label) if span else None,
                trend=trend_of(series, info, found.order),
                series=series,
                benchmark_series=found.series(indicator_id, getattr(benchmark_area, "pk", None)),
            )
        )
    children = list(Area.objects.filter(parent=area).order_by("area_type", "name"))
    labels = {**BENCHMARK_LABELS, "parent": parent.name if parent else "Parent area"}
    choices = tuple(
        (key, label, key == benchmark) for key, label in labels.items() if key != "neighbours" or by
    )
    return AreaProfile(
        area=area,
        ancestors=ancestors,
        children=children,
        england=england,
        benchmark=benchmark,
        benchmark_label=(
            parent.name if benchmark == "parent" and parent else BENCHMARK_LABELS[benchmark]
        ),
        rows=rows,
        group=group,
        choices=choices,
    )


# Statistical neighbours ------------------------------------------------------------


def _indicators_by_code(
    user: User | AnonymousUser, partnership: Partnership, codes: Sequence[str], name: str
) -> list[Indicator]:
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        return []
    found = {i.code.lower(): i for i in lis_indicators_for(user, partnership)}
    missing = [c for c in wanted if c.lower() not in found]
    if missing:
        raise BadParameter(f"{name}: no indicator on the LIS has the code {missing[0]}")
    return [found[c.lower()] for c in wanted]


def parse_n(text: str | None, default: int = 10) -> int:
    if text in (None, ""):
        return default
    try:
        n = int(text)
    except ValueError:
        raise BadParameter(f"n: enter a whole number from 1 to {MAX_NEIGHBOURS}, like 10") from None
    if not 1 <= n <= MAX_NEIGHBOURS:
        raise BadParameter(f"n: enter a whole number from 1 to {MAX_NEIGHBOURS}, like 10")
    return n


def statistical_neighbours(
    user: User | AnonymousUser,
    partnership: Partnership,
    area: Area,
    codes: Sequence[str],
    n: int = 10,
) -> NeighbourGroup:
    """The `n` areas of `area`'s type nearest it by standardised Euclidean distance
    over the indicators `codes`, each at the area's latest period (`rules`).
    Suppressed cells count as missing: an area with one is left out."""
    chosen = _indicators_by_code(user, partnership, codes, "indicator")
    ids = [i.pk for i in chosen]
    base = observations_for(user, partnership).filter(indicator_id__in=ids)
    fields = ("indicator_id", "area_id", "period", "period_end", "value", "suppressed")
    latest: dict[int, tuple[Any, str, float]] = {}
    for row in base.filter(area=area).order_by("period_start", "dataset_id").values(*fields):
        if row["value"] is None or row["suppressed"]:
            continue
        known = latest.get(row["indicator_id"])
        if known is None or row["period_end"] > known[0]:
            latest[row["indicator_id"]] = (row["period_end"], row["period"], row["value"])
    for indicator in chosen:
        if indicator.pk not in latest:
            raise BadParameter(
                f"indicator: {area.name} has no published value for {indicator.code}; "
                "choose another indicator"
            )
    # The other official areas of the type, at the area's latest periods only.
    others = Area.objects.filter(area_type=area.area_type, partnership__isnull=True)
    rows = (
        base.filter(
            period__in={period for _, period, _ in latest.values()},
            area_id__in=others.exclude(pk=area.pk).values("pk"),
        )
        .order_by("dataset_id")
        .values(*fields)
    )
    values: dict[int, list[float | None]] = defaultdict(lambda: [None] * len(ids))
    values[area.pk] = [latest[i][2] for i in ids]
    for row in rows:
        position = ids.index(row["indicator_id"])
        if row["period"] != latest[row["indicator_id"]][1] or row["suppressed"]:
            continue
        if values[row["area_id"]][position] is None:
            values[row["area_id"]][position] = row["value"]
    keyed = {str(pk): v for pk, v in values.items()}
    nearest = rules.statistical_neighbours(str(area.pk), keyed, n)
    complete = sum(1 for v in values.values() if all(x is not None for x in v))
    areas = Area.objects.in_bulk([int(x.code) for x in nearest])
    infos = [
        IndicatorInfo(
            i.pk, i.code, i.name, i.polarity, i.value_type, i.multiplier, i.decimals, i.unit
        )
        for i in chosen
    ]
    return NeighbourGroup(
        target=area,
        indicators=infos,
        neighbours=[(areas[int(x.code)], x.distance) for x in nearest],
        n=n,
        left_out=len(values) - complete,
    )


def _group_figures(
    base: QuerySet[Observation], found: _Found, area: Area, members: list[Area]
) -> dict[int, Figure]:
    """The neighbours' figure for each indicator at the area's latest period: their
    counts and denominators summed and the rate recomputed (never an average of
    rates). A member with a suppressed or missing cell makes the group's figure
    unavailable, so the sum cannot give a suppressed count away."""
    periods = {found.latest(i, [area.pk]) for i in found.infos} - {None}
    rows = _read(base.filter(area_id__in=[m.pk for m in members], period__in=periods), found.known)
    out = {}
    for indicator_id, info in found.infos.items():
        period = found.latest(indicator_id, [area.pk])
        if period is not None:
            out[indicator_id] = _summed(rows, info, period, members)
    return out


def _summed(rows: _Found, info: IndicatorInfo, period: str, members: list[Area]) -> Figure:
    """The members' figure for one indicator and period (`_group_figures`)."""
    if info.value_type not in (ValueType.PROPORTION, ValueType.RATE):
        label = ValueType(info.value_type).label.lower() if info.value_type else "figure"
        return Figure.missing(f"Not summed for a {label}")
    pairs = []
    for member in members:
        row = rows.cells[info.id].get(member.pk, {}).get(period)
        if row is None or row["suppressed"]:
            pairs.append((None, None))
        else:
            pairs.append((row["count"], row["denominator"]))
    summed = rules.aggregate(pairs, info.multiplier, info.value_type)
    if summed.value is None:
        return Figure.missing(summed.limits.reason or NOT_AVAILABLE)
    limits = summed.limits
    return Figure(
        period=period,
        value=summed.value,
        count=summed.count,
        denominator=summed.denominator,
        lower_95=limits.lower_95,
        upper_95=limits.upper_95,
        lower_99_8=limits.lower_99_8,
        upper_99_8=limits.upper_99_8,
        ci_method=limits.method or "",
        decimals=info.decimals,
        percent=info.value_type == ValueType.PROPORTION,
    )


def group_figure(
    user: User | AnonymousUser,
    partnership: Partnership,
    indicator: Indicator,
    period: str,
    group: NeighbourGroup,
) -> Figure:
    """A statistical-neighbour group's figure for one indicator and period, worked out
    as the profile's neighbours comparator is (`_group_figures`): the neighbours'
    counts and denominators summed, the rate recomputed. One query."""
    info = IndicatorInfo(
        indicator.pk,
        indicator.code,
        indicator.name,
        indicator.polarity,
        indicator.value_type,
        indicator.multiplier or 1,
        indicator.decimals,
        indicator.unit,
    )
    members = [a for a, _ in group.neighbours]
    base = observations_for(user, partnership, {info.id: info})
    rows = _read(base.filter(area_id__in=[m.pk for m in members], period=period), {info.id: info})
    return _summed(rows, info, period, members)


# Compare several areas ---------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    indicator: IndicatorInfo
    period: str
    england: Figure
    cells: list[tuple[Area, Figure, rules.Comparison]]


@dataclass(frozen=True)
class Comparison:
    areas: list[Area]
    england: Area | None
    rows: list[CompareRow]
    indicator_codes: list[str]


def compare_areas(
    user: User | AnonymousUser,
    partnership: Partnership,
    codes: Sequence[str],
    indicator_codes: Sequence[str] = (),
) -> Comparison:
    """Chosen areas side by side for each indicator (or the chosen ones), at the
    latest period any of them has, each compared with England at 95%."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        raise BadParameter("area: choose at least one area, like area=E09000009")
    found_areas = {a.code: a for a in Area.objects.filter(code__in=[*wanted, ENGLAND])}
    missing = [c for c in wanted if c not in found_areas]
    if missing:
        raise BadParameter(f"area: no area has the code {missing[0]}")
    areas = [found_areas[c] for c in wanted]
    england = found_areas.get(ENGLAND)
    known = indicator_infos(user, partnership)
    base = observations_for(user, partnership, known)
    if indicator_codes:
        chosen = _indicators_by_code(user, partnership, indicator_codes, "indicator")
        base = base.filter(indicator_id__in=[i.pk for i in chosen])
    ids = [a.pk for a in areas] + ([england.pk] if england else [])
    found = _read(base.filter(area_id__in=ids), known)
    rows = []
    for indicator_id, info in sorted(found.infos.items(), key=lambda kv: kv[1].code):
        period = found.latest(indicator_id, [a.pk for a in areas])
        if period is None:
            continue
        bench = found.figure(indicator_id, england.pk if england else None, period)
        cells = []
        for a in areas:
            figure = found.figure(indicator_id, a.pk, period)
            cells.append((a, figure, compare_figures(figure, bench, info)[0]))
        rows.append(CompareRow(info, period, bench, cells))
    return Comparison(areas, england, rows, list(indicator_codes))


# The tartan rug ----------------------------------------------------------------


@dataclass(frozen=True)
class RugColumn:
    indicator: IndicatorInfo
    period: str
    benchmark: Figure


@dataclass(frozen=True)
class RugRow:
    area: Area
    cells: list[tuple[Figure, rules.Comparison]]


@dataclass(frozen=True)
class Rug:
    parent: Area
    ancestors: list[Area]
    area_type: str
    benchmark: str
    benchmark_label: str
    columns: list[RugColumn]
    rows: list[RugRow]
    area_types: list[tuple[str, str, bool]]
    # Rows are shown a page at a time: `page` is the Django page of every area,
    # whose `object_list` the rows are (all of them for the downloads).
    page: Page


RUG_PAGE = 50


def parse_page(raw: str | None) -> int:
    """A page number from the address: 1 unless it is a whole number above 0."""
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def tartan_rug(
    user: User | AnonymousUser,
    partnership: Partnership,
    parent: Area,
    area_type: str = "",
    benchmark: str = "",
    page: int | None = 1,
) -> Rug:
    """Every area of `area_type` inside `parent` × every indicator, at each
    indicator's latest period among those areas, compared at 95% with the parent
    (or England): the areas of page `page` (RUG_PAGE a page; a page past the last
    is the last), or all of them when `page` is None (the downloads)."""
    types = [t.value for t in AreaType if t != AreaType.CUSTOM]
    if area_type and area_type not in types:
        raise BadParameter(f"area_type: choose one of {', '.join(types)}")
    if benchmark and benchmark not in ("parent", "england"):
        raise BadParameter("benchmark: choose parent or england")
    ancestors = ancestors_of(parent)
    england = next((a for a in ancestors if a.code == ENGLAND), None)
    if parent.code == ENGLAND:
        england = parent
    benchmark = benchmark or "parent"
    inside = Area.objects.filter(within(parent)).exclude(area_type=AreaType.CUSTOM)
    if not area_type:
        area_type = (
            Area.objects.filter(parent=parent).values_list("area_type", flat=True).first()
            or AreaType.LSOA
        )
    areas = inside.filter(area_type=area_type)
    children = list(areas.order_by("name", "code"))
    known = indicator_infos(user, partnership)
    base = observations_for(user, partnership, known).filter(indicator_id__in=list(known))
    latest = _latest_periods(base, areas.values("pk"))
    # A page past the last is the last; the downloads take every area on one page.
    shown_page = Paginator(children, RUG_PAGE if page is not None else max(1, len(children)))
    shown_page = shown_page.get_page(page or 1)
    shown = list(shown_page.object_list)
    bench_area = parent if benchmark == "parent" else england
    ids = [parent.pk] + ([england.pk] if england and england.pk != parent.pk else [])
    # Only the latest periods of the areas shown (and the benchmarks) are read.
    wanted = {period for period, _ in latest.values()}
    found = _read(base.filter(area_id__in=[*ids, *(c.pk for c in shown)], period__in=wanted), known)
    columns = []
    for indicator_id in sorted(latest, key=lambda i: known[i].code):
        period = latest[indicator_id][0]
        bench = found.figure(indicator_id, bench_area.pk if bench_area else None, period)
        columns.append(RugColumn(known[indicator_id], period, bench))
    rows = []
    for child in shown:
        cells = []
        for column in columns:
            figure = found.figure(column.indicator.id, child.pk, column.period)
            cells.append((figure, compare_figures(figure, column.benchmark, column.indicator)[0]))
        rows.append(RugRow(child, cells))
    label = parent.name if benchmark == "parent" else "England"
    return Rug(
        parent=parent,
        ancestors=ancestors,
        area_type=area_type,
        benchmark=benchmark,
        benchmark_label=label,
        columns=columns,
        rows=rows,
        area_types=[(t, area_type_label(t), t == area_type) for t in types],
        page=shown_page,
    )


def _latest_periods(
    observations: QuerySet[Observation], area_ids: QuerySet[Area]
) -> dict[int, tuple[str, tuple[Any, Any]]]:
    """Each indicator's latest period among the areas (by start, then end), in one
    query of the distinct periods rather than every figure."""
    periods = (
        observations.filter(area_id__in=area_ids)
        .order_by()
        .values_list("indicator_id", "period", "period_start", "period_end")
        .distinct()
    )
    latest: dict[int, tuple[str, tuple[Any, Any]]] = {}
    for indicator_id, period, start, end in periods:
        if indicator_id not in latest or (start, end) > latest[indicator_id][1]:
            latest[indicator_id] = (period, (start, end))
    return latest


# Downloads -------------------------------------------------------------------------

FIGURE_HEADER = [
    "value",
    "count",
    "denominator",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
    "ci_method",
    "note",
]


def _figure_cells(figure: Figure) -> list[Any]:
    return [
        figure.value,
        figure.count,
        figure.denominator,
        figure.lower_95,
        figure.upper_95,
        figure.lower_99_8,
        figure.upper_99_8,
        figure.ci_method,
        figure.note,
    ]


def profile_table(profile: AreaProfile) -> tuple[list[str], list[list[Any]]]:
    header = [
        "indicator",
        "indicator_name",
        "area_code",
        "area_name",
        "period",
        *FIGURE_HEADER,
        "benchmark",
        "benchmark_value",
        "parent_value",
        "england_value",
        "compared_95",
        "compared_99_8",
        "recent_trend",
    ]
    rows = [
        [
            r.indicator.code,
            r.indicator.name,
            profile.area.code,
            profile.area.name,
            r.period,
            *_figure_cells(r.area),
            profile.benchmark_label,
            r.benchmark.value,
            r.parent.value,
            r.england.value,
            str(r.comparison_95),
            str(r.comparison_99_8),
            str(r.trend),
        ]
        for r in profile.rows
    ]
    return header, rows


def compare_table(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    header = [
        "indicator",
        "indicator_name",
        "period",
        "area_code",
        "area_name",
        *FIGURE_HEADER,
        "england_value",
        "compared_with_england_95",
    ]
    rows = [
        [
            r.indicator.code,
            r.indicator.name,
            r.period,
            a.code,
            a.name,
            *_figure_cells(f),
            r.england.value,
            str(c),
        ]
        for r in comparison.rows
        for a, f, c in r.cells
    ]
    return header, rows


def rug_table(rug: Rug) -> tuple[list[str], list[list[Any]]]:
    header = [
        "area_code",
        "area_name",
        "indicator",
        "indicator_name",
        "period",
        *FIGURE_HEADER,
        "benchmark",
        "benchmark_value",
        "compared_95",
    ]
    rows = [
        [
            row.area.code,
            row.area.name,
            column.indicator.code,
            column.indicator.name,
            column.period,
            *_figure_cells(figure),
            rug.benchmark_label,
            column.benchmark.value,
            str(comparison),
        ]
        for row in rug.rows
        for column, (figure, comparison) in zip(rug.columns, row.cells, strict=True)
    ]
    return header, rows


def neighbours_table(group: NeighbourGroup) -> tuple[list[str], list[list[Any]]]:
    header = ["rank", "area_code", "area_name", "distance", "indicators", "method"]
    codes = " ".join(i.code for i in group.indicators)
    rows = [
        [rank, a.code, a.name, round(d, 6), codes, group.method]
        for rank, (a, d) in enumerate(group.neighbours, start=1)
    ]
    return header, rows


# The area chooser -----------------------------------------------------------------


@dataclass(frozen=True)
class AreaChoice:
    area_type: str
    label: str
    areas: list[Area]
    total: int

    @property
    def cut(self) -> bool:
        """More areas of this type match than are listed."""
        return self.total > len(self.areas)


def area_choices(partnership: Partnership, q: str = "", limit: int = 200) -> list[AreaChoice]:
    """Areas with a profile, by type: the partnership's place and the areas in it
    (local authorities and larger when it has no place), or, with a search, areas
    whose name holds the words or whose code is one of them. At most `limit` of each
    type, with how many there are: a long list of one type never hides another."""
    areas = Area.objects.exclude(area_type=AreaType.CUSTOM)
    place = getattr(partnership, "area", None)
    if q:
        for word in q.split():
            areas = areas.filter(Q(name__icontains=word) | Q(code__iexact=word))
    elif place is not None:
        areas = areas.filter(Q(pk=place.pk) | within(place))
    else:
        large = (AreaType.COUNTRY, AreaType.REGION, AreaType.LOCAL_AUTHORITY)
        areas = areas.filter(area_type__in=large)
    counted = areas.order_by().values("area_type").annotate(n=Count("pk"))
    totals = {row["area_type"]: row["n"] for row in counted}
    order = {t.value: n for n, t in enumerate(AreaType)}
    return [
        AreaChoice(
            t,
            area_type_label(t),
            list(areas.filter(area_type=t).order_by("name", "code")[:limit]),
            totals[t],
        )
        for t in sorted(totals, key=lambda t: order.get(t, len(order)))
    ]


def indicators_with_data(
    user: User | AnonymousUser, partnership: Partnership, area: Area
) -> list[tuple[str, str]]:
    """(code, name) of the indicators with a published value for `area`."""
    rows = (
        observations_for(user, partnership)
        .filter(area=area, suppressed=False, value__isnull=False)
        .order_by("indicator__code")
        .values_list("indicator__code", "indicator__name")
        .distinct()
    )
    return list(rows)
