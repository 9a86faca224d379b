"""The profile's SVG charts: pure functions, no database."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from roundtable.lis import profile_charts as charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output)


def spine(**kwargs) -> charts.SpineInput:
    values = {
        "value": 60.0,
        "benchmark": 50.0,
        "lowest": 30.0,
        "highest": 70.0,
        "comparison": "Better",
        "title": "Spine chart: Smoking",
        "desc": "Ealing: 60",
    }
    return charts.SpineInput(**{**values, **kwargs})


def test_spine_puts_the_benchmark_in_the_middle_and_the_farthest_value_at_the_reach():
    inp = spine()
    assert charts.spine_position(inp, 50.0) == 100
    # 70 and 30 are both 20 from the benchmark: the reach
    assert charts.spine_position(inp, 70.0) == 100 + charts.SPINE_REACH
    assert charts.spine_position(inp, 30.0) == 100 - charts.SPINE_REACH
    assert charts.spine_position(inp, 60.0) == 100 + charts.SPINE_REACH / 2


def test_spine_turns_round_when_lower_is_better_so_better_is_on_the_right():
    inp = spine(higher_is_better=False, value=40.0)
    assert charts.spine_position(inp, 40.0) == 100 + charts.SPINE_REACH / 2


def test_spine_draws_the_range_the_benchmark_and_the_area_coloured_by_comparison():
    root = parse(charts.spine(spine(comparison="Worse")))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Spine chart: Smoking"
    assert root.find(f"{SVG}desc").text == "Ealing: 60"
    bar = root.find(f"{SVG}rect")
    assert float(bar.get("x")) == 100 - charts.SPINE_REACH
    assert float(bar.get("width")) == 2 * charts.SPINE_REACH
    assert root.find(f"{SVG}circle").get("fill") == charts.COLOURS["Worse"]


def test_spine_is_empty_without_a_benchmark_or_a_value():
    assert charts.spine(spine(benchmark=None)) == ""
    assert charts.spine(spine(value=None)) == ""


def test_spine_without_a_range_still_shows_the_area_and_the_benchmark():
    root = parse(charts.spine(spine(lowest=None, highest=None)))
    assert root.find(f"{SVG}rect") is None
    assert root.find(f"{SVG}circle") is not None


def test_chart_text_is_escaped():
    svg = charts.spine(spine(title="<script>alert(1)</script>", desc="A & B"))
    assert "<script>" not in svg
    assert parse(svg).find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert "A &amp; B" in svg


def trend(**kwargs) -> charts.TrendInput:
    values = {
        "labels": ["2011", "2012", "2013"],
        "values": [10.0, 12.0, 14.0],
        "lower": [9.0, 11.0, 13.0],
        "upper": [11.0, 13.0, 15.0],
        "benchmark": [12.0, 12.0, 12.0],
        "title": "Trend: Smoking",
        "desc": "3 periods",
    }
    return charts.TrendInput(**{**values, **kwargs})


def test_trend_draws_a_point_and_a_whisker_per_period_and_the_benchmark_dashed():
    root = parse(charts.trend(trend()))
    assert len(root.findall(f"{SVG}circle")) == 3
    lines = [line for line in root.findall(f"{SVG}line") if line.get("stroke") == charts.GREY]
    assert len(lines) == 3
    dashed = [p for p in root.findall(f"{SVG}polyline") if p.get("stroke-dasharray")]
    assert len(dashed) == 1
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert "2011" in labels
    assert "2013" in labels


def test_trend_higher_values_are_drawn_higher_up():
    root = parse(charts.trend(trend()))
    ys = [float(c.get("cy")) for c in root.findall(f"{SVG}circle")]
    assert ys[0] > ys[1] > ys[2]


def test_trend_breaks_the_line_at_a_missing_value():
    root = parse(charts.trend(trend(values=[10.0, None, 14.0], benchmark=())))
    assert len(root.findall(f"{SVG}circle")) == 2
    assert root.findall(f"{SVG}polyline") == []  # two runs of one point each


def test_trend_is_empty_when_no_value_is_published():
    assert charts.trend(trend(values=[None, None, None])) == ""


def test_trend_of_one_flat_value_still_draws():
    root = parse(charts.trend(trend(labels=["2011"], values=[5.0], lower=[5.0], upper=[5.0])))
    assert len(root.findall(f"{SVG}circle")) == 1


def axis_labels(root) -> list[str]:
    """The value axis's labels, lowest first (the x axis's are the periods)."""
    texts = [t for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    return [t.text for t in texts if float(t.get("x")) < 80]


def test_a_count_alone_is_drawn_on_an_axis_from_zero_in_plain_numbers():
    """Census households of an MSOA: one figure, no limits; the axis runs from 0 to
    a round number above it, never below zero, never in scientific notation."""
    svg = charts.trend(
        trend(labels=["2011"], values=[3622.0], lower=[None], upper=[None], benchmark=())
    )
    labels = axis_labels(parse(svg))
    assert labels == ["0", "1,000", "2,000", "3,000", "4,000"]
    assert "e+" not in svg


def test_large_counts_are_labelled_with_thousands_separators():
    svg = charts.trend(
        trend(
            labels=["2011", "2021"],
            values=[338_449.0, 375_340.0],
            lower=[None] * 2,
            upper=[None] * 2,
            benchmark=(),
        )
    )
    labels = axis_labels(parse(svg))
    assert "340,000" in labels
    assert all("e" not in label for label in labels)


def test_the_axis_never_goes_below_zero_when_nothing_drawn_is_below_zero():
    ticks = charts.axis(1.339, 35.68)
    assert ticks[0] == 0
    assert ticks[-1] >= 35.68
    assert charts.axis(98.65, 98.97)[0] == pytest.approx(98.6)


def test_the_axis_goes_below_zero_for_values_below_zero():
    ticks = charts.axis(-3.0, 7.0)
    assert ticks[0] <= -3
    assert ticks[-1] >= 7


@pytest.mark.parametrize(
    ("value", "step", "text"),
    [
        (22_000_000.0, 5_000_000.0, "22,000,000"),
        (2.5, 2.5, "2.5"),
        (0.05, 0.05, "0.05"),
        (-0.0, 1.0, "0"),
    ],
)
def test_tick_text_is_a_plain_number(value, step, text):
    assert charts.tick_text(value, step) == text


def test_the_line_starts_again_at_a_break():
    """A year-to-date series: the line breaks where the new year starts."""
    root = parse(
        charts.trend(
            trend(
                labels=["2012-02", "2012-03", "2012-04", "2012-05"],
                values=[29.8, 32.75, 2.9, 5.8],
                lower=[None] * 4,
                upper=[None] * 4,
                benchmark=(),
                breaks=[2],
            )
        )
    )
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert len(root.findall(f"{SVG}circle")) == 4


def test_a_benchmark_of_one_period_is_still_drawn_dashed():
    root = parse(
        charts.trend(
            trend(
                labels=["2017 - 19"], values=[109.5], lower=[85.8], upper=[171.4], benchmark=[152.7]
            )
        )
    )
    dashed = [line for line in root.findall(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1


def test_swatch_is_hidden_from_screen_readers_and_coloured():
    root = parse(charts.swatch("Similar"))
    assert root.get("aria-hidden") == "true"
    assert root.find(f"{SVG}rect").get("fill") == charts.COLOURS["Similar"]


def test_a_series_table_escapes_every_text():
    """The figures under a trend chart: a note (an import's own text) and a period
    are escaped; a figure's value and interval are written as the profile shows them."""
    from roundtable.lis.profile_figures import Figure
    from roundtable.lis.views_profiles import _series_rows

    rows = _series_rows(
        [
            Figure(period="2010", note='<b class="x">held back</b> & more'),
            Figure(period="2011 <i>", value=12.5, lower_95=10.2, upper_95=15.0, decimals=1),
        ]
    )
    assert "<b" not in rows
    assert "&lt;b class=&quot;x&quot;&gt;held back&lt;/b&gt; &amp; more" in rows
    assert "2011 &lt;i&gt;" in rows
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">12.5</td>' in rows
    assert "10.2 to 15.0" in rows
    assert rows.count('<tr class="govuk-table__row">') == 2


def test_spine_hatches_an_area_not_compared_as_the_maps_key_does():
    """A "Not compared" area was a plain white circle, which read as missing or
    broken; it is hatched with the map's ink on white, as the map and the table's
    swatches draw "Not compared", and outlined."""
    svg = charts.spine(spine(comparison="Not compared"))
    root = parse(svg)
    circles = root.findall(f"{SVG}circle")
    assert [c.get("fill") for c in circles] == [charts.HATCH_PAPER, "none"]
    hatch = root.find(f"{SVG}path")
    assert hatch.get("stroke") == charts.HATCH_INK
    assert hatch.get("d").count("M") >= 3
    assert 'fill="#ffffff" stroke' not in svg  # no white circle alone
    # A compared area is still a filled circle of its colour, with no hatch.
    better = parse(charts.spine(spine(comparison="Better")))
    assert better.find(f"{SVG}path") is None


def test_a_hatch_circles_lines_stay_inside_it():
    for part in charts.hatch_circle(50, 12, 6).split("M")[1:]:
        for point in part.split("L"):
            x, y = (float(n) for n in point.split(","))
            assert (x - 50) ** 2 + (y - 12) ** 2 <= 6**2 + 0.05


def test_the_spine_key_names_each_mark_in_words_and_hides_its_picture():
    key = charts.spine_key(["Better", "Not compared", "Better"], ranged=True)
    words = [w for _, w in key]
    assert words == [
        "The benchmark (the line in the middle)",
        "The range of the areas of this type with a figure",
        "This area: better than the benchmark",
        "This area: not compared (hatched; the table says why)",
    ]
    for svg, _ in key:
        assert parse(svg).get("aria-hidden") == "true"
    assert charts.HATCH_INK in key[-1][0]
    unranged = charts.spine_key(["Similar"], ranged=False)
    assert [w for _, w in unranged] == [
        "The benchmark (the line in the middle)",
        "This area: similar to the benchmark",
    ]
