"""LIS confidence intervals, checked against published worked examples.

Expected values come from the test data of the R package PHEindicatormethods
(UKHSA, GPL-3; `tests/testthat/testdata_Byars_Wilson.xlsx`, `testdata_Rate.xlsx`,
`testdata_Proportion.xlsx`, commit 093fd28 of ukhsa-collaboration/PHEindicatormethods),
which reproduce the PHE "Technical Guide: Confidence intervals"; and from standard
chi-square tables.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from roundtable.lis.intervals import (
    BYAR,
    EXACT_POISSON,
    WILSON,
    byar_interval,
    chi_square_quantile,
    confidence_limits,
    declares_no_limits,
    exact_poisson_interval,
    gamma_quantile,
    rate_interval,
    regularised_gamma,
    wilson_interval,
    z_value,
)
from roundtable.lis.rules import CHI_SQUARE_99_8

REL = 1e-9

# Distributions ---------------------------------------------------------------------


def test_z_values_are_the_normal_critical_values():
    assert z_value(0.95) == pytest.approx(1.959963985, rel=1e-9)
    assert z_value(0.998) == pytest.approx(3.0902323, rel=1e-7)
    assert z_value(99.8) == z_value(0.998)


@pytest.mark.parametrize("confidence", [0.7, 14, 125, 1])
def test_confidence_outside_90_to_100_percent_is_refused(confidence):
    with pytest.raises(ValueError, match="between 0.9 and 1"):
        z_value(confidence)


@pytest.mark.parametrize(
    ("probability", "df", "expected"),
    [
        # Standard chi-square table values (R qchisq to 7 significant figures).
        (0.95, 1, 3.841459),
        (0.999, 1, 10.82757),
        (0.998, 1, CHI_SQUARE_99_8),
        (0.975, 2, 7.377759),
        (0.025, 2, 0.05063562),
        (0.95, 10, 18.30704),
        (0.05, 10, 3.940299),
        (0.025, 10, 3.246973),
        (0.001, 20, 5.921041),
        (0.5, 2, 1.386294),  # -2 ln(0.5)
    ],
)
def test_chi_square_quantiles_match_tables(probability, df, expected):
    assert chi_square_quantile(probability, df) == pytest.approx(expected, rel=1e-6)


def test_gamma_quantile_inverts_the_regularised_gamma_function():
    for shape in (0.5, 1, 2.5, 10, 11, 300.5):
        for probability in (0.001, 0.025, 0.5, 0.975, 0.999):
            x = gamma_quantile(probability, shape)
            assert regularised_gamma(shape, x) == pytest.approx(probability, rel=1e-12)


def test_regularised_gamma_of_shape_one_is_the_exponential_distribution():
    assert regularised_gamma(1, 2.0) == pytest.approx(1 - 2.718281828459045**-2, rel=1e-14)
    assert regularised_gamma(1, 0) == 0


# Confidence intervals ------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "confidence", "lower", "upper"),
    [
        # testdata_Byars_Wilson.xlsx, rows 1-6 and 13 (Byars).
        (65, 0.95, 50.163187710459454, 82.84913854593984),
        (1045, 0.95, 982.5932018073325, 1110.33121298565),
        (1, 0.95, 0.01307213290150435, 5.5637555824752605),
        (65, 0.998, 42.8802614714802, 94.00029084431802),
        (1045, 99.8, 947.9407035610374, 1148.806160988033),
        (10, 0.998, 2.916318374695686, 24.193724927880535),
        (1, 0.998, None, 9.362180217908362),
    ],
)
def test_byar_interval_matches_pheindicatormethods(count, confidence, lower, upper):
    """PHEindicatormethods testByars.R: byars_lower/byars_upper. A lower limit below
    0 is NA there and None here."""
    got = byar_interval(count, confidence)
    assert got.lower == (None if lower is None else pytest.approx(lower, rel=REL))
    assert got.upper == pytest.approx(upper, rel=REL)


@pytest.mark.parametrize(
    ("x", "n", "confidence", "lower", "upper"),
    [
        # testdata_Byars_Wilson.xlsx, rows 7-12 (Wilson).
        (65, 100, 0.95, 0.5525444329688797, 0.7363575175690247),
        (1045, 5000, 0.95, 0.19795549880013297, 0.22049130373189027),
        (0.445, 1, 0.95, 0.04381744772058822, 0.9334621276979156),
        (65, 100, 0.998, 0.4954946574070431, 0.7783540614089697),
        (1045, 5000, 0.998, 0.19179381799015244, 0.22731562902525818),
        (0.445, 1, 0.998, 0.019347006132900975, 0.9702259947019541),
    ],
)
def test_wilson_interval_matches_pheindicatormethods(x, n, confidence, lower, upper):
    """PHEindicatormethods testWilson.R: wilson_lower/wilson_upper (proportion of 1)."""
    got = wilson_interval(x, n, confidence, multiplier=1)
    assert got.lower == pytest.approx(lower, rel=REL)
    assert got.upper == pytest.approx(upper, rel=REL)


def test_wilson_interval_is_a_percentage_by_default():
    assert wilson_interval(65, 100).lower == pytest.approx(55.25444329688797, rel=REL)


def test_wilson_interval_of_zero_starts_at_zero_and_of_all_ends_at_the_multiplier():
    zero = wilson_interval(0, 50)
    assert zero.lower == 0
    assert 0 < zero.upper < 10
    everyone = wilson_interval(50, 50)
    assert everyone.upper == 100
    assert 90 < everyone.lower < 100


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [(-1, 10, "0 or more"), (1, 0, "above 0"), (11, 10, "not be above the denominator")],
)
def test_wilson_interval_refuses_impossible_proportions(x, n, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(x, n)


def test_exact_poisson_interval_of_zero_is_zero_to_minus_log_alpha():
    got = exact_poisson_interval(0, 0.95)
    assert got.lower == 0
    assert got.upper == pytest.approx(3.688879454113936, rel=REL)  # -ln(0.025)


def test_byar_and_exact_refuse_negative_counts():
    with pytest.raises(ValueError, match="0 or more"):
        byar_interval(-4)
    with pytest.raises(ValueError, match="0 or more"):
        exact_poisson_interval(-1)


# testdata_Rate.xlsx rows 9-16 and 20: Numerator, Denominator, lower95, upper95,
# lower99.8, upper99.8, method; rate per 100,000.
RATES = [
    (1, 100, 25.317807984289896, 5571.643390938898, 1.0005003335835343, 9233.413476451586, "E"),
    (5, 100, 1623.4863901184199, 11668.332079322669, 739.3717319178389, 16454.745203680104, "E"),
    (20, 100, 12211.428834875936, 30889.880369197064, 8922.802365144193, 38085.03562504191, "B"),
    (65, 100, 50163.18771045945, 82849.13854593984, 42880.261471480204, 94000.290844318, "B"),
    (9856, 12345, 78269.49058976758, 81430.01654272141, 77375.90543271053, 82354.47277095431, "B"),
    (
        7776456,
        7564336677,
        102.73196005302074,
        102.87648334092832,
        102.690317308454,
        102.91817639509068,
        "B",
    ),
    (222, 3215, 6026.574877652674, 7875.729370871851, 5560.737695259853, 8461.04668173341, "B"),
    (999, 3456, 27141.30493609052, 30755.833237378414, 26162.147596445768, 31845.604819822653, "B"),
    (250, 220, 99984.94738532876, 128631.14487455782, 92710.00554438953, 137651.23772147458, "B"),
]


@pytest.mark.parametrize(("x", "n", "l95", "u95", "l998", "u998", "method"), RATES)
def test_rate_limits_match_pheindicatormethods_phe_rate(x, n, l95, u95, l998, u998, method):
    """PHEindicatormethods testRates.R, "test default" and "test num > denom":
    exact Poisson under 10 events, Byar's from 10; a count above its denominator is a
    valid rate."""
    got = confidence_limits("rate", count=x, denominator=n, multiplier=100_000)
    assert got.method == (EXACT_POISSON if method == "E" else BYAR)
    assert got.lower_95 == pytest.approx(l95, rel=REL)
    assert got.upper_95 == pytest.approx(u95, rel=REL)
    assert got.lower_99_8 == pytest.approx(l998, rel=REL)
    assert got.upper_99_8 == pytest.approx(u998, rel=REL)


def test_rate_interval_scales_by_its_multiplier():
    """testdata_Rate.xlsx row 2: 5 per 100 people, rate per 100."""
    (lower, upper), method = rate_interval(5, 100, multiplier=100, confidence=0.95)
    assert (lower, upper) == (
        pytest.approx(1.62348639011842, rel=REL),
        pytest.approx(11.668332079322669, rel=REL),
    )
    assert method == EXACT_POISSON


def test_rate_switches_from_exact_to_byar_at_ten():
    assert rate_interval(9, 1000)[1] == EXACT_POISSON
    assert rate_interval(10, 1000)[1] == BYAR


# testdata_Proportion.xlsx rows 1-8: Numerator, Denominator, lower95, upper95,
# lower99.8, upper99.8 as a proportion of 1.
PROPORTIONS = [
    (1, 100, 0.0017674320641406511, 0.054486196178705294, 0.000873065697299977, 0.1045544528370582),
    (5, 100, 0.02154367915436798, 0.11175046923191911, 0.013865320725997183, 0.16458852282596442),
    (20, 100, 0.1333669333310325, 0.28882916559315885, 0.10519162066711432, 0.3471109417008601),
    (65, 100, 0.5525444329688797, 0.7363575175690247, 0.4954946574070431, 0.7783540614089697),
    (
        9856,
        12345,
        0.7912101752909069,
        0.8053640073614909,
        0.7869924108419063,
        0.8093061412589626,
    ),
    (
        7776456,
        7564336677,
        0.0010273201001641094,
        0.0010287644578977231,
        0.0010269040118442213,
        0.0010291812992698397,
    ),
    (
        222,
        3215,
        0.060791690363636595,
        0.07833956681383633,
        0.05647101964624248,
        0.08418414185270134,
    ),
    (999, 3456, 0.27418951080009873, 0.30440389662818057, 0.26583995768074953, 0.3134475449279985),
]


@pytest.mark.parametrize(("x", "n", "l95", "u95", "l998", "u998"), PROPORTIONS)
def test_proportion_limits_match_pheindicatormethods_phe_proportion(x, n, l95, u95, l998, u998):
    """PHEindicatormethods testProportions.R: Wilson score at 95% and 99.8%, as a
    percentage (multiplier 100; the workbook's "percentage" rows are these × 100)."""
    got = confidence_limits("proportion", count=x, denominator=n, multiplier=100)
    assert got.method == WILSON
    assert got.lower_95 == pytest.approx(l95 * 100, rel=REL)
    assert got.upper_95 == pytest.approx(u95 * 100, rel=REL)
    assert got.lower_99_8 == pytest.approx(l998 * 100, rel=REL)
    assert got.upper_99_8 == pytest.approx(u998 * 100, rel=REL)


def test_count_limits_use_the_count_alone():
    got = confidence_limits("count", count=65, denominator=None, multiplier=None)
    assert got.method == BYAR
    assert got.lower_95 == pytest.approx(50.163187710459454, rel=REL)
    assert confidence_limits("count", count=3).method == EXACT_POISSON


def test_confidence_limits_accept_decimals():
    got = confidence_limits("rate", count=Decimal(65), denominator=Decimal(100), multiplier=100)
    assert got.lower_95 == pytest.approx(50.163187710459454, rel=REL)


def test_confidence_limits_derive_the_count_from_the_value_and_denominator():
    got = confidence_limits("proportion", count=None, denominator=100, multiplier=100, value=65)
    assert got.lower_95 == pytest.approx(55.25444329688797, rel=REL)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"value_type": "rate", "count": None, "denominator": 100}, "No count"),
        ({"value_type": "rate", "count": 5, "denominator": None}, "No denominator"),
        ({"value_type": "rate", "count": 5, "denominator": 0}, "denominator is 0"),
        ({"value_type": "rate", "count": -1, "denominator": 10}, "below 0"),
        ({"value_type": "proportion", "count": 11, "denominator": 10}, "not a proportion"),
        ({"value_type": "mean", "count": 11, "denominator": 10}, "give them with the data"),
        ({"value_type": "ratio", "count": 11, "denominator": 10}, "give them with the data"),
        ({"value_type": "median", "count": 11, "denominator": 10}, "not computed"),
        ({"value_type": "rate", "count": 5, "denominator": 10, "multiplier": None}, "multiplier"),
    ],
)
def test_confidence_limits_say_why_they_cannot_be_computed(kwargs, reason):
    kwargs.setdefault("multiplier", 100)
    got = confidence_limits(**kwargs)
    assert not got.computed
    assert got.method is None
    assert got.lower_95 is got.upper_95 is got.lower_99_8 is got.upper_99_8 is None
    assert reason in got.reason


@pytest.mark.parametrize(
    ("ci_method", "words"),
    [
        ("None", "No confidence limits for this indicator"),
        (" none ", "No confidence limits for this indicator"),
        ("None:", "No confidence limits for this indicator"),
        (
            "None: a census figure, not a sample.",
            "No confidence limits: a census figure, not a sample",
        ),
        ("NONE : complete count", "No confidence limits: complete count"),
    ],
)
def test_an_indicator_may_declare_its_figures_have_no_limits(ci_method, words):
    assert declares_no_limits(ci_method) == words


@pytest.mark.parametrize("ci_method", ["", None, "Byar's method", "Wilson score", "Nonparametric"])
def test_a_method_or_blank_is_not_a_declaration_of_no_limits(ci_method):
    assert declares_no_limits(ci_method) is None


def test_confidence_limits_are_not_made_up_for_figures_declared_without_them():
    got = confidence_limits("count", count=2995, ci_method="None: a census figure, not a sample")
    assert not got.computed
    assert got.lower_95 is got.upper_95 is got.lower_99_8 is got.upper_99_8 is None
    assert got.reason == "No confidence limits: a census figure, not a sample"
    # The same count with a method, or blank for the default, has them.
    assert confidence_limits("count", count=2995, ci_method="").method == BYAR


def test_confidence_limits_of_a_zero_rate_run_from_zero():
    got = confidence_limits("rate", count=0, denominator=1000, multiplier=1000)
    assert got.method == EXACT_POISSON
    assert got.lower_95 == 0
    assert got.upper_95 == pytest.approx(3.688879454113936, rel=REL)


def test_tiny_denominators_still_give_limits():
    got = confidence_limits("proportion", count=1, denominator=1, multiplier=100)
    assert got.upper_95 == 100
    assert 0 < got.lower_99_8 < got.lower_95 < 100


def test_every_count_lies_inside_its_limits_and_99_8_is_wider_than_95():
    for count in range(0, 60):
        limits = confidence_limits("count", count=count)
        assert limits.lower_99_8 <= limits.lower_95 <= count <= limits.upper_95
        assert limits.upper_95 < limits.upper_99_8


def test_every_proportion_lies_inside_its_wilson_limits():
    for count in range(0, 21):
        limits = confidence_limits("proportion", count=count, denominator=20, multiplier=100)
        value = count / 20 * 100
        assert 0 <= limits.lower_99_8 <= limits.lower_95 <= value <= limits.upper_95
        assert limits.upper_95 <= limits.upper_99_8 <= 100


def test_exact_and_byar_agree_closely_at_ten():
    """Byar's method approximates the exact interval; at the switch they are close."""
    exact = exact_poisson_interval(10)
    byar = byar_interval(10)
    assert byar.lower == pytest.approx(exact.lower, rel=0.01)
    assert byar.upper == pytest.approx(exact.upper, rel=0.01)
