"""LIS statistics rules (comparison, trend, neighbours, suppression, aggregation),
checked against published worked examples.

Expected values come from the test data of the R package PHEindicatormethods
(UKHSA, GPL-3; `tests/testthat/testdata_Byars_Wilson.xlsx`, `testdata_Rate.xlsx`,
`testdata_Proportion.xlsx`, commit 093fd28 of ukhsa-collaboration/PHEindicatormethods),
which reproduce the PHE "Technical Guide: Confidence intervals"; from R's
`prop.trend.test` documentation; and from standard chi-square tables.
"""

from __future__ import annotations

import pytest

from roundtable.lis.intervals import (
    BYAR,
    EXACT_POISSON,
    WILSON,
    Limits,
    confidence_limits,
)
from roundtable.lis.rules import (
    CHI_SQUARE_99_8,
    Cell,
    Comparison,
    Trend,
    TrendPoint,
    aggregate,
    assess_recent_trend,
    chi_square_for_trend,
    chosen_benchmark,
    compare,
    compare_limits,
    compare_to_goal,
    group_figure_gap,
    neighbours_to_try,
    profile_benchmarks,
    quintile_of,
    quintiles,
    recent_trend,
    statistical_neighbours,
    suppress,
)
from roundtable.performance.rules import (
    Polarity,
)

REL = 1e-9

# Comparison ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "polarity", "expected"),
    [
        (11, 13, Polarity.HIGHER_IS_BETTER, Comparison.BETTER),
        (11, 13, Polarity.LOWER_IS_BETTER, Comparison.WORSE),
        (11, 13, Polarity.NO_JUDGEMENT, Comparison.HIGHER),
        (7, 9, Polarity.HIGHER_IS_BETTER, Comparison.WORSE),
        (7, 9, "lower", Comparison.BETTER),
        (7, 9, "none", Comparison.LOWER),
        (9, 11, Polarity.HIGHER_IS_BETTER, Comparison.SIMILAR),
        (10, 11, Polarity.NO_JUDGEMENT, Comparison.SIMILAR),
        (9, 10, Polarity.LOWER_IS_BETTER, Comparison.SIMILAR),
    ],
)
def test_compare_with_a_benchmark_of_ten(lower, upper, polarity, expected):
    assert compare((lower + upper) / 2, lower, upper, 10, polarity) is expected


@pytest.mark.parametrize(
    ("value", "lower", "upper", "benchmark"),
    [(None, 1, 2, 3), (1, None, 2, 3), (1, 1, None, 3), (1, 1, 2, None)],
)
def test_compare_does_not_compare_missing_figures(value, lower, upper, benchmark):
    assert compare(value, lower, upper, benchmark, "higher") is Comparison.NOT_COMPARED


def test_compare_limits_can_differ_at_95_and_99_8_percent():
    """65 in 100 (Wilson 55.3 to 73.6 at 95%, 49.5 to 77.8 at 99.8%) against 52%."""
    limits = confidence_limits("proportion", count=65, denominator=100, multiplier=100)
    assert compare_limits(65, limits, 52, "higher") == (Comparison.BETTER, Comparison.SIMILAR)
    assert compare_limits(65, Limits.none("no"), 52, "higher") == (
        Comparison.NOT_COMPARED,
        Comparison.NOT_COMPARED,
    )


def test_quintiles_split_values_into_five_bands():
    values = list(range(1, 11))  # R: quantile(1:10, c(.2,.4,.6,.8)) = 2.8 4.6 6.4 8.2
    breaks = quintiles([*values, None])
    assert breaks == pytest.approx([2.8, 4.6, 6.4, 8.2])
    assert [quintile_of(v, breaks) for v in values] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_quintile_of_a_value_on_a_break_is_the_lower_band():
    assert quintile_of(2.8, [2.8, 4.6, 6.4, 8.2]) == 1


def test_quintiles_need_two_values():
    assert quintiles([5, None]) == []
    assert quintile_of(5, []) is None
    assert quintile_of(None, [1, 2, 3, 4]) is None


# Recent trend --------------------------------------------------------------------


def test_chi_square_for_trend_matches_r_prop_trend_test():
    """R documentation, `prop.trend.test`: smokers c(83, 90, 129, 70) of patients
    c(86, 93, 136, 82) give X-squared = 8.2249."""
    assert chi_square_for_trend([83, 90, 129, 70], [86, 93, 136, 82]) == pytest.approx(
        8.2249, abs=5e-5
    )


def _proportion_points(counts, denominators):
    return [TrendPoint(count=c, denominator=d) for c, d in zip(counts, denominators, strict=True)]


# PHEindicatormethods `assign_trend_markers` example series (counts and denominators).
FALLING_COUNTS = [1367, 1332, 1199, 1023, 994]
FALLING_DENOMINATORS = [44701, 44064, 42811, 41527, 40299]


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, Trend.DECREASING_WORSE),
        (Polarity.LOWER_IS_BETTER, Trend.DECREASING_BETTER),
        (Polarity.NO_JUDGEMENT, Trend.DECREASING),
    ],
)
def test_recent_trend_of_a_falling_proportion(polarity, expected):
    points = _proportion_points(FALLING_COUNTS, FALLING_DENOMINATORS)
    assert recent_trend(points, polarity, proportion=True) is expected


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, Trend.INCREASING_BETTER),
        (Polarity.LOWER_IS_BETTER, Trend.INCREASING_WORSE),
        (Polarity.NO_JUDGEMENT, Trend.INCREASING),
    ],
)
def test_recent_trend_of_a_rising_proportion(polarity, expected):
    points = _proportion_points(FALLING_COUNTS[::-1], FALLING_DENOMINATORS[::-1])
    assert recent_trend(points, polarity, proportion=True) is expected


def test_recent_trend_uses_only_the_last_five_points():
    old_rise = _proportion_points([10, 500], [1000, 1000])
    points = old_rise + _proportion_points(FALLING_COUNTS, FALLING_DENOMINATORS)
    assert recent_trend(points, "none", proportion=True) is Trend.DECREASING


def test_recent_trend_of_a_flat_proportion_is_no_significant_change():
    points = _proportion_points([100, 104, 98, 101, 103], [1000] * 5)
    assert recent_trend(points, "higher", proportion=True) is Trend.NO_CHANGE


def test_recent_trend_driven_by_one_outlier_is_no_significant_change():
    """Significant overall (chi-square far above 9.55), but without the last point the
    series falls: Fingertips' outlier check says no significant change."""
    counts = [110, 100, 105, 100, 300]
    assert chi_square_for_trend(counts, [1000] * 5) > CHI_SQUARE_99_8
    points = _proportion_points(counts, [1000] * 5)
    assert recent_trend(points, "higher", proportion=True) is Trend.NO_CHANGE


def test_recent_trend_of_values_with_confidence_limits():
    """PHEindicatormethods `assign_trend_markers` example with value_type "other":
    values 30.6 ... 24.67 with their 95% limits fall significantly."""
    values = [30.6, 30.2, 28, 24.6, 24.67]
    lower = [28.98, 28.63, 26.44, 23.15, 23.16]
    upper = [32.25, 31.9, 29.64, 26.19, 26.25]
    points = [
        TrendPoint(value=v, lower_95=lo, upper_95=up)
        for v, lo, up in zip(values, lower, upper, strict=True)
    ]
    assert recent_trend(points, "lower", proportion=False) is Trend.DECREASING_BETTER
    assert recent_trend(points, "higher", proportion=False) is Trend.DECREASING_WORSE


def test_recent_trend_of_rates_computes_missing_limits_from_counts():
    points = [TrendPoint(count=c, denominator=100_000) for c in (200, 260, 330, 400, 480)]
    assert recent_trend(points, "lower", proportion=False) is Trend.INCREASING_WORSE


@pytest.mark.parametrize(
    "points",
    [
        _proportion_points([1, 2, 3, 4], [10, 10, 10, 10]),
        _proportion_points([1, 2, None, 4, 5], [10] * 5),
        _proportion_points([1, 2, 3, 4, 5], [10, 10, 0, 10, 10]),
        [],
    ],
)
def test_recent_trend_cannot_be_calculated_without_five_complete_points(points):
    assert recent_trend(points, "higher", proportion=True) is Trend.CANNOT_BE_CALCULATED


def test_recent_trend_of_values_without_limits_cannot_be_calculated():
    points = [TrendPoint(value=v) for v in (1, 2, 3, 4, 5)]
    assert recent_trend(points, "higher", proportion=False) is Trend.CANNOT_BE_CALCULATED


def test_a_trend_that_cannot_be_calculated_says_it_needs_five_points():
    result = assess_recent_trend(_proportion_points([1, 2], [10, 10]), "higher", proportion=True)
    assert result.trend is Trend.CANNOT_BE_CALCULATED
    assert result.reason == "it needs five periods in a row, and there are only 2"
    one = assess_recent_trend(_proportion_points([1], [10]), "higher", proportion=True)
    assert one.reason == "it needs five periods in a row, and there is only one"


def test_a_proportions_trend_names_the_period_without_a_denominator():
    points = [
        TrendPoint(count=c, denominator=10, period=str(2011 + n)) for n, c in enumerate(range(5))
    ]
    points[2] = TrendPoint(count=2, value=20.0, period="2013")
    result = assess_recent_trend(points, "higher", proportion=True)
    assert result.trend is Trend.CANNOT_BE_CALCULATED
    assert result.reason == (
        "the trend of a proportion needs the count and denominator of each of the last "
        "five periods, and 2013 has no denominator"
    )


def test_a_trend_names_a_period_with_no_figure():
    points = _proportion_points(FALLING_COUNTS, FALLING_DENOMINATORS)
    points[3] = TrendPoint(period="2014")  # suppressed: nothing of it is kept
    result = assess_recent_trend(points, "higher", proportion=True)
    assert result.reason == "there is no figure for 2014"


def test_values_without_limits_or_counts_say_the_test_needs_them():
    points = [TrendPoint(value=v, period=f"2011-0{v}") for v in (1, 2, 3, 4, 5)]
    result = assess_recent_trend(points, "higher", proportion=False)
    assert result.trend is Trend.CANNOT_BE_CALCULATED
    assert result.reason == (
        "it needs the 95% confidence limits, or the count and denominator, of each of the "
        "last five periods, and these figures have neither"
    )


def test_one_value_without_limits_among_five_is_named():
    points = [TrendPoint(value=v, lower_95=v - 1, upper_95=v + 1, period=str(v)) for v in range(5)]
    points[1] = TrendPoint(value=1.0, period="1")
    result = assess_recent_trend(points, "higher", proportion=False)
    assert result.reason.endswith("and 1 has neither")


def test_an_interval_of_no_width_is_named():
    points = [TrendPoint(value=v, lower_95=v - 1, upper_95=v + 1, period=str(v)) for v in range(5)]
    points[4] = TrendPoint(value=4.0, lower_95=4.0, upper_95=4.0, period="2015")
    result = assess_recent_trend(points, "higher", proportion=False)
    assert result.reason == "the 95% confidence interval of 2015 has no width"


def test_a_trend_that_is_calculated_gives_no_reason():
    points = _proportion_points(FALLING_COUNTS, FALLING_DENOMINATORS)
    result = assess_recent_trend(points, "none", proportion=True)
    assert result.trend is Trend.DECREASING
    assert result.reason == ""


# Statistical neighbours ----------------------------------------------------------


def test_statistical_neighbours_standardise_each_variable():
    """Unstandardised, C (500 people and 10 per 1,000 away) would be nearer A than B
    (1,000 people away); once each variable is a z-score, B is nearest, and D, far
    away in population only, comes before C, far in the rate that varies less."""
    values = {
        "A": [100_000, 10.0],
        "B": [101_000, 10.5],
        "C": [100_500, 20.0],
        "D": [300_000, 10.2],
    }
    got = statistical_neighbours("A", values, n=3)
    assert [n.code for n in got] == ["B", "D", "C"]
    # Population standard deviation 86,386.76; rate standard deviation 4.232833.
    expected_b = ((1000 / 86386.7575) ** 2 + (0.5 / 4.2328330) ** 2) ** 0.5
    assert got[0].distance == pytest.approx(expected_b, rel=1e-7)
    assert len(statistical_neighbours("A", values, n=1)) == 1


def test_statistical_neighbours_break_ties_by_code():
    values = {"T": [0.0], "Y": [1.0], "X": [-1.0]}
    both = statistical_neighbours("T", values, n=2)
    assert both[0].distance == both[1].distance
    assert [n.code for n in statistical_neighbours("T", values, n=1)] == ["X"]


def test_statistical_neighbours_leave_out_areas_with_missing_values():
    values = {"T": [1.0, 2.0], "A": [1.0, None], "B": [3.0, 4.0]}
    assert [n.code for n in statistical_neighbours("T", values)] == ["B"]


def test_statistical_neighbours_ignore_a_variable_that_never_varies():
    values = {"T": [1.0, 7.0], "A": [2.0, 7.0], "B": [4.0, 7.0]}
    assert [n.code for n in statistical_neighbours("T", values)] == ["A", "B"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"A": [1.0]}, "T has no values"),
        ({"T": [None], "A": [1.0]}, "T is missing a value"),
        ({"T": [1.0], "A": [1.0, 2.0]}, "A has 2 values"),
    ],
)
def test_statistical_neighbours_refuse_bad_input(values, message):
    with pytest.raises(ValueError, match=message):
        statistical_neighbours("T", values)


def test_neighbours_to_try_keep_the_chosen_indicators_others_have_figures_for():
    offered = ["CEN-DENS", "NI 45", "POP-MYE", "STROKE-ADM"]
    shared = {"CEN-DENS", "POP-MYE", "STROKE-ADM"}
    # "NI 45" is the area's only: drop it, keep the chosen one that others have.
    assert neighbours_to_try(offered, shared, ["NI 45", "STROKE-ADM"]) == ["STROKE-ADM"]
    # Only unshared ones chosen: every shared indicator, in the order offered.
    assert neighbours_to_try(offered, shared, ["NI 45"]) == ["CEN-DENS", "POP-MYE", "STROKE-ADM"]


def test_neighbours_to_try_are_none_when_nothing_is_shared_or_nothing_else_to_try():
    assert neighbours_to_try(["NI 45", "NI 62"], set(), ["NI 45"]) == []
    # The chosen ones are shared (no neighbours for another reason): nothing to change.
    assert neighbours_to_try(["A", "B"], {"A", "B"}, ["A", "B"]) == []


# Suppression ---------------------------------------------------------------------


def test_suppress_hides_counts_from_one_to_below_the_threshold_but_not_zero():
    cells = [Cell(k, c) for k, c in [("a", 0), ("b", 1), ("c", 4), ("d", 5), ("e", None)]]
    assert suppress(cells, threshold=5) == {"b", "c"}


def test_suppress_threshold_is_configurable():
    cells = [Cell("a", 9), Cell("b", 10)]
    assert suppress(cells, threshold=10) == {"a"}


def test_suppress_hides_the_next_smallest_cell_when_one_could_be_worked_out():
    """Ward counts adding to a borough total: 3 alone could be worked out from the
    total, so the next smallest non-zero ward (12, not 0) is hidden too."""
    cells = [
        Cell("w1", 3, "borough"),
        Cell("w2", 0, "borough"),
        Cell("w3", 12, "borough"),
        Cell("w4", 40, "borough"),
    ]
    assert suppress(cells) == {"w1", "w3"}


def test_suppress_needs_no_secondary_when_two_cells_are_already_hidden():
    cells = [Cell("w1", 3, "g"), Cell("w2", 2, "g"), Cell("w3", 12, "g")]
    assert suppress(cells) == {"w1", "w2"}


def test_suppress_needs_no_secondary_when_the_total_is_not_published():
    cells = [Cell("w1", 3, "g"), Cell("w2", 12, "g")]
    assert suppress(cells, totals={}) == {"w1"}
    assert suppress(cells, totals={"g": None}) == {"w1", "w2"}


def test_suppress_follows_secondary_suppression_across_rows_and_columns():
    """A 2 × 3 table with row and column totals. Hiding 2 hides 10 in its row and 30
    in its column; column 2 then has one hidden cell (10), so 20 is hidden too: every
    row and column with a hidden cell then has two."""
    cells = [
        Cell("r1c1", 2, "r1", ("c1",)),
        Cell("r1c2", 10, "r1", ("c2",)),
        Cell("r1c3", 50, "r1", ("c3",)),
        Cell("r2c1", 30, "r2", ("c1",)),
        Cell("r2c2", 20, "r2", ("c2",)),
        Cell("r2c3", 60, "r2", ("c3",)),
    ]
    assert suppress(cells) == {"r1c1", "r1c2", "r2c2", "r2c1"}


def test_suppress_hides_the_total_when_no_other_cell_can_be_hidden():
    cells = [Cell("a", 3, "g"), Cell("b", 0, "g"), Cell("total", 3)]
    assert suppress(cells, totals={"g": "total"}) == {"a", "total"}


# Aggregation ---------------------------------------------------------------------


def test_aggregate_recomputes_the_rate_from_summed_counts_and_denominators():
    """Two wards, 10 in 100 and 10 in 10,000: the mean of their rates would be 5,050
    per 100,000, but the area's rate is 20 in 10,100 (198 per 100,000)."""
    got = aggregate([(10, 100), (10, 10_000)], multiplier=100_000)
    assert got.count == 20
    assert got.denominator == 10_100
    assert got.value == pytest.approx(20 / 10_100 * 100_000)
    expected = confidence_limits("rate", count=20, denominator=10_100, multiplier=100_000)
    assert got.limits == expected
    assert got.limits.method == BYAR


def test_aggregate_proportions_uses_wilson():
    got = aggregate([(30, 50), (35, 50)], multiplier=100, value_type="proportion")
    assert got.value == 65
    assert got.limits.method == WILSON
    assert got.limits.lower_95 == pytest.approx(55.25444329688797, rel=REL)


def test_aggregate_small_total_uses_the_exact_method():
    got = aggregate([(0, 500), (3, 700)], multiplier=1000)
    assert got.count == 3
    assert got.limits.method == EXACT_POISSON


def test_aggregate_with_a_missing_member_is_missing():
    got = aggregate([(10, 100), (None, 100), (5, None)])
    assert got.count is got.value is None
    assert got.limits.reason == "2 member areas have no count or denominator"


def test_aggregate_of_no_members_is_missing():
    assert aggregate([]).limits.reason == "The area has no member areas"


def test_aggregate_with_zero_denominator_has_no_value():
    got = aggregate([(0, 0)])
    assert got.value is None
    assert "denominator is 0" in got.limits.reason


def test_aggregate_counts_need_no_denominator():
    """Census residents are counts without a denominator: the area's count is the sum."""
    got = aggregate([(1508, None), (1487, None)], value_type="count")
    assert (got.count, got.denominator, got.value) == (2995, None, 2995)
    assert got.limits == confidence_limits("count", count=2995)


def test_aggregate_counts_with_a_missing_count_is_missing():
    got = aggregate([(10, None), (None, None)], value_type="count")
    assert got.value is None
    assert got.limits.reason == "1 member area has no count"


# Compared to goal ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "goal", "polarity", "expected"),
    [
        (96, 95, "higher", Comparison.BETTER),
        (95, 95, "higher", Comparison.BETTER),  # meeting the goal is better
        (94.9, 95, "higher", Comparison.WORSE),
        (9, 10, "lower", Comparison.BETTER),
        (10, 10, "lower", Comparison.BETTER),
        (11, 10, "lower", Comparison.WORSE),
        (11, 10, "none", Comparison.NOT_COMPARED),
        (None, 10, "lower", Comparison.NOT_COMPARED),
        (11, None, "lower", Comparison.NOT_COMPARED),
    ],
)
def test_compare_to_goal_is_fingertips_single_value_goal(value, goal, polarity, expected):
    """Fingertips' SingleValueTargetComparer: the value (not its interval) against the
    goal; a value on the goal has met it."""
    assert compare_to_goal(value, goal, polarity) is expected


def test_aggregate_keeps_an_indicator_without_limits_without_them():
    got = aggregate([(1508, None), (1487, None)], value_type="count", ci_method="None")
    assert got.count == 2995
    assert not got.limits.computed
    rate = aggregate([(10, 100), (10, 10_000)], multiplier=100_000, ci_method="none: complete")
    assert rate.value == pytest.approx(20 / 10_100 * 100_000)
    assert rate.limits.lower_95 is None
    assert rate.limits.reason == "No confidence limits: complete"


# Statistical neighbours' group figure ---------------------------------------------


@pytest.mark.parametrize(
    ("value_type", "says"),
    [
        ("count", "a count depends on an area's size, so the neighbours' counts are not added up"),
        ("mean", "averages cannot be added up across areas"),
        ("ratio", "ratios cannot be added up across areas"),
        ("other", "figures of this kind cannot be added up across areas (only rates and"),
        ("", "the indicator does not say what kind of figure it is, so its figures cannot"),
    ],
)
def test_the_group_figure_of_a_kind_that_does_not_add_up_says_why_in_words(value_type, says):
    """Crawl: "Not summed for a other", "Not summed for a figure"."""
    gap = group_figure_gap(value_type, members=5, without_counts=0)
    assert gap.startswith(says)
    assert "summed for a" not in gap


def test_a_rate_or_proportion_adds_up_when_every_neighbour_has_its_counts():
    assert group_figure_gap("rate", members=5, without_counts=0) == ""
    assert group_figure_gap("proportion", members=1, without_counts=0) == ""


def test_the_group_figure_says_how_many_neighbours_lack_counts_or_that_all_do():
    assert (
        group_figure_gap("rate", members=5, without_counts=3)
        == "3 of the 5 neighbours have no published count and denominator"
    )
    assert (
        group_figure_gap("rate", members=5, without_counts=1)
        == "1 of the 5 neighbours has no published count and denominator"
    )
    assert (
        group_figure_gap("proportion", members=2, without_counts=2)
        == "the neighbours' figures have no counts and denominators to add up"
    )


def test_without_neighbours_there_is_no_group_figure_to_work_out():
    assert group_figure_gap("rate", members=0, without_counts=0) == (
        "there are no statistical neighbours"
    )


# Benchmarks of an area's profile ----------------------------------------------------


def test_england_is_compared_with_nothing_but_its_chosen_neighbours():
    """Crawl: "England compared with England" and a "Parent area" England has not."""
    assert profile_benchmarks(is_england=True, has_parent=False, neighbours=False) == ()
    assert profile_benchmarks(is_england=True, has_parent=False, neighbours=True) == ("neighbours",)
    for asked in ("", "england", "parent"):
        assert chosen_benchmark(asked, (), england_has_figures=True) == ""
    assert chosen_benchmark("neighbours", ("neighbours",), england_has_figures=True) == (
        "neighbours"
    )


def test_an_area_in_england_is_compared_with_england_by_default_else_its_parent():
    offered = profile_benchmarks(is_england=False, has_parent=True, neighbours=False)
    assert offered == ("england", "parent")
    assert chosen_benchmark("", offered, england_has_figures=True) == "england"
    assert chosen_benchmark("", offered, england_has_figures=False) == "parent"
    assert chosen_benchmark("parent", offered, england_has_figures=True) == "parent"
    # Neighbours are offered only with indicators to find them by.
    assert chosen_benchmark("neighbours", offered, england_has_figures=True) == "england"


def test_an_area_without_a_parent_is_not_offered_one():
    offered = profile_benchmarks(is_england=False, has_parent=False, neighbours=False)
    assert offered == ("england",)
    assert chosen_benchmark("parent", offered, england_has_figures=False) == "england"


def test_a_regions_parent_is_england_offered_once():
    # The profile passes has_parent=False when the parent is England.
    offered = profile_benchmarks(is_england=False, has_parent=False, neighbours=True)
    assert offered == ("england", "neighbours")
    assert chosen_benchmark("parent", offered, england_has_figures=True) == "england"
