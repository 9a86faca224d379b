"""Areas compared: chosen areas side by side for each indicator, compared with
England (`compare_areas`), and the tartan rug, every area of a type inside a parent
area × every indicator, compared with the parent or England, a page of areas at a
time (`tartan_rug`). Both at each indicator's latest period among the areas, at 95%.

Reads returning frozen dataclasses, built on `profile_figures` (what the user may
see, a suppressed cell's figure blanked); the views render them as pages and,
through `profile_tables`, as CSV/XLSX. The rug reads its indicators' latest periods
in one query of the distinct periods, then only the figures of the areas shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.geography.queries import PostcodeNotFound, lookup_postcode
from roundtable.lis import rules
from roundtable.lis.comparison_choices import (
    MAX_COMPARED,
    RUG_AREA_TYPES,
    RUG_BENCHMARKS,
    CompareChoices,
    chosen_codes,
    unknown_area_type,
    unknown_benchmark,
)
from roundtable.lis.models import Observation
from roundtable.lis.notes import Notes, numbered
from roundtable.lis.profile_figures import (
    ENGLAND,
    BadParameter,
    Figure,
    IndicatorInfo,
    ancestors_of,
    compare_figures,
    indicator_infos,
    observations_for,
    offered_areas,
    read_figures,
)
from roundtable.lis.queries import within
from roundtable.performance.rules import in_code_order

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

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
    # What the address asked for that is compared: the codes of no area, or of no
    # indicator the reader may see, left out and named in its errors.
    choices: CompareChoices

    @property
    def notes(self) -> Notes:
        """The value notes of its figures, England's and the areas', in table order;
        a suppressed cell's reason numbered too, as the overview's (`Rug.notes`)."""
        figures = (f for r in self.rows for f in (r.england, *(figure for _, figure, _ in r.cells)))
        return numbered([f for f in figures if f.available or f.suppressed], withheld=True)


#: A postcode added to a comparison finds its area of the first area's type, when
#: it is one of these (else its local authority): the Postcode row's fields.
POSTCODE_FIELDS = {
    AreaType.LSOA: "lsoa",
    AreaType.MSOA: "msoa",
    AreaType.WARD: "ward",
    AreaType.LOCAL_AUTHORITY: "local_authority",
}


def add_area(codes: Sequence[str], typed: str, offered: Q | None = None) -> list[str]:
    """The comparison's area codes with the area a person typed added at the end
    (`find_area`, among the `offered` areas); BadParameter("add: ...") saying what to
    type instead, or that the comparison is full."""
    wanted = chosen_codes(codes)
    first = Area.objects.filter(code=wanted[0]).first() if wanted else None
    area = find_area(typed, like=first, offered=offered)
    if area.code in wanted:
        return wanted
    if len(wanted) >= MAX_COMPARED:
        raise BadParameter(f"add: compare at most {MAX_COMPARED} areas; remove one first")
    return [*wanted, area.code]


def _no_figures(areas: list[Area]) -> BadParameter:
    """The error for areas someone typed that have no figures here."""
    if len(areas) == 1:
        return BadParameter(
            f"add: there are no figures here for {areas[0].name} ({areas[0].code}); "
            "enter another area"
        )
    some = ", ".join(f"{a.name} ({a.code})" for a in areas[:5])
    return BadParameter(f"add: there are no figures here for {some}; enter another area")


def find_area(typed: str, like: Area | None = None, offered: Q | None = None) -> Area:
    """The area someone typed: its code; a postcode, for its area of `like`'s type
    (its local authority when that is not a type postcodes are looked up in); or its
    name, whole or in part, when that names one area (or one of `like`'s type).
    Only an area of `offered` (`profile_figures.offered_areas`: with figures here)
    is found; one that is not is named, with why (every area, when None)."""
    text = typed.strip()
    if not text:
        raise BadParameter("add: enter the name or code of an area, or a postcode")
    every = Area.objects.exclude(area_type=AreaType.CUSTOM)
    areas = every if offered is None else every.filter(offered)
    found = every.filter(code__iexact=text).first()
    if found is not None:
        return _offered(found, areas, offered)
    try:
        postcode = lookup_postcode(text)
    except PostcodeNotFound as error:
        raise BadParameter(f"add: {error}") from None
    except ValueError:
        postcode = None  # not a postcode: a name
    if postcode is not None:
        kind = like.area_type if like is not None else AreaType.LOCAL_AUTHORITY
        field = POSTCODE_FIELDS.get(kind, "local_authority")
        found = getattr(postcode, field)
        if found is None:
            label = area_type_label(field)
            label = label[:1].lower() + label[1:]
            raise BadParameter(f"add: we do not know the {label} of {postcode.postcode}")
        return _offered(found, areas, offered)
    matches = _named(areas, text)
    if not matches and offered is not None:
        # Named areas with no figures here are named as such, not as unknown.
        elsewhere = _named(every, text)
        if elsewhere:
            raise _no_figures(elsewhere)
    if len(matches) > 1 and like is not None:
        same = [a for a in matches if a.area_type == like.area_type]
        matches = same if len(same) == 1 else matches
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise BadParameter(
            f"add: no area here is called \u201c{text}\u201d; enter its name as it is "
            "written, its code or a postcode"
        )
    some = ", ".join(f"{a.name} ({a.code})" for a in matches[:5])
    raise BadParameter(
        f"add: more than one area matches \u201c{text}\u201d, such as {some}; enter more "
        "of its name, or its code"
    )


def example_area(
    offered: Q,
    like: Area | None = None,
    chosen: Sequence[str] = (),
    place_id: int | None = None,
) -> Area | None:
    """The area the "Add an area" hint names as an example: one of `offered` (with
    figures here that the reader may see: `profile_figures.offered_areas`) of `like`'s
    type, or a local authority before the first area is chosen (the type a postcode
    then finds), one not in the comparison yet when there is one, the partnership's
    own place (`place_id`) first, then by name; None when there is none, and the hint
    names no example. One query."""
    kind = like.area_type if like is not None else AreaType.LOCAL_AUTHORITY
    return (
        Area.objects.filter(offered, area_type=kind)
        .annotate(
            compared=Case(
                When(code__in=list(chosen), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            elsewhere=Case(
                When(pk=place_id, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .order_by("compared", "elsewhere", "name", "code")
        .first()
    )


def _offered(found: Area, areas: QuerySet[Area], offered: Q | None) -> Area:
    if offered is not None and not areas.filter(pk=found.pk).exists():
        raise _no_figures([found])
    return found


def _named(areas: QuerySet[Area], text: str) -> list[Area]:
    """Up to six of `areas` called `text`, else whose name holds each of its words."""
    matches = list(areas.filter(name__iexact=text).order_by("name", "code")[:6])
    if not matches:
        named = areas
        for word in text.split():
            named = named.filter(name__icontains=word)
        matches = list(named.order_by("name", "code")[:6])
    return matches


def compare_areas(
    user: User | AnonymousUser, partnership: Partnership, choices: CompareChoices
) -> Comparison:
    """The chosen areas side by side for each indicator (or the chosen ones), at the
    latest period any of them has, each compared with England at 95%. A code of no
    area, or of no LIS indicator `user` may see, is left out and named in the
    comparison's `choices` (`CompareChoices.among`); the others are compared. With
    no area left there is nothing to compare: no rows, and no figures are read."""
    wanted = list(choices.codes)
    found_areas = {a.code: a for a in Area.objects.filter(code__in=[*wanted, ENGLAND])}
    known = indicator_infos(user, partnership)
    choices = choices.among(found_areas, (info.code for info in known.values()))
    areas = [found_areas[c] for c in choices.codes]
    england = found_areas.get(ENGLAND)
    if not areas:
        return Comparison([], england, [], choices)
    base = observations_for(user, partnership, known)
    if choices.indicator_codes:
        chosen = set(choices.indicator_codes)
        base = base.filter(indicator_id__in=[i for i, info in known.items() if info.code in chosen])
    ids = [a.pk for a in areas] + ([england.pk] if england else [])
    found = read_figures(base.filter(area_id__in=ids), known)
    rows = []
    for indicator_id, info in in_code_order(found.infos.items(), code=lambda kv: kv[1].code):
        period = found.latest(indicator_id, [a.pk for a in areas])
        if period is None:
            continue
        bench = found.figure(indicator_id, england.pk if england else None, period)
        cells = []
        for a in areas:
            figure = found.figure(indicator_id, a.pk, period)
            cells.append((a, figure, compare_figures(figure, bench, info)[0]))
        rows.append(CompareRow(info, period, bench, cells))
    return Comparison(areas, england, rows, choices)


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

    @property
    def notes(self) -> Notes:
        """The value notes of its figures, the benchmark's row first, in table order.
        A suppressed cell's reason is numbered too (its cell reads "Suppressed
        [note 1]"), written once below instead of in each of the 50 rows' cells; a
        missing figure's "Not available" stands in its place, unnumbered."""
        figures = [
            *(column.benchmark for column in self.columns),
            *(figure for row in self.rows for figure, _ in row.cells),
        ]
        return numbered([f for f in figures if f.available or f.suppressed], withheld=True)


RUG_PAGE = 50


def tartan_rug(
    user: User | AnonymousUser,
    partnership: Partnership,
    parent: Area,
    area_type: str = "",
    benchmark: str = "",
    page: int | None = 1,
) -> Rug:
    """Every area of `area_type` inside `parent` with figures `user` may see (a
    suppressed cell's note counts), or with areas below it that have some, × every
    indicator, at each indicator's latest period among those areas, compared at 95%
    with the parent (or England): the areas of page `page` (RUG_PAGE a page; a page
    past the last is the last), or all of them when `page` is None (the downloads).
    The parent itself is shown whether or not it has figures. The page reads its
    choices with `comparison_choices.asked_overview`, which names one it cannot
    use; here such a choice is a BadParameter."""
    types = RUG_AREA_TYPES
    if area_type and area_type not in types:
        raise BadParameter(unknown_area_type(area_type))
    if benchmark and benchmark not in RUG_BENCHMARKS:
        raise BadParameter(unknown_benchmark(benchmark))
    ancestors = ancestors_of(parent)
    england = next((a for a in ancestors if a.code == ENGLAND), None)
    if parent.code == ENGLAND:
        england = parent
    benchmark = benchmark or "parent"
    known = indicator_infos(user, partnership)
    base = observations_for(user, partnership, known).filter(indicator_id__in=list(known))
    # Only areas with figures the user may see, and those above them: not the
    # areas of other partnerships' places, nor types of area nobody has figures for.
    # The rows are those with any figure (a suppressed one shows its note); the
    # types offered, those with published figures.
    figures = offered_areas(user, partnership, known, inside=parent)
    inside = Area.objects.filter(within(parent)).exclude(area_type=AreaType.CUSTOM)
    if not area_type:
        area_type = (
            Area.objects.filter(parent=parent)
            .filter(figures)
            .values_list("area_type", flat=True)
            .first()
            or AreaType.LSOA
        )
    areas = inside.filter(area_type=area_type).filter(
        offered_areas(user, partnership, known, suppressed=True, inside=parent)
    )
    children = list(areas.order_by("name", "code"))
    # The areas of the type with figures of their own are all among the rows: the
    # latest periods are read without working out which areas have figures again.
    latest = _latest_periods(base, inside.filter(area_type=area_type).values("pk"))
    # A page past the last is the last; the downloads take every area on one page.
    shown_page = Paginator(children, RUG_PAGE if page is not None else max(1, len(children)))
    shown_page = shown_page.get_page(page or 1)
    shown = list(shown_page.object_list)
    bench_area = parent if benchmark == "parent" else england
    ids = [parent.pk] + ([england.pk] if england and england.pk != parent.pk else [])
    # Only the latest periods of the areas shown (and the benchmarks) are read.
    wanted = {period for period, _ in latest.values()}
    found = read_figures(
        base.filter(area_id__in=[*ids, *(c.pk for c in shown)], period__in=wanted), known
    )
    columns = []
    for indicator_id in in_code_order(latest, code=lambda i: known[i].code):
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
    # The choices are the types of area inside the parent with figures (no "Region"
    # inside a borough, no wards without figures), and the one shown.
    present = set(inside.filter(figures).order_by().values_list("area_type", flat=True).distinct())
    present |= {area_type}
    return Rug(
        parent=parent,
        ancestors=ancestors,
        area_type=area_type,
        benchmark=benchmark,
        benchmark_label=label,
        columns=columns,
        rows=rows,
        area_types=[(t, area_type_label(t), t == area_type) for t in types if t in present],
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
