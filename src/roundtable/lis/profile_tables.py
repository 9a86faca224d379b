"""The area pages' downloads: a profile, a comparison, a tartan rug or a group of
statistical neighbours as a header and rows, which the views give as CSV or XLSX
(`core.exports.table_download`). Each figure's columns are `FIGURE_HEADER`; a
suppressed cell's are blank but for its note (`profile_figures.Figure.of`).

Figures are as published, never rounded to the page's decimals (as Fingertips' CSV
and a dataset's `observations.csv` give them). The columns partners' tools read
keep their names and order; `unit` (the indicator's, `rules.unit_label`) is added
last on every table with figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roundtable.lis.comparisons import Comparison, Rug
    from roundtable.lis.neighbours import NeighbourGroup
    from roundtable.lis.profile_figures import Figure
    from roundtable.lis.profiles import AreaProfile

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
        "unit",
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
            r.indicator.unit_label,
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
        "unit",
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
            r.indicator.unit_label,
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
        "unit",
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
            column.indicator.unit_label,
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
