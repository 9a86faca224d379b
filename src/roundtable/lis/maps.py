"""Reads for LIS maps: an indicator's published figures for the areas of a type
inside a parent area, classified for a choropleth (`mapping.classify`).

Maps publish open data only, whoever looks (as the API does): the observations of
published datasets, read through `queries.public_observations`, and a suppressed
cell's figures are dropped here (`queries.public_observation`) before anything is
classified, so they reach neither the map data, the table nor the quintile breaks.

The benchmark an area is compared with is the parent area's value for the same
indicator and period when the LIS has it (and it is not suppressed), else
England's (E92000001), else there is none and every area is "Not compared".
A `Comparator` chooses otherwise: England's only, the parent's only, or an area's
statistical neighbours (`neighbours.statistical_neighbours`), when the map shows only
that area and its neighbours, each compared with the neighbours' figure worked out
as the area profile does (`neighbours.group_figure`: counts and denominators summed).
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse

from roundtable.core import cache as pages
from roundtable.core.words import listed
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis import neighbours, profile_figures, queries, rules
from roundtable.lis.mapping import (
    AreaFigure,
    MapArea,
    MapClasses,
    classify,
    format_figure,
    table_order,
)
from roundtable.lis.models import Observation
from roundtable.lis.periods import period_name
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from roundtable.lis.models import Dataset
    from roundtable.partnership.models import Partnership

ENGLAND = "E92000001"
#: The area types a map can show; boundaries exist for these (`boundary_store`).
MAP_AREA_TYPES = (AreaType.LSOA, AreaType.MSOA, AreaType.LOCAL_AUTHORITY)
#: The map's area types in a sentence ("no figures for local authorities").
PLURALS = {
    AreaType.LSOA: "lower layer super output areas (LSOAs)",
    AreaType.MSOA: "middle layer super output areas (MSOAs)",
    AreaType.LOCAL_AUTHORITY: "local authorities",
}
#: Parent areas a map can be drawn inside ("Inside"), broadest first.
PARENT_TYPES = (AreaType.COUNTRY, AreaType.REGION, AreaType.LOCAL_AUTHORITY)
#: The most areas `/lis/boundaries/<type>.json?areas=...` names (an area and its
#: statistical neighbours, a few local authorities).
MAX_NAMED_AREAS = 60


@dataclass(frozen=True)
class Benchmark:
    area_code: str
    area_name: str
    value: float
    text: str


COMPARE_CHOICES = ("parent", "england", "neighbours")
NO_JUDGEMENT = "this indicator has no judgement of better or worse"


@dataclass(frozen=True)
class Comparator:
    """What the map's areas are compared with: "" (the parent area if it has a
    figure, else England), "parent", "england", or "neighbours" of `area` over the
    indicators `by` (their `n` nearest areas of its type)."""

    kind: str = ""
    area: Area | None = None
    by: tuple[str, ...] = ()
    n: int = 10

    @property
    def key(self) -> tuple:
        return (self.kind, self.area.pk if self.area else None, self.by, self.n)

    def as_query(self) -> dict[str, Any]:
        """The comparator's part of the map's address (its permalink)."""
        if not self.kind:
            return {}
        if self.kind != "neighbours" or self.area is None:
            return {"compare": self.kind}
        return {"compare": self.kind, "area": self.area.code, "by": list(self.by), "n": self.n}


@dataclass(frozen=True)
class MapData:
    indicator: Indicator
    area_type: str
    within: Area | None
    period: str
    benchmark: Benchmark | None
    classes: MapClasses
    periods: list[str]
    profile_url: str = ""
    comparator: Comparator = Comparator()
    group: neighbours.NeighbourGroup | None = None
    #: Why the neighbours' figure could not be worked out, if it could not.
    group_note: str = ""
    #: When the map has no areas: the map's area types the indicator does have
    #: published figures for, smallest first (empty otherwise).
    figures_for: tuple[str, ...] = ()

    @property
    def other_area_types(self) -> list[str]:
        """The area types to offer instead when this map has no areas, because the
        indicator has no figures for its area type at all (when it has some, another
        period or parent area is what to change)."""
        if self.area_type in self.figures_for:
            return []
        return list(self.figures_for)

    @property
    def summary(self) -> str:
        """What the colours say, above the map and in its data (the script shows it),
        naming the figures' unit (`rules.unit_label`): after the benchmark's figure
        when there is one ("London (115.0 per 100,000 person-years)", "London
        (30.0%)"), else in a sentence of its own ("Unit: persons per hectare.")."""
        if not self.classes.areas and self.group is None:
            return self._empty_summary()
        said = self._summary()
        with_figure = self.benchmark is not None and self.classes.method != "quintiles"
        if with_figure or not self._unit_words:
            return said
        return f"{said} Unit: {self._unit_words}."

    @property
    def _unit_words(self) -> str:
        """The unit the summary names: `rules.unit_label`'s, but none for a proportion,
        whose figures carry their "%" (`format_figure`) as the map's key does."""
        return "" if _unit(self.indicator) else self.indicator.unit_label

    def _with_unit(self, figure: str) -> str:
        # "3.7%", not "3.7 %"; "£12.5", not "12.5 £" (`rules.with_unit`)
        return rules.with_unit(figure, self._unit_words)

    def area_words(self, area: MapArea) -> str:
        """An area's figure as a sentence gives it, its unit after the value as the
        summary names it ("128.8 per 100,000 person-years (95% confidence interval
        51.8 to 265.3)"; a proportion's "%" is on its figures): the table's heading
        names the unit, but "My area" stands alone above the map."""
        value = (
            format_figure(area.value, self.indicator.decimals, _unit(self.indicator))
            if area.value is not None
            else ""
        )
        if not value or not self._unit_words or not area.text.startswith(value):
            return area.text
        return self._with_unit(value) + area.text[len(value) :]

    @property
    def benchmark_words(self) -> str:
        """The benchmark's figure with its unit, as the summary gives it ("109.5 per
        100,000 person-years", "30.0%"); empty without a benchmark."""
        return self._with_unit(self.benchmark.text) if self.benchmark is not None else ""

    def _summary(self) -> str:
        if self.group is not None:
            names = ", ".join(i.name for i in self.group.indicators)
            if not self.group.neighbours:
                return (
                    f"{self.group.target.name} has no statistical neighbours over {names}, "
                    f"so it is not compared: {self.group.why_none}."
                )
            who = (
                f"{self.group.target.name} and its {len(self.group.neighbours)} statistical "
                f"neighbours (nearest by standardised Euclidean distance over {names})"
            )
            if self.classes.method == "quintiles":
                return f"{who}, coloured by quintile: {NO_JUDGEMENT}."
            if self.benchmark is not None:
                return (
                    f"{who}, compared with the neighbours' figure "
                    f"({self._with_unit(self.benchmark.text)}: their "
                    "counts and denominators added up) at 95% confidence."
                )
            why = self.group_note.removeprefix(f"{profile_figures.NOT_AVAILABLE}: ")
            why = why[:1].lower() + why[1:] if why else "not available"
            return f"{who}, not compared: the neighbours' figure cannot be worked out ({why})."
        if self.classes.method == "quintiles":
            return f"Areas are coloured by quintile: {NO_JUDGEMENT}."
        if self.benchmark is not None:
            return (
                f"Areas are compared with {self.benchmark.area_name} "
                f"({self._with_unit(self.benchmark.text)}) "
                "at 95% confidence."
            )
        return "No benchmark figure is published for this period, so areas are not compared."

    def _empty_summary(self) -> str:
        where = f" in {self.within.name}" if self.within else ""
        text = (
            f"{self.indicator.name} has no published figures for "
            f"{PLURALS[self.area_type]}{where} in {period_name(self.period) or 'any period'}."
        )
        if self.area_type in self.figures_for:
            return f"{text} Choose another period, or another area in \u201cInside\u201d."
        others = self.other_area_types
        if others:
            names = listed(PLURALS[t] for t in others)
            return f"{text} It has figures for {names}: choose them in \u201cAreas\u201d."
        return text

    @property
    def group_codes(self) -> list[str]:
        """The chosen area's code, then its neighbours' nearest first."""
        return _group_codes(self.group) if self.group is not None else []

    def as_json(self, profile_url: str = "") -> dict[str, Any]:
        """The map data as `/lis/map/data.json` answers it. `profile_url` is the
        address of an area's profile with `{code}` for its code."""
        labels = {a.key: a.label for a in self.classes.areas}
        return {
            "indicator": {
                "code": self.indicator.code,
                "name": self.indicator.name,
                "polarity": self.indicator.polarity,
                # The figures' unit, as the table's "Value" heading names it.
                "unit": self.indicator.unit_label,
                # The unit said after an area's figure, as "My area" and the summary
                # say it; empty for a proportion, whose figures carry their "%".
                "value_unit": self._unit_words,
                # What the script writes before and after a figure (`rules.unit_affixes`).
                "value_affixes": list(rules.unit_affixes(self._unit_words)),
            },
            "area_type": self.area_type,
            "within": self.within.code if self.within else None,
            "period": self.period,
            "periods": self.periods,
            # How they read on the page ("June 2012" for "2012-06"), in the same order.
            "period_name": period_name(self.period),
            "period_names": [period_name(p) for p in self.periods],
            "method": self.classes.method,
            "benchmark": (
                None
                if self.benchmark is None
                else {
                    "area_code": self.benchmark.area_code,
                    "area_name": self.benchmark.area_name,
                    "value": self.benchmark.value,
                    "text": self.benchmark.text,
                }
            ),
            "legend": [
                {"key": e.key, "label": e.label, "areas": e.areas} for e in self.classes.legend
            ],
            "labels": labels,
            "profile_url": profile_url,
            "compare": self.comparator.kind,
            "group": self.group_codes or None,
            "group_note": self.group_note,
            "summary": self.summary,
            "area_types_with_figures": list(self.figures_for),
            "areas": {a.code: _area_json(a) for a in self.classes.areas},
        }

    @cached_property
    def json_bytes(self) -> bytes:
        """`as_json` encoded once (a map of every LSOA is some megabytes)."""
        return json.dumps(
            self.as_json(self.profile_url), separators=(",", ":"), ensure_ascii=False
        ).encode()

    @cached_property
    def json_gzipped(self) -> bytes:
        return gzip.compress(self.json_bytes, compresslevel=6, mtime=0)


def _area_json(area: MapArea) -> dict[str, Any]:
    item = {
        "name": area.name,
        "value": area.value,
        "lower_ci_95": area.lower_95,
        "upper_ci_95": area.upper_95,
        "class": area.key,
        "text": area.text,
    }
    if area.note:
        item["note"] = area.note
    return item


def map_indicators(partnership: Partnership) -> list[Indicator]:
    """The public LIS indicators of a partnership the map can show: those with a
    figure for one of the map's area types by `figure_area_types` (public, not
    suppressed), so none whose only figures are suppressed, which would be an
    all-grey map. Read from the form's kept choices (`indicator_area_types`): one
    query past them."""
    with_figures = list(indicator_area_types(partnership))
    return list(
        queries.lis_indicators(partnership.slug)
        .filter(pk__in=with_figures)
        .order_by("name", "code")
    )


@dataclass(frozen=True)
class MapChoices:
    """What the map's form offers beyond its indicators: only choices that lead to
    figures (open data, as the map shows: `profile_figures.offered_areas` for the
    public). The page's own choices are kept whatever they are, so its address
    still renders, with the message saying why the map is empty."""

    #: The map's area types ("Areas") with a published figure, smallest first.
    area_types: tuple[str, ...]
    #: Each indicator's map area types with a published figure, by its id: the
    #: indicators "Nearest by" offers for a map of a type. An area's statistical
    #: neighbours cannot be found by an indicator without figures for its type.
    indicator_types: dict[int, tuple[str, ...]]
    #: "Inside": the countries, regions and local authorities with published
    #: figures, or with areas in them that have some (not other partnerships'
    #: places), and the chosen one.
    parents: list[Area]

    def nearest_by(
        self, indicators: list[Indicator], area_type: str, ticked: tuple[str, ...] = ()
    ) -> list[NearestBy]:
        """ "Nearest by": the indicators with a published figure for a map area type,
        each shown when it has one for `area_type` or is `ticked` (so that it can be
        unticked); the others are on the page, hidden, for the script to show when
        "Areas" changes."""
        out = []
        for indicator in indicators:
            types = self.indicator_types.get(indicator.pk, ())
            if types or indicator.code in ticked:
                shown = area_type in types or indicator.code in ticked
                out.append(NearestBy(indicator, " ".join(types), shown))
        return out


@dataclass(frozen=True)
class NearestBy:
    """One indicator of "Nearest by": its map area types with figures, space
    separated (`data-area-types`), and whether it is shown."""

    indicator: Indicator
    area_types: str
    shown: bool


def map_choices(
    partnership: Partnership, area_type: str = "", inside: Area | None = None
) -> MapChoices:
    """The map form's choices (`MapChoices`), keeping `area_type` and `inside`, the
    page's own. Two queries, however many areas and figures there are, kept until
    anything is written (`_kept_choices`)."""
    indicator_types, parents = _kept_choices(partnership)
    every = {t for kinds in indicator_types.values() for t in kinds}
    every |= {area_type} if area_type else set()
    if inside is not None and inside.pk not in {a.pk for a in parents}:
        parents = sorted([*parents, inside], key=lambda a: (a.area_type, a.name))
    return MapChoices(
        area_types=tuple(t.value for t in MAP_AREA_TYPES if t in every),
        indicator_types=indicator_types,
        parents=parents,
    )


def figure_area_types(
    partnership: Partnership, indicator: Indicator | None = None
) -> dict[int, tuple[str, ...]]:
    """The map's area types with a figure the map's reader may see, smallest first, by
    indicator id (only `indicator`'s, when given). The one rule of which types of area
    have figures, for the form's indicators (`map_indicators`: none with figures for
    no type), "Areas" and "Nearest by" (`map_choices`), the
    indicator a map opens on (`first_with_figures`), the type it opens on
    (`finest_area_type`), and the types an empty map offers and the script moves it
    to (`MapData.figures_for`). As the public sees them (the map shows open data
    only: published datasets, public indicators on the partnership's LIS, totals for
    everyone), and a suppressed cell is no figure: a type of area whose only figures
    are suppressed has nothing to show. One query."""
    rows = (
        profile_figures.observations_for(AnonymousUser(), partnership)
        .filter(suppressed=False, value__isnull=False, area__area_type__in=MAP_AREA_TYPES)
        .order_by()
        .values_list("indicator_id", "area__area_type")
        .distinct()
    )
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    found: dict[int, set[str]] = {}
    for indicator_id, kind in rows:
        found.setdefault(indicator_id, set()).add(kind)
    return {pk: tuple(t.value for t in MAP_AREA_TYPES if t in kinds) for pk, kinds in found.items()}


def indicator_area_types(partnership: Partnership) -> dict[int, tuple[str, ...]]:
    """`figure_area_types` of every map indicator of the partnership, kept until
    anything is written, with the rest of the form's choices (`_kept_choices`)."""
    return _kept_choices(partnership)[0]


def first_with_figures(
    indicators: list[Indicator], area_type: str, types: Mapping[int, tuple[str, ...]]
) -> Indicator | None:
    """The first of `indicators` (in their order) with figures for areas of
    `area_type` (`types`: `figure_area_types`), or None: what the map shows when no
    indicator is asked for, so that it does not open on an empty map of an indicator
    kept for the borough only, nor on one whose figures for those areas are all
    suppressed."""
    return next((i for i in indicators if area_type in types.get(i.pk, ())), None)


def finest_area_type(indicator: Indicator, types: Mapping[int, tuple[str, ...]]) -> str | None:
    """The smallest of the map's area types the indicator has figures for (`types`:
    `figure_area_types`), or None when it has none."""
    return next(iter(types.get(indicator.pk, ())), None)


def indicator_periods(indicator: Indicator) -> list[str]:
    """The periods an indicator has published figures for, newest first."""
    rows = (
        _public()
        .filter(indicator=indicator)
        .values_list("period", "period_start", "period_end")
        .distinct()
        .order_by("-period_start", "-period_end")
    )
    seen: list[str] = []
    for label, _start, _end in rows:
        if label not in seen:
            seen.append(label)
    return seen


def default_period(
    indicator: Indicator, area_type: str, inside: Area | None, periods: list[str] | None = None
) -> str:
    """The period a map opens at: the newest with a published figure (not suppressed)
    for the areas it shows, so a newer period that has figures for other areas only,
    or suppressed ones only, does not open an empty map; else the newest of all.
    Usually one query past the periods' (`periods`, when the caller has them)."""
    if periods is None:
        periods = indicator_periods(indicator)
    shown = queries.public_observations(
        queries.ObservationFilter(indicators=[indicator.pk], area_type=area_type, inside=inside)
    ).filter(suppressed=False)
    for period in periods:
        if shown.filter(period=period).exists():
            return period
    return periods[0] if periods else ""


def _public() -> QuerySet[Observation]:
    return Observation.objects.visible_to(AnonymousUser())


def _figures(
    indicator: Indicator,
    area_type: str,
    inside: Area | None,
    period: str,
    codes: list[str] | None = None,
) -> list[AreaFigure]:
    """The published figures (of the areas `codes` only, when given); a suppressed
    cell's are dropped by `public_observation` before they are read, so only its
    note is left."""
    chosen = queries.ObservationFilter(
        indicators=[indicator.pk], area_type=area_type, inside=inside, period=period
    )
    found = queries.public_observations(chosen)
    if codes is not None:
        found = found.filter(area__code__in=codes)
    figures = []
    for row in found.values(*queries.OBSERVATION_FIELDS):
        item = queries.public_observation(row)
        figures.append(
            AreaFigure(
                code=item["area_code"],
                name=item["area_name"],
                value=item["value"],
                lower_95=item["lower_ci_95"],
                upper_95=item["upper_ci_95"],
                suppressed=row["suppressed"],
                note=item["note"] or "",
            )
        )
    return figures


def _benchmark(
    indicator: Indicator, inside: Area | None, period: str, kind: str = ""
) -> Benchmark | None:
    candidates = [inside.code] if inside is not None and kind in ("", "parent") else []
    candidates += [ENGLAND] if kind in ("", "england") else []
    chosen = queries.ObservationFilter(indicators=[indicator.pk], period=period)
    rows = {
        row["area_code"]: row
        for row in (
            queries.public_observation(row)
            for row in queries.public_observations(chosen)
            .filter(area__code__in=candidates)
            .values(*queries.OBSERVATION_FIELDS)
        )
    }
    for code in candidates:
        row = rows.get(code)
        if row is not None and row["value"] is not None:
            text = format_figure(row["value"], indicator.decimals, _unit(indicator))
            return Benchmark(code, row["area_name"], row["value"], text)
    return None


def _unit(indicator: Indicator) -> str:
    return "%" if indicator.value_type == "proportion" else ""


def _money(indicator: Indicator) -> str:
    """The unit of an indicator in money ("£", "£ million"), which the key's figures
    carry ("up to £12.5"); blank for any other unit, which the summary names."""
    label = "" if _unit(indicator) else indicator.unit_label
    return label if rules.unit_affixes(label)[0] else ""


def map_data(
    indicator: Indicator,
    area_type: str,
    inside: Area | None,
    period: str,
    profile_url: str = "",
    comparator: Comparator = Comparator(),
    partnership: Partnership | None = None,
) -> MapData:
    """The indicator's figures for `area_type` areas inside `inside` in `period`,
    classified against the benchmark (four queries, however many areas). Compared
    with statistical neighbours, the areas are the chosen area and its neighbours
    wherever they are (`inside` is not used), against the neighbours' figure; a
    choice that cannot be used raises `profile_figures.BadParameter`."""
    group = None
    group_note = ""
    if comparator.kind == "neighbours":
        if comparator.area is None or partnership is None:
            raise profile_figures.BadParameter("area: choose the area whose neighbours to compare")
        group = neighbours.statistical_neighbours(
            AnonymousUser(), partnership, comparator.area, comparator.by, comparator.n
        )
        order = {code: n for n, code in enumerate(_group_codes(group))}
        figures = sorted(
            _figures(indicator, area_type, None, period, list(order)),
            key=lambda f: order[f.code],
        )
        summed = neighbours.group_figure(AnonymousUser(), partnership, indicator, period, group)
        benchmark = None
        if summed.available:
            name = f"the {len(group.neighbours)} statistical neighbours of {comparator.area.name}"
            text = format_figure(summed.value, indicator.decimals, _unit(indicator))
            benchmark = Benchmark("", name, summed.value, text)
        else:
            group_note = summed.note
    else:
        figures = _figures(indicator, area_type, inside, period)
        benchmark = _benchmark(indicator, inside, period, comparator.kind)
    # A count is shaded by quintile: against a larger area's count it is only ever
    # "lower", which says nothing (the profile does not compare counts either).
    judged = indicator.value_type != "count"
    classes = classify(
        figures,
        (indicator.polarity or "none") if judged else "none",
        benchmark.value if benchmark else None,
        decimals=indicator.decimals,
        unit=_unit(indicator),
        money=_money(indicator),
    )
    periods = indicator_periods(indicator)
    return MapData(
        indicator,
        area_type,
        inside,
        period,
        benchmark,
        classes,
        periods,
        profile_url,
        comparator,
        group,
        group_note,
        _figure_types(indicator, partnership) if not figures and group is None else (),
    )


def _figure_types(indicator: Indicator, partnership: Partnership | None) -> tuple[str, ...]:
    """The map's area types `indicator` has figures for (`figure_area_types`): what an
    empty map offers instead. A needs page's map embed names no partnership: the
    indicator's own is the map's."""
    return figure_area_types(partnership or indicator.partnership, indicator).get(indicator.pk, ())


def _group_codes(group: neighbours.NeighbourGroup) -> list[str]:
    return [group.target.code, *(a.code for a, _ in group.neighbours)]


#: Recent maps kept in this process, until the next write anywhere (the anonymous
#: page cache's generation, `core.cache`): a map of every LSOA of England and Wales
#: takes seconds to read and classify and is the same for everyone.
KEPT_MAPS = 8
_kept: OrderedDict[tuple, MapData] = OrderedDict()
_kept_lock = threading.Lock()


def kept_map_data(
    indicator: Indicator,
    area_type: str,
    inside: Area | None,
    period: str,
    profile_url: str = "",
    comparator: Comparator = Comparator(),
    partnership: Partnership | None = None,
) -> MapData:
    """`map_data`, kept until anything is written (one cache read when kept)."""
    key = (
        pages.generation(),
        indicator.pk,
        area_type,
        inside.pk if inside else None,
        period,
        profile_url,
        comparator.key,
        partnership.pk if partnership else None,
    )
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    data = map_data(indicator, area_type, inside, period, profile_url, comparator, partnership)
    with _kept_lock:
        _kept[key] = data
        while len(_kept) > KEPT_MAPS:
            _kept.popitem(last=False)
    return data


_kept_choices_of: OrderedDict[tuple, tuple[dict[int, tuple[str, ...]], list[Area]]] = OrderedDict()


def _kept_choices(partnership: Partnership) -> tuple[dict[int, tuple[str, ...]], list[Area]]:
    """The partnership's map choices, read as the public sees them (the map shows
    open data only), kept in this process until anything is written, as maps are:
    which areas have figures takes a read of every figure (some 70 ms for 35,000
    LSOAs)."""
    key = (pages.generation(), partnership.pk)
    with _kept_lock:
        if key in _kept_choices_of:
            _kept_choices_of.move_to_end(key)
            return _kept_choices_of[key]
    public = AnonymousUser()
    offered = Q(area_type__in=PARENT_TYPES) & profile_figures.offered_areas(public, partnership)
    parents = Area.objects.filter(offered).select_related("parent").order_by("area_type", "name")
    kept = (figure_area_types(partnership), list(parents))
    with _kept_lock:
        _kept_choices_of[key] = kept
        while len(_kept_choices_of) > KEPT_MAPS:
            _kept_choices_of.popitem(last=False)
    return kept


def dataset_indicators(dataset: Dataset) -> list[Indicator]:
    """The public LIS indicators a published dataset has figures for (none for a held
    dataset: maps publish open data only)."""
    if not dataset.published:
        return []
    codes = _public().filter(dataset=dataset).values("indicator_id")
    return list(
        queries.lis_indicators(dataset.partnership.slug).filter(pk__in=codes).order_by("name")
    )


@dataclass(frozen=True)
class Outlines:
    """Addresses of the boundaries drawn under another map (the asset map): the
    local authorities an area covers, and their MSOAs, drawn faintly."""

    local_authorities: str
    msoas: str


def outlines_of(area: Area | None, zoom: int = 12) -> Outlines | None:
    """The outline of `area` (a partnership's area) as local authorities: itself if
    it is one, else the local authorities inside it (a region, or a custom area of
    whole boroughs); None when it has none. Open data: boundaries are public."""
    if area is None:
        return None
    if area.area_type == AreaType.LOCAL_AUTHORITY:
        codes = [area.code]
    else:
        found = queries.lis_areas(AreaType.LOCAL_AUTHORITY, area).values_list("code", flat=True)
        codes = list(found[: MAX_NAMED_AREAS + 1])
    if not codes or len(codes) > MAX_NAMED_AREAS:
        return None
    las = reverse("lis:boundaries", args=[AreaType.LOCAL_AUTHORITY])
    msoas = reverse("lis:boundaries", args=[AreaType.MSOA])
    return Outlines(
        local_authorities=f"{las}?{urlencode({'zoom': zoom, 'areas': ','.join(codes)})}",
        msoas=f"{msoas}?{urlencode({'zoom': zoom, 'within': area.code})}",
    )


def map_table(data: MapData, order: str = "") -> tuple[list[str], list[list[Any]]]:
    """The map as a table for CSV and XLSX: every area (not only the page's first
    1,000), in the page table's `order` (`mapping.table_order`), with the comparator
    and its figure, in its unit as the summary gives it, named in the class column's
    heading, and the unit (`rules.unit_label`) last, after
    the columns partners' tools already read. Figures are as published, not rounded
    to the page's decimals (as Fingertips' CSV and `observations.csv` give them). A
    suppressed area has no figures, only its note (they were never read)."""
    if data.classes.method == "quintiles":
        compared = "Quintile"
    elif data.benchmark is not None:
        compared = f"Compared with {data.benchmark.area_name} ({data.benchmark_words}) at 95%"
    else:
        compared = "Compared with: no benchmark figure"
    header = [
        "Area code",
        "Area",
        "Indicator",
        "Period",
        "Value",
        "Lower 95% limit",
        "Upper 95% limit",
        compared,
        "Note",
        "Unit",
    ]
    unit = data.indicator.unit_label
    rows = [
        [
            a.code,
            a.name,
            data.indicator.code,
            data.period,
            a.value,
            a.lower_95,
            a.upper_95,
            a.label,
            a.note,
            unit,
        ]
        for a in table_order(data.classes.areas, order)
    ]
    return header, rows
