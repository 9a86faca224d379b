"""Local Information System statistics: plain functions, no database.

The methods are the ones Fingertips uses, so that a figure on the LIS matches the
same figure on Fingertips:

- **Comparison with a benchmark** (Fingertips): the area's confidence interval against
  the benchmark's value, at 95% and at 99.8%.
- **Recent trend** (Fingertips trend markers): a chi-square test for trend over the
  five most recent points, significant at 99.8%, with Fingertips' wording.
- **Quintiles** for maps of indicators with no judgement.
- **Statistical neighbours** by standardised Euclidean distance, and why their
  group has no figure of its own when it has none.
- **Benchmarks** an area's profile can be compared with.
- **Value notes** numbered once per table.
- **Small-number suppression**, primary and secondary.
- **Aggregation** of counts and denominators into a custom area, rate recomputed.

The confidence intervals they rest on are in `intervals.py`.
`docs/lis-statistics.md` gives the formulas, sources and worked examples.

Figures are floats (a `Decimal` or `int` argument is converted); a missing figure is
`None`, never zero.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from roundtable.lis.intervals import Limits, Number, confidence_limits, rate_interval
from roundtable.performance.choices import ValueType  # one list for both apps
from roundtable.performance.rules import (
    Polarity,
    unit_label,  # one rule for both apps
)

__all__ = [
    "CHI_SQUARE_99_8",
    "Aggregate",
    "Cell",
    "Comparison",
    "Neighbour",
    "Trend",
    "TrendPoint",
    "TrendResult",
    "ValueType",
    "aggregate",
    "assess_recent_trend",
    "cannot_calculate",
    "chi_square_for_trend",
    "chosen_benchmark",
    "compare",
    "compare_to_goal",
    "compare_limits",
    "group_figure_gap",
    "profile_benchmarks",
    "quintile_of",
    "quintiles",
    "recent_trend",
    "statistical_neighbours",
    "suppress",
    "unit_affixes",
    "unit_label",
    "with_unit",
]

#: The 99.8% two-sided critical value of chi-square with one degree of freedom
#: (3.0902323 squared), the threshold Fingertips uses for its trend markers.
CHI_SQUARE_99_8 = 9.54953570608324


# A figure with its unit -----------------------------------------------------------

#: Currency symbols a unit can start with: written before the figure ("£12.5").
CURRENCY_SYMBOLS = ("£", "$", "€")
#: What follows a currency symbol to say a scale, as the figure then reads:
#: "£ million" → "£12.5 million", "£m" → "£12.5m", "£000" → "£12.5 thousand".
CURRENCY_SCALES = {
    "000": " thousand",
    "'000": " thousand",
    "000s": " thousand",
    "'000s": " thousand",
    "k": "k",
    "m": "m",
    "bn": "bn",
}


def unit_affixes(unit: str) -> tuple[str, str]:
    """What goes before and after a figure for its unit (the unit as a page names it,
    `unit_label`): money's symbol before ("£" → ("£", ""); "£ million" → ("£",
    " million"); "£m" → ("£", "m"); "£000" → ("£", " thousand"); "£ per head" →
    ("£", " per head")), "%" glued after ("", "%"), any other unit after a space
    ("", " per 100,000 person-years"). A unit that only mentions money ("per £1,000")
    is written after the figure like any other."""
    unit = (unit or "").strip()
    if not unit:
        return "", ""
    if unit == "%":
        return "", "%"
    if unit[0] in CURRENCY_SYMBOLS:
        rest = unit[1:].strip()
        scale = CURRENCY_SCALES.get(rest.lower())
        if scale is not None:
            return unit[0], scale
        return unit[0], f" {rest}" if rest else ""
    return "", f" {unit}"


def with_unit(figure: str, unit: str) -> str:
    """A figure as text with its unit (`unit_affixes`): "£12.5", "-£3.0", "£12.5
    million", "12.5%", "109.5 per 100,000 person-years"; a blank figure stays blank.
    A minus sign goes before the currency symbol."""
    if not figure:
        return figure
    prefix, suffix = unit_affixes(unit)
    sign = ""
    if prefix and figure[0] in "-\u2212":
        sign, figure = figure[0], figure[1:]
    return f"{sign}{prefix}{figure}{suffix}"


# Comparison with a benchmark -----------------------------------------------------


class Comparison(StrEnum):
    """How an area compares with its benchmark (Fingertips' words)."""

    BETTER = "Better"
    SIMILAR = "Similar"
    WORSE = "Worse"
    HIGHER = "Higher"
    LOWER = "Lower"
    NOT_COMPARED = "Not compared"


def compare(
    value: Number | None,
    lower: Number | None,
    upper: Number | None,
    benchmark: Number | None,
    polarity: Polarity | str,
) -> Comparison:
    """Compare an area's confidence interval with a benchmark's value (Fingertips).

    The interval wholly above the benchmark is higher, wholly below is lower, and one
    that contains it is similar. Polarity turns higher and lower into better or worse;
    with no judgement they stay "Higher" and "Lower". Call it once with the 95% limits
    and once with the 99.8% limits. "Not compared" when anything is missing.
    """
    if value is None or lower is None or upper is None or benchmark is None:
        return Comparison.NOT_COMPARED
    polarity = Polarity(polarity)
    if float(lower) > float(benchmark):
        direction = Comparison.HIGHER
    elif float(upper) < float(benchmark):
        direction = Comparison.LOWER
    else:
        return Comparison.SIMILAR
    if polarity is Polarity.NO_JUDGEMENT:
        return direction
    higher_is_better = polarity is Polarity.HIGHER_IS_BETTER
    if (direction is Comparison.HIGHER) == higher_is_better:
        return Comparison.BETTER
    return Comparison.WORSE


def compare_to_goal(
    value: Number | None, goal: Number | None, polarity: Polarity | str
) -> Comparison:
    """Fingertips' "Compared to goal" for a single-value goal: Better when the value
    meets the goal (at or above it when higher is better, at or below it when lower is
    better), Worse when it misses. The value itself is compared, not its interval.
    "Not compared" without a value or a goal, or when the indicator has no judgement
    (which side of a goal is better is then unknown)."""
    if value is None or goal is None:
        return Comparison.NOT_COMPARED
    polarity = Polarity(polarity)
    if polarity is Polarity.NO_JUDGEMENT:
        return Comparison.NOT_COMPARED
    if polarity is Polarity.HIGHER_IS_BETTER:
        met = float(value) >= float(goal)
    else:
        met = float(value) <= float(goal)
    return Comparison.BETTER if met else Comparison.WORSE


def compare_limits(
    value: Number | None, limits: Limits, benchmark: Number | None, polarity: Polarity | str
) -> tuple[Comparison, Comparison]:
    """The comparison at 95% and at 99.8%, in that order."""
    return (
        compare(value, limits.lower_95, limits.upper_95, benchmark, polarity),
        compare(value, limits.lower_99_8, limits.upper_99_8, benchmark, polarity),
    )


def quintiles(values: Iterable[Number | None]) -> list[float]:
    """The four breaks between quintiles of the values (missing values left out).

    The 20th, 40th, 60th and 80th percentiles by linear interpolation between order
    statistics (R's default, type 7). Fewer than two values give no breaks.
    """
    present = sorted(float(v) for v in values if v is not None)
    if len(present) < 2:
        return []
    return statistics.quantiles(present, n=5, method="inclusive")


def quintile_of(value: Number | None, breaks: Sequence[float]) -> int | None:
    """The quintile (1 lowest to 5 highest) of a value given `quintiles` breaks.

    A value on a break belongs to the lower quintile. `None` for a missing value or
    when there are no breaks.
    """
    if value is None or not breaks:
        return None
    return 1 + sum(1 for b in breaks if float(value) > b)


# Recent trend --------------------------------------------------------------------


class Trend(StrEnum):
    """Fingertips' recent-trend markers."""

    INCREASING_WORSE = "Increasing and getting worse"
    INCREASING_BETTER = "Increasing and getting better"
    DECREASING_WORSE = "Decreasing and getting worse"
    DECREASING_BETTER = "Decreasing and getting better"
    INCREASING = "Increasing"
    DECREASING = "Decreasing"
    NO_CHANGE = "No significant change"
    CANNOT_BE_CALCULATED = "Cannot be calculated"


@dataclass(frozen=True)
class TrendPoint:
    """One period of a series, oldest first.

    Proportions need `count` and `denominator`; other value types need `value` and the
    95% limits (computed from `count` and `denominator` as a rate when missing).
    `period` is its label, to name it when it stops the test.
    """

    count: Number | None = None
    denominator: Number | None = None
    value: Number | None = None
    lower_95: Number | None = None
    upper_95: Number | None = None
    period: str = ""


@dataclass(frozen=True)
class TrendResult:
    """A recent trend, and when it is "Cannot be calculated", why, in words that
    follow "Cannot be calculated: " ("there is no figure for 2013")."""

    trend: Trend
    reason: str = ""


TREND_POINTS = 5


def chi_square_for_trend(counts: Sequence[Number], denominators: Sequence[Number]) -> float:
    """The chi-square test for trend in proportions (Cochran-Armitage), scores 1, 2, ...

    N(NΣOt − ΣO·ΣNt)² / (ΣO(N − ΣO)(NΣNt² − (ΣNt)²)), as Fingertips computes it; the
    same statistic as R's `prop.trend.test`.
    """
    if len(counts) != len(denominators):
        raise ValueError("Give one denominator for each count")
    o = [float(c) for c in counts]
    n = [float(d) for d in denominators]
    t = range(1, len(o) + 1)
    total_n, total_o = sum(n), sum(o)
    o_t = sum(oi * ti for oi, ti in zip(o, t, strict=True))
    n_t = sum(ni * ti for ni, ti in zip(n, t, strict=True))
    n_t2 = sum(ni * ti * ti for ni, ti in zip(n, t, strict=True))
    bottom = total_o * (total_n - total_o) * (total_n * n_t2 - n_t**2)
    if bottom <= 0:
        return 0.0
    return total_n * (total_n * o_t - total_o * n_t) ** 2 / bottom


def _proportion_slope(points: Sequence[tuple[float, float, int]]) -> float:
    """The sign-bearing slope of the Cochran-Armitage test: ΣOt − (ΣO/N)ΣNt."""
    total_n = sum(n for _, n, _ in points)
    total_o = sum(o for o, _, _ in points)
    return sum(o * t for o, _, t in points) - total_o / total_n * sum(n * t for _, n, t in points)


def _weighted_trend(points: Sequence[tuple[float, float, int]]) -> tuple[float, float]:
    """Slope and chi-square of a regression of value on time weighted by 1/SE².

    Each point is (value, standard error, time). Fingertips' method for indicators other
    than proportions.
    """
    s1 = s2 = s3 = s4 = s5 = 0.0
    for value, se, t in points:
        w = 1 / (se * se)
        s1 += w
        s2 += w * value * t
        s3 += w * t
        s4 += w * value
        s5 += w * t * t
    spread = s1 * s5 - s3 * s3
    slope = (s1 * s2 - s3 * s4) / spread
    return slope, slope * slope * spread / s1


def cannot_calculate(reason: str) -> TrendResult:
    """A recent trend that cannot be calculated, and why."""
    return TrendResult(Trend.CANNOT_BE_CALCULATED, reason)


def _named(point: TrendPoint) -> str:
    return point.period or "one of them"


def too_few_points(n: int, periods: str = "periods") -> str:
    """Why a trend of `n` points cannot be calculated: "it needs five calendar years
    in a row, and there are only 2"."""
    have = "there are none" if n == 0 else "there is only one" if n == 1 else f"there are only {n}"
    return f"it needs five {periods} in a row, and {have}"


def _proportion_rows(recent: Sequence[TrendPoint]) -> list[tuple[float, float, int]] | str:
    """(count, denominator, time) of each point, or why they cannot be had."""
    rows = []
    for t, p in enumerate(recent, start=1):
        if p.count is None and p.denominator is None and p.value is None:
            return f"there is no figure for {_named(p)}"
        if p.count is None or p.denominator is None:
            return (
                "the trend of a proportion needs the count and denominator of each of "
                f"the last five periods, and {_named(p)} has no "
                + ("count" if p.count is None else "denominator")
            )
        if float(p.denominator) <= 0:
            return f"the denominator of {_named(p)} is 0"
        rows.append((float(p.count), float(p.denominator), t))
    return rows


def _limited(point: TrendPoint) -> bool:
    """Whether the point has 95% limits, or a count and denominator to give them."""
    given = point.lower_95 is not None and point.upper_95 is not None
    return given or (point.count is not None and bool(point.denominator))


def _weighted_rows(
    recent: Sequence[TrendPoint], multiplier: Number
) -> list[tuple[float, float, int]] | str:
    """(value, standard error, time) of each point, or why they cannot be had."""
    rows = []
    for t, p in enumerate(recent, start=1):
        lower, upper = p.lower_95, p.upper_95
        value = p.value
        if (lower is None or upper is None) and p.count is not None and p.denominator:
            (lower, upper), _ = rate_interval(p.count, p.denominator, multiplier, 0.95)
            if value is None:
                value = float(p.count) / float(p.denominator) * float(multiplier)
        if value is None:
            return f"there is no figure for {_named(p)}"
        if lower is None or upper is None:
            which = "these figures have" if not any(map(_limited, recent)) else f"{_named(p)} has"
            return (
                "it needs the 95% confidence limits, or the count and denominator, of each "
                f"of the last five periods, and {which} neither"
            )
        if float(upper) <= float(lower):
            return f"the 95% confidence interval of {_named(p)} has no width"
        rows.append((float(value), (float(upper) - float(lower)) / 3.92, t))
    return rows


def recent_trend(
    points: Sequence[TrendPoint],
    polarity: Polarity | str,
    *,
    proportion: bool,
    multiplier: Number = 100_000,
) -> Trend:
    """Fingertips' recent trend over the five most recent points (oldest first):
    `assess_recent_trend`'s marker without its reason."""
    return assess_recent_trend(points, polarity, proportion=proportion, multiplier=multiplier).trend


def assess_recent_trend(
    points: Sequence[TrendPoint],
    polarity: Polarity | str,
    *,
    proportion: bool,
    multiplier: Number = 100_000,
) -> TrendResult:
    """Fingertips' recent trend over the five most recent points (oldest first), and
    why it cannot be calculated when it cannot.

    Proportions: the chi-square test for trend on counts and denominators. Other value
    types: a regression of the value on time weighted by 1/SE², SE from the 95% limits
    ((upper − lower) / 3.92), chi-square = (slope / its SE)². Significant when
    chi-square is above 9.5495 (99.8%), and only if leaving out any one point keeps
    the slope's sign (otherwise an outlier drives it: "No significant change").
    Fewer than five points, or any of the five missing what the test needs, give
    "Cannot be calculated" with the reason. The points must be periods of one kind in
    a row, with no gap and no overlap; the caller checks that.
    """
    polarity = Polarity(polarity)
    recent = list(points)[-TREND_POINTS:]
    if len(recent) < TREND_POINTS:
        return cannot_calculate(too_few_points(len(recent)))
    if proportion:
        rows = _proportion_rows(recent)
        if isinstance(rows, str):
            return cannot_calculate(rows)
        chi2 = chi_square_for_trend([r[0] for r in rows], [r[1] for r in rows])
        slope = _proportion_slope(rows)
        dropped = [_proportion_slope(rows[:i] + rows[i + 1 :]) for i in range(len(rows))]
    else:
        rows_w = _weighted_rows(recent, multiplier)
        if isinstance(rows_w, str):
            return cannot_calculate(rows_w)
        slope, chi2 = _weighted_trend(rows_w)
        dropped = [_weighted_trend(rows_w[:i] + rows_w[i + 1 :])[0] for i in range(len(rows_w))]
    if chi2 <= CHI_SQUARE_99_8 or slope == 0:
        return TrendResult(Trend.NO_CHANGE)
    if any((d > 0) != (slope > 0) or d == 0 for d in dropped):
        return TrendResult(Trend.NO_CHANGE)
    increasing = slope > 0
    if polarity is Polarity.NO_JUDGEMENT:
        return TrendResult(Trend.INCREASING if increasing else Trend.DECREASING)
    better = increasing == (polarity is Polarity.HIGHER_IS_BETTER)
    if increasing:
        return TrendResult(Trend.INCREASING_BETTER if better else Trend.INCREASING_WORSE)
    return TrendResult(Trend.DECREASING_BETTER if better else Trend.DECREASING_WORSE)


# Statistical neighbours ----------------------------------------------------------


@dataclass(frozen=True)
class Neighbour:
    """An area near the target and its standardised Euclidean distance."""

    code: str
    distance: float


def statistical_neighbours(
    target_code: str, values: Mapping[str, Sequence[Number | None]], n: int = 10
) -> list[Neighbour]:
    """The `n` areas nearest the target, nearest first (ties by code).

    Each variable is standardised to a z-score over the areas (mean 0, population
    standard deviation 1), so variables in different units weigh the same; the
    distance is the Euclidean distance between the areas' z-scores. Areas missing any
    variable are left out; a variable the same in every area adds nothing. Raises
    ValueError when the target is not there or lacks a value.
    """
    if target_code not in values:
        raise ValueError(f"{target_code} has no values for these indicators")
    width = len(values[target_code])
    for code, row in values.items():
        if len(row) != width:
            raise ValueError(f"{code} has {len(row)} values; every area needs {width}")
    complete = {
        code: [float(v) for v in row]  # type: ignore[arg-type]
        for code, row in values.items()
        if all(v is not None for v in row)
    }
    if target_code not in complete:
        raise ValueError(f"{target_code} is missing a value for one of these indicators")
    scales = []
    for i in range(width):
        column = [row[i] for row in complete.values()]
        mean = statistics.fmean(column)
        spread = statistics.pstdev(column)
        scales.append((mean, spread))
    z = {
        code: [(v - m) / s if s > 0 else 0.0 for v, (m, s) in zip(row, scales, strict=True)]
        for code, row in complete.items()
    }
    target = z[target_code]
    found = [
        Neighbour(code, math.dist(target, row)) for code, row in z.items() if code != target_code
    ]
    found.sort(key=lambda neighbour: (neighbour.distance, neighbour.code))
    return found[: max(0, n)]


def neighbours_to_try(
    offered: Sequence[str], shared: Iterable[str], chosen: Sequence[str]
) -> list[str]:
    """The indicators to find an area's statistical neighbours by instead, when the
    `chosen` found none: of the `offered` (the area's), those another area of its
    type has figures for too (`shared`), the chosen ones among them when there are
    any, in the order offered. Empty when none is shared (no indicator can find the
    area neighbours) or when they are just the ones chosen (nothing else to try)."""
    shared = set(shared)
    usable = [code for code in offered if code in shared]
    kept = [code for code in usable if code in chosen]
    found = kept or usable
    return [] if set(found) == set(chosen) else found


#: Why the neighbours' figure is not their figures added up, by value type: only a
#: rate's or a proportion's counts and denominators add up to the group's figure.
NOT_ADDED_UP = {
    ValueType.COUNT: (
        "a count depends on an area's size, so the neighbours' counts are not added up"
    ),
    ValueType.MEAN: "averages cannot be added up across areas",
    ValueType.RATIO: "ratios cannot be added up across areas",
    ValueType.OTHER: (
        "figures of this kind cannot be added up across areas (only rates and proportions can)"
    ),
}
UNKNOWN_KIND = (
    "the indicator does not say what kind of figure it is, so its figures cannot be "
    "added up across areas"
)


def group_figure_gap(value_type: str, members: int, without_counts: int) -> str:
    """Why a group of statistical neighbours has no figure of its own for an
    indicator, in words for a resident ("averages cannot be added up across areas");
    blank when it has one. It has one for a rate or a proportion when every one of
    its `members` has a published count and denominator (`without_counts` is how
    many have not): they are added up and the value worked out again (`aggregate`)."""
    if members == 0:
        return "there are no statistical neighbours"
    if value_type not in (ValueType.PROPORTION, ValueType.RATE):
        return NOT_ADDED_UP.get(value_type, UNKNOWN_KIND)  # type: ignore[call-overload]
    if without_counts >= members:
        return "the neighbours' figures have no counts and denominators to add up"
    if without_counts:
        have = "has" if without_counts == 1 else "have"
        return (
            f"{without_counts} of the {members} neighbours {have} no published count "
            "and denominator"
        )
    return ""


# Benchmarks of an area's profile -------------------------------------------------


def profile_benchmarks(is_england: bool, has_parent: bool, neighbours: bool) -> tuple[str, ...]:
    """What an area's profile can be compared with: England, unless the area is
    England (it would be compared with itself); its parent area, when it has one
    (other than England: a region's parent is the England choice); and its
    statistical neighbours, when indicators to find them by are chosen. England's own
    profile, without neighbours, is compared with nothing."""
    offered = []
    if not is_england:
        offered.append("england")
    if has_parent:
        offered.append("parent")
    if neighbours:
        offered.append("neighbours")
    return tuple(offered)


def chosen_benchmark(asked: str, offered: Sequence[str], england_has_figures: bool) -> str:
    """The benchmark a profile compares with: the one `asked` for when it is
    `offered`; otherwise England when it is offered and has figures (as on
    Fingertips), else the parent area, else England; blank when nothing is offered (a
    benchmark with no figures would leave every indicator "Not compared")."""
    if asked in offered:
        return asked
    if "england" in offered and (england_has_figures or "parent" not in offered):
        return "england"
    if "parent" in offered:
        return "parent"
    return ""


# Value notes ---------------------------------------------------------------------


def note_numbers(texts: Iterable[str]) -> dict[str, int]:
    """Each distinct note, numbered 1, 2, … in the order it first appears (a blank
    text has none). A table shows "[note 2]" beside a figure and each note once below
    it, as the ONS advises for notes in tables, rather than the same words in every
    row."""
    numbers: dict[str, int] = {}
    for text in texts:
        words = text.strip()
        if words and words not in numbers:
            numbers[words] = len(numbers) + 1
    return numbers


def note_marker(number: int) -> str:
    """How a figure points to its note: "[note 2]"."""
    return f"[note {number}]"


# Small-number suppression --------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One published count.

    `group` is the total the cell adds up to (the row, or the areas of one parent);
    `other_groups` are any further totals it is part of (the column of a table).
    A cell with no group is in no published total.
    """

    key: Hashable
    count: Number | None
    group: Hashable | None = None
    other_groups: tuple[Hashable, ...] = field(default=())

    @property
    def groups(self) -> tuple[Hashable, ...]:
        return ((self.group,) if self.group is not None else ()) + self.other_groups


def suppress(
    cells: Iterable[Cell],
    threshold: int = 5,
    totals: Mapping[Hashable, Hashable | None] | None = None,
) -> set[Hashable]:
    """The keys of the cells to hide: primary and secondary suppression.

    Primary: every count from 1 to `threshold` − 1 (0 is shown: it discloses nobody).
    Secondary: a group whose total is published and which has exactly one hidden cell
    would give that cell away (total minus the others), so its smallest other non-zero
    cell is hidden too (ties by key order of the cells as given). Repeated until no
    group has exactly one hidden cell, since a cell hidden for one group can leave
    another (its column) with one.

    `totals` says which groups have a published total: None means all of them;
    otherwise only the groups in the mapping, each mapped to the key of its total cell,
    or to None when the total is published elsewhere. When a group has no other
    non-zero cell to hide, its total cell is hidden instead (when it has a key).
    Missing counts (`None`) are never hidden and never hide anything.
    """
    cells = list(cells)
    hidden: set[Hashable] = {
        cell.key for cell in cells if cell.count is not None and 1 <= float(cell.count) < threshold
    }
    members: dict[Hashable, list[Cell]] = defaultdict(list)
    for cell in cells:
        for group in cell.groups:
            members[group].append(cell)
    published = members.keys() if totals is None else [g for g in members if g in totals]
    changed = True
    while changed:
        changed = False
        for group in published:
            if sum(1 for cell in members[group] if cell.key in hidden) != 1:
                continue
            candidates = [
                cell
                for cell in members[group]
                if cell.key not in hidden and cell.count is not None and float(cell.count) > 0
            ]
            if candidates:
                hidden.add(min(candidates, key=lambda cell: float(cell.count)).key)  # type: ignore[arg-type]
                changed = True
            elif totals is not None and totals.get(group) is not None:
                if totals[group] not in hidden:
                    hidden.add(totals[group])
                    changed = True
    return hidden


# Aggregation into custom areas ---------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """A custom area's figures: summed count and denominator, value recomputed."""

    count: float | None
    denominator: float | None
    value: float | None
    limits: Limits


def aggregate(
    members: Iterable[tuple[Number | None, Number | None]],
    multiplier: Number = 100_000,
    value_type: ValueType | str = ValueType.RATE,
    ci_method: str = "",
) -> Aggregate:
    """Add up the member areas' counts and denominators and recompute the value.

    The value is the summed count over the summed denominator × `multiplier`, never an
    average of the members' rates, with its confidence limits (none when the
    indicator's `ci_method` says so, as `confidence_limits`). A member with a
    missing count or denominator makes the whole area missing (a partial sum would be
    wrong), with the reason on the limits.
    """
    rows = list(members)
    if not rows:
        return Aggregate(None, None, None, Limits.none("The area has no member areas"))
    kind = ValueType(value_type)
    if kind is ValueType.COUNT:
        # A count needs no denominator; one is added up only when every member has one.
        missing = sum(1 for count, _ in rows if count is None)
        what = "count"
    else:
        missing = sum(1 for count, denominator in rows if count is None or denominator is None)
        what = "count or denominator"
    if missing:
        areas = "area has" if missing == 1 else "areas have"
        return Aggregate(None, None, None, Limits.none(f"{missing} member {areas} no {what}"))
    count = sum(float(c) for c, _ in rows)  # type: ignore[arg-type]
    if any(d is None for _, d in rows):
        limits = confidence_limits(kind, count=count, ci_method=ci_method)
        return Aggregate(count, None, count, limits)
    denominator = sum(float(d) for _, d in rows)  # type: ignore[arg-type]
    scale = 1.0 if kind is ValueType.COUNT else float(multiplier)
    if kind is ValueType.COUNT:
        value: float | None = count
    else:
        value = count / denominator * scale if denominator > 0 else None
    limits = confidence_limits(
        kind, count=count, denominator=denominator, multiplier=scale, ci_method=ci_method
    )
    return Aggregate(count, denominator, value, limits)
