"""How a choropleth colours its areas: plain functions, no database.

An indicator with a judgement (higher or lower is better) colours each area by how
its 95% confidence interval compares with the benchmark's value (`rules.compare`):
better, similar or worse, respecting the polarity; an area without limits, or
with no benchmark, is "Not compared". An indicator with no judgement colours areas
by quintile of their values (1 lowest to 5 highest). A suppressed area has no
figures at all: no value, no interval, no class beyond "suppressed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roundtable.lis.rules import Comparison, compare, quintile_of, quintiles, with_unit
from roundtable.performance.rules import Polarity

__all__ = [
    "SIGNIFICANCE_KEYS",
    "AreaFigure",
    "LegendEntry",
    "MapArea",
    "TABLE_ORDERS",
    "MapClasses",
    "classify",
    "format_figure",
    "table_order",
]

#: The classes a significance map uses, in legend order, with their CSS-ish keys.
SIGNIFICANCE_KEYS = {
    Comparison.BETTER: "better",
    Comparison.SIMILAR: "similar",
    Comparison.WORSE: "worse",
    Comparison.NOT_COMPARED: "not-compared",
}
SUPPRESSED = "suppressed"
NO_DATA = "no-data"


@dataclass(frozen=True)
class AreaFigure:
    """One area's published figure (or a suppressed cell, which carries none)."""

    code: str
    name: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    suppressed: bool = False
    note: str = ""


@dataclass(frozen=True)
class MapArea:
    """An area as the map shows it: its class key, the class's words, display text."""

    code: str
    name: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    key: str
    label: str
    text: str
    note: str

    @property
    def available(self) -> bool:
        """Whether it has a figure to show (a suppressed area has its note instead)."""
        return self.value is not None


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    areas: int


@dataclass(frozen=True)
class MapClasses:
    """Every area classified, and the legend (with how many areas each class has)."""

    method: str  # "significance" or "quintiles"
    areas: list[MapArea]
    legend: list[LegendEntry]
    breaks: list[float]


def format_figure(value: float | None, decimals: int, unit: str = "") -> str:
    """A figure as text, to the indicator's decimals, with thousands separators."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return f"{text}{unit}" if unit == "%" else text


def _text(figure: AreaFigure, decimals: int, unit: str) -> str:
    if figure.suppressed:
        return figure.note
    if figure.value is None:
        return "No data"
    value = format_figure(figure.value, decimals, unit)
    if figure.lower_95 is None or figure.upper_95 is None:
        return value
    low = format_figure(figure.lower_95, decimals, unit)
    high = format_figure(figure.upper_95, decimals, unit)
    return f"{value} (95% confidence interval {low} to {high})"


def classify(
    figures: Sequence[AreaFigure],
    polarity: Polarity | str,
    benchmark: float | None,
    *,
    decimals: int = 1,
    unit: str = "",
    money: str = "",
) -> MapClasses:
    """Classify each area for the map.

    With a judgement: `rules.compare` at 95% against `benchmark`. With no judgement:
    quintiles of the published values (suppressed cells are not counted: their
    values never leave the server, and must not shift the breaks either).
    """
    polarity = Polarity(polarity)
    shown = [f for f in figures if not f.suppressed]
    by_quintile = polarity is Polarity.NO_JUDGEMENT
    breaks = quintiles(f.value for f in shown) if by_quintile else []
    areas: list[MapArea] = []
    for figure in figures:
        if figure.suppressed:
            key, label = SUPPRESSED, "Suppressed"
        elif figure.value is None:
            key, label = NO_DATA, "No data"
        elif by_quintile:
            quintile = quintile_of(figure.value, breaks) or 3  # one value: the middle
            key, label = f"q{quintile}", f"Quintile {quintile}"
        else:
            comparison = compare(
                figure.value, figure.lower_95, figure.upper_95, benchmark, polarity
            )
            key, label = SIGNIFICANCE_KEYS[comparison], comparison.value
        suppressed = figure.suppressed
        areas.append(
            MapArea(
                code=figure.code,
                name=figure.name,
                value=None if suppressed else figure.value,
                lower_95=None if suppressed else figure.lower_95,
                upper_95=None if suppressed else figure.upper_95,
                key=key,
                label=label,
                text=_text(figure, decimals, unit),
                note=figure.note,
            )
        )
    if by_quintile:
        order = [(f"q{n}", _quintile_label(n, breaks, decimals, unit, money)) for n in range(1, 6)]
    else:
        order = [(key, comparison.value) for comparison, key in SIGNIFICANCE_KEYS.items()]
    order += [(SUPPRESSED, "Suppressed"), (NO_DATA, "No data")]
    counts: dict[str, int] = {}
    for area in areas:
        counts[area.key] = counts.get(area.key, 0) + 1
    legend = [
        LegendEntry(key, label, counts.get(key, 0))
        for key, label in order
        if counts.get(key) or key.startswith("q") or key in SIGNIFICANCE_KEYS.values()
    ]
    return MapClasses("quintiles" if by_quintile else "significance", areas, legend, breaks)


#: How the map's table (and its download) may be ordered: the page's `order` parameter.
#: Without it the areas come as the map lists them: by code, or nearest first when
#: compared with an area's statistical neighbours.
TABLE_ORDERS = {
    "name": "Area name",
    "highest": "Value, highest first",
    "lowest": "Value, lowest first",
}


def table_order(areas: Sequence[MapArea], order: str) -> list[MapArea]:
    """The areas in the table's `order` (a key of `TABLE_ORDERS`, or "" for the map's
    own order). By value, areas without a figure come last, in the map's order: a
    suppressed area carries no value, so where it would fall is never shown. Ties keep
    the map's order. Raises ValueError for an order that is not one of them."""
    if order == "":
        return list(areas)
    if order == "name":
        return sorted(areas, key=lambda area: area.name.casefold())
    if order not in TABLE_ORDERS:
        raise ValueError(f"there is no table order “{order}”")
    sign = -1 if order == "highest" else 1
    return sorted(
        areas,
        key=lambda area: (area.value is None, 0 if area.value is None else sign * area.value),
    )


def _quintile_label(
    n: int, breaks: Sequence[float], decimals: int, unit: str, money: str = ""
) -> str:
    """The key's words for a quintile, its figures in money's unit when it has one
    ("up to £12.5", `rules.with_unit`)."""
    if len(breaks) != 4:
        return f"Quintile {n}"
    low = with_unit(format_figure(breaks[n - 2], decimals, unit), money) if n > 1 else ""
    high = with_unit(format_figure(breaks[n - 1], decimals, unit), money) if n < 5 else ""
    if n == 1:
        return f"Quintile 1 (lowest): up to {high}"
    if n == 5:
        return f"Quintile 5 (highest): above {low}"
    return f"Quintile {n}: above {low} up to {high}"
