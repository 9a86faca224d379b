"""Performance parsers: what importers, forms and the command line are given, read.

Plain functions, no database. Each parser raises `ValueError` with a message that
says what to write instead ("use a full stop for decimals"). The enums they return
are the rules' own (`rules.py`); units, multipliers and valid ranges live here too.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import NamedTuple

from roundtable.performance.periods import (
    Frequency,
)
from roundtable.performance.rules import (
    ZERO,
    Aggregation,
    AmberRule,
    JudgeAgainst,
    Polarity,
    Tolerance,
    plain_decimal,
)

__all__ = [
    "COMMON_UNITS",
    "FIGURE_DECIMAL_PLACES",
    "FIGURE_INTEGER_DIGITS",
    "FIGURE_MAX_DIGITS",
    "MISSING_WORDS",
    "MULTIPLIERS",
    "PERCENT_UNIT",
    "ParsedValue",
    "ValidRange",
    "actual_from_fraction",
    "check_figure",
    "check_in_unit",
    "check_valid_range",
    "parse_actual",
    "parse_aggregation",
    "parse_amber_rule",
    "parse_frequency",
    "parse_judge_against",
    "parse_multiplier",
    "parse_number",
    "parse_polarity",
    "parse_tolerance",
    "parse_unit",
    "parse_yes_no",
    "unit_multiplier",
]


def _words(text: str) -> str:
    return " ".join(str(text).replace("_", " ").strip().lower().split())


_POLARITY_WORDS = {
    "higher": Polarity.HIGHER_IS_BETTER,
    "higher is better": Polarity.HIGHER_IS_BETTER,
    "high is good": Polarity.HIGHER_IS_BETTER,
    "up": Polarity.HIGHER_IS_BETTER,
    "lower": Polarity.LOWER_IS_BETTER,
    "lower is better": Polarity.LOWER_IS_BETTER,
    "low is good": Polarity.LOWER_IS_BETTER,
    "down": Polarity.LOWER_IS_BETTER,
    "none": Polarity.NO_JUDGEMENT,
    "no judgement": Polarity.NO_JUDGEMENT,
    "no judgment": Polarity.NO_JUDGEMENT,
    "neither": Polarity.NO_JUDGEMENT,
}


def parse_polarity(text: str) -> Polarity:
    """Read "higher", "lower" or "none", or "Higher is better", "Lower is better",
    "No judgement" (any case)."""
    try:
        return _POLARITY_WORDS[_words(text)]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a polarity; use higher, lower or none "
            "(or Higher is better, Lower is better, No judgement)"
        ) from None


_FREQUENCY_WORDS = {
    "monthly": Frequency.MONTHLY,
    "month": Frequency.MONTHLY,
    "quarterly": Frequency.QUARTERLY,
    "quarter": Frequency.QUARTERLY,
    "4-monthly": Frequency.FOUR_MONTHLY,
    "4 monthly": Frequency.FOUR_MONTHLY,
    "four-monthly": Frequency.FOUR_MONTHLY,
    "four monthly": Frequency.FOUR_MONTHLY,
    "termly": Frequency.FOUR_MONTHLY,
    "tranche": Frequency.FOUR_MONTHLY,
    "annual": Frequency.ANNUAL,
    "annually": Frequency.ANNUAL,
    "yearly": Frequency.ANNUAL,
}


def parse_frequency(text: str) -> Frequency:
    """Read "monthly", "quarterly", "4-monthly" or "annual" (any case)."""
    try:
        return _FREQUENCY_WORDS[_words(text)]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a frequency; use monthly, quarterly, 4-monthly or annual"
        ) from None


_AGGREGATION_WORDS = {
    "sum": Aggregation.SUM,
    "total": Aggregation.SUM,
    "latest": Aggregation.LATEST,
    "last": Aggregation.LATEST,
    "snapshot": Aggregation.LATEST,
    "mean": Aggregation.MEAN,
    "average": Aggregation.MEAN,
}


def parse_aggregation(text: str) -> Aggregation:
    """Read "sum", "latest" or "mean" (also "total", "snapshot", "average")."""
    try:
        return _AGGREGATION_WORDS[_words(text)]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a way to combine periods; use sum (counts), latest "
            "(snapshots and year-to-date figures) or mean (averages)"
        ) from None


_AMBER_WORDS = {
    "tolerance band": AmberRule.TOLERANCE_BAND,
    "tolerance": AmberRule.TOLERANCE_BAND,
    "amber if improving": AmberRule.IMPROVING_ON_LAST_YEAR,
    "improving on last year": AmberRule.IMPROVING_ON_LAST_YEAR,
    "amber if improving on last year": AmberRule.IMPROVING_ON_LAST_YEAR,
    "amber if forecast": AmberRule.FORECAST_MEETS_YEAR_END,
    "forecast meets year end": AmberRule.FORECAST_MEETS_YEAR_END,
    "amber if forecast meets year end": AmberRule.FORECAST_MEETS_YEAR_END,
}


def parse_amber_rule(text: str) -> AmberRule:
    """Read "tolerance_band", "amber_if_improving" or "amber_if_forecast" (also the
    longer "improving_on_last_year" and "forecast_meets_year_end"; any case, spaces,
    hyphens or underscores)."""
    try:
        return _AMBER_WORDS[_words(text).replace("-", " ")]
    except KeyError:
        raise ValueError(
            f"'{text}' is not an amber rule; use tolerance_band, amber_if_improving "
            "(off target but improving on the same period last year) or amber_if_forecast "
            "(off target but forecast to meet the year-end target)"
        ) from None


_AGAINST_WORDS = {
    "period": JudgeAgainst.PERIOD_TARGET,
    "period target": JudgeAgainst.PERIOD_TARGET,
    "year end": JudgeAgainst.YEAR_END_TARGET,
    "year end target": JudgeAgainst.YEAR_END_TARGET,
}


def parse_judge_against(text: str) -> JudgeAgainst:
    """Read "period" or "year_end" (also "period target", "year-end target")."""
    try:
        return _AGAINST_WORDS[_words(text).replace("-", " ")]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a target to judge against; use period or year_end"
        ) from None


_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}


def parse_yes_no(text: str, *, default: bool | None = None) -> bool:
    """Read yes/no, y/n, true/false or 1/0 (any case); blank gives `default` if set."""
    word = _words(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    if not word and default is not None:
        return default
    raise ValueError(f"'{text}' is not yes or no; use yes or no")


MISSING_WORDS = frozenset(
    {
        "",
        "tbc",
        "to be confirmed",
        "n/a",
        "na",
        "not available",
        "not reported",
        "not assessed",
        "-",
        "–",
        "—",
        "..",
    }
)
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Commas only between groups of three digits before any decimal point: "1,234.5".
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_ESTIMATE_RE = re.compile(r"\s*\(?\s*(est|est\.|estimate|estimated)\s*\)?\s*$", re.IGNORECASE)


# How a figure is stored (models.DECIMAL): 20 digits, 6 of them after the point, so
# at most 14 before it. PostgreSQL refuses a longer number; SQLite would keep it as a
# float that no longer reads back as a Decimal.
FIGURE_MAX_DIGITS = 20
FIGURE_DECIMAL_PLACES = 6
FIGURE_INTEGER_DIGITS = FIGURE_MAX_DIGITS - FIGURE_DECIMAL_PLACES


def check_figure(value: Decimal, text: object = None) -> Decimal:
    """`value` if it fits a stored figure; ValueError naming `text` (or the value) if
    it has more than 14 digits before the decimal point."""
    integral = abs(value).to_integral_value(rounding=ROUND_DOWN)
    if value.is_finite() and (integral.is_zero() or integral.adjusted() < FIGURE_INTEGER_DIGITS):
        return value
    shown = value if text is None else text
    raise ValueError(
        f"'{shown}' is too large; enter a number with at most {FIGURE_INTEGER_DIGITS} digits "
        "before the decimal point"
    )


def parse_number(text: str | int | Decimal | None) -> Decimal | None:
    """Read a figure: "421", "1,072", "98.69%", "-3.5"; None for a missing one
    ("TBC", "to be confirmed", "N/A", "Not Available", blank).

    A percentage is kept in percentage points ("98.69%" → 98.69).
    """
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        return check_figure(Decimal(text))
    word = _words(text)
    if word in MISSING_WORDS:
        return None
    cleaned = word.replace("−", "-").replace("£", "").replace(" ", "")
    cleaned = cleaned.removesuffix("%")
    if "," in cleaned:
        if not _GROUPED_RE.match(cleaned):
            raise ValueError(_decimal_comma_message(text, cleaned))
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.match(cleaned):
        raise ValueError(
            f"'{text}' is not a number; enter a number, like 72.5, or TBC if it is to be confirmed"
        )
    try:
        number = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"'{text}' is not a number; enter a number, like 72.5") from None
    return check_figure(number, text)


def _decimal_comma_message(text: object, cleaned: str) -> str:
    """Why a figure with a comma out of place is refused: "8,7" is not 87."""
    example = "8.7"
    if (
        cleaned.count(",") == 1
        and "." not in cleaned
        and _NUMBER_RE.match(cleaned.replace(",", "."))
    ):
        example = cleaned.replace(",", ".")
    return (
        f"'{str(text).strip()}' is not a number; use a full stop for decimals, like {example} "
        "(a comma can only separate thousands, like 1,234)"
    )


class ParsedValue(NamedTuple):
    """A figure as entered: its value (None when missing) and whether it is an estimate."""

    value: Decimal | None
    estimated: bool = False


def parse_actual(text: str | int | Decimal | None) -> ParsedValue:
    """Read an actual: "421 (est)" → (421, estimated), "98.69%" → (98.69, not
    estimated), "TBC" → (None, not estimated)."""
    if text is None or isinstance(text, Decimal | int):
        return ParsedValue(parse_number(text))
    stripped = _ESTIMATE_RE.sub("", str(text).strip(), count=1)
    estimated = stripped != str(text).strip()
    if estimated and not stripped.strip():
        raise ValueError(f"'{text}' is an estimate of nothing; enter the estimated figure")
    return ParsedValue(parse_number(stripped), estimated)


def parse_tolerance(text: str | None) -> Tolerance | None:
    """Read "5%" (a percentage of the target) or "2.5" (absolute, in the indicator's
    unit); None when blank."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    percent = raw.endswith("%")
    try:
        amount = parse_number(raw)
    except ValueError:
        amount = None
    if amount is None or amount < 0:
        raise ValueError(
            f"'{text}' is not a tolerance; enter a percentage of the target, like 5%, "
            "or an amount in the indicator's unit, like 2.5"
        )
    return Tolerance.percent(amount) if percent else Tolerance.absolute(amount)


PERCENT_UNIT = "%"  # as stored

# Units offered on the indicator form (any other text is accepted too), with the
# multiplier each implies: a rate per 100,000 is a count for every 100,000 people.
COMMON_UNITS: dict[str, int] = {
    "number": 1,
    "%": 1,
    "per 100,000": 100_000,
    "per 1,000": 1_000,
    "rate per 10,000": 10_000,
    "rate per 1,000": 1_000,
    "rate per 100,000": 100_000,
    "£": 1,
    "days": 1,
    "weeks": 1,
    "years": 1,
    "ratio": 1,
    "score": 1,
}
MULTIPLIERS = (1, 1_000, 10_000, 100_000)


def parse_unit(text: str | None) -> str:
    """A unit as entered: any text up to 40 characters, spaces tidied; "percent",
    "percentage" → "%"; "count" stays "count". ValueError for a blank or long one."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ValueError("enter the unit, like number, %, or per 100,000")
    if len(cleaned) > 40:
        raise ValueError(f"'{cleaned[:40]}…' is longer than 40 characters; shorten the unit")
    if cleaned.lower() in {"percent", "percentage", "per cent"}:
        return PERCENT_UNIT
    return cleaned


def unit_multiplier(unit: str) -> int:
    """The multiplier a unit implies: "per 100,000" → 100000, "rate per 1000" → 1000;
    1 for anything else ("%", "number", "days")."""
    match = re.search(r"\bper\s+([\d,]+)\b", unit.lower())
    if not match:
        return 1
    digits = match.group(1).replace(",", "")
    return int(digits) if digits.isdigit() and int(digits) in MULTIPLIERS else 1


def parse_multiplier(text: str | int | None, unit: str = "") -> int:
    """A multiplier: 1, 1,000, 10,000 or 100,000 (commas optional); blank takes the
    one the unit implies (`unit_multiplier`). ValueError for anything else."""
    if text is None or str(text).strip() == "":
        return unit_multiplier(unit)
    digits = str(text).strip().replace(",", "")
    if digits.isdigit() and int(digits) in MULTIPLIERS:
        return int(digits)
    allowed = ", ".join(f"{m:,}" for m in MULTIPLIERS)
    raise ValueError(f"'{text}' is not a multiplier; use one of {allowed}")


class ValidRange(NamedTuple):
    """The figures an indicator may take; None at either end for no limit."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None

    def __str__(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"{plain_decimal(self.minimum)} to {plain_decimal(self.maximum)}"
        if self.minimum is not None:
            return f"{plain_decimal(self.minimum)} or more"
        if self.maximum is not None:
            return f"{plain_decimal(self.maximum)} or less"
        return "any figure"


def check_valid_range(valid_range: ValidRange) -> None:
    """ValueError when the lowest valid figure is above the highest."""
    low, high = valid_range
    if low is not None and high is not None and low > high:
        raise ValueError(
            f"The lowest valid figure ({plain_decimal(low)}) is above the highest "
            f"({plain_decimal(high)}); swap them or leave one blank"
        )


def check_in_unit(
    value: Decimal | None,
    unit: str,
    *,
    multiplier: int = 1,
    valid_range: ValidRange = ValidRange(),  # noqa: B008 - an immutable NamedTuple
    code: str = "",
) -> Decimal | None:
    """`value` if it can be a figure in `unit`; ValueError if not. A percentage
    (unit "%") runs from 0 to 100; a rate (a multiplier above 1: per 1,000, per
    100,000) cannot be negative; a figure must lie in the indicator's valid range,
    when it has one (the message names the indicator, `code`)."""
    if value is None:
        return None
    if unit == PERCENT_UNIT and not ZERO <= value <= 100:
        raise ValueError(
            f"{plain_decimal(value)}% is not a percentage from 0 to 100; "
            "enter a percentage from 0 to 100, like 87.5"
        )
    if multiplier > 1 and value < 0:
        raise ValueError(
            f"{plain_decimal(value)} is not a rate per {multiplier:,}; a rate cannot be negative"
        )
    low, high = valid_range
    if (low is not None and value < low) or (high is not None and value > high):
        name = f"{code}'s" if code else "The indicator's"
        raise ValueError(
            f"{plain_decimal(value)} is outside {name} valid range, {valid_range}; "
            "check the figure, or ask an administrator to change the range"
        )
    return value


_FRACTION_SCALE = {
    "%": Decimal(100),
    "rate per 10,000": Decimal(10_000),
    "rate per 1,000": Decimal(1_000),
}


def actual_from_fraction(
    numerator: Decimal, denominator: Decimal, unit: str, multiplier: int = 1
) -> Decimal:
    """The figure a numerator and denominator give in the indicator's unit:
    a percentage (× 100), a rate per its multiplier (× 1,000, × 100,000), otherwise
    the plain ratio. Raises ValueError for a zero denominator."""
    if denominator == 0:
        raise ValueError("The denominator cannot be 0")
    scale = Decimal(multiplier) if multiplier > 1 else _FRACTION_SCALE.get(unit, Decimal(1))
    return numerator / denominator * scale
