"""What the LIS's area pages share: indicators' and figures' values, and the reads
every page starts from.

The area pages read through one module per page family, each returning frozen
dataclasses (the quarterly report's pattern): `profiles` (an area's profile and the
area chooser), `neighbours` (statistical neighbours and their group's figure),
`comparisons` (areas compared and the tartan rug) and `profile_tables` (their
downloads). The views render them as pages (with `profile_charts` SVGs) and as
CSV/XLSX.

Every read starts from `Observation.objects.visible_to(user)` and the indicators
the user may see on the LIS, of the partnership whose address is being read, and
only the totals for everyone (no sex, age or category breakdown): `observations_for`.
A suppressed cell keeps no figure here: `Figure.of` blanks it, and it is left out of
every range, trend, neighbour distance and group sum, so no page or download can show
or give it away.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis import intervals, rules
from roundtable.lis.models import Observation
from roundtable.lis.periods import SeriesKind, series_kind
from roundtable.lis.queries import at_or_below, suppression_note, with_figures
from roundtable.performance.choices import ValueType
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

ENGLAND = "E92000001"
#: Enough `parent__` hops for LSOA → MSOA → local authority → region → country.
ANCESTRY = "parent__parent__parent__parent__parent"
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
    "ci_method",
    "cumulative",
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
    #: As the indicator's: "None…" when its figures have no confidence limits.
    ci_method: str = ""
    #: Its figures are year to date: they grow through the year and start again.
    cumulative: bool = False

    @property
    def polarity_label(self) -> str:
        return {"higher": "Higher is better", "lower": "Lower is better"}.get(
            self.polarity, "No judgement"
        )

    @property
    def judged(self) -> bool:
        return self.polarity in ("higher", "lower")

    @property
    def unit_label(self) -> str:
        """Its figures' unit as the page names it ("per 100,000 person-years")."""
        return rules.unit_label(self.unit, self.multiplier)

    @property
    def no_limits(self) -> str:
        """Why its figures have no confidence limits, when the indicator says they
        have none (a census count); blank otherwise."""
        return intervals.declares_no_limits(self.ci_method) or ""


def number(value: float | None, decimals: int, percent: bool = False) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if percent else text


@dataclass(slots=True)
class Figure:
    """One published figure: never a suppressed cell's (`of` blanks it).

    Not frozen: a profile makes about 2,300 of them, and a frozen dataclass takes
    three times as long to make (each field set through `object.__setattr__`).
    Nothing changes one once made."""

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
    def cell_text(self) -> str:
        """The figure in a table of many areas (compare areas, the overview): a
        suppressed cell says "Suppressed", its reason written once below the table
        (`notes.numbered(..., withheld=True)`); otherwise as `value_text`."""
        return "Suppressed" if self.suppressed else self.value_text

    @property
    def ci_text(self) -> str:
        if self.value is None or self.lower_95 is None or self.upper_95 is None:
            return ""
        low = number(self.lower_95, self.decimals, self.percent)
        return f"{low} to {number(self.upper_95, self.decimals, self.percent)}"

    @property
    def count_text(self) -> str:
        return number(self.count, 0) if self.count is not None else ""


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


def offered_areas(
    user: User | AnonymousUser,
    partnership: Partnership,
    known: dict[int, IndicatorInfo] | None = None,
    *,
    suppressed: bool = False,
    inside: Area | None = None,
) -> Q:
    """The areas with a figure `user` may see on the partnership's LIS (not a
    suppressed one, unless `suppressed`: a page that shows the cell's note), and every
    area above them: the areas the map, compare areas and the overview offer, so no
    choice leads to a page of nothing (`queries.with_figures`; one subquery, no query
    of its own). With `inside` (an official area), only the figures of it and the
    areas below it are read, for a page that offers only those: a borough's
    overview among 35,000 LSOAs with figures read its own in half the time."""
    observations = observations_for(user, partnership, known)
    if inside is not None and inside.area_type != AreaType.CUSTOM:
        observations = observations.filter(at_or_below(inside, "area__"))
    return with_figures(observations, suppressed=suppressed)


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
    infos = {}
    for pk, code, name, polarity, kind, multiplier, decimals, unit, method, cumulative in rows:
        infos[pk] = IndicatorInfo(
            pk, code, name, polarity, kind, multiplier or 1, decimals, unit, method, cumulative
        )
    return infos


@dataclass
class Found:
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


def read_figures(queryset: QuerySet[Observation], known: dict[int, IndicatorInfo]) -> Found:
    """The rows of `queryset` of the indicators `known`, in one query (`Found`)."""
    found = Found(known)
    found.add(
        queryset.filter(indicator_id__in=list(known))
        .order_by("indicator_id", "period_start", "period_end", "dataset_id")
        .values(*_ROW_FIELDS)
    )
    return found


@dataclass(frozen=True)
class TrendLine:
    """What an indicator's trend chart joins and its recent trend is worked out over:
    the figures of the same kind of period as its latest (`periods.series_kind`: a
    month's figure is never joined to a quarter's or a year's), oldest first."""

    figures: list[Figure]
    kind: SeriesKind | None
    trend: rules.Trend
    #: Why the trend cannot be calculated, in words; blank when it can.
    reason: str = ""
    #: Indexes of `figures` where the line starts again: a year-to-date figure's new year.
    breaks: tuple[int, ...] = ()
    #: How many of the area's figures are of other kinds of period (in its table only).
    left_out: int = 0
    #: The figures are year to date, starting again each `restarts` (a month's name).
    restarts: str = ""

    @property
    def periods(self) -> str:
        """ "12 months", "1 calendar year": what the line joins."""
        n = len(self.figures)
        return f"{n} {self.kind.noun(n) if self.kind else 'periods' if n != 1 else 'period'}"


def _year(day: date, first_month: int) -> int:
    return day.year if day.month >= first_month else day.year - 1


def _gap(series: Sequence[Figure], order: dict[str, tuple[Any, Any]]) -> tuple[str, str] | None:
    """The first two periods that do not follow one another (a gap or an overlap)."""
    for earlier, later in zip(series, series[1:], strict=False):
        if (order[later.period][0] - order[earlier.period][1]).days != 1:
            return earlier.period, later.period
    return None


def trend_line(series: Sequence[Figure], info: IndicatorInfo, order: dict) -> TrendLine:
    """The figures of `series` (oldest first) of the same kind of period as the last,
    and Fingertips' recent trend over the last five of them when they follow one
    another with no gap; why it cannot be calculated otherwise. A suppressed point
    makes it "Cannot be calculated" (its figures are not used). Figures a year to
    date (a cumulative indicator's months or quarters) start again each year: the
    line breaks there, and they have no trend."""
    figures = list(series)
    kind = series_kind(figures[-1].period) if figures else None
    if kind is not None:
        figures = [f for f in figures if series_kind(f.period) == kind]
    first_month = kind.year_starts if kind is not None and info.cumulative else None
    breaks: tuple[int, ...] = ()
    restarts = ""
    if first_month is not None:
        starts = [_year(order[f.period][0], first_month) for f in figures]
        breaks = tuple(i for i in range(1, len(starts)) if starts[i] != starts[i - 1])
        restarts = calendar.month_name[first_month]
    result = _recent(figures, info, order, kind, restarts)
    return TrendLine(
        figures=figures,
        kind=kind,
        trend=result.trend,
        reason=result.reason,
        breaks=breaks,
        left_out=len(series) - len(figures),
        restarts=restarts,
    )


def _recent(
    figures: list[Figure], info: IndicatorInfo, order: dict, kind: SeriesKind | None, restarts: str
) -> rules.TrendResult:
    periods = kind.noun() if kind is not None else "periods"
    recent = figures[-rules.TREND_POINTS :]
    if len(recent) < rules.TREND_POINTS:
        return rules.cannot_calculate(rules.too_few_points(len(recent), periods))
    if gap := _gap(recent, order):
        return rules.cannot_calculate(
            f"the last five {periods} are not in a row: {gap[1]} comes after {gap[0]}"
        )
    if restarts:
        return rules.cannot_calculate(
            f"the figures are year to date, so they start again each {restarts}"
        )
    polarity = info.polarity if info.polarity in ("higher", "lower") else "none"
    points = [
        rules.TrendPoint(
            count=f.count,
            denominator=f.denominator,
            value=f.value,
            lower_95=f.lower_95,
            upper_95=f.upper_95,
            period=f.period,
        )
        for f in recent
    ]
    return rules.assess_recent_trend(
        points,
        polarity,
        proportion=info.value_type == ValueType.PROPORTION,
        multiplier=info.multiplier,
    )


def trend_of(series: Sequence[Figure], info: IndicatorInfo, order: dict) -> rules.Trend:
    """Fingertips' recent trend over the last five consecutive periods of the kind of
    the last (`trend_line`'s, without its reason)."""
    return trend_line(series, info, order).trend


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


def indicators_by_code(
    user: User | AnonymousUser, partnership: Partnership, codes: Sequence[str], name: str
) -> list[Indicator]:
    """The LIS indicators with `codes`, in their order; BadParameter naming the query
    parameter `name` when one has no indicator `user` may see."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        return []
    found = {i.code.lower(): i for i in lis_indicators_for(user, partnership)}
    missing = [c for c in wanted if c.lower() not in found]
    if missing:
        raise BadParameter(f"{name}: no indicator on the LIS has the code {missing[0]}")
    return [found[c.lower()] for c in wanted]
