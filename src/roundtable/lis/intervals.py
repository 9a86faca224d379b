"""Confidence intervals for LIS statistics: plain functions, no database.

The methods are the ones the public-health technical guidance and Fingertips use
(PHE "Technical Guide: Confidence intervals"; the R package PHEindicatormethods):
Wilson score for proportions; Byar's method for counts and rates, and the exact
Poisson interval (from the chi-square distribution) when the count is under 10.
Every set of limits carries the name of its method. An indicator may declare that
it has no limits at all (`declares_no_limits`: a complete count, an estimate).

`docs/lis-statistics.md` gives the formulas, sources and worked examples.

Figures are floats (a `Decimal` or `int` argument is converted); a missing figure is
`None`, never zero. Chi-square and gamma quantiles are computed here, without SciPy:
the regularised incomplete gamma function is evaluated by its series or continued
fraction and inverted by safeguarded Newton steps to full double precision.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from roundtable.performance.choices import ValueType  # one list for both apps

__all__ = [
    "BYAR",
    "EXACT_POISSON",
    "WILSON",
    "Interval",
    "Limits",
    "byar_interval",
    "chi_square_quantile",
    "confidence_limits",
    "count_interval",
    "declares_no_limits",
    "exact_poisson_interval",
    "gamma_quantile",
    "rate_interval",
    "regularised_gamma",
    "wilson_interval",
    "z_value",
]

Number = float | int | Decimal

WILSON = "Wilson score"
BYAR = "Byar's method"
EXACT_POISSON = "Exact Poisson"

#: Below this count a rate or count uses the exact Poisson interval instead of Byar's.
EXACT_BELOW = 10


class Interval(NamedTuple):
    """A lower and upper limit; a limit the method cannot give is `None`."""

    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Limits:
    """95% and 99.8% confidence limits and the method that made them.

    When the limits cannot be computed every limit and `method` are `None` and
    `reason` says why, in words fit to show beside the value.
    """

    lower_95: float | None = None
    upper_95: float | None = None
    lower_99_8: float | None = None
    upper_99_8: float | None = None
    method: str | None = None
    reason: str = ""

    @property
    def computed(self) -> bool:
        return self.method is not None

    @classmethod
    def none(cls, reason: str) -> Limits:
        return cls(reason=reason)


# Distributions ---------------------------------------------------------------------


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _check_confidence(confidence: float) -> float:
    """Accept 0.95 or 95 (as PHEindicatormethods does); return the fraction."""
    confidence = float(confidence)
    if confidence >= 90:
        confidence /= 100
    if not 0.9 <= confidence < 1:
        raise ValueError("Confidence must be between 0.9 and 1 (or 90 and 100), like 0.95")
    return confidence


@lru_cache(maxsize=64)
def z_value(confidence: float) -> float:
    """The two-sided standard normal critical value: 1.959964 for 0.95, 3.0902323 for
    0.998."""
    confidence = _check_confidence(confidence)
    return statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def regularised_gamma(shape: float, x: float) -> float:
    """The regularised lower incomplete gamma function P(shape, x).

    Series for x < shape + 1, Lentz's continued fraction for the upper tail otherwise
    (Numerical Recipes, 6.2). Accurate to about 1e-15.
    """
    if shape <= 0:
        raise ValueError("The gamma shape must be above 0")
    if x <= 0:
        return 0.0
    log_prefix = -x + shape * math.log(x) - math.lgamma(shape)
    if x < shape + 1:
        term = total = 1.0 / shape
        denominator = shape
        for _ in range(10_000):
            denominator += 1
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return min(1.0, total * math.exp(log_prefix))
    tiny = 1e-300
    b = x + 1 - shape
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - shape)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return max(0.0, 1 - math.exp(log_prefix) * h)


@lru_cache(maxsize=4096)
def gamma_quantile(probability: float, shape: float) -> float:
    """The x for which P(shape, x) = probability (the inverse of `regularised_gamma`).

    Newton steps on P, kept inside a bisection bracket so they always converge.
    """
    if not 0 <= probability < 1:
        raise ValueError("The probability must be at least 0 and below 1")
    if probability == 0:
        return 0.0
    low, high = 0.0, max(1.0, 2 * shape)
    while regularised_gamma(shape, high) < probability:
        low, high = high, high * 2
    x = (low + high) / 2
    for _ in range(200):
        error = regularised_gamma(shape, x) - probability
        if error == 0:
            return x
        if error > 0:
            high = x
        else:
            low = x
        density = math.exp((shape - 1) * math.log(x) - x - math.lgamma(shape))
        step = x - error / density if density > 0 else math.nan
        x = step if low < step < high else (low + high) / 2
        if high - low <= 4e-16 * high:
            break
    return x


def chi_square_quantile(probability: float, degrees_of_freedom: float) -> float:
    """The chi-square quantile (R's `qchisq`): 7.377759 for (0.975, 2)."""
    if degrees_of_freedom == 0:
        return 0.0
    return 2 * gamma_quantile(probability, degrees_of_freedom / 2)


# Confidence intervals ------------------------------------------------------------


def declares_no_limits(ci_method: str | None) -> str | None:
    """Whether an indicator's confidence interval method says its figures have none,
    and why: "None" alone, or followed by a colon and the reason ("None: a census
    figure, not a sample"). Complete counts (a census, an administrative total) have
    no sampling error, so no limits are computed for them and none are accepted.

    Returns the words to show beside such a figure, or None when the indicator's
    figures do have limits (a method named, or blank for the default)."""
    text = (ci_method or "").strip()
    head, colon, reason = text.partition(":")
    if head.strip().casefold() != "none":
        return None
    reason = reason.strip().rstrip(".")
    if colon and reason:
        return f"No confidence limits: {reason}"
    return "No confidence limits for this indicator"


def wilson_interval(
    numerator: Number, denominator: Number, confidence: float = 0.95, multiplier: Number = 100
) -> Interval:
    """Wilson score interval for a proportion, scaled by `multiplier` (100 gives %).

    (2x + z² ± z√(z² + 4x(1 − x/n))) / 2(n + z²) (Wilson 1927; PHE technical guide).
    Raises ValueError for a negative numerator, a denominator of 0 or less, or a
    numerator above its denominator.
    """
    x, n, scale = float(numerator), float(denominator), float(multiplier)
    if x < 0:
        raise ValueError("The numerator must be 0 or more")
    if n <= 0:
        raise ValueError("The denominator must be above 0")
    if x > n:
        raise ValueError("The numerator must not be above the denominator for a proportion")
    z = z_value(confidence)
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    lower = (2 * x + z * z - root) / 2 / (n + z * z)
    upper = (2 * x + z * z + root) / 2 / (n + z * z)
    return Interval(max(0.0, lower) * scale, min(1.0, upper) * scale)


def byar_interval(count: Number, confidence: float = 0.95) -> Interval:
    """Byar's approximation to the Poisson interval for a count (Breslow and Day 1987).

    lower = x(1 − 1/9x − z/3√x)³, upper = (x+1)(1 − 1/9(x+1) + z/3√(x+1))³.
    The lower limit is `None` where the formula goes below 0 (very small counts), as in
    PHEindicatormethods; use `exact_poisson_interval` for counts under 10.
    """
    x = float(count)
    if x < 0:
        raise ValueError("The count must be 0 or more")
    z = z_value(confidence)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3 if x > 0 else None
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return Interval(lower if lower is not None and lower >= 0 else None, upper)


def exact_poisson_interval(count: Number, confidence: float = 0.95) -> Interval:
    """The exact Poisson interval for a count, from the chi-square distribution.

    lower = χ²(α/2; 2x)/2, upper = χ²(1 − α/2; 2x + 2)/2 (the lower limit of 0 is 0).
    """
    x = float(count)
    if x < 0:
        raise ValueError("The count must be 0 or more")
    alpha = 1 - _check_confidence(confidence)
    lower = chi_square_quantile(alpha / 2, 2 * x) / 2
    upper = chi_square_quantile(1 - alpha / 2, 2 * x + 2) / 2
    return Interval(lower, upper)


def count_interval(count: Number, confidence: float = 0.95) -> tuple[Interval, str]:
    """A count's interval and its method: exact Poisson under 10, Byar's from 10."""
    if float(count) < EXACT_BELOW:
        return exact_poisson_interval(count, confidence), EXACT_POISSON
    return byar_interval(count, confidence), BYAR


def rate_interval(
    count: Number, denominator: Number, multiplier: Number = 100_000, confidence: float = 0.95
) -> tuple[Interval, str]:
    """A crude rate's interval (count / denominator × multiplier) and its method.

    The count's interval (exact Poisson under 10, Byar's from 10) divided by the
    denominator. A count above its denominator is allowed (admissions per person).
    """
    n = float(denominator)
    if n <= 0:
        raise ValueError("The denominator must be above 0")
    interval, method = count_interval(count, confidence)
    scale = float(multiplier) / n
    lower = None if interval.lower is None else interval.lower * scale
    upper = None if interval.upper is None else interval.upper * scale
    return Interval(lower, upper), method


def confidence_limits(
    value_type: ValueType | str,
    *,
    count: Number | None,
    denominator: Number | None = None,
    multiplier: Number | None = None,
    value: Number | None = None,
    ci_method: str = "",
) -> Limits:
    """95% and 99.8% limits for one observation, by the method its value type needs.

    - count: the count's own interval (exact Poisson under 10, Byar's from 10).
    - proportion: Wilson score, scaled by `multiplier` (100 for %, 1 for a fraction).
    - rate: exact Poisson or Byar's on the count, per `multiplier` of the denominator.
    - mean, ratio, other: not computed (they need a standard deviation or the
      method of the source); supply the limits with the data.

    A missing count is derived from `value` and `denominator` when both are given
    (count = value × denominator / multiplier), as PHEindicatormethods does.
    Returns `Limits` with `reason` set, never raises, when the inputs cannot give limits
    or the indicator's `ci_method` says its figures have none (`declares_no_limits`).
    """
    declared = declares_no_limits(ci_method)
    if declared:
        return Limits.none(declared)
    try:
        kind = ValueType(value_type)
    except ValueError:
        return Limits.none(f"Confidence limits are not computed for values of type {value_type}")
    if kind in (ValueType.MEAN, ValueType.RATIO, ValueType.OTHER):
        return Limits.none(
            f"Confidence limits for a {kind.value} cannot be computed from a count: "
            "give them with the data"
        )
    scale = 1.0 if kind is ValueType.COUNT else _float(multiplier)
    if scale is None or scale <= 0:
        return Limits.none("No multiplier: say whether the value is per 100, 1,000 or 100,000")
    x = _float(count)
    n = _float(denominator)
    if x is None and value is not None and n is not None and kind is not ValueType.COUNT:
        x = float(value) * n / scale
    if x is None:
        return Limits.none("No count, so no confidence limits")
    if x < 0:
        return Limits.none("The count is below 0, so no confidence limits")
    if kind is ValueType.COUNT:
        (low95, up95), method = count_interval(x, 0.95)
        (low998, up998), _ = count_interval(x, 0.998)
        return Limits(low95, up95, low998, up998, method)
    if n is None:
        return Limits.none("No denominator, so no confidence limits")
    if n <= 0:
        return Limits.none("The denominator is 0, so no confidence limits")
    if kind is ValueType.PROPORTION:
        if x > n:
            return Limits.none("The count is above its denominator, so it is not a proportion")
        low95, up95 = wilson_interval(x, n, 0.95, scale)
        low998, up998 = wilson_interval(x, n, 0.998, scale)
        return Limits(low95, up95, low998, up998, WILSON)
    (low95, up95), method = rate_interval(x, n, scale, 0.95)
    (low998, up998), _ = rate_interval(x, n, scale, 0.998)
    return Limits(low95, up95, low998, up998, method)
