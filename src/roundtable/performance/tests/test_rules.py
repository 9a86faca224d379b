"""Performance rules: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from types import SimpleNamespace

import pytest

from roundtable.performance.parsers import (
    ParsedValue,
    actual_from_fraction,
    check_in_unit,
    parse_actual,
    parse_aggregation,
    parse_amber_rule,
    parse_frequency,
    parse_judge_against,
    parse_number,
    parse_polarity,
    parse_tolerance,
    parse_yes_no,
)
from roundtable.performance.periods import Period, parse_period
from roundtable.performance.rules import (
    Aggregation,
    AmberRule,
    Direction,
    Frequency,
    JudgeAgainst,
    Polarity,
    Status,
    StatusPolicy,
    Tolerance,
    ToleranceKind,
    aggregate,
    check_aggregation,
    check_tolerance,
    code_order,
    comparison_period,
    describe_policy,
    direction,
    direction_of_travel,
    figure_order,
    figures_to_judge,
    forecast_method,
    improving_on_last_year,
    in_code_order,
    is_illustrative,
    on_track,
    pro_rata_target_to_date,
    quantize,
    status,
    value_for_period,
    year_end_forecast,
    year_to_date,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
NONE = Polarity.NO_JUDGEMENT
FIVE_PERCENT = Tolerance.percent(5)
Q1, Q2, Q3, Q4 = (Period.quarter(2011, n) for n in range(1, 5))
FY = Period.for_year(2011)


def d(text: str) -> Decimal:
    return Decimal(text)


def p(text: str) -> Period:
    return parse_period(text)


# Choices ---------------------------------------------------------------------------------


def test_status_colours_and_labels_follow_the_ealing_key() -> None:
    assert [(s.colour, s.label) for s in Status] == [
        ("green", "Performance on/above target"),
        ("amber", "Performance within tolerance"),
        ("red", "Performance below target"),
        ("grey", "Data not available or Performance not Assessed"),
    ]


def test_direction_arrows_follow_the_ealing_key() -> None:
    assert [d.arrow for d in Direction] == ["↑", "↓", "→", "N/A"]
    assert Direction.IMPROVING.label == "Performance improving"
    assert Direction.NOT_COMPARABLE.label == "No comparison possible or data unavailable"


def test_choice_values_are_what_the_cli_and_models_store() -> None:
    assert [x.value for x in Polarity] == ["higher", "lower", "none"]
    assert [x.label for x in Polarity] == ["Higher is better", "Lower is better", "No judgement"]
    assert [x.value for x in Frequency] == ["monthly", "quarterly", "4-monthly", "annual"]
    assert [x.value for x in Aggregation] == ["sum", "latest", "mean"]
    assert Aggregation.LATEST.label.startswith("Latest")
    assert [x.value for x in AmberRule] == [
        "tolerance_band",
        "amber_if_improving",
        "amber_if_forecast",
    ]
    assert AmberRule.TOLERANCE_BAND.label == "Within the indicator's tolerance of the target"
    assert [x.value for x in JudgeAgainst] == ["period", "year_end"]
    assert JudgeAgainst.YEAR_END_TARGET.label == "The year-end target"


# Tolerance -------------------------------------------------------------------------------


def test_a_percentage_tolerance_is_a_share_of_the_target() -> None:
    assert FIVE_PERCENT.allowance(d("420")) == d("21")
    assert FIVE_PERCENT.allowance(d("-40")) == d("2")


def test_an_absolute_tolerance_is_the_same_whatever_the_target() -> None:
    assert Tolerance.absolute("0.5").allowance(d("98.9")) == d("0.5")
    assert Tolerance.absolute(2).allowance(d("0")) == d("2")


def test_tolerance_prints_as_it_is_entered() -> None:
    assert str(Tolerance.percent("5.0")) == "5%"
    assert str(Tolerance.absolute("2.50")) == "2.5"
    assert str(Tolerance.absolute("10")) == "10"
    assert FIVE_PERCENT.description == "5% of the target"
    assert Tolerance.absolute(2).description == "2 in the indicator's unit"


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match="must be 0 or more, not -1"):
        Tolerance.absolute("-1")
    with pytest.raises(ValueError, match="must be 0 or more, not NaN"):
        Tolerance.percent("NaN")


def test_check_tolerance_refuses_a_percentage_of_a_zero_target() -> None:
    with pytest.raises(ValueError, match="cannot apply to a target of 0.*like 1$"):
        check_tolerance(FIVE_PERCENT, d("0"))


def test_allowance_refuses_a_percentage_of_a_zero_target() -> None:
    with pytest.raises(ValueError, match="target of 0"):
        FIVE_PERCENT.allowance(d("0"))


@pytest.mark.parametrize(
    ("tolerance", "target"),
    [
        (Tolerance.absolute(1), d("0")),
        (Tolerance.percent(0), d("0")),
        (FIVE_PERCENT, d("10")),
        (None, d("0")),
        (FIVE_PERCENT, None),
    ],
)
def test_check_tolerance_accepts_everything_else(
    tolerance: Tolerance | None, target: Decimal | None
) -> None:
    check_tolerance(tolerance, target)


# Status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "expected"),
    [
        ("421", "420", HIGHER, Status.ON_TARGET),
        ("420", "420", HIGHER, Status.ON_TARGET),
        ("400", "420", HIGHER, Status.WITHIN_TOLERANCE),
        ("399", "420", HIGHER, Status.WITHIN_TOLERANCE),
        ("398.99", "420", HIGHER, Status.BELOW_TARGET),
        ("1826", "1989", LOWER, Status.ON_TARGET),
        ("10.5", "10", LOWER, Status.WITHIN_TOLERANCE),
        ("10.51", "10", LOWER, Status.BELOW_TARGET),
    ],
)
def test_status_by_tolerance_band(
    actual: str, target: str, polarity: Polarity, expected: Status
) -> None:
    assert status(d(actual), d(target), polarity, FIVE_PERCENT) is expected


@pytest.mark.parametrize(
    ("actual", "target", "polarity"),
    [(None, "420", HIGHER), ("421", None, HIGHER), ("421", "420", NONE), (None, None, LOWER)],
)
def test_status_is_not_assessed_without_an_actual_a_target_or_a_polarity(
    actual: str | None, target: str | None, polarity: Polarity
) -> None:
    result = status(
        None if actual is None else d(actual),
        None if target is None else d(target),
        polarity,
        FIVE_PERCENT,
    )
    assert result is Status.NOT_ASSESSED


def test_without_a_tolerance_any_shortfall_is_below_target() -> None:
    assert status(d("419.99"), d("420"), HIGHER, None) is Status.BELOW_TARGET
    assert status(d("420"), d("420"), HIGHER, None) is Status.ON_TARGET


def test_an_absolute_tolerance_band() -> None:
    tolerance = Tolerance.absolute("0.25")
    assert status(d("98.69"), d("98.90"), HIGHER, tolerance) is Status.WITHIN_TOLERANCE
    assert status(d("98.64"), d("98.90"), HIGHER, tolerance) is Status.BELOW_TARGET


def test_status_does_not_crash_on_a_percentage_of_a_zero_target() -> None:
    assert status(d("2"), d("0"), LOWER, FIVE_PERCENT) is Status.BELOW_TARGET
    assert status(d("0"), d("0"), LOWER, FIVE_PERCENT) is Status.ON_TARGET


def test_a_negative_target_uses_its_size_for_a_percentage_tolerance() -> None:
    assert status(d("-38"), d("-40"), LOWER, FIVE_PERCENT) is Status.WITHIN_TOLERANCE
    assert status(d("-37"), d("-40"), LOWER, FIVE_PERCENT) is Status.BELOW_TARGET


IMPROVING_POLICY = StatusPolicy(amber=AmberRule.IMPROVING_ON_LAST_YEAR)
FORECAST_POLICY = StatusPolicy(amber=AmberRule.FORECAST_MEETS_YEAR_END)


@pytest.mark.parametrize(
    ("improving", "expected"),
    [(True, Status.WITHIN_TOLERANCE), (False, Status.BELOW_TARGET), (None, Status.BELOW_TARGET)],
)
def test_amber_when_off_target_but_improving_on_last_year(
    improving: bool | None, expected: Status
) -> None:
    result = status(
        d("1"), d("8"), HIGHER, None, IMPROVING_POLICY, improving_on_last_year=improving
    )
    assert result is expected


def test_improving_policy_ignores_the_tolerance_band() -> None:
    result = status(
        d("419"), d("420"), HIGHER, FIVE_PERCENT, IMPROVING_POLICY, improving_on_last_year=False
    )
    assert result is Status.BELOW_TARGET


def test_improving_policy_is_still_green_on_target() -> None:
    result = status(
        d("421"), d("420"), HIGHER, None, IMPROVING_POLICY, improving_on_last_year=False
    )
    assert result is Status.ON_TARGET


@pytest.mark.parametrize(
    ("meets", "expected"),
    [(True, Status.WITHIN_TOLERANCE), (False, Status.BELOW_TARGET), (None, Status.BELOW_TARGET)],
)
def test_amber_when_off_target_but_the_forecast_meets_the_year_end_target(
    meets: bool | None, expected: Status
) -> None:
    result = status(
        d("100"), d("244"), HIGHER, None, FORECAST_POLICY, forecast_meets_year_end=meets
    )
    assert result is expected


def test_figures_to_judge_picks_the_period_or_the_year_end() -> None:
    figures = {
        "period_actual": d("100"),
        "period_target": d("244"),
        "year_end_forecast": d("370"),
        "year_end_target": d("976"),
    }
    assert figures_to_judge(StatusPolicy(), **figures) == (d("100"), d("244"))
    year_end = StatusPolicy(against=JudgeAgainst.YEAR_END_TARGET)
    assert figures_to_judge(year_end, **figures) == (d("370"), d("976"))


def test_status_policy_accepts_stored_values() -> None:
    policy = StatusPolicy(amber="amber_if_improving", against="year_end")  # type: ignore[arg-type]
    assert policy.amber is AmberRule.IMPROVING_ON_LAST_YEAR
    assert policy.against is JudgeAgainst.YEAR_END_TARGET
    assert StatusPolicy() == StatusPolicy(AmberRule.TOLERANCE_BAND, JudgeAgainst.PERIOD_TARGET)


def test_describe_policy_states_the_default_in_words() -> None:
    assert describe_policy() == (
        "Status compares each period's figure with the target for that period. "
        "Green: on or better than the target. "
        "Amber: worse than the target by no more than the indicator's tolerance. "
        "Red: worse than that. "
        "Grey: no figure, no target, or an indicator where neither direction is better."
    )


def test_describe_policy_states_each_alternative() -> None:
    assert "better than the same period last year" in describe_policy(IMPROVING_POLICY)
    assert "forecast to meet the year-end target" in describe_policy(FORECAST_POLICY)
    year_end = describe_policy(StatusPolicy(against=JudgeAgainst.YEAR_END_TARGET))
    assert year_end.startswith("Status compares the year-end forecast with the year-end target.")


# Direction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        ("100", "85", HIGHER, Direction.IMPROVING),
        ("421", "481", HIGHER, Direction.DECLINING),
        ("1826", "2009", LOWER, Direction.IMPROVING),
        ("4.30", "3.40", LOWER, Direction.DECLINING),
        ("3", "3", LOWER, Direction.NO_CHANGE),
        ("3", "3.00", HIGHER, Direction.NO_CHANGE),
    ],
)
def test_direction_is_judged_with_polarity(
    current: str, previous: str, polarity: Polarity, expected: Direction
) -> None:
    assert direction(d(current), d(previous), polarity) is expected


@pytest.mark.parametrize(("current", "previous"), [(None, "1"), ("1", None), (None, None)])
def test_direction_is_not_comparable_when_either_value_is_missing(
    current: str | None, previous: str | None
) -> None:
    result = direction(
        None if current is None else d(current),
        None if previous is None else d(previous),
        HIGHER,
    )
    assert result is Direction.NOT_COMPARABLE


def test_a_change_within_the_no_change_tolerance_is_no_change() -> None:
    assert direction(d("98.69"), d("98.65"), HIGHER, d("0.05")) is Direction.NO_CHANGE
    assert direction(d("98.71"), d("98.65"), HIGHER, d("0.05")) is Direction.IMPROVING


def test_a_no_judgement_indicator_has_no_direction_unless_unchanged() -> None:
    assert direction(d("2"), d("1"), NONE) is Direction.NOT_COMPARABLE
    assert direction(d("1"), d("1"), NONE) is Direction.NO_CHANGE


def test_improving_on_last_year() -> None:
    assert improving_on_last_year(d("4.62"), d("4.90"), LOWER) is True
    assert improving_on_last_year(d("4.90"), d("4.90"), LOWER) is False
    assert improving_on_last_year(d("5"), d("4.90"), LOWER) is False
    assert improving_on_last_year(d("5"), None, LOWER) is None
    assert improving_on_last_year(None, d("5"), HIGHER) is None


def test_comparison_period_is_the_previous_period_or_for_cumulative_last_year() -> None:
    assert comparison_period(Q2, cumulative=False) == Q1
    assert comparison_period(Q1, cumulative=False) == p("2010/11 Q4")
    assert comparison_period(p("2011-07"), cumulative=False) == p("2011-06")
    assert comparison_period(Q2, cumulative=True) == p("2010/11 Q2")
    assert comparison_period(FY, cumulative=True) == p("2010/11")


def test_direction_of_travel_looks_up_the_previous_period() -> None:
    values = {Q1: d("481"), Q2: d("421")}
    assert direction_of_travel(Q2, values, HIGHER, cumulative=False) is Direction.DECLINING
    assert direction_of_travel(Q1, values, HIGHER, cumulative=False) is Direction.NOT_COMPARABLE


def test_a_cumulative_indicator_is_compared_with_the_same_period_last_year() -> None:
    values = {Q1: d("0.5"), Q2: d("4.62"), p("2010/11 Q2"): d("4.90")}
    assert direction_of_travel(Q2, values, LOWER, cumulative=True) is Direction.IMPROVING


def test_a_cumulative_indicator_without_last_years_figure_is_not_comparable() -> None:
    values = {Q1: d("0.5"), Q2: d("4.62")}
    assert direction_of_travel(Q2, values, LOWER, cumulative=True) is Direction.NOT_COMPARABLE


def test_direction_of_travel_derives_quarters_from_months_when_given_a_frequency() -> None:
    months = dict(zip(p("2011/12 Q2").months(), [d("664"), d("617"), d("545")], strict=True))
    values = {Q1: d("2009"), **months}
    result = direction_of_travel(
        Q2,
        values,
        LOWER,
        cumulative=False,
        frequency=Frequency.MONTHLY,
        aggregation=Aggregation.SUM,
    )
    assert result is Direction.IMPROVING
    assert direction_of_travel(Q2, values, LOWER, cumulative=False) is Direction.NOT_COMPARABLE


# Aggregation and year to date ------------------------------------------------------------


def test_aggregate_sums_counts_takes_the_latest_snapshot_and_averages_means() -> None:
    values = [d("76"), d("30"), d("38")]
    assert aggregate(values, Aggregation.SUM) == d("144")
    assert aggregate(values, Aggregation.LATEST) == d("38")
    assert aggregate(values, Aggregation.MEAN) == d("48")


@pytest.mark.parametrize("aggregation", list(Aggregation))
def test_a_missing_value_is_never_zero(aggregation: Aggregation) -> None:
    assert aggregate([d("76"), None, d("38")], aggregation) is None
    assert aggregate([], aggregation) is None


def test_value_for_period_prefers_the_entered_value() -> None:
    months = dict(zip(Q2.months(), [d("76"), d("30"), d("38")], strict=True))
    values = {**months, Q2: d("150")}
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(Q2, values, **kwargs) == d("150")
    assert value_for_period(Q2, months, **kwargs) == d("144")


def test_value_for_period_treats_an_entered_none_as_not_entered() -> None:
    months = dict(zip(Q2.months(), [d("76"), d("30"), d("38")], strict=True))
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(Q2, {**months, Q2: None}, **kwargs) == d("144")


def test_a_year_is_derived_from_entered_quarters_when_the_months_are_missing() -> None:
    values = {Q1: d("2"), Q2: d("144"), Q3: d("100"), Q4: d("105")}
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(FY, values, **kwargs) == d("351")


def test_a_year_is_derived_from_months_when_a_quarter_is_missing() -> None:
    values = {m: d("1") for m in FY.months()}
    values[Q1] = d("3")
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(FY, values, **kwargs) == d("12")


def test_a_year_mixes_entered_quarters_and_quarters_derived_from_months() -> None:
    values: dict[Period, Decimal | None] = {Q1: d("2"), Q3: d("100"), Q4: d("105")}
    values.update(zip(Q2.months(), [d("76"), d("30"), d("38")], strict=True))
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(FY, values, **kwargs) == d("351")


def test_a_year_is_derived_from_tranches_when_quarters_are_incomplete() -> None:
    tranches = {p("2011/12 T1"): d("4"), p("2011/12 T2"): d("5"), p("2011/12 T3"): d("6")}
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.MEAN}
    assert value_for_period(FY, {**tranches, Q1: d("9")}, **kwargs) == d("5")


def test_a_year_of_a_quarterly_indicator_ignores_tranche_values() -> None:
    tranches = {p("2011/12 T1"): d("4"), p("2011/12 T2"): d("5"), p("2011/12 T3"): d("6")}
    kwargs = {"frequency": Frequency.QUARTERLY, "aggregation": Aggregation.SUM}
    assert value_for_period(FY, tranches, **kwargs) is None


def test_a_year_with_a_missing_quarter_and_missing_months_is_missing() -> None:
    values = {Q1: d("2"), Q2: d("144"), Q3: None, Q4: d("105")}
    kwargs = {"frequency": Frequency.MONTHLY, "aggregation": Aggregation.SUM}
    assert value_for_period(FY, values, **kwargs) is None


def test_value_for_period_is_missing_for_a_period_shorter_than_the_frequency() -> None:
    values = {Q2: d("421")}
    kwargs = {"frequency": Frequency.QUARTERLY, "aggregation": Aggregation.SUM}
    assert value_for_period(p("2011-07"), values, **kwargs) is None
    assert value_for_period(Q3, values, **kwargs) is None
    assert value_for_period(FY, values, **kwargs) is None


def test_year_to_date_sums_counts_over_the_quarters_so_far() -> None:
    values = {Q1: d("481"), Q2: d("421")}
    result = year_to_date(Q2, values, frequency=Frequency.QUARTERLY, aggregation=Aggregation.SUM)
    assert result == d("902")


def test_year_to_date_mixes_entered_quarters_and_months() -> None:
    months = dict(zip(Q2.months(), [d("76"), d("30"), d("38")], strict=True))
    values = {Q1: d("2"), **months}
    result = year_to_date(Q2, values, frequency=Frequency.MONTHLY, aggregation=Aggregation.SUM)
    assert result == d("146")


def test_year_to_date_at_a_month_sums_the_months_so_far() -> None:
    values = {m: d("10") for m in FY.months()[:4]}
    result = year_to_date(
        p("2011-07"), values, frequency=Frequency.MONTHLY, aggregation=Aggregation.SUM
    )
    assert result == d("40")


def test_year_to_date_of_a_snapshot_is_the_latest_figure() -> None:
    months = dict(zip(Q2.months(), [d("990"), d("973"), d("968")], strict=True))
    values = {Q1: d("998"), **months}
    result = year_to_date(Q2, values, frequency=Frequency.MONTHLY, aggregation=Aggregation.LATEST)
    assert result == d("968")


def test_year_to_date_of_an_average_is_the_mean_so_far() -> None:
    values = {p("2011/12 T1"): d("4"), p("2011/12 T2"): d("5")}
    result = year_to_date(
        p("2011/12 T2"), values, frequency=Frequency.FOUR_MONTHLY, aggregation=Aggregation.MEAN
    )
    assert result == d("4.5")


def test_year_to_date_is_missing_when_a_period_so_far_is_missing() -> None:
    values = {Q1: None, Q2: d("421")}
    result = year_to_date(Q2, values, frequency=Frequency.QUARTERLY, aggregation=Aggregation.SUM)
    assert result is None


def test_year_to_date_refuses_a_period_the_frequency_does_not_fit() -> None:
    with pytest.raises(ValueError, match="A 4-monthly indicator has no value for 2011/12 Q2"):
        year_to_date(Q2, {}, frequency=Frequency.FOUR_MONTHLY, aggregation=Aggregation.MEAN)


def test_check_aggregation_refuses_a_cumulative_indicator_that_sums() -> None:
    with pytest.raises(ValueError, match="set aggregation to latest, not sum"):
        check_aggregation(Aggregation.SUM, cumulative=True)
    check_aggregation(Aggregation.LATEST, cumulative=True)
    check_aggregation(Aggregation.SUM, cumulative=False)


# Targets to date, forecasts --------------------------------------------------------------


def test_pro_rata_target_to_date_for_counts_is_a_share_of_the_year() -> None:
    assert pro_rata_target_to_date(Q2, d("1964"), aggregation=Aggregation.SUM) == d("982")
    assert pro_rata_target_to_date(Q1, d("1964"), aggregation=Aggregation.SUM) == d("491")
    july = p("2011-07")
    assert pro_rata_target_to_date(july, d("120"), aggregation=Aggregation.SUM) == d("40")
    assert pro_rata_target_to_date(FY, d("1964"), aggregation=Aggregation.SUM) == d("1964")


def test_pro_rata_target_to_date_for_cumulative_figures_grows_through_the_year() -> None:
    result = pro_rata_target_to_date(Q2, d("9.00"), aggregation=Aggregation.LATEST, cumulative=True)
    assert result == d("4.5")


def test_pro_rata_target_to_date_for_a_snapshot_is_the_year_end_target() -> None:
    assert pro_rata_target_to_date(Q2, d("972"), aggregation=Aggregation.LATEST) == d("972")
    assert pro_rata_target_to_date(Q2, d("6"), aggregation=Aggregation.MEAN) == d("6")
    assert pro_rata_target_to_date(Q2, None, aggregation=Aggregation.SUM) is None


def test_year_end_forecast_is_straight_line_for_counts() -> None:
    assert year_end_forecast(Q2, d("902"), aggregation=Aggregation.SUM) == d("1804")
    assert year_end_forecast(FY, d("1804"), aggregation=Aggregation.SUM) == d("1804")
    assert quantize(year_end_forecast(p("2011-07"), d("100"), aggregation=Aggregation.SUM), 1) == d(
        "300.0"
    )


def test_year_end_forecast_keeps_exact_figures_exact() -> None:
    assert str(year_end_forecast(Q2, d("902"), aggregation=Aggregation.SUM)) == "1804"


def test_year_end_forecast_is_straight_line_for_cumulative_figures() -> None:
    result = year_end_forecast(Q2, d("4.62"), aggregation=Aggregation.LATEST, cumulative=True)
    assert result == d("9.24")


def test_year_end_forecast_of_a_snapshot_or_average_is_the_year_to_date() -> None:
    assert year_end_forecast(Q2, d("968"), aggregation=Aggregation.LATEST) == d("968")
    assert year_end_forecast(Q2, d("4.5"), aggregation=Aggregation.MEAN) == d("4.5")
    assert year_end_forecast(Q2, None, aggregation=Aggregation.SUM) is None


def test_forecast_method_is_a_sentence_for_the_report() -> None:
    straight = "Straight-line: year to date ÷ months elapsed × 12."
    assert forecast_method(Aggregation.SUM) == straight
    assert forecast_method(Aggregation.LATEST, cumulative=True) == straight
    assert forecast_method(Aggregation.LATEST).startswith("Latest figure:")
    assert forecast_method(Aggregation.MEAN).startswith("Average so far:")


@pytest.mark.parametrize(
    ("forecast", "target", "polarity", "expected"),
    [
        ("1804", "1964", HIGHER, False),
        ("1964", "1964", HIGHER, True),
        ("9.24", "9.00", LOWER, False),
        ("968", "972", LOWER, True),
        ("968", "972", NONE, None),
        (None, "972", LOWER, None),
        ("968", None, LOWER, None),
    ],
)
def test_on_track(
    forecast: str | None, target: str | None, polarity: Polarity, expected: bool | None
) -> None:
    result = on_track(
        None if forecast is None else d(forecast),
        None if target is None else d(target),
        polarity,
    )
    assert result is expected


def test_quantize_rounds_halves_away_from_zero() -> None:
    assert quantize(d("2.125"), 2) == d("2.13")
    assert quantize(d("-2.125"), 2) == d("-2.13")
    assert quantize(d("1803.6"), 0) == d("1804")
    assert quantize(None, 2) is None


# Parsers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("higher", HIGHER),
        ("Higher is better", HIGHER),
        ("HIGHER IS BETTER", HIGHER),
        ("lower", LOWER),
        ("Lower is Better", LOWER),
        ("  lower  is better ", LOWER),
        ("none", NONE),
        ("No judgement", NONE),
        ("no judgment", NONE),
    ],
)
def test_parse_polarity(text: str, expected: Polarity) -> None:
    assert parse_polarity(text) is expected


def test_parse_polarity_says_what_to_write() -> None:
    with pytest.raises(
        ValueError, match="^'sideways' is not a polarity; use higher, lower or none"
    ):
        parse_polarity("sideways")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monthly", Frequency.MONTHLY),
        ("Monthly", Frequency.MONTHLY),
        ("QUARTERLY", Frequency.QUARTERLY),
        ("4-monthly", Frequency.FOUR_MONTHLY),
        ("4-Monthly", Frequency.FOUR_MONTHLY),
        ("4 monthly", Frequency.FOUR_MONTHLY),
        ("annual", Frequency.ANNUAL),
        ("Annually", Frequency.ANNUAL),
    ],
)
def test_parse_frequency(text: str, expected: Frequency) -> None:
    assert parse_frequency(text) is expected


def test_parse_frequency_says_what_to_write() -> None:
    with pytest.raises(
        ValueError, match="'Not Reported' is not a frequency; use monthly, quarterly, 4-monthly"
    ):
        parse_frequency("Not Reported")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("sum", Aggregation.SUM), ("Latest", Aggregation.LATEST), ("average", Aggregation.MEAN)],
)
def test_parse_aggregation(text: str, expected: Aggregation) -> None:
    assert parse_aggregation(text) is expected


def test_parse_aggregation_says_what_to_write() -> None:
    with pytest.raises(ValueError, match="use sum .counts., latest"):
        parse_aggregation("median")


def test_parse_amber_rule_and_judge_against() -> None:
    assert parse_amber_rule("Improving on last year") is AmberRule.IMPROVING_ON_LAST_YEAR
    assert parse_amber_rule("amber_if_improving") is AmberRule.IMPROVING_ON_LAST_YEAR
    assert parse_amber_rule("amber_if_forecast") is AmberRule.FORECAST_MEETS_YEAR_END
    assert parse_amber_rule("forecast-meets-year-end") is AmberRule.FORECAST_MEETS_YEAR_END
    assert parse_amber_rule("tolerance-band") is AmberRule.TOLERANCE_BAND
    assert parse_judge_against("year-end") is JudgeAgainst.YEAR_END_TARGET
    assert parse_judge_against("year_end_target") is JudgeAgainst.YEAR_END_TARGET
    assert parse_judge_against("Period") is JudgeAgainst.PERIOD_TARGET
    with pytest.raises(ValueError, match="use tolerance_band, amber_if_improving"):
        parse_amber_rule("vibes")
    with pytest.raises(ValueError, match="use period or year_end"):
        parse_judge_against("next year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("no", False), ("n", False)],
)
def test_parse_yes_no(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected


def test_parse_yes_no_uses_the_default_for_blank_only() -> None:
    assert parse_yes_no("", default=False) is False
    with pytest.raises(ValueError, match="'' is not yes or no; use yes or no"):
        parse_yes_no("")
    with pytest.raises(ValueError, match="'maybe' is not yes or no"):
        parse_yes_no("maybe", default=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("421", d("421")),
        ("98.69%", d("98.69")),
        ("30.30%", d("30.30")),
        ("1,072", d("1072")),
        (" 0.37 ", d("0.37")),
        ("-3.5", d("-3.5")),
        ("−3.5", d("-3.5")),
        (".5", d("0.5")),
        ("5.", d("5")),
        ("£1,200", d("1200")),
        (12, d("12")),
        (d("1.5"), d("1.5")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "TBC", "tbc", "To be confirmed", "N/A", "n/a", "NA", "Not Available", "-", None],
)
def test_parse_number_reads_missing_words_as_none_never_zero(text: str | None) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "68.7 (male) 71.6 (female)", "1.2.3", "5%%", "1e5"])
def test_parse_number_says_what_to_write(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number; enter a number, like 72.5"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("421 (est)", ParsedValue(d("421"), estimated=True)),
        ("4474 (est)", ParsedValue(d("4474"), estimated=True)),
        ("4474 (Est.)", ParsedValue(d("4474"), estimated=True)),
        ("12.5% (estimated)", ParsedValue(d("12.5"), estimated=True)),
        ("421 est", ParsedValue(d("421"), estimated=True)),
        ("98.69%", ParsedValue(d("98.69"), estimated=False)),
        ("TBC", ParsedValue(None, estimated=False)),
        ("Not Available", ParsedValue(None, estimated=False)),
        ("", ParsedValue(None, estimated=False)),
        (None, ParsedValue(None, estimated=False)),
        (d("5"), ParsedValue(d("5"), estimated=False)),
    ],
)
def test_parse_actual(text: str | None, expected: ParsedValue) -> None:
    assert parse_actual(text) == expected


def test_parse_actual_unpacks_as_value_and_estimated() -> None:
    value, estimated = parse_actual("421 (est)")
    assert (value, estimated) == (d("421"), True)


def test_parse_actual_refuses_an_estimate_of_nothing() -> None:
    with pytest.raises(ValueError, match="enter the estimated figure"):
        parse_actual("(est)")


def test_parse_actual_refuses_junk_with_the_number_message() -> None:
    with pytest.raises(ValueError, match="'lots' is not a number"):
        parse_actual("lots (est)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5%", Tolerance(d("5"), ToleranceKind.PERCENT)),
        (" 2.5 % ", Tolerance(d("2.5"), ToleranceKind.PERCENT)),
        ("2.5", Tolerance(d("2.5"), ToleranceKind.ABSOLUTE)),
        ("0", Tolerance(d("0"), ToleranceKind.ABSOLUTE)),
        ("", None),
        (None, None),
    ],
)
def test_parse_tolerance(text: str | None, expected: Tolerance | None) -> None:
    assert parse_tolerance(text) == expected


@pytest.mark.parametrize("text", ["-5%", "five", "TBC", "5 percent"])
def test_parse_tolerance_says_what_to_write(text: str) -> None:
    with pytest.raises(ValueError, match="like 5%, or an amount in the indicator's unit, like 2.5"):
        parse_tolerance(text)


class ModelPolarity(StrEnum):
    """Stands in for the model's `choices.Polarity` (same values, different enum)."""

    HIGHER = "higher"
    LOWER = "lower"


def test_functions_accept_stored_values_and_model_choices() -> None:
    assert status(d("1826"), d("1989"), "lower", None) is Status.ON_TARGET  # type: ignore[arg-type]
    lower = ModelPolarity.LOWER
    assert status(d("1826"), d("1989"), lower, None) is Status.ON_TARGET  # type: ignore[arg-type]
    assert direction(d("1826"), d("2009"), lower) is Direction.IMPROVING  # type: ignore[arg-type]
    assert on_track(d("968"), d("972"), lower) is True  # type: ignore[arg-type]
    assert aggregate([d("1"), d("2")], "sum") == d("3")  # type: ignore[arg-type]
    result = year_to_date(
        Q2,
        {Q1: d("481"), Q2: d("421")},
        frequency="quarterly",  # type: ignore[arg-type]
        aggregation="sum",  # type: ignore[arg-type]
    )
    assert result == d("902")
    assert year_end_forecast(Q2, d("902"), aggregation="sum") == d("1804")  # type: ignore[arg-type]
    assert pro_rata_target_to_date(Q2, d("10"), aggregation="sum") == d("5")  # type: ignore[arg-type]
    assert forecast_method("mean").startswith("Average")  # type: ignore[arg-type]


def test_an_unknown_stored_value_is_refused() -> None:
    with pytest.raises(ValueError, match="'sideways' is not a valid Polarity"):
        status(d("1"), d("2"), "sideways", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("%", Decimal("37.5")), ("rate per 10,000", Decimal(3750)), ("count", Decimal("0.375"))],
)
def test_actual_from_fraction_scales_by_the_unit(unit, expected):
    assert actual_from_fraction(Decimal(3), Decimal(8), unit) == expected


def test_actual_from_fraction_refuses_a_zero_denominator():
    with pytest.raises(ValueError, match="cannot be 0"):
        actual_from_fraction(Decimal(3), Decimal(0), "%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", d("1234")),
        ("1,234.5", d("1234.5")),
        ("1234", d("1234")),
        ("1234.5", d("1234.5")),
        ("12,345", d("12345")),
        ("123,456", d("123456")),
        ("1,234,567", d("1234567")),
        ("1,234,567.89", d("1234567.89")),
        ("-1,234", d("-1234")),
        ("−1,234.5", d("-1234.5")),
        ("£1,234.50", d("1234.50")),
        ("1,234%", d("1234")),
        ("1,234.", d("1234")),
        ("8.7", d("8.7")),
        ("0.5", d("0.5")),
        ("1 234", d("1234")),
    ],
)
def test_parse_number_reads_commas_between_thousands(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("8,7", "8.7"),
        ("91,5", "91.5"),
        ("91,5%", "91.5"),
        ("1,23", "1.23"),
        ("12,3456", "12.3456"),
        ("0,5", "0.5"),
        ("-8,7", "-8.7"),
        ("£8,70", "8.70"),
        (" 8,7 ", "8.7"),
        ("8, 7", "8.7"),
        ("1234,567", "1234.567"),
        (",5", ".5"),
        ("5,", "5."),
        ("1,234,5", "8.7"),
        ("1,23,456", "8.7"),
        ("1,,234", "8.7"),
        ("1,234,56.7", "8.7"),
        ("1.234,5", "8.7"),
        ("12,345,6789", "8.7"),
    ],
)
def test_parse_number_refuses_a_decimal_comma(text: str, example: str) -> None:
    with pytest.raises(ValueError, match="is not a number; use a full stop") as caught:
        parse_number(text)
    message = str(caught.value)
    assert message.startswith(f"'{text.strip()}' is not a number; ")
    assert f"use a full stop for decimals, like {example} " in message
    assert "a comma can only separate thousands, like 1,234" in message


def test_parse_actual_refuses_a_decimal_comma_in_an_estimate() -> None:
    with pytest.raises(ValueError, match="use a full stop for decimals, like 8.7"):
        parse_actual("8,7 (est)")


def test_parse_tolerance_refuses_a_decimal_comma() -> None:
    with pytest.raises(ValueError, match="is not a tolerance"):
        parse_tolerance("2,5%")


@pytest.mark.parametrize("value", ["0", "0.0", "50", "99.99", "100", "100.0"])
def test_check_in_unit_accepts_a_percentage_from_0_to_100(value: str) -> None:
    assert check_in_unit(d(value), "%") == d(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("915", "915"), ("100.01", "100.01"), ("-0.5", "-0.5"), ("-3", "-3"), ("1000", "1000")],
)
def test_check_in_unit_refuses_a_percentage_outside_0_to_100(value: str, shown: str) -> None:
    with pytest.raises(ValueError, match="is not a percentage from 0 to 100") as caught:
        check_in_unit(d(value), "%")
    assert str(caught.value) == (
        f"{shown}% is not a percentage from 0 to 100; enter a percentage from 0 to 100, like 87.5"
    )


@pytest.mark.parametrize(
    "unit", ["count", "rate per 10,000", "rate per 1,000", "£", "days", "years"]
)
def test_check_in_unit_leaves_other_units_alone(unit: str) -> None:
    assert check_in_unit(d("915"), unit) == d("915")
    assert check_in_unit(d("-3"), unit) == d("-3")


def test_check_in_unit_leaves_a_missing_figure_alone() -> None:
    assert check_in_unit(None, "%") is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Illustrative figure, not from the source documents", True),
        ("  illustrative: made up for the demo", True),
        ("Estimated by the PCT", False),
        ("", False),
        (None, False),
    ],
)
def test_a_note_saying_illustrative_marks_an_illustrative_figure(note, expected):
    assert is_illustrative(note) is expected


# Indicator codes in the order people read them --------------------------------------------


def test_codes_sort_with_their_numbers_as_numbers():
    codes = ["NI 195 d", "NI 45", "Local 10", "NI 195", "Local 2", "NI 195 a", "ni 4"]
    assert sorted(codes, key=code_order) == [
        "Local 2",
        "Local 10",
        "ni 4",
        "NI 45",
        "NI 195",
        "NI 195 a",
        "NI 195 d",
    ]


def test_indicators_sort_by_code_as_people_read_it():
    rows = [SimpleNamespace(code=c) for c in ["NI 195 d", "Local 25", "NI 45", "Local 3"]]
    assert [r.code for r in in_code_order(rows)] == ["Local 3", "Local 25", "NI 45", "NI 195 d"]


def test_codes_differing_in_case_keep_one_order_whatever_order_they_come_in():
    assert in_code_order(["ni 4", "NI 4"], code=str) == ["NI 4", "ni 4"]
    assert in_code_order(["NI 4", "ni 4"], code=str) == ["NI 4", "ni 4"]


def test_indicators_keep_their_groups_in_the_order_the_groups_came():
    # as a query ordered by theme returns them: the themes' order is the query's
    rows = [
        ("Safer", "NI 195 d"),
        ("Safer", "NI 45"),
        ("Healthier", "Local 25"),
        ("Healthier", "Local 3"),
    ]
    ordered = in_code_order(rows, code=lambda r: r[1], group=lambda r: r[0])
    assert ordered == [
        ("Safer", "NI 45"),
        ("Safer", "NI 195 d"),
        ("Healthier", "Local 3"),
        ("Healthier", "Local 25"),
    ]


def test_figures_sort_by_code_then_a_quarters_months_before_it():
    q4, january = parse_period("2011/12 Q4"), parse_period("2012-01")
    pairs = [("NI 195 d", q4), ("NI 45", q4), ("NI 45", january)]
    assert sorted(pairs, key=lambda pair: figure_order(*pair)) == [
        ("NI 45", january),
        ("NI 45", q4),
        ("NI 195 d", q4),
    ]
