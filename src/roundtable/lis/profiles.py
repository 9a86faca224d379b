"""Area profiles: every indicator with data for an area, its latest figure beside
its parent's, England's and (when chosen) its statistical neighbours', compared with
the chosen benchmark, with its series and recent trend; and the area chooser.

Reads returning frozen dataclasses, built on `profile_figures` (what the user may
see, a suppressed cell's figure blanked); the views render them as pages (with
`profile_charts` SVGs) and, through `profile_tables`, as CSV/XLSX.

The number of queries does not depend on the number of indicators or areas: an
area's hierarchy is one query (`select_related` up the levels), its observations,
its parent's and England's one more, the ranges for the spine chart one, the child
areas one, and statistical neighbours two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, Q, QuerySet

from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.geography.queries import PostcodeNotFound, lookup_postcode, ward_overlaps
from roundtable.geography.rules import normalise_postcode
from roundtable.lis import rules
from roundtable.lis.comparisons import POSTCODE_FIELDS
from roundtable.lis.models import Observation
from roundtable.lis.neighbours import (
    DEFAULT_N,
    MAX_NEIGHBOURS,
    NeighbourGroup,
    group_figures,
    parse_n,
    statistical_neighbours,
)
from roundtable.lis.profile_figures import (
    ENGLAND,
    BadParameter,
    Figure,
    IndicatorInfo,
    TrendLine,
    ancestors_of,
    compare_figures,
    indicator_infos,
    observations_for,
    offered_areas,
    read_figures,
    trend_line,
)
from roundtable.lis.queries import within
from roundtable.performance.rules import in_code_order

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

BENCHMARKS = ("england", "parent", "neighbours")
BENCHMARK_LABELS = {
    "england": "England",
    "parent": "Parent area",
    "neighbours": "Statistical neighbours",
}
NO_BY = "by: choose at least one indicator to find statistical neighbours"


def unknown_benchmark(typed: str) -> str:
    """The error naming a `benchmark=` there is not, and the ones there are."""
    return (
        f"benchmark: there is no benchmark \u201c{typed}\u201d; choose England, the parent "
        "area or statistical neighbours"
    )


@dataclass(frozen=True)
class ProfileChoices:
    """What a profile's address asks it to compare with (`benchmark`, `by`, `n`),
    each choice it cannot use left at its default and named in `errors`, by its
    parameter, in the words the page's error summary shows."""

    benchmark: str = ""
    by: tuple[str, ...] = ()
    n: int = DEFAULT_N
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def left_out(self) -> tuple[str, ...]:
        """The parameters the page's own links (its downloads, its trend charts)
        leave out, so that they ask for the profile the page shows: each one in
        error, and the benchmark when the neighbours' indicators are."""
        dropped = set(self.errors)
        if "by" in self.errors:
            dropped.add("benchmark")
        return tuple(sorted(dropped))

    def without_neighbours(self, error: str) -> ProfileChoices:
        """The choices with the neighbours' indicators (`by`) in error: the default
        benchmark instead."""
        return ProfileChoices("", (), self.n, {**self.errors, "by": error})


def asked_choices(query: QueryDict) -> ProfileChoices:
    """The profile's choices in its address: `benchmark` (one of BENCHMARKS, in any
    case), `by` (the indicators to find statistical neighbours by, needed with
    `benchmark=neighbours`) and `n` (how many neighbours, a whole number from 1 to
    MAX_NEIGHBOURS). A choice that cannot be used is named in `errors`, with what was
    typed, and the profile is shown with the default instead: the default benchmark
    for an unknown one or for neighbours without indicators, DEFAULT_N neighbours.
    The indicators' codes are checked when the neighbours are found
    (`statistical_neighbours`)."""
    errors: dict[str, str] = {}
    typed = query.get("benchmark", "").strip()
    benchmark = typed.lower()
    if benchmark and benchmark not in BENCHMARKS:
        errors["benchmark"], benchmark = unknown_benchmark(typed), ""
    by = tuple(dict.fromkeys(c.strip() for c in query.getlist("by") if c.strip()))
    if benchmark == "neighbours" and not by:
        errors["by"], benchmark = NO_BY, ""
    raw_n = query.get("n", "").strip()
    try:
        n = parse_n(raw_n)
    except BadParameter:
        n = DEFAULT_N
        errors["n"] = (
            f"n: there is no number of neighbours \u201c{raw_n}\u201d; enter a whole number "
            f"from 1 to {MAX_NEIGHBOURS}"
        )
    return ProfileChoices(benchmark, by, n, errors)


@dataclass(frozen=True)
class Spread:
    """The lowest and highest value among the comparator areas with a published
    figure (for the spine), and how many there are: at least two, or there is no
    range to draw."""

    lowest: float
    highest: float
    areas: str
    count: int

    @property
    def text(self) -> str:
        """ "the 33 areas of this type in London with a figure", for the chart's words."""
        return f"the {self.count:,} {self.areas} with a figure"


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
    #: The figures its trend chart joins (one kind of period) and why its trend
    #: cannot be calculated, when it cannot.
    line: TrendLine


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

    @property
    def benchmark_words(self) -> str:
        """The benchmark in a sentence ("compared with the statistical neighbours");
        `benchmark_label` names it in a list or a download's column."""
        if self.benchmark == "neighbours":
            return "the statistical neighbours"
        return self.benchmark_label

    @property
    def benchmarks_figure(self) -> str:
        """Whose figure the benchmark's is, in a sentence ("England's", "the
        statistical neighbours'")."""
        words = self.benchmark_words
        return f"{words}'" if self.benchmark == "neighbours" else f"{words}'s"

    @property
    def own_parent(self) -> bool:
        """It has a parent area other than England (a region's is England's column)."""
        return _own_parent(self.parent)

    @property
    def is_england(self) -> bool:
        return self.area.code == ENGLAND

    @property
    def compared(self) -> bool:
        """Its figures are compared with a benchmark: not England's own (it would be
        compared with itself), nor an area's with statistical neighbours it has not."""
        if self.group is not None and not self.group.neighbours:
            return False
        return bool(self.benchmark)

    @property
    def uncompared(self) -> str:
        """Why its figures are not compared, in words; blank when they are."""
        if self.compared:
            return ""
        if self.group is not None:
            return (
                f"There are no statistical neighbours to compare {self.area.name} with: "
                f"{self.group.why_none}."
            )
        if self.is_england:
            return (
                "England’s figures are shown on their own: England is not inside a larger "
                "area, and the areas in it are compared with England."
            )
        return f"{self.area.name}’s figures are not compared with another area’s."


def _own_parent(parent: Area | None) -> bool:
    return parent is not None and parent.code != ENGLAND


def _spreads(
    base: QuerySet[Observation], area: Area, scope: Q | None, wanted: dict[int, str]
) -> dict[tuple[int, str], tuple[float, float, int]]:
    """Lowest and highest published value among areas of `area`'s type (in `scope`,
    a filter of areas), and how many areas have one, for each (indicator, period)
    wanted: one query, suppressed cells left out. The areas are a subquery, so each
    cell is one index seek."""
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
        .annotate(lowest=Min("value"), highest=Max("value"), areas=Count("area_id", distinct=True))
    )
    return {
        (r["indicator_id"], r["period"]): (r["lowest"], r["highest"], r["areas"])
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
    chosen benchmark at 95% and 99.8%, with its series, the part of it its trend
    chart joins (the figures of its latest period's kind) and its recent trend.
    The benchmarks are those the area has (`rules.profile_benchmarks`): England's own
    profile, and an area with no statistical neighbours compared with them, compare
    nothing (`AreaProfile.compared`, and `uncompared` says why)."""
    ancestors = ancestors_of(area)
    parent = ancestors[-1] if ancestors else None
    england = next((a for a in ancestors if a.code == ENGLAND), None)
    if area.code == ENGLAND:
        england = area
    if benchmark and benchmark not in BENCHMARKS:
        raise BadParameter(unknown_benchmark(benchmark))
    if benchmark == "neighbours" and not by:
        raise BadParameter(NO_BY)
    known = indicator_infos(user, partnership)
    base = observations_for(user, partnership, known)
    ids = [a.pk for a in (area, parent, england) if a is not None]
    found = read_figures(base.filter(area_id__in=ids), known)
    # England's own profile is compared with nothing (nor offered a parent it has not),
    # and a region's parent is England, offered once.
    offered = rules.profile_benchmarks(area.code == ENGLAND, _own_parent(parent), bool(by))
    for_england = england is not None and any(found.series(i, england.pk) for i in found.infos)
    benchmark = rules.chosen_benchmark(benchmark, offered, for_england)
    group = None
    neighbour_figures: dict[int, Figure] = {}
    if benchmark == "neighbours":
        group = statistical_neighbours(user, partnership, area, by, n)
        neighbour_figures = group_figures(base, found, area, [a for a, _ in group.neighbours])
    wanted = {i: found.latest(i, [area.pk]) for i in found.infos}
    wanted = {i: p for i, p in wanted.items() if p is not None}
    scope = None
    spread_label = "areas of this type in England"
    if benchmark == "parent" and parent is not None:
        scope = within(parent)
        spread_label = f"areas of this type in {parent.name}"
    elif benchmark == "neighbours" and group is not None:
        scope = Q(pk__in=[area.pk, *(a.pk for a, _ in group.neighbours)])
        spread_label = "areas (this one and its statistical neighbours)"
    spreads = _spreads(base, area, scope, wanted)
    rows = []
    for indicator_id, info in in_code_order(found.infos.items(), code=lambda kv: kv[1].code):
        period = wanted.get(indicator_id)
        if period is None:
            continue  # data for the parent or England only
        mine = found.figure(indicator_id, area.pk, period)
        parent_figure = found.figure(indicator_id, parent.pk if parent else None, period)
        england_figure = found.figure(indicator_id, england.pk if england else None, period)
        group_figure = neighbour_figures.get(indicator_id) if group is not None else None
        chosen = {
            "england": england_figure,
            "parent": parent_figure,
            "neighbours": group_figure,
        }.get(benchmark) or Figure.missing()
        c95, c998 = compare_figures(mine, chosen, info)
        series = found.series(indicator_id, area.pk)
        line = trend_line(series, info, found.order)
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
                # One area alone has no range to show.
                spread=Spread(*span[:2], spread_label, span[2]) if span and span[2] > 1 else None,
                trend=line.trend,
                series=series,
                benchmark_series=found.series(indicator_id, getattr(benchmark_area, "pk", None)),
                line=line,
            )
        )
    children = list(Area.objects.filter(parent=area).order_by("area_type", "name"))
    labels = {**BENCHMARK_LABELS, "parent": parent.name if parent else "Parent area"}
    choices = tuple((key, labels[key], key == benchmark) for key in offered)
    if choices and not {"england", "parent"} & set(offered):
        # England's neighbours can be left again: England is otherwise compared with nothing.
        choices = (("", "No comparison", not benchmark), *choices)
    return AreaProfile(
        area=area,
        ancestors=ancestors,
        children=children,
        england=england,
        benchmark=benchmark,
        benchmark_label=labels.get(benchmark, ""),
        rows=rows,
        group=group,
        choices=choices,
    )


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


def area_choices(
    user: User | AnonymousUser, partnership: Partnership, q: str = "", limit: int = 200
) -> list[AreaChoice]:
    """Areas with a profile, by type: the partnership's place and the areas in it
    (local authorities and larger when it has no place), or, with a search, areas
    whose name holds the words or whose code is one of them; only areas with figures
    `user` may see here, or with areas inside them that have some
    (`offered_areas`), so no choice leads to an empty profile (another partnership's
    place, wards without figures). At most `limit` of each type, with how many there
    are: a long list of one type never hides another."""
    areas = Area.objects.exclude(area_type=AreaType.CUSTOM)
    place = getattr(partnership, "area", None)
    if q:
        for word in q.split():
            areas = areas.filter(Q(name__icontains=word) | Q(code__iexact=word))
        areas = areas.filter(offered_areas(user, partnership))
    elif place is not None:
        areas = areas.filter(Q(pk=place.pk) | within(place))
        areas = areas.filter(offered_areas(user, partnership, inside=place))
    else:
        large = (AreaType.COUNTRY, AreaType.REGION, AreaType.LOCAL_AUTHORITY)
        areas = areas.filter(Q(area_type__in=large) & offered_areas(user, partnership))
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


#: The most wards a search for a name lists, each with the areas its postcodes are in.
MAX_WARDS = 5


@dataclass(frozen=True)
class WardChoice:
    """A ward a search names that has no figures of its own (figures are published
    for LSOAs, MSOAs and local authorities): the LSOAs and MSOAs with figures its
    postcodes are in, each with how many of its postcodes, most first
    (`geography.queries.ward_overlaps`: they do not nest in wards), and its local
    authority when that has figures."""

    ward: Area
    postcodes: int
    lsoas: list[tuple[Area, int]]
    msoas: list[tuple[Area, int]]
    authority: Area | None


@dataclass(frozen=True)
class WardChoices:
    wards: list[WardChoice]
    #: More wards match than are listed.
    more: bool = False


def ward_choices(
    user: User | AnonymousUser, partnership: Partnership, q: str, limit: int = MAX_WARDS
) -> WardChoices:
    """The wards (of the partnership's place, when it has one) whose name holds the
    words of `q`, or whose code is one of them, and that have no figures `user` may
    see here (a ward with figures is one of `area_choices`), at most `limit`, with
    the areas with figures that stand for them (`WardChoice`). Four queries."""
    words = q.split()
    if not words:
        return WardChoices([])
    wards = Area.objects.filter(area_type=AreaType.WARD).select_related("parent")
    for word in words:
        wards = wards.filter(Q(name__icontains=word) | Q(code__iexact=word))
    place = getattr(partnership, "area", None)
    if place is not None:
        wards = wards.filter(within(place))
    wards = wards.exclude(offered_areas(user, partnership))
    found = list(wards.order_by("name", "code")[: limit + 1])
    return WardChoices(standing_for(user, partnership, found[:limit]), more=len(found) > limit)


def standing_for(
    user: User | AnonymousUser, partnership: Partnership, wards: Sequence[Area]
) -> list[WardChoice]:
    """Each of `wards` with the areas with figures `user` may see here that stand for
    it (`WardChoice`), in the order given. Two queries, however many wards."""
    overlaps = ward_overlaps(wards)
    ids = {a.pk for o in overlaps for a, _ in (*o.lsoas, *o.msoas)}
    ids |= {w.parent_id for w in wards if w.parent_id}
    # Offered as `area_choices` offers them: with figures, or areas inside with some.
    offered = Area.objects.filter(pk__in=ids).filter(offered_areas(user, partnership))
    figures = set(offered.values_list("pk", flat=True)) if ids else set()
    return [
        WardChoice(
            o.ward,
            o.postcodes,
            [(a, n) for a, n in o.lsoas if a.pk in figures],
            [(a, n) for a, n in o.msoas if a.pk in figures],
            o.ward.parent if o.ward.parent_id in figures else None,
        )
        for o in overlaps
    ]


@dataclass(frozen=True)
class PostcodeArea:
    """An area a postcode is in, and whether its profile has figures."""

    label: str  # its type, "Lower layer super output area (LSOA)"
    area: Area
    has_figures: bool


@dataclass(frozen=True)
class PostcodeAreas:
    """The areas of a postcode typed in the chooser, smallest first, or why there
    are none (`error`)."""

    postcode: str
    areas: list[PostcodeArea]
    error: str = ""

    @property
    def with_figures(self) -> list[PostcodeArea]:
        return [a for a in self.areas if a.has_figures]


def areas_with_figures(
    user: User | AnonymousUser, partnership: Partnership, area_ids: Sequence[int]
) -> set[int]:
    """Which of the areas have figures `user` may see on the partnership's LIS, so
    rows on their profiles (one query)."""
    found = observations_for(user, partnership).filter(area_id__in=list(area_ids))
    return set(found.order_by().values_list("area_id", flat=True).distinct())


def postcode_areas(
    user: User | AnonymousUser, partnership: Partnership, typed: str
) -> PostcodeAreas | None:
    """The areas a typed postcode is in (its LSOA, MSOA, ward and local authority,
    those known), each with whether its profile has figures; None when `typed` is
    not a postcode, so a name or code to search for. Two queries."""
    try:
        found = lookup_postcode(typed)
    except PostcodeNotFound as error:
        return PostcodeAreas(normalise_postcode(typed), [], str(error))
    except ValueError:
        return None
    areas = [(t, getattr(found, f)) for t, f in POSTCODE_FIELDS.items() if getattr(found, f)]
    with_figures = areas_with_figures(user, partnership, [a.pk for _, a in areas])
    return PostcodeAreas(
        found.postcode,
        [PostcodeArea(area_type_label(t), a, a.pk in with_figures) for t, a in areas],
    )


def indicators_with_data(
    user: User | AnonymousUser, partnership: Partnership, area: Area
) -> list[tuple[str, str]]:
    """(code, name) of the indicators with a published value for `area`, by code as
    people read it (`in_code_order`: "NI 45" before "NI 195")."""
    rows = (
        observations_for(user, partnership)
        .filter(area=area, suppressed=False, value__isnull=False)
        .order_by("indicator__code")
        .values_list("indicator__code", "indicator__name")
        .distinct()
    )
    return in_code_order(rows, code=itemgetter(0))
