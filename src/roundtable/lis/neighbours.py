"""Statistical neighbours: the areas of an area's type nearest it over chosen
indicators (`rules.statistical_neighbours`), and the group's figure for an
indicator, the neighbours' counts and denominators summed and the rate recomputed
(never an average of rates). The area profile compares with that figure, the
neighbours page lists the group, and the map shows it as its comparator.

Reads through `profile_figures` (what the user may see). A suppressed cell counts as
missing: an area with one is left out of the distances, and a member with one makes
the group's figure unavailable, so the sum cannot give a suppressed count away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roundtable.core.words import listed
from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.lis import rules
from roundtable.lis.profile_figures import (
    NOT_AVAILABLE,
    BadParameter,
    Figure,
    Found,
    IndicatorInfo,
    indicators_by_code,
    observations_for,
    read_figures,
)
from roundtable.performance.choices import ValueType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from django.http import QueryDict

    from roundtable.accounts.models import User
    from roundtable.lis.models import Observation
    from roundtable.partnership.models import Partnership
    from roundtable.performance.models import Indicator

MAX_NEIGHBOURS = 50
#: How many neighbours an address that does not say (`n`) is given.
DEFAULT_N = 10


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

    @property
    def why_none(self) -> str:
        """Why the area has no neighbours, in words ("no other local authority has a
        published figure for Stroke admissions"); blank when it has some."""
        if self.neighbours:
            return ""
        if self.target.area_type == AreaType.CUSTOM:
            return "statistical neighbours are found among official areas only"
        label = area_type_label(self.target.area_type)
        kind = label[:1].lower() + label[1:]
        names = [i.name for i in self.indicators]
        which = names[0] if len(names) == 1 else f"every one of {listed(names)}"
        some = (
            f" ({self.left_out:,} {'has' if self.left_out == 1 else 'have'} some of them, not all)"
            if self.left_out and len(names) > 1
            else ""
        )
        return f"no other {kind} has a published figure for {which}{some}"


def shared_codes(
    user: User | AnonymousUser, partnership: Partnership, area: Area, codes: Sequence[str]
) -> set[str]:
    """Of `codes` (indicators the neighbours form offers for `area`), those another
    official area of `area`'s type has a published figure for: the only ones its
    statistical neighbours can be found by. One query."""
    return set(
        observations_for(user, partnership)
        .filter(
            indicator__code__in=list(codes),
            suppressed=False,
            value__isnull=False,
            area__area_type=area.area_type,
            area__partnership__isnull=True,
        )
        .exclude(area=area)
        .values_list("indicator__code", flat=True)
        .distinct()
    )


NO_INDICATOR = "Choose at least one indicator to find neighbours by"
#: The neighbours form's fields: one of them in the address means the form was sent.
FORM_FIELDS = ("indicator", "by", "n", "download")


def asked_codes(query: QueryDict) -> tuple[list[str], str]:
    """The indicator codes the neighbours page is asked for (`indicator=`, or `by=` as
    the profile and the map name the same choice), and the form's error when it was
    sent with none ticked; blank before it is sent (the page's address alone)."""
    asked = query.getlist("indicator") + query.getlist("by")
    codes = [c for c in asked if c.strip()]
    sent = any(name in query for name in FORM_FIELDS)
    return codes, NO_INDICATOR if sent and not codes else ""


def offered_codes(
    query: QueryDict, codes: Sequence[str], offered: Sequence[str], area: Area
) -> tuple[list[str], str]:
    """The asked `codes` the form offers (`offered`: the codes of the indicators
    with a published figure for `area` that the reader may see, the form's boxes),
    spelt as it offers them so that they are ticked, and the form's error on its
    indicators for the first asked code that is not one of them, naming its parameter
    (`indicator=` or `by=`) and the code; blank when every one is offered. An unknown
    code, one not on the LIS, one the reader may not see and one without a published
    figure for the area read the same, so the message gives away nothing the page
    does not show."""
    by_lower = {code.lower(): code for code in offered}
    error = ""
    for name in ("indicator", "by"):
        for typed in query.getlist(name):
            if not error and typed.strip() and typed.strip().lower() not in by_lower:
                error = (
                    f"{name}: there is no indicator \u201c{typed.strip()}\u201d with a "
                    f"published figure for {area.name}; tick the indicators to find "
                    "neighbours by"
                )
    kept = [by_lower[c.strip().lower()] for c in codes if c.strip().lower() in by_lower]
    return list(dict.fromkeys(kept)), error


#: A "How many neighbours" that is not a whole number from 1 to MAX_NEIGHBOURS, as the
#: neighbours page and the map say it beside the field.
N_ERROR = f"Enter a whole number from 1 to {MAX_NEIGHBOURS}"


def parse_n(text: str | None, default: int = DEFAULT_N) -> int:
    """How many neighbours an address asks for (`n`, `default` when it has none);
    BadParameter naming `n` when it is not a whole number from 1 to MAX_NEIGHBOURS."""
    if text is None or not text.strip():
        return default
    text = text.strip()
    n = int(text) if text.isdecimal() else 0  # digits only: not "+5", "1_0" or "²"
    if not 1 <= n <= MAX_NEIGHBOURS:
        raise BadParameter(
            f"n: enter a whole number from 1 to {MAX_NEIGHBOURS} for how many neighbours"
        )
    return n


def asked_n(query: QueryDict, default: int = DEFAULT_N) -> tuple[int, str]:
    """How many neighbours the neighbours page's form asks for, and the form's error
    beside that field (`N_ERROR`) when it is not a whole number from 1 to
    MAX_NEIGHBOURS; `default` stands in for it then."""
    try:
        return parse_n(query.get("n"), default), ""
    except BadParameter:
        return default, N_ERROR


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
    chosen = indicators_by_code(user, partnership, codes, "indicator")
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
            i.pk,
            i.code,
            i.name,
            i.polarity,
            i.value_type,
            i.multiplier,
            i.decimals,
            i.unit,
            i.ci_method,
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


def group_figures(
    base: QuerySet[Observation], found: Found, area: Area, members: list[Area]
) -> dict[int, Figure]:
    """The neighbours' figure for each indicator at the area's latest period: their
    counts and denominators summed and the rate recomputed (never an average of
    rates). A member with a suppressed or missing cell makes the group's figure
    unavailable, so the sum cannot give a suppressed count away."""
    periods = {found.latest(i, [area.pk]) for i in found.infos} - {None}
    rows = read_figures(
        base.filter(area_id__in=[m.pk for m in members], period__in=periods), found.known
    )
    out = {}
    for indicator_id, info in found.infos.items():
        period = found.latest(indicator_id, [area.pk])
        if period is not None:
            out[indicator_id] = _summed(rows, info, period, members)
    return out


def _summed(rows: Found, info: IndicatorInfo, period: str, members: list[Area]) -> Figure:
    """The members' figure for one indicator and period (`group_figures`), or why
    there is none in words ("Not available: averages cannot be added up across
    areas"; `rules.group_figure_gap`)."""
    pairs = []
    for member in members:
        row = rows.cells[info.id].get(member.pk, {}).get(period)
        if row is None or row["suppressed"]:
            pairs.append((None, None))
        else:
            pairs.append((row["count"], row["denominator"]))
    without = sum(1 for count, denominator in pairs if count is None or denominator is None)
    gap = rules.group_figure_gap(info.value_type, len(members), without)
    if gap:
        return Figure.missing(f"{NOT_AVAILABLE}: {gap}")
    summed = rules.aggregate(pairs, info.multiplier, info.value_type, info.ci_method)
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
    as the profile's neighbours comparator is (`group_figures`): the neighbours'
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
        indicator.ci_method,
    )
    members = [a for a, _ in group.neighbours]
    base = observations_for(user, partnership, {info.id: info})
    rows = read_figures(
        base.filter(area_id__in=[m.pk for m in members], period=period), {info.id: info}
    )
    return _summed(rows, info, period, members)
